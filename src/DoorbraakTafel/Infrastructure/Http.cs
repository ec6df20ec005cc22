namespace DoorbraakTafel.Infrastructure;

/// <summary>HTTP conventions of the API contract (DESIGN.md) and request validation helpers.</summary>
public static class Http
{
    public static void SetETag(this HttpResponse response, long version) => response.Headers.ETag = $"\"{version}\"";

    public static Dictionary<string, string[]> Errors() => new(StringComparer.Ordinal);

    /// <summary>Adds an error when a required text is missing or longer than allowed; returns the trimmed text.</summary>
    public static string RequireText(this Dictionary<string, string[]> errors, string field, string? value, int maxLength = 4000)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors[field] = [$"'{field}' is required."];
        }
        else if (text.Length > maxLength)
        {
            errors[field] = [$"'{field}' may be at most {maxLength} characters."];
        }

        return text;
    }

    /// <summary>An optional text: null when empty, an error when too long.</summary>
    public static string? OptionalText(this Dictionary<string, string[]> errors, string field, string? value, int maxLength = 4000)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length > maxLength)
        {
            errors[field] = [$"'{field}' may be at most {maxLength} characters."];
        }

        return text;
    }

    public static T Require<T>(this Dictionary<string, string[]> errors, string field, T? value)
        where T : struct
    {
        if (value is null)
        {
            errors[field] = [$"'{field}' is required."];
        }

        return value.GetValueOrDefault();
    }

    /// <summary>Throws a 400 naming the fields when any check failed; the caller writes nothing.</summary>
    public static void ThrowIfAny(this Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
        {
            throw new InvalidRequest(errors);
        }
    }
}

/// <summary>A request whose fields are missing or malformed (400), with the errors per field.</summary>
public sealed class InvalidRequest(IDictionary<string, string[]> errors) : Exception("The request has invalid fields.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
