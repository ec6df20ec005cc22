using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DoorbraakTafel.Infrastructure;

/// <summary>
/// A text a person types: its maximum length (the API description shows it as maxLength) and
/// whether it may span lines. A text never holds NUL or other control characters; a multi-line
/// text may hold tab and line breaks. The API checks it with <see cref="StrictInput"/>, a page's
/// form through MVC validation, with the message in Dutch (docs/decisions.md: strict input).
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TextAttribute(int maximumLength) : StringLengthAttribute(maximumLength)
{
    /// <summary>A text of paragraphs (a note, a reason, a decision): tab, line feed and carriage return are allowed.</summary>
    public bool MultiLine { get; init; }

    /// <summary>The first character a text may not hold, or null when it holds none.</summary>
    public static char? Forbidden(string text, bool multiLine)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            // A lone surrogate cannot be stored as jsonb text; a control character is no part of what a person types.
            if (char.IsSurrogate(c) || (char.IsControl(c) && !(multiLine && c is '\t' or '\n' or '\r')))
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>The largest maximum of any text; a page refuses a longer form value whatever its field (<see cref="Pages.FormText"/>).</summary>
    public const int Longest = 4000;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) => value switch
    {
        string text => Check(text, validationContext),
        IEnumerable<string?> texts => texts.Select(t => t is null ? null : Check(t, validationContext)).FirstOrDefault(r => r is not null),
        _ => ValidationResult.Success,
    };

    private ValidationResult? Check(string text, ValidationContext validationContext)
    {
        var member = validationContext.MemberName is { } name ? [name] : Array.Empty<string>();
        if (text.Length > MaximumLength)
        {
            return new ValidationResult(ErrorMessage ?? $"Deze tekst is te lang: hooguit {MaximumLength} tekens.", member);
        }

        return Forbidden(text, MultiLine) is null
            ? ValidationResult.Success
            : new ValidationResult(MultiLine
                ? "Deze tekst bevat een verborgen teken dat niet is toegestaan. Typ de tekst opnieuw of plak hem zonder opmaak."
                : "Deze tekst bevat een regelovergang of een verborgen teken dat niet is toegestaan. Typ de tekst op één regel.", member);
    }
}

