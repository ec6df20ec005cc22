using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Live;

/// <summary>What of an event's text reached an audience: each text shown with its basis or redacted with why.</summary>
internal sealed record LiveContent(IReadOnlyList<CategorisedText> Texts);

/// <summary>What one audience gets of a live push, and the users its disclosure was logged for.</summary>
internal sealed record AudiencePush(Audience Audience, LiveContent? Content, IReadOnlyList<string> LoggedFor);

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
    /// The organisations at the table now, and those on this node that take part otherwise (a chair
    /// or team leader from elsewhere). Checked against the table as it stands, so a connection
    /// that slipped into a group while its organisation was leaving gets nothing.
    /// </summary>
    public IReadOnlyList<Audience> AudiencesOf(MeetingBoard board, TableDetails table) =>
        [.. table.CurrentMembers.Select(o => o.Id)
            .Concat(rooms.Connections(board.Id).Where(c => LiveAccess.MayTakePart(table, c)).Select(c => c.OrganisationId))
            .Distinct(StringComparer.Ordinal)
            .Select(organisation => new Audience(board.Id, organisation))];

    /// <summary>Whether any connection on this node is in the meeting.</summary>
    public bool AnyoneIn(Guid meetingId) => rooms.Connections(meetingId).Count > 0;

    /// <summary>Whether any connection on this node is in any meeting.</summary>
    public bool AnyoneInAnyMeeting => rooms.AnyoneInAnyMeeting;

    /// <summary>
    /// What each audience of one meeting may see of a case event, for a client catching up: the gate
    /// decides per audience on the case's facts and logs every recipient's disclosure in one durable
    /// write before answering. <paramref name="table"/> is the meeting's table and
    /// <paramref name="gated"/> the event's case with its facts (no case: no content). The answer
    /// holds the content per audience, in order; null is ids and a label only.
    /// </summary>
    public async ValueTask<IReadOnlyList<LiveContent?>> ContentForAsync(
        IReadOnlyList<Audience> audiences, TableDetails table, GatedCase? gated, object data, CancellationToken cancellationToken)
    {
        var (texts, asking) = Asking(audiences, table, gated, data);
        var contents = new LiveContent?[audiences.Count];
        if (asking.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var filtered = await scope.ServiceProvider.GetRequiredService<PrivacyGate>()
                .ViewTextsForAudiencesAsync(gated!.Details, gated.Facts, texts, [.. asking.Select(a => a.Audience)], cancellationToken);
            for (var k = 0; k < asking.Count; k++)
            {
                contents[asking[k].Index] = filtered[k] is { } seen ? new LiveContent(seen) : null;
            }
        }

        return contents;
    }

    /// <summary>
    /// The same for a live push of a case event that <paramref name="write"/> is about to commit:
    /// the disclosure records are queued on it and commit with the event, so the content may be sent
    /// once that commit is done, without a write of its own. Per audience, in order.
    /// </summary>
    public async ValueTask<IReadOnlyList<AudiencePush>> PushesInWriteAsync(
        IDocumentSession write, IReadOnlyList<Audience> audiences, TableDetails table, GatedCase? gated, object data)
    {
        var (texts, asking) = Asking(audiences, table, gated, data);
        var pushes = audiences.Select(audience => new AudiencePush(audience, null, [])).ToArray();
        if (asking.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var filtered = scope.ServiceProvider.GetRequiredService<PrivacyGate>()
                .ViewTextsForAudiencesInWrite(write, gated!.Details, gated.Facts, texts, [.. asking.Select(a => a.Audience)]);
            for (var k = 0; k < asking.Count; k++)
            {
                if (filtered[k] is { } seen)
                {
                    pushes[asking[k].Index] = new AudiencePush(audiences[asking[k].Index], new LiveContent(seen), asking[k].Audience.Recipients);
                }
            }
        }

        return pushes;
    }

    /// <summary>
    /// The connections of the push's audience here whose user it was not logged for, because they
    /// joined after it was decided: the push leaves them out (their catch-up reads the event from
    /// the store and logs it, or they heal at the case's next event), so no content goes unlogged.
    /// </summary>
    public IReadOnlyList<string> JoinedSince(AudiencePush push) =>
        push.Content is null
            ? []
            : [.. rooms.Connections(push.Audience.MeetingId)
                .Where(c => c.OrganisationId == push.Audience.OrganisationId && !push.LoggedFor.Contains(c.UserId))
                .Select(c => c.ConnectionId)];

    /// <summary>The audiences the gate has to decide for: with an event text to show and someone connected here to show it to.</summary>
    private (IReadOnlyList<CategorisedText> Texts, List<(int Index, AudienceRecipients Audience)> Asking) Asking(
        IReadOnlyList<Audience> audiences, TableDetails table, GatedCase? gated, object data)
    {
        var texts = TextsOf(data);
        var asking = new List<(int Index, AudienceRecipients Audience)>();
        if (texts.Count == 0 || gated is null)
        {
            return (texts, asking);
        }

        for (var i = 0; i < audiences.Count; i++)
        {
            if (RecipientsIn(audiences[i]) is { Count: > 0 } recipients)
            {
                asking.Add((i, new AudienceRecipients(audiences[i].OrganisationId, TypeOf(audiences[i], table), recipients)));
            }
        }

        return (texts, asking);
    }

    /// <summary>
    /// The categorised texts an event of a case carries, as its type declares them (<see cref="PersonalTexts"/>);
    /// a note whose category only the case knows (a position's reason) is not pushed: the board reads it through the gate.
    /// </summary>
    public static IReadOnlyList<CategorisedText> TextsOf(object data) => PersonalTexts.Of(data);

    /// <summary>The users of the audience's organisation connected to the meeting on this node.</summary>
    private List<string> RecipientsIn(Audience audience) =>
        rooms.Connections(audience.MeetingId).Where(c => c.OrganisationId == audience.OrganisationId).Select(c => c.UserId).Distinct().ToList();

    private OrganisationType TypeOf(Audience audience, TableDetails table) =>
        table.Organisations.FirstOrDefault(o => o.Id == audience.OrganisationId)?.Type
            ?? rooms.Connections(audience.MeetingId).FirstOrDefault(c => c.OrganisationId == audience.OrganisationId)?.OrganisationType
            ?? OrganisationType.Overig;
}
