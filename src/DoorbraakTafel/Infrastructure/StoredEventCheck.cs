using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace DoorbraakTafel.Infrastructure;

/// <summary>
/// Whether an event as deserialized holds only values the app can interpret: every enum value one
/// of its members and every value its type declares not null present, in the event and in the
/// records and lists it holds. JSON deserializes `"Category": 99` into an enum and a missing text
/// into null without complaint; code that reads such an event fails far from the store.
/// </summary>
internal static class StoredEventCheck
{
    private const int MaxDepth = 12;

    private sealed record Member(PropertyInfo Property, bool MayBeNull);

    private static readonly ConcurrentDictionary<Type, Member[]> Members = new();

    /// <summary>The path of the first member holding a value the app cannot interpret, or null when there is none.</summary>
    public static string? FirstUninterpretable(object data) => IsOurs(data.GetType()) ? Check(data, data.GetType().Name, 0) : null;

    private static string? Check(object value, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        foreach (var member in Members.GetOrAdd(value.GetType(), MembersOf))
        {
            var memberPath = $"{path}.{member.Property.Name}";
            var problem = member.Property.GetValue(value) is { } held ? CheckValue(held, memberPath, depth) : member.MayBeNull ? null : memberPath;
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? CheckValue(object value, string path, int depth) => value switch
    {
        Enum e => IsMember(e) ? null : path,
        string => null,
        IEnumerable items when !IsOurs(value.GetType()) => items.Cast<object?>()
            .Select((item, i) => item is null ? $"{path}[{i}]" : CheckValue(item, $"{path}[{i}]", depth + 1))
            .FirstOrDefault(p => p is not null),
        _ when IsOurs(value.GetType()) => Check(value, path, depth + 1),
        _ => null,
    };

    private static bool IsMember(Enum value)
    {
        var type = value.GetType();
        if (type.IsDefined(typeof(FlagsAttribute), false))
        {
            var all = Enum.GetValues(type).Cast<Enum>().Aggregate(0UL, (bits, member) => bits | Convert.ToUInt64(member, null));
            return (Convert.ToUInt64(value, null) & ~all) == 0;
        }

        return Enum.IsDefined(type, value);
    }

    /// <summary>The members a record is stored with (those with a setter or init), and whether each may be null as declared.</summary>
    private static Member[] MembersOf(Type type)
    {
        var nullability = new NullabilityInfoContext();
        return [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.GetIndexParameters().Length == 0)
            .Select(p => new Member(p, p.PropertyType.IsValueType || nullability.Create(p).ReadState != NullabilityState.NotNull))];
    }

    private static bool IsOurs(Type type) => type.Assembly == typeof(StoredEventCheck).Assembly && !type.IsEnum;
}