/// <summary>
/// Checks every request body of the API before its handler runs, so a bad value is refused with a
/// 400 naming the field and nothing is written: each text against its <see cref="TextAttribute"/>,
/// each enum value against the enum's members, and no list holds null. Request types are the
/// records named *Request; one without a maximum for a text fails at start-up.
/// </summary>
public static class StrictInput
{
    private static readonly ConcurrentDictionary<Type, Field[]> Plans = new();

    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (parameter, index))
            .Where(p => IsRequest(p.parameter.ParameterType) || IsEnum(p.parameter.ParameterType))
            .ToArray();
        if (checks.Length == 0)
        {
            return next;
        }

        foreach (var (parameter, _) in checks.Where(c => IsRequest(c.parameter.ParameterType)))
        {
            PlanOf(parameter.ParameterType);
        }

        return invocation =>
        {
            var errors = Http.Errors();
            foreach (var (parameter, index) in checks)
            {
                var value = invocation.Arguments[index];
                if (IsEnum(parameter.ParameterType))
                {
                    CheckEnum(errors, parameter.Name ?? "value", value);
                }
                else if (value is not null)
                {
                    Check(errors, "", value);
                }
            }

            errors.ThrowIfAny();
            return next(invocation);
        };
    }

    /// <summary>The same checks for a request a page builds from its form, with the API's field names.</summary>
    public static void Check(object request)
    {
        var errors = Http.Errors();
        Check(errors, "", request);
        errors.ThrowIfAny();
    }

    private static void Check(Dictionary<string, string[]> errors, string prefix, object request)
    {
        foreach (var field in PlanOf(request.GetType()))
        {
            var name = prefix + field.Name;
            var value = field.Property.GetValue(request);
            if (value is null)
            {
                continue;
            }

            if (field.Element is { } element)
            {
                var i = 0;
                foreach (var item in (IEnumerable)value)
                {
                    CheckValue(errors, $"{name}[{i}]", element, field.Text, item, inList: true);
                    i++;
                }
            }
            else
            {
                CheckValue(errors, name, field.Property.PropertyType, field.Text, value, inList: false);
            }
        }
    }

    private static void CheckValue(Dictionary<string, string[]> errors, string name, Type type, TextAttribute? text, object? value, bool inList)
    {
        switch (value)
        {
            case null when inList:
                errors[name] = [$"'{name}' may not be null: leave it out of the list."];
                break;
            case null:
                break;
            case string s:
                CheckText(errors, name, text!, s);
                break;
            case Enum:
                CheckEnum(errors, name, value);
                break;
            default:
                if (IsRequest(type))
                {
                    Check(errors, name + ".", value);
                }

                break;
        }
    }

    private static void CheckText(Dictionary<string, string[]> errors, string name, TextAttribute text, string value)
    {
        if (value.Length > text.MaximumLength)
        {
            errors[name] = [$"'{name}' may be at most {text.MaximumLength} characters."];
        }
        else if (TextAttribute.Forbidden(value, text.MultiLine) is { } c)
        {
            errors[name] = [text.MultiLine
                ? $"'{name}' holds the control character U+{(int)c:X4}; a text holds no control characters other than tab and line breaks."
                : $"'{name}' holds the control character U+{(int)c:X4}; it is one line of text without control characters."];
        }
    }

    private static void CheckEnum(Dictionary<string, string[]> errors, string name, object? value)
    {
        if (value is not null && !Enum.IsDefined(value.GetType(), value))
        {
            errors[name] = [$"'{name}' must be one of: {string.Join(", ", Enum.GetNames(value.GetType()))}."];
        }
    }

    /// <summary>Shows each enum of the app in the API description as the names <see cref="StrictEnumConverter"/> reads.</summary>
    public static Task DescribeEnums(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var type in typeof(StrictInput).Assembly.GetTypes().Where(t => t.IsEnum))
        {
            if (document.Components?.Schemas?.TryGetValue(ApiDescription.SchemaName(type, type.Name), out var described) == true && described is OpenApiSchema schema)
            {
                Describe(schema, type);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Describes a list's items as <see cref="StrictInput"/> checks them: a list of enum values by
    /// their names (the description would leave its items out), a list of texts with the
    /// maximum length of each text (the description would put it on the list).
    /// </summary>
    public static Task DescribeLists(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var element = context.JsonTypeInfo.ElementType;
        if (element is not null && (Nullable.GetUnderlyingType(element) ?? element) is { IsEnum: true } type && schema.Items is null)
        {
            var items = new OpenApiSchema();
            Describe(items, type);
            schema.Items = items;
        }
        else if (element == typeof(string) && context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(TextAttribute), true) is [TextAttribute text])
        {
            schema.MaxLength = null;
            schema.MinLength = null;
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = text.MaximumLength };
        }

        return Task.CompletedTask;
    }

    private static void Describe(OpenApiSchema schema, Type type)
    {
        schema.Type = JsonSchemaType.String;
        schema.Enum = [.. Enum.GetNames(type).Select(name => (JsonNode)JsonValue.Create(name))];
    }

    private static bool IsRequest(Type type) =>
        type.Assembly == typeof(StrictInput).Assembly && type.IsClass && type.Name.EndsWith("Request", StringComparison.Ordinal);

    private static bool IsEnum(Type type) => (Nullable.GetUnderlyingType(type) ?? type).IsEnum;

    private static Field[] PlanOf(Type type) => Plans.GetOrAdd(type, static type =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).Select(property =>
        {
            var element = property.PropertyType != typeof(string) && property.PropertyType.IsGenericType
                && property.PropertyType.GetInterfaces().Append(property.PropertyType).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } enumerable
                ? enumerable.GetGenericArguments()[0]
                : null;
            var text = property.GetCustomAttribute<TextAttribute>();
            if ((element ?? property.PropertyType) == typeof(string) && text is null)
            {
                throw new InvalidOperationException(
                    $"{type.FullName}.{property.Name} is a text without a maximum length: give it a [property: Text(n)] attribute (docs/decisions.md: strict input).");
            }

            return new Field(JsonNamingPolicy.CamelCase.ConvertName(property.Name), property, element, text);
        })]);

    private sealed record Field(string Name, PropertyInfo Property, Type? Element, TextAttribute? Text);
}

/// <summary>
/// Enums travel by their members' names only. The framework's string-enum converter also reads a
/// number, a numeric string or a comma-separated list ("Wonen, Financien" reads as the member
/// whose value is their sum): each can name a value no request meant, and such a value once
/// stored would make a case unreadable (docs/decisions.md: strict input). The API description
/// still shows each enum as its list of names (<see cref="StrictInput.DescribeEnums"/>).
/// </summary>
public sealed class StrictEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Names<>).MakeGenericType(typeToConvert))!;

    private sealed class Names<T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Enum.GetValues<T>().ToDictionary(v => v.ToString(), StringComparer.OrdinalIgnoreCase);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? ReadAsPropertyName(ref reader, typeToConvert, options) : throw Refused();

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } name && ByName.TryGetValue(name, out var value) ? value : throw Refused();

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(value.ToString());

        private static JsonException Refused() => new($"The value must be one of: {string.Join(", ", Enum.GetNames<T>())}.");
    }
}
