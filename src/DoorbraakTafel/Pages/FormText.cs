using DoorbraakTafel.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace DoorbraakTafel.Pages;

/// <summary>
/// The pages' backstop for what no field's own rule catches (a handler's plain text parameter, a
/// posted field the form does not have): a form value with a control character other than tab and
/// line breaks, or longer than the longest text anywhere, is refused with a Dutch page and nothing
/// is written. Each form's fields carry their own <see cref="TextAttribute"/> for the exact rule.
/// </summary>
public sealed class FormText(PageErrors errors) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
            foreach (var (_, values) in form)
            {
                if (values.Any(v => v is not null && (v.Length > TextAttribute.Longest || TextAttribute.Forbidden(v, multiLine: true) is not null)))
                {
                    context.Result = errors.Render(
                        new Problem(StatusCodes.Status400BadRequest, "Dit kan zo niet worden opgeslagen",
                            $"Een van de velden is te lang (meer dan {TextAttribute.Longest} tekens) of bevat een verborgen teken dat niet is toegestaan. Er is niets opgeslagen. Ga terug en pas de tekst aan."),
                        context.ModelState);
                    return;
                }
            }
        }

        await next();
    }
}
