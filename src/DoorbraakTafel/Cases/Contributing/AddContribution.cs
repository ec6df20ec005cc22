using System.Diagnostics;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Policy;
using Marten;

namespace DoorbraakTafel.Cases.Contributing;

/// <summary>
/// A participant's input on a case. Input is personal data of a category, so it comes with the
/// sharing organisation's weighing; the sharing itself is logged as a disclosure to the table.
/// </summary>
internal static class AddContribution
{
    public sealed record WeighingRequest(
        [property: Text(300)] string? Purpose, [property: Text(300)] string? Basis, [property: Text(1000, MultiLine = true)] string? Necessity, [property: Text(1000, MultiLine = true)] string? Proportionality,
        [property: Text(1000, MultiLine = true)] string? Subsidiarity, bool? ResidentInformed, [property: Text(500, MultiLine = true)] string? NotInformedReason);

    public sealed record Request([property: Text(4000, MultiLine = true)] string? Text, DataCategory? Category, Guid? MeetingId, WeighingRequest? Weighing);

    public static object[] Decide(Case state, Guid contributionId, CategorisedText text, SharingWeighing weighing, Participant by, Guid? meetingId, DateTimeOffset now)
    {
        state.EnsureOpen();
        if (meetingId is { } meeting && !state.Meetings.Contains(meeting))
        {
            throw Rejected.Invalid("meetingId", $"This case is not on the agenda of meeting {meeting}.", "Deze casus staat niet op de agenda van deze bijeenkomst.");
        }

        return [new ContributionAdded(state.Id, contributionId, text, weighing, by, meetingId, now)];
    }

    public static SharingWeighing Weigh(WeighingRequest? request)
    {
        const string Why = "Wie persoonsgegevens inbrengt, legt eerst de afweging vast: doel, grondslag, noodzaak, proportionaliteit, subsidiariteit en of de inwoner is geïnformeerd.";
        if (request is null)
        {
            throw new InvalidRequest(new Dictionary<string, string[]> { ["weighing"] = [Why] });
        }

        var errors = Http.Errors();
        var weighing = new SharingWeighing(
            errors.RequireText("weighing.purpose", request.Purpose, 300),
            errors.RequireText("weighing.basis", request.Basis, 300),
            errors.RequireText("weighing.necessity", request.Necessity, 1000),
            errors.RequireText("weighing.proportionality", request.Proportionality, 1000),
            errors.RequireText("weighing.subsidiarity", request.Subsidiarity, 1000),
            errors.Require("weighing.residentInformed", request.ResidentInformed),
            errors.OptionalText("weighing.notInformedReason", request.NotInformedReason, 500));
        if (request.ResidentInformed == false && weighing.NotInformedReason is null)
        {
            errors["weighing.notInformedReason"] = ["Leg vast waarom de inwoner niet is geïnformeerd (bijvoorbeeld veiligheid of een strafrechtelijk onderzoek)."];
        }

        errors.ThrowIfAny();
        return weighing;
    }

    public static async Task<IResult> Handle(Guid id, Request request, CurrentUser user, TimeProvider clock, DisclosureLog log, SharingPolicy policy, HttpContext http)
    {
        var errors = Http.Errors();
        var text = errors.RequireText("text", request.Text);
        var category = errors.Require("category", request.Category);
        errors.ThrowIfAny();
        var weighing = Weigh(request.Weighing);
        return await Writes.Run(http, Work(id, new CategorisedText(text, category), weighing, request.MeetingId, user, Channel.Api, clock.GetUtcNow(), log, policy, http.RequestAborted));
    }

    /// <summary>
    /// The contribution's write for the API and the pages alike: its event and the disclosure of its
    /// personal data to the table, logged in the same transaction, so neither exists without the other.
    /// </summary>
    public static Func<IDocumentSession, long?, Task<WriteAnswer>> Work(Guid caseId, CategorisedText text, SharingWeighing weighing, Guid? meetingId,
        CurrentUser user, Channel channel, DateTimeOffset now, DisclosureLog log, SharingPolicy policy, CancellationToken cancellationToken) =>
        async (session, expected) =>
        {
            var contributionId = Guid.CreateVersion7();
            Guid? dataSubject = null;
            var version = await session.WorkOnCase(new CaseWorker(user, now, policy.FollowUpAfterClose), caseId, expected, state =>
            {
                dataSubject = state.ResidentId;
                return Decide(state, contributionId, text, weighing, user.AsParticipant(), meetingId, now);
            }, cancellationToken);
            log.Queue(session, SharingRecord(policy, user, caseId, contributionId, dataSubject, text.Category, channel, version, now));
            return WriteAnswer.Created($"/api/cases/{caseId}", new CaseItemCreated(contributionId, caseId, version), version);
        };

    /// <summary>
    /// The sharing as the log keeps it: codes and ids only. The basis the sharer named is free text in
    /// the contribution's weighing, which the log refers to rather than copies, so erasure can reach it.
    /// </summary>
    private static DisclosureRecord SharingRecord(SharingPolicy policy, CurrentUser user, Guid caseId, Guid contributionId, Guid? dataSubject, DataCategory category,
        Channel channel, long version, DateTimeOffset now)
    {
        var purpose = policy.Purposes.First(p => p.Id == SharingPolicy.CaseConferencePurpose);
        var activity = Activity.Current;
        return new DisclosureRecord(
            now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond)), user.UserId, user.Role, user.OrganisationId, user.OrganisationType.ToString(), purpose.Id,
            purpose.ProcessingActivityId, $"{category}=shared:contribution:{contributionId}", "", dataSubject?.ToString(), category.ToString(), "", channel, "case-contribution",
            caseId.ToString(), version, activity?.TraceId.ToString(), activity?.SpanId.ToString(), policy.Version);
    }
}
