using DoorbraakTafel.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace DoorbraakTafel.Pages;

/// <summary>What went wrong, for the problem page: a status and a sentence in plain Dutch.</summary>
public sealed record Problem(int Status, string Title, string Message);

/// <summary>
/// A page that asks for something that is not there (404) or not for this user (403) gets a Dutch
/// page with the reason, instead of the API's problem details. The privacy gate's reasons are Dutch.
/// </summary>
public sealed class PageErrors(IModelMetadataProvider metadata) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        // A form shown again with its errors answers 400, as the API would, not 200; a refusal decided
        // by the slice has set its own status already (DoorbraakPage.AttemptAsync).
        if (executed.Exception is null && executed.Result is PageResult { StatusCode: null } shown && !context.ModelState.IsValid
            && HttpMethods.IsPost(context.HttpContext.Request.Method) && context.HttpContext.Response.StatusCode == StatusCodes.Status200OK)
        {
            shown.StatusCode = StatusCodes.Status400BadRequest;
        }

        if (executed.Exception is not Rejected rejected || executed.ExceptionHandled)
        {
            return;
        }

        executed.ExceptionHandled = true;
        var problem = rejected.Status switch
        {
            StatusCodes.Status404NotFound => new Problem(404, "Niet gevonden", rejected.Dutch ?? "Wat u zoekt bestaat niet (meer). Ga terug naar Mijn tafels."),
            StatusCodes.Status403Forbidden => new Problem(403, "Geen toegang", Dutch.Explain(rejected)),
            _ => new Problem(rejected.Status, "Dit kan nu niet", Dutch.Explain(rejected)),
        };
        executed.Result = Render(problem, context.ModelState);
    }

    public PartialViewResult Render(Problem problem, ModelStateDictionary modelState) => new()
    {
        ViewName = "_Problem",
        StatusCode = problem.Status,
        ViewData = new ViewDataDictionary<Problem>(metadata, modelState) { Model = problem },
    };
}
