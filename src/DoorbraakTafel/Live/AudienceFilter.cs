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

/// <summary>
/// What one audience gets of a live push, and the users its disclosure was logged for: the change's
/// texts, and the case as the audience's board shows it when the change is of the case in focus.
/// </summary>
internal sealed record AudiencePush(Audience Audience, LiveContent? Content, CaseView? Case, IReadOnlyList<string> LoggedFor);

/// <summary>A case with what the privacy gate needs to know about it, read together (<see cref="PrivacyGate.QueueFacts"/>).</summary>
internal sealed record GatedCase(CaseDetails Details, CaseFacts Facts);

/// <summary>
/// The one decision of what an audience (meeting x organisation) may see of an event, for live
/// pushes and catch-up alike: the event's texts (and for a push of the case in focus, the case)
/// pass the privacy gate once for the audience, and the disclosure is logged for each of its
/// people connected here. An audience with nobody connected on this node gets ids and a label
/// only, so nothing is logged for no one. Scoped: it asks the request's or the push's own gate.
/// </summary>
internal sealed class AudienceFilter(PrivacyGate gate, MeetingRooms rooms)
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
        var texts = PersonalTexts.Of(data);
        var asking = gated is null || texts.Count == 0 ? [] : Asking(audiences, table);
        var contents = new LiveContent?[audiences.Count];
        if (asking.Count > 0)
        {
            var filtered = await gate.ViewTextsForAudiencesAsync(gated!.Details, gated.Facts, texts, [.. asking.Select(a => a.Audience)], cancellationToken);
            for (var k = 0; k < asking.Count; k++)
            {
                contents[asking[k].Index] = filtered[k] is { } seen ? new LiveContent(seen) : null;
            }
        }

        return contents;
    }

    /// <summary>
    /// What each audience of <paramref name="board"/> gets of a committed change to case
    /// <paramref name="caseId"/>: its texts and, when the board shows that case, the case itself, as
    /// the gate lets the audience see them (on <paramref name="committed"/>, the case as the change's
    /// commit stored it, when the caller has it); logged for every recipient connected here in one
    /// durable write before anything is sent. <paramref name="part"/> is the one item of the case the
    /// board shows of the change, when not the whole case. Per audience, in order.
    /// </summary>
    public async Task<IReadOnlyList<AudiencePush>> PushesAsync(
        MeetingBoard board, TableDetails table, Guid caseId, CaseDetails? committed, object change, Guid? part, CancellationToken cancellationToken)
    {
        var audiences = AudiencesOf(board, table);
        var pushes = audiences.Select(audience => new AudiencePush(audience, null, null, [])).ToArray();
        var asking = Asking(audiences, table);
        if (asking.Count > 0)
        {
            var views = await gate.ViewChangeForAudiencesAsync(caseId, committed, change, wholeCase: board.CurrentCaseId == caseId, part, [.. asking.Select(a => a.Audience)], cancellationToken);
            for (var k = 0; k < asking.Count; k++)
            {
                if (views[k] is { } seen)
                {
                    var audience = audiences[asking[k].Index];
                    pushes[asking[k].Index] = new AudiencePush(audience, seen.Changed.Count == 0 ? null : new LiveContent(seen.Changed), seen.Case, asking[k].Audience.Recipients);
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
        push.Content is null && push.Case is null
            ? []
            : [.. rooms.Connections(push.Audience.MeetingId)
                .Where(c => c.OrganisationId == push.Audience.OrganisationId && !push.LoggedFor.Contains(c.UserId))
                .Select(c => c.ConnectionId)];

    /// <summary>The audiences the gate has to decide for: someone connected here to show it to.</summary>
    private List<(int Index, AudienceRecipients Audience)> Asking(IReadOnlyList<Audience> audiences, TableDetails table)
    {
        var asking = new List<(int Index, AudienceRecipients Audience)>();
        for (var i = 0; i < audiences.Count; i++)
        {
            if (RecipientsIn(audiences[i]) is { Count: > 0 } recipients)
            {
                asking.Add((i, new AudienceRecipients(audiences[i].OrganisationId, TypeOf(audiences[i], table), recipients)));
            }
        }

        return asking;
    }

    /// <summary>The users of the audience's organisation connected to the meeting on this node.</summary>
    private List<string> RecipientsIn(Audience audience) =>
        rooms.Connections(audience.MeetingId).Where(c => c.OrganisationId == audience.OrganisationId).Select(c => c.UserId).Distinct().ToList();

    private OrganisationType TypeOf(Audience audience, TableDetails table) =>
        table.Organisations.FirstOrDefault(o => o.Id == audience.OrganisationId)?.Type
            ?? rooms.Connections(audience.MeetingId).FirstOrDefault(c => c.OrganisationId == audience.OrganisationId)?.OrganisationType
            ?? OrganisationType.Overig;
}
