namespace DoorbraakTafel.Infrastructure;

/// <summary>HTTP conventions of the API contract (DESIGN.md).</summary>
public static class Http
{
    public static void SetETag(this HttpResponse response, long version) => response.Headers.ETag = $"\"{version}\"";

    public static Dictionary<string, string[]> Errors() => new(StringComparer.Ordinal);

    /// <summary>Adds an error when a required text is missing or longer than allowed; returns the trimmed text.</summary>
    public static string RequireText(this Dictionary<string, string[]> errors, string field, string? value, int maxLength)
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

    public static IResult NotFound(string what, object id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"There is no {what.ToLowerInvariant()} with id {id}.");
}
