using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using JasperFx.Events;

namespace DoorbraakTafel.Live;

/// <summary>What of an event's text reached an audience: each text shown with its basis or redacted with why.</summary>
internal sealed record LiveContent(IReadOnlyList<CategorisedText> Texts);

/// <summary>A case with what the privacy gate needs to know about it, read together (<see cref="PrivacyGate.QueueFacts"/>).</summary>
internal sealed record GatedCase(CaseDetails Details, CaseFacts Facts);

/// <summary>
/// The one decision of what an audience (meeting x organisation) may see of an event, for live
/// pushes and catch-up alike: the event's texts pass the privacy gate once for the audience, and
/// the disclosure is logged for each of its people connected here. An audience with nobody
/// connected on this node gets ids and a label only, so nothing is logged for no one.
/// </summary>
internal sealed class AudienceFilter(IServiceScopeFactory scopes, MeetingRooms rooms)
{
    /// <summary>
    /// What each audience of one meeting may see of an event: the gate decides per audience on the
    /// case's facts and logs every recipient's disclosure in one durable write, instead of once per
    /// audience and once per recipient. <paramref name="table"/> is the meeting's table and
    /// <paramref name="gated"/> the event's case with its facts, as the caller just read them (no
    /// case: no content). The answer holds a view per audience, in order.
    /// </summary>
    public async ValueTask<IReadOnlyList<LiveUpdate?>> ViewForAsync(
        IReadOnlyList<Audience> audiences, TableDetails table, GatedCase? gated, IEvent @event, LiveUpdate update, CancellationToken cancellationToken)
    {
        var texts = TextsOf(@event.Data);
        var views = new LiveUpdate?[audiences.Count];
        var asking = new List<(int Index, AudienceRecipients Audience)>();
        for (var i = 0; i < audiences.Count; i++)
        {
            var recipients = RecipientsIn(audiences[i]);
            if (texts.Count == 0 || recipients.Count == 0 || gated is null)
            {
                views[i] = update with { Content = null };
            }
            else
            {
                asking.Add((i, new AudienceRecipients(audiences[i].OrganisationId, TypeOf(audiences[i], table), recipients)));
            }
        }

        if (asking.Count == 0 || gated is null)
        {
            return views;
        }

        await using var scope = scopes.CreateAsyncScope();
        var filtered = await scope.ServiceProvider.GetRequiredService<PrivacyGate>()
            .ViewTextsForAudiencesAsync(gated.Details, gated.Facts, texts, [.. asking.Select(a => a.Audience)], cancellationToken);
        for (var k = 0; k < asking.Count; k++)
        {
            views[asking[k].Index] = update with { Content = filtered[k] is { } seen ? new LiveContent(seen) : null };
        }

        return views;
    }

    /// <summary>The categorised texts an event of a case carries.</summary>
    public static IReadOnlyList<CategorisedText> TextsOf(object data) => data switch
    {
        CaseOpened e => [e.Bottleneck],
        ResidentVoiceRecorded e => [e.Words, .. Optional(e.Wishes)],
        VuistregelAssessed e => [.. Optional(e.Note)],
        ContributionAdded e => [e.Text],
        ProposalMade e => [e.Text],
        DecisionRecorded e => [e.What, e.Why],
        ActionAssigned e => [e.Description],
        HousingProfileRecorded e => [.. Optional(e.Wishes), .. Optional(e.SupportConditions), .. Optional(e.Income), .. Optional(e.Risks)],
        CaseClosed e => [e.Summary],
        _ => [],
    };

    /// <summary>The users of the audience's organisation connected to the meeting on this node.</summary>
    private List<string> RecipientsIn(Audience audience) =>
        rooms.Connections(audience.MeetingId).Where(c => c.OrganisationId == audience.OrganisationId).Select(c => c.UserId).Distinct().ToList();

    private OrganisationType TypeOf(Audience audience, TableDetails table) =>
        table.Organisations.FirstOrDefault(o => o.Id == audience.OrganisationId)?.Type
            ?? rooms.Connections(audience.MeetingId).FirstOrDefault(c => c.OrganisationId == audience.OrganisationId)?.OrganisationType
            ?? OrganisationType.Overig;

    private static IEnumerable<CategorisedText> Optional(CategorisedText? text) => text is null ? [] : [text];
}
