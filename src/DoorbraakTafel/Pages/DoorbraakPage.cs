using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DoorbraakTafel.Pages;

/// <summary>
/// The base of every page: who is signed in, a notice that survives the redirect after a post,
/// and the translation of the slices' refusals into Dutch errors next to the form's fields.
/// </summary>
public abstract class DoorbraakPage : PageModel
{
    /// <summary>The signed-in user; pages outside /Identity require sign-in, so it is there.</summary>
    public CurrentUser Me => CurrentUser.From(User) ?? throw Rejected.ForbiddenInDutch("U bent niet ingelogd.");

    /// <summary>A short confirmation shown once at the top of the next page ("Opgeslagen").</summary>
    [TempData]
    public string? Notice { get; set; }

    /// <summary>
    /// Runs a write through the slice; a refusal becomes a Dutch error next to the field it is
    /// about (named in <paramref name="fields"/>: the slice's field to the form's field), or at
    /// the top of the form, and the page that shows it answers with the refusal's status (400 for
    /// invalid fields, 403, 409, ...) as the API would, never 200. Answers whether the write went through.
    /// </summary>
    protected async Task<bool> AttemptAsync(Func<Task> write, IReadOnlyDictionary<string, string>? fields = null, string? formKey = null)
    {
        try
        {
            await write();
            return true;
        }
        catch (InvalidRequest invalid)
        {
            foreach (var (field, messages) in invalid.Errors)
            {
                ModelState.AddModelError(Map(field, fields, formKey), InDutch(messages.FirstOrDefault() ?? ""));
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (Rejected rejected) when (rejected.Status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound or StatusCodes.Status409Conflict or StatusCodes.Status422UnprocessableEntity
            or StatusCodes.Status412PreconditionFailed or StatusCodes.Status400BadRequest)
        {
            ModelState.AddModelError(Map(rejected.Field ?? "", fields, formKey), Dutch.Explain(rejected));
            Response.StatusCode = rejected.Status;
        }

        return false;
    }

    /// <summary>Redirects to this page again (post, redirect, get), with a notice.</summary>
    protected RedirectResult BackHere(string notice, string? fragment = null)
    {
        Notice = notice;
        var path = Request.Path + (fragment is null ? "" : "#" + fragment);
        return Redirect(path);
    }

    private static string Map(string field, IReadOnlyDictionary<string, string>? fields, string? formKey)
    {
        if (fields is null)
        {
            return formKey ?? "";
        }

        // The exact field, else the longest one it belongs to ("costComparison.current[0].amount" to "costComparison.current").
        var match = fields.Keys.Where(key => key != "*" && (field == key || field.StartsWith(key + ".", StringComparison.Ordinal) || field.StartsWith(key + "[", StringComparison.Ordinal)))
            .MaxBy(key => key.Length);
        return match is not null ? fields[match] : fields.TryGetValue("*", out var fallback) ? fallback : formKey ?? "";
    }

    /// <summary>The slices' own input checks answer in English where they are API-only; say it in Dutch.</summary>
    private static string InDutch(string message) =>
        message.EndsWith("is required.", StringComparison.Ordinal) ? "Vul dit veld in."
        : message.Contains("may be at most", StringComparison.Ordinal) ? "Deze tekst is te lang."
        : message.Contains("control character", StringComparison.Ordinal) ? "Deze tekst bevat een verborgen teken of regelovergang die hier niet is toegestaan."
        : message.Contains("must be one of", StringComparison.Ordinal) ? "Kies een van de mogelijkheden."
        : message;
}
