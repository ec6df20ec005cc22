using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;

namespace DoorbraakTafel.Cases.Opening;

/// <summary>A professional brings a case to the table. The resident is only referenced by id: identity lives in the privacy module.</summary>
internal static class OpenCase
{
    public sealed record Request(
        string? Title, string? Bottleneck, DataCategory? BottleneckCategory, Guid? ResidentId, bool? ResidentInformed, string? ResidentNotInformedReason);

    public static CaseOpened Decide(Guid caseId, string title, CategorisedText bottleneck, CurrentUser user, Guid? residentId, ResidentInformed? informed, DateTimeOffset now)
    {
        if (informed is { Informed: false, ReasonIfNot: null })
        {
            throw Rejected.Invalid("residentNotInformedReason", "When the resident was not informed of the referral, record the reason why not.");
        }

        return new CaseOpened(caseId, title, bottleneck, new Referrer(user.UserId, user.OrganisationId), residentId, informed, now);
    }

    public static Task<IResult> Handle(Request request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var title = errors.RequireText("title", request.Title, 120);
        var bottleneck = errors.RequireText("bottleneck", request.Bottleneck);
        var notInformedReason = errors.OptionalText("residentNotInformedReason", request.ResidentNotInformedReason, 500);
        errors.ThrowIfAny();

        var informed = request.ResidentInformed is { } told ? new ResidentInformed(told, told ? null : notInformedReason) : null;
        var opened = Decide(Guid.CreateVersion7(), title, new CategorisedText(bottleneck, request.BottleneckCategory ?? DataCategory.Wonen),
            user, request.ResidentId, informed, clock.GetUtcNow());
        return Writes.Run(http, Starting(opened));
    }

    /// <summary>Starts the case's stream; the API and the page where a professional brings in a case share it.</summary>
    public static Func<Marten.IDocumentSession, long?, Task<WriteAnswer>> Starting(CaseOpened opened) => (session, _) =>
    {
        session.Events.StartStream<Case>(opened.CaseId, opened);
        return Task.FromResult(WriteAnswer.Created($"/api/cases/{opened.CaseId}", new { id = opened.CaseId, version = 1 }, 1));
    };
}
