using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DoorbraakTafel.Cases.Opening;

/// <summary>A professional brings a case to the table. The resident is never named here: identity lives in the privacy module.</summary>
internal static class OpenCase
{
    public sealed record Request(string? Title, string? Bottleneck, DataCategory? BottleneckCategory);

    public static async Task<Results<Created<CaseDetails>, ValidationProblem>> Handle(
        Request request, CurrentUser user, IDocumentSession session, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = Http.Errors();
        var title = errors.RequireText("title", request.Title, 120);
        var bottleneck = errors.RequireText("bottleneck", request.Bottleneck, 4000);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var opened = new CaseOpened(
            Guid.CreateVersion7(),
            title,
            new CategorisedText(bottleneck, request.BottleneckCategory ?? DataCategory.Wonen),
            new Referrer(user.UserId, user.OrganisationId),
            clock.GetUtcNow());
        session.Events.StartStream<Case>(opened.CaseId, opened);
        await session.SaveChangesAsync(cancellationToken);

        var details = CaseDetailsProjection.Create(opened) with { Version = 1 };
        response.SetETag(details.Version);
        return TypedResults.Created($"/api/cases/{opened.CaseId}", details);
    }
}
