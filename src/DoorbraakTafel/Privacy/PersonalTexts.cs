using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace DoorbraakTafel.Privacy;

/// <summary>
/// A string property that holds personal text: masked on erasure, and passed through the privacy
/// gate with <see cref="Category"/>, or, without one, with the category of the item it belongs to
/// (the nearest enclosing type marked <see cref="TextsTakeCategoryOfAttribute"/>). A note whose
/// item is not in the record (a position's reason in its event) has no category there: it is
/// masked, but not pushed live; the case it lands in gives it its category.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PersonalTextAttribute : Attribute
{
    public PersonalTextAttribute()
    {
    }

    public PersonalTextAttribute(DataCategory category) => Category = category;

    public DataCategory? Category { get; }
}

/// <summary>
/// Personal text that names the case rather than telling its content (its title): masked on
/// erasure, shown to whoever has need to know of the case (the gate logs it as a title read),
/// replaced by the alias for anyone else.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NeedToKnowTextAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}

/// <summary>
/// A string property that holds no personal data, with the reason why (an id, a code, a sentence of
/// the app's own); on a type, every string property of it (a record of codes and ids only).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
public sealed class NonPersonalAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}

/// <summary>
/// The personal texts of this type without a category of their own (<see cref="PersonalTextAttribute"/>)
/// take the category of <see cref="Property"/>: a <see cref="CategorisedText"/>, or a <see cref="DataCategory"/>
/// (when null, the category of the enclosing item).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TextsTakeCategoryOfAttribute(string property) : Attribute
{
    public string Property { get; } = property;
}

/// <summary>
/// What events, documents and views declare about their texts, applied: the one walk over a
/// record's properties (nested records and lists included) that the gate's filter, erasure's
/// masking and the live push's texts all use, so none of them keeps a list of its own.
/// </summary>
public static class PersonalTexts
{
    public const string Masked = "[verwijderd]";

    private static readonly ConcurrentDictionary<Type, Plan?> Plans = new();

    /// <summary>Every personal text of <paramref name="value"/> whose category it says, as categorised text, in declaration order.</summary>
    public static IReadOnlyList<CategorisedText> Of(object value)
    {
        var texts = new List<CategorisedText>();
        Walk(value, null, text =>
        {
            texts.Add(text);
            return text;
        }, (text, category) =>
        {
            if (category is { } known)
            {
                texts.Add(new CategorisedText(text, known));
            }

            return text;
        });
        return texts;
    }

    /// <summary>
    /// A copy of <paramref name="value"/> with every personal text passed through <paramref name="map"/>; a
    /// text without a category here gets <paramref name="uncategorised"/> (the gate redacts it).
    /// Texts that name the case (<see cref="NeedToKnowTextAttribute"/>) stay: need to know decides them.
    /// </summary>
    public static T Map<T>(T value, Func<CategorisedText, CategorisedText> map, Func<string, string> uncategorised)
        where T : class =>
        (T)Walk(value, null, map, (text, category) => category is { } known ? map(new CategorisedText(text, known)).Text : uncategorised(text))!;

    /// <summary>A copy with every personal text, the case's title included, replaced by the "verwijderd" marker.</summary>
    public static T Mask<T>(T value)
        where T : class =>
        (T)Walk(value, null, text => text with { Text = Masked }, (_, _) => Masked, maskNeedToKnow: true)!;

    private enum Kind
    {
        Categorised,
        Personal,
        NeedToKnow,
        Nested,
    }

    private sealed record Member(PropertyInfo Property, Kind Kind, bool IsList, DataCategory? Category);

    private sealed record Plan(IReadOnlyList<Member> Members, PropertyInfo? CategoryOf, MethodInfo? Copy);

    private static object? Walk(
        object? value, DataCategory? item, Func<CategorisedText, CategorisedText> map, Func<string, DataCategory?, string> text, bool maskNeedToKnow = false)
    {
        if (value is null)
        {
            return null;
        }

        if (value is CategorisedText categorised)
        {
            return map(categorised);
        }

        if (PlanOf(value.GetType()) is not { } plan)
        {
            return value;
        }

        var category = plan.CategoryOf?.GetValue(value) switch
        {
            CategorisedText own => own.Category,
            DataCategory own => own,
            _ => item,
        };
        object? copy = null;
        foreach (var member in plan.Members)
        {
            var current = member.Property.GetValue(value);
            object? One(object? element) => member.Kind switch
            {
                Kind.Personal => element is string s ? text(s, member.Category ?? category) : element,
                Kind.NeedToKnow => element is string s && maskNeedToKnow ? Masked : element,
                _ => Walk(element, category, map, text, maskNeedToKnow),
            };

            var changed = member.IsList ? ListOf(current, member.Property.PropertyType, One) : One(current);
            if (!ReferenceEquals(changed, current))
            {
                copy ??= plan.Copy?.Invoke(value, null) ?? throw new InvalidOperationException($"{value.GetType()} cannot be copied to change its texts.");
                member.Property.SetValue(copy, changed);
            }
        }

        return copy ?? value;
    }

    /// <summary>The list with each element passed through <paramref name="one"/>; the same list when none changed.</summary>
    private static object? ListOf(object? current, Type listType, Func<object?, object?> one)
    {
        if (current is not IEnumerable items)
        {
            return current;
        }

        var source = items.Cast<object?>().ToList();
        var changed = source.Select(one).ToList();
        if (changed.Zip(source).All(pair => ReferenceEquals(pair.First, pair.Second)))
        {
            return current;
        }

        var array = Array.CreateInstance(ElementOf(listType)!, changed.Count);
        for (var i = 0; i < changed.Count; i++)
        {
            array.SetValue(changed[i], i);
        }

        return array;
    }

    /// <summary>How a type's texts are declared; null for a type without any (ids, enums, dates, types of other assemblies).</summary>
    private static Plan? PlanOf(Type type) => Plans.GetOrAdd(type, static t =>
    {
        if (t.Assembly != typeof(PersonalTexts).Assembly || !t.IsClass)
        {
            return null;
        }

        var members = new List<Member>();
        foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var element = ElementOf(property.PropertyType);
            var target = element ?? property.PropertyType;
            var isList = element is not null;
            if (target == typeof(string))
            {
                if (property.GetCustomAttribute<PersonalTextAttribute>() is { } personal)
                {
                    members.Add(new Member(property, Kind.Personal, isList, personal.Category));
                }
                else if (property.GetCustomAttribute<NeedToKnowTextAttribute>() is not null)
                {
                    members.Add(new Member(property, Kind.NeedToKnow, isList, null));
                }
            }
            else if (target == typeof(CategorisedText))
            {
                members.Add(new Member(property, Kind.Categorised, isList, null));
            }
            else if (target.Assembly == typeof(PersonalTexts).Assembly && target.IsClass)
            {
                members.Add(new Member(property, Kind.Nested, isList, null));
            }
        }

        var categoryOf = t.GetCustomAttribute<TextsTakeCategoryOfAttribute>() is { } from
            ? t.GetProperty(from.Property) ?? throw new InvalidOperationException($"{t.Name} takes its texts' category of {from.Property}, which it does not have.")
            : null;
        return members.Count == 0 ? null : new Plan(members, categoryOf, t.GetMethod("<Clone>$"));
    });

    /// <summary>The element type of a list-like property (not of a string); null for anything else.</summary>
    public static Type? ElementOf(Type type) =>
        type == typeof(string) ? null
        : type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element] ? element
        : null;
}
