using System.Diagnostics;
using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Signalling;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Privacy.Residents;
using DoorbraakTafel.Tables;
using Marten;
using Marten.Services.BatchQuerying;

namespace DoorbraakTafel.Privacy.Gate;

/// <summary>A signed confidentiality statement of an expert by experience (keyed by user id).</summary>
public sealed record ConfidentialityStatement(
    [property: NonPersonal("a user id")] string Id, [property: NonPersonal("the reference of a professional's signed statement; names no resident")] string Reference,
    [property: NonPersonal("a user id")] string RecordedBy, DateTimeOffset SignedAt);

public sealed record ResidentView(
    Guid Id, [property: PersonalText(DataCategory.Identificatie)] string Name, [property: PersonalText(DataCategory.Identificatie)] string Bsn, DateOnly BirthDate,
    [property: PersonalText(DataCategory.Identificatie)] string? Address, [property: PersonalText(DataCategory.Identificatie)] string? Phone);

/// <summary>An audience of a live meeting (everyone of one organisation) and the users in it who receive a push.</summary>
public sealed record AudienceRecipients(string OrganisationId, OrganisationType OrganisationType, IReadOnlyList<string> Recipients);

/// <summary>What an audience of a live meeting sees of a change to a case: the change's own texts, and the whole case where its board shows that case.</summary>
public sealed record AudienceView(IReadOnlyList<CategorisedText> Changed, CaseView? Case);

/// <summary>How a case is named in a list: <paramref name="Title"/> only on need to know; <paramref name="Denied"/> says why a viewer has no access at all.</summary>
public sealed record CaseTitle(
    Guid Id, [property: NonPersonal("the case alias, not derived from the resident")] string Alias, [property: NeedToKnowText("the case's title, shown on need to know")] string? Title,
    CaseStatus Status, [property: NonPersonal("the gate's Dutch explanation")] string? Denied);

/// <summary>A system signal as one viewer may see it: its texts and its case's id only on need to know of the case, else <paramref name="Withheld"/> says why.</summary>
public sealed record SignalView(
    Guid Id, [property: NonPersonal("the case alias, not derived from the resident")] string CaseAlias, Guid? CaseId,
    [property: PersonalText] string? Flaw, [property: PersonalText] string? RuleOrPolicy, [property: PersonalText] string? EscalatedTo,
    SignalStatus Status, DateTimeOffset RaisedAt, [property: NonPersonal("the gate's Dutch explanation")] string? Withheld);

/// <summary>Why someone searches a resident by BSN: chosen from a list, so the log holds a code and never free text.</summary>
public enum ResidentSearchReason
{
    CaseReferral,
    Consent,
}

/// <summary>A resident's consents as one viewer may see them: the name only for whoever registered the resident.</summary>
public sealed record ResidentConsents(Guid ResidentId, [property: PersonalText(DataCategory.Identificatie)] string? Name, IReadOnlyList<ConsentRecord> Consents);

/// <summary>
/// A case as one viewer may see it: the alias always, identity only on a basis, every text either
/// shown with its basis or redacted with the reason, and the verdict per category.
/// </summary>
public sealed record CaseView(
    [property: NonPersonal("the case alias, not derived from the resident")] string Alias, ResidentView? Resident, [property: NonPersonal("the gate's Dutch explanation")] string Access, IReadOnlyList<CategoryVerdict> Categories, CaseDetails Case);

/// <summary>
/// The one way to read case content for display. Decides per viewer, case and category, filters,
/// and logs the disclosure durably before the caller gets the view.
/// </summary>
public sealed class PrivacyGate(IQuerySession query, SharingPolicy policy, DisclosureLog log, TimeProvider clock)
{
    public const string Redacted = "";

    /// <summary>What a disclosure record names when only a case's title was shown, in a list.</summary>
    public const string TitleObjectType = "case-title";

    /// <summary>What a disclosure record names when a signal's texts were shown (its object id is the case's and the signal's).</summary>
    public const string SignalObjectType = "case-signal";

    /// <summary>What a disclosure record names when a report printed what it may of a case's words.</summary>
    public const string ReportObjectType = "case-report";

    /// <summary>What a disclosure record names when someone searched a resident by BSN (its object ids are the residents found).</summary>
    public const string ResidentSearchObjectType = "resident-search";

    /// <summary>What a disclosure record names when a resident's consents were shown (its object id is the resident's).</summary>
    public const string ConsentsObjectType = "resident-consents";

    public async Task<CaseView> ViewCaseAsync(Guid caseId, CurrentUser user, Channel channel, CancellationToken cancellationToken)
    {
        var (details, read, facts, person) = await CaseWithFactsAsync(caseId, user, cancellationToken);
        var viewer = read!;
        var now = clock.GetUtcNow();
        var access = GateRules.Assess(viewer, facts, now, policy.FollowUpAfterClose);
        if (access.Access == Access.None)
        {
            throw Rejected.ForbiddenInDutch(access.Explanation);
        }

        var view = Filter(details, person, VerdictsFor(viewer, facts, access, now), access);
        await log.AppendAsync(RecordOf(view.Categories, access, details, viewer, channel, now), cancellationToken);
        return view;
    }

    /// <summary>
    /// A case's shape without its words, for controls that name its parts by number (the board's own
    /// forms): need to know decided as for <see cref="ViewCaseAsync"/>, every text emptied, the title
    /// the alias and no resident, so nothing is disclosed and nothing is logged.
    /// </summary>
    public async Task<CaseView> ViewOutlineAsync(Guid caseId, CurrentUser user, CancellationToken cancellationToken)
    {
        var (details, viewer, facts, _) = await CaseWithFactsAsync(caseId, user, cancellationToken);
        var access = GateRules.Assess(viewer!, facts, clock.GetUtcNow(), policy.FollowUpAfterClose);
        if (access.Access == Access.None)
        {
            throw Rejected.ForbiddenInDutch(access.Explanation);
        }

        var emptied = details.MapTexts(text => text with { Text = Redacted, Gate = new GateNote(false, "Niet getoond bij de formulieren.") });
        var outline = emptied with { Title = AliasOf(details), ResidentId = null };
        return new CaseView(AliasOf(details), null, access.Explanation, [], outline);
    }

    /// <summary>
    /// The cases of a report as one viewer may see them: each case's texts filtered per category as
    /// <see cref="ViewCaseAsync"/> does (all held back where the viewer has no need to know of it), and
    /// every case whose texts the report may print logged in one durable write. A report counts and
    /// names cases by alias whatever the verdict; what it prints of their words passes here.
    /// </summary>
    public async Task<IReadOnlyList<CaseDetails>> ViewCasesForReportAsync(IReadOnlyList<CaseDetails> cases, CurrentUser user, Channel channel, CancellationToken cancellationToken)
    {
        if (cases.Count == 0)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var (viewer, facts) = await FactsAsync(cases, user, cancellationToken);
        var views = new List<CaseDetails>();
        var records = new List<DisclosureRecord>();
        foreach (var details in cases)
        {
            var access = GateRules.Assess(viewer, facts[details.Id], now, policy.FollowUpAfterClose);
            if (access.Access != Access.Content)
            {
                views.Add(details.MapTexts(text => text with { Text = Redacted, Gate = new GateNote(false, access.Explanation) }));
                continue;
            }

            var view = Filter(details, null, VerdictsFor(viewer!, facts[details.Id], access, now), access);
            views.Add(view.Case);
            records.Add(RecordOf(view.Categories, access, details, viewer, channel, now) with { ObjectType = ReportObjectType });
        }

        await log.AppendAsync(records, cancellationToken);
        return views;
    }

    /// <summary>
    /// A resident's consents, newest first, for whoever may see them (<see cref="GateRules.AssessConsents"/>),
    /// with the name only for whoever registered the resident; the read is logged (which consents, and
    /// the name where shown) before the caller gets it.
    /// </summary>
    public async Task<ResidentConsents> ViewConsentsAsync(Guid residentId, CurrentUser user, Channel channel, CancellationToken cancellationToken)
    {
        var (person, consents, viewer) = await ConsentsFor(residentId, user, cancellationToken);
        var name = person.RegisteredByOrganisation == user.OrganisationId ? person.Name : null;
        var record = BaseRecordOf(viewer, channel, clock.GetUtcNow()) with
        {
            LegalBases = "consents=need-to-know",
            ConsentIds = string.Join(",", consents.Select(c => c.Id)),
            DataSubject = residentId.ToString(),
            CategoriesShown = name is null ? "" : nameof(DataCategory.Identificatie),
            ObjectType = ConsentsObjectType,
            ObjectId = residentId.ToString(),
        };
        await log.AppendAsync(record, cancellationToken);
        return new ResidentConsents(residentId, name, consents);
    }

    /// <summary>
    /// Whoever may see a resident's consents may record and withdraw them; anyone else gets the answer
    /// an unknown resident gets (<paramref name="unknown"/>, by default <see cref="UnknownResident"/>).
    /// Answers the consents for the write to check against; shows nothing, so logs nothing.
    /// </summary>
    public async Task<IReadOnlyList<ConsentRecord>> EnsureMayChangeConsentsAsync(Guid residentId, CurrentUser user, CancellationToken cancellationToken, Rejected? unknown = null) =>
        (await ConsentsFor(residentId, user, cancellationToken, unknown)).Consents;

    /// <summary>
    /// That a resident is known to the social domain is itself personal data (privacy/dpia.md, M1):
    /// whoever may not see the resident's consents gets this, word for word what an unknown id gets.
    /// </summary>
    public static Rejected UnknownResident(Guid residentId) =>
        Rejected.NotFound("Resident", residentId, "Deze inwoner is niet bekend bij uw organisatie.");

    /// <summary>The resident, the consents and the user's access to each of the resident's cases; <paramref name="unknown"/> unless the user may see the consents.</summary>
    private async Task<(Resident Person, IReadOnlyList<ConsentRecord> Consents, ViewerFacts Viewer)> ConsentsFor(
        Guid residentId, CurrentUser user, CancellationToken cancellationToken, Rejected? unknown = null)
    {
        var (person, consents, onCases, viewer) = await ResidentFactsAsync(residentId, user, cancellationToken);
        return person is not null && GateRules.AssessConsents(viewer, person, consents, onCases).Access == Access.Content
            ? (person, consents, viewer)
            : throw (unknown ?? UnknownResident(residentId));
    }

    /// <summary>
    /// Whether the user's organisation may name this resident on a case it opens: only when it
    /// registered the resident, has need to know of one of the resident's cases, or holds a valid
    /// consent naming it (<see cref="GateRules.MayLinkResident"/>). Anyone else gets the answer an
    /// unknown id gets, so a resident id taken from elsewhere reveals nothing (privacy/dpia.md, M1).
    /// </summary>
    public async Task EnsureMayLinkResidentAsync(Guid residentId, CurrentUser user, CancellationToken cancellationToken)
    {
        var (person, consents, onCases, viewer) = await ResidentFactsAsync(residentId, user, cancellationToken);
        var now = clock.GetUtcNow();
        if (person is null || !GateRules.MayLinkResident(viewer, person, consents, onCases, now, clock.Today()))
        {
            throw Rejected.Invalid(
                "residentId",
                "There is no resident with this id that your organisation may name on a case.",
                "Deze inwoner is niet bekend bij uw organisatie. Registreer de inwoner of zoek hem op BSN.");
        }
    }

    /// <summary>
    /// A search by BSN (on the resident page) for a purpose the searcher gives: answers the residents
    /// with that BSN whom the user's organisation may link (<see cref="GateRules.MayLinkResident"/>),
    /// and nothing else, so the answer for a BSN another organisation registered is the answer for a
    /// BSN nobody registered. Every search is logged, found or not, with the purpose and whom it hit.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> SearchByBsnAsync(string bsn, ResidentSearchReason reason, CurrentUser user, Channel channel, CancellationToken cancellationToken)
    {
        var matches = await query.Query<Resident>().Where(r => r.Bsn == bsn).Select(r => r.Id).ToListAsync(cancellationToken);
        var found = new List<Guid>();
        foreach (var id in matches)
        {
            var (person, consents, onCases, viewer) = await ResidentFactsAsync(id, user, cancellationToken);
            if (person is not null && GateRules.MayLinkResident(viewer, person, consents, onCases, clock.GetUtcNow(), clock.Today()))
            {
                found.Add(id);
            }
        }

        var viewerFacts = new ViewerFacts(user.UserId, user.Role, user.OrganisationId, user.OrganisationType, SignedConfidentiality: false);
        await log.AppendAsync(BaseRecordOf(viewerFacts, channel, clock.GetUtcNow()) with
        {
            LegalBases = $"search={(found.Count > 0 ? "linked" : "none-linked")}; reason={reason}",
            DataSubject = matches.Count > 0 ? string.Join(",", matches) : null,
            CategoriesShown = found.Count > 0 ? nameof(DataCategory.Identificatie) : "",
            ObjectType = ResidentSearchObjectType,
            ObjectId = string.Join(",", found),
        }, cancellationToken);
        return found;
    }

    /// <summary>The resident, their consents and the user's access to each of their cases, in one round trip.</summary>
    private async Task<(Resident? Person, IReadOnlyList<ConsentRecord> Consents, IReadOnlyList<NeedToKnow> OnCases, ViewerFacts Viewer)> ResidentFactsAsync(
        Guid residentId, CurrentUser user, CancellationToken cancellationToken)
    {
        var batch = query.CreateBatchQuery();
        var resident = batch.Load<Resident>(residentId);
        var consents = batch.Query<ConsentRecord>().Where(c => c.ResidentId == residentId).OrderByDescending(c => c.GivenAt).ToList();
        var cases = batch.Query<CaseDetails>().Where(c => c.ResidentId == residentId).ToList();
        var tables = batch.Query<TableDetails>(TablesOfStoredCasesWhere("CAST(c.data ->> 'ResidentId' as uuid) = ?"), residentId);
        var viewerFacts = QueueViewer(batch, user);
        await batch.Execute(cancellationToken);

        var (consentList, tableList, viewer) = (await consents, await tables, await viewerFacts);
        var now = clock.GetUtcNow();
        var onCases = (await cases).Select(c => GateRules.Assess(viewer, CaseFactsOf(c, tableList, consentList), now, policy.FollowUpAfterClose)).ToList();
        return (await resident, consentList, onCases, viewer);
    }

    /// <summary>
    /// How each case is named in a list (an agenda, a worklist) for this viewer: the alias always,
    /// the title only where the viewer has need to know the case's content. All cases and their
    /// facts are read in two round trips, and each title shown is logged as a disclosure of that
    /// case's title (no text of the case is shown), all in one durable write. Cases that do not
    /// exist are left out of the answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, CaseTitle>> ViewTitlesAsync(IReadOnlyCollection<Guid> caseIds, CurrentUser user, Channel channel, CancellationToken cancellationToken)
    {
        var cases = await query.LoadManyAsync<CaseDetails>(cancellationToken, caseIds.Distinct());
        if (cases.Count == 0)
        {
            return new Dictionary<Guid, CaseTitle>();
        }

        var now = clock.GetUtcNow();
        var (viewer, facts) = await FactsAsync(cases, user, cancellationToken);
        var titles = new Dictionary<Guid, CaseTitle>();
        var records = new List<DisclosureRecord>();
        foreach (var details in cases)
        {
            var access = GateRules.Assess(viewer, facts[details.Id], now, policy.FollowUpAfterClose);
            var shown = access.Access == Access.Content;
            titles[details.Id] = new CaseTitle(details.Id, AliasOf(details), shown ? details.Title : null, details.Status, access.Access == Access.None ? access.Explanation : null);
            if (shown)
            {
                records.Add(RecordOf([], access, details, viewer, channel, now) with { LegalBases = $"access={access.Basis}; title=need-to-know", ObjectType = TitleObjectType });
            }
        }

        await log.AppendAsync(records, cancellationToken);
        return titles;
    }

    /// <summary>
    /// A table's open signals for one viewer (the caller has admitted the viewer to the table): a
    /// signal's texts (the flaw, the rule, to whom it went) are free text about a case, so they are
    /// shown only where the viewer has need to know of that case and a basis for the signal's category
    /// (its own, or its case's bottleneck's); else the signal shows by the case's alias and status only.
    /// Each signal shown is logged as a disclosure of its case, with that category.
    /// </summary>
    public async Task<IReadOnlyList<SignalView>> ViewSignalsAsync(IReadOnlyList<SignalItem> signals, CurrentUser user, Channel channel, CancellationToken cancellationToken)
    {
        var cases = await query.LoadManyAsync<CaseDetails>(cancellationToken, signals.Select(s => s.CaseId).Distinct());
        var byId = cases.ToDictionary(c => c.Id);
        var now = clock.GetUtcNow();
        var (viewer, facts) = cases.Count == 0 ? (null, new Dictionary<Guid, CaseFacts>()) : await FactsAsync(cases, user, cancellationToken);
        var views = new List<SignalView>();
        var records = new List<DisclosureRecord>();
        foreach (var signal in signals.Where(s => byId.ContainsKey(s.CaseId)))
        {
            var details = byId[signal.CaseId];
            var access = GateRules.Assess(viewer!, facts[details.Id], now, policy.FollowUpAfterClose);
            var verdict = GateRules.Decide(
                policy, viewer!, facts[details.Id], access, signal.Category ?? details.Bottleneck.Category, SharingPolicy.CaseConferencePurpose, now, Clock.Today(clock));
            views.Add(verdict.Shown
                ? new SignalView(signal.Id, AliasOf(details), details.Id, signal.Flaw, signal.RuleOrPolicy, signal.EscalatedTo, signal.Status, signal.RaisedAt, null)
                : new SignalView(signal.Id, AliasOf(details), null, null, null, null, signal.Status, signal.RaisedAt, verdict.Explanation));
            if (verdict.Shown)
            {
                records.Add(RecordOf([verdict], access, details, viewer!, channel, now) with { ObjectType = SignalObjectType, ObjectId = $"{details.Id}/{signal.Id}" });
            }
        }

        await log.AppendAsync(records, cancellationToken);
        return views;
    }

    /// <summary>
    /// A committed change to a case as each audience of a live meeting may see it (each everyone of
    /// one organisation, with people connected): the change's own texts and, with
    /// <paramref name="wholeCase"/>, the case as the audience's board shows it; decided per audience
    /// as for any reader, on the case as <paramref name="committed"/> (the document the change's
    /// commit stored) or, without it, as it stands now. Reads what else the rules need in one round
    /// trip and logs what each audience sees for every recipient in one durable write before anything
    /// is returned. Per audience, in order: null where it may not see the case's content.
    /// </summary>
    /// <param name="part">The one item of the case (<see cref="CaseDetails.Part"/>) the board shows of this change, when not the whole case: what is logged as shown.</param>
    public async Task<IReadOnlyList<AudienceView?>> ViewChangeForAudiencesAsync(
        Guid caseId, CaseDetails? committed, object change, bool wholeCase, Guid? part, IReadOnlyList<AudienceRecipients> audiences, CancellationToken cancellationToken)
    {
        var changed = PersonalTexts.Of(change);
        if (audiences.Count == 0 || (changed.Count == 0 && !wholeCase))
        {
            return new AudienceView?[audiences.Count];
        }

        var (details, facts, person) = committed is null ? await StoredCaseWithFactsAsync(caseId, cancellationToken) : await FactsOfAsync(committed, cancellationToken);
        var (views, records) = ForAudiences(details, person, facts, changed, wholeCase, part, audiences);
        await log.AppendAsync(records, cancellationToken);
        return views;
    }

    private async Task<(CaseDetails Details, CaseFacts Facts, Resident? Resident)> StoredCaseWithFactsAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var (details, _, facts, person) = await CaseWithFactsAsync(caseId, null, cancellationToken);
        return (details, facts, person);
    }

    /// <summary>What the rules need to know about a case its caller holds, with its resident, in one round trip.</summary>
    private async Task<(CaseDetails Details, CaseFacts Facts, Resident? Resident)> FactsOfAsync(CaseDetails details, CancellationToken cancellationToken)
    {
        var batch = query.CreateBatchQuery();
        var facts = QueueFacts(batch, [details]);
        var resident = details.ResidentId is { } residentId ? batch.Load<Resident>(residentId) : Task.FromResult<Resident?>(null);
        await batch.Execute(cancellationToken);
        return (details, (await facts).Cases[details.Id], await resident);
    }

    /// <summary>
    /// The texts of one case event for the audiences of a live meeting, for a catch-up that read the
    /// case and its facts with the others it replays: decided and logged as
    /// <see cref="ViewChangeForAudiencesAsync"/> does, the texts only. Per audience, in order.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<CategorisedText>?>> ViewTextsForAudiencesAsync(
        CaseDetails details, CaseFacts facts, IReadOnlyList<CategorisedText> texts, IReadOnlyList<AudienceRecipients> audiences, CancellationToken cancellationToken)
    {
        var (views, records) = ForAudiences(details, null, facts, texts, wholeCase: false, part: null, audiences);
        await log.AppendAsync(records, cancellationToken);
        return [.. views.Select(v => v?.Changed)];
    }

    private (AudienceView?[] Views, List<DisclosureRecord> Records) ForAudiences(
        CaseDetails details, Resident? person, CaseFacts facts, IReadOnlyList<CategorisedText> changed, bool wholeCase, Guid? part, IReadOnlyList<AudienceRecipients> audiences)
    {
        // What the screens show: the whole case, one item of it, or the change's texts alone.
        var shownCategories = (wholeCase && part is { } id && details.Part(id) is { } item ? PersonalTexts.Of(item) : changed)
            .Select(t => t.Category).Concat(changed.Select(t => t.Category)).Distinct().ToList();
        var views = new AudienceView?[audiences.Count];
        var now = clock.GetUtcNow();
        var records = new List<DisclosureRecord>();
        for (var i = 0; i < audiences.Count; i++)
        {
            var (organisationId, organisationType, recipients) = audiences[i];
            // Experts by experience see content only after their own signed statement: decided per user, on the page.
            if (organisationType == OrganisationType.Ervaringsdeskundigen)
            {
                continue;
            }

            // An audience is professionals of one organisation, who sign no statement.
            var viewer = new ViewerFacts($"audience:{organisationId}", Roles.Professional, organisationId, organisationType, SignedConfidentiality: false);
            var access = GateRules.Assess(viewer, facts, now, policy.FollowUpAfterClose);
            if (access.Access != Access.Content)
            {
                continue;
            }

            var verdicts = VerdictsFor(viewer, facts, access, now);
            var board = !wholeCase ? null : Filter(part is { } only ? details.WithOnly(only) : details, person, verdicts, access);
            var texts = changed.Select(text => Shown(text, verdicts[text.Category])).ToList();
            views[i] = new AudienceView(texts, board);
            IReadOnlyList<CategoryVerdict> seen = board is not null && part is null ? board.Categories : [.. shownCategories.Select(c => verdicts[c])];
            records.AddRange(recipients.Distinct().Select(recipient => RecordOf(seen, access, details, viewer with { UserId = recipient }, Channel.Hub, now)));
        }

        return (views, records);
    }

    /// <summary>A text with its basis when its category's verdict shows it, else emptied with the reason.</summary>
    private static CategorisedText Shown(CategorisedText text, CategoryVerdict verdict) => verdict.Shown
        ? text with { Gate = new GateNote(true, verdict.Explanation) }
        : text with { Text = Redacted, Gate = new GateNote(false, verdict.Explanation) };

    private Dictionary<DataCategory, CategoryVerdict> VerdictsFor(ViewerFacts viewer, CaseFacts facts, NeedToKnow access, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Clock.Netherlands).DateTime);
        return Enum.GetValues<DataCategory>()
            .ToDictionary(c => c, c => GateRules.Decide(policy, viewer, facts, access, c, SharingPolicy.CaseConferencePurpose, now, today));
    }

    /// <param name="person">The case's resident as the identity store holds them; shown only on a basis for identification data.</param>
    private static CaseView Filter(CaseDetails details, Resident? person, IReadOnlyDictionary<DataCategory, CategoryVerdict> verdicts, NeedToKnow access)
    {
        var filtered = details.MapTexts(text => Shown(text, verdicts[text.Category]));
        if (access.Access == Access.AuditOnly)
        {
            filtered = filtered with { Title = AliasOf(details) };
        }

        ResidentView? resident = null;
        if (person is not null && verdicts[DataCategory.Identificatie].Shown)
        {
            resident = new ResidentView(person.Id, person.Name, person.Bsn, person.BirthDate, person.Address, person.Phone);
        }

        // A resident id is a key to the resident elsewhere: only who may see the identity gets it.
        if (!verdicts[DataCategory.Identificatie].Shown)
        {
            filtered = filtered with { ResidentId = null };
        }

        var present = details.Texts().Select(t => t.Category).Append(DataCategory.Identificatie).ToHashSet();
        return new CaseView(AliasOf(details), resident, access.Explanation, [.. verdicts.Values.Where(v => present.Contains(v.Category))], filtered);
    }

    /// <summary>
    /// One case with everything the rules need about it and the viewer (none: an audience, decided by its caller), in one round trip: the facts
    /// are read off the stored case document in the same batch that loads it. Should the case have
    /// moved to a table between the batch's statements, its facts are read again for the case as loaded.
    /// </summary>
    private async Task<(CaseDetails Details, ViewerFacts? Viewer, CaseFacts Facts, Resident? Resident)> CaseWithFactsAsync(
        Guid caseId, CurrentUser? user, CancellationToken cancellationToken)
    {
        var batch = query.CreateBatchQuery();
        var loaded = batch.Load<CaseDetails>(caseId);
        var factsOf = QueueFactsOfStored(batch, caseId, QueueTablesOfStored(batch, caseId));
        var viewer = user is null ? Task.FromResult<ViewerFacts?>(null) : QueueViewerOrNull(batch, user);
        var resident = batch.Query<Resident>(
            $"where d.id = (select CAST(c.data ->> 'ResidentId' as uuid) from {DatabaseModule.MartenSchema}.mt_doc_casedetails c where c.id = ?)", caseId);
        await batch.Execute(cancellationToken);

        var details = await loaded ?? throw Rejected.NotFound("Case", caseId);
        var person = (await resident).FirstOrDefault(r => r.Id == details.ResidentId);
        if ((await factsOf)(details) is { } read)
        {
            return (details, await viewer, read.Facts, person);
        }

        if (user is null)
        {
            var again = query.CreateBatchQuery();
            var facts = QueueFacts(again, [details]);
            await again.Execute(cancellationToken);
            return (details, null, (await facts).Cases[details.Id], person);
        }

        var (viewerAgain, cases) = await FactsAsync([details], user, cancellationToken);
        return (details, viewerAgain, cases[details.Id], person);
    }

    private async Task<(ViewerFacts Viewer, IReadOnlyDictionary<Guid, CaseFacts> Facts)> FactsAsync(
        IReadOnlyList<CaseDetails> cases, CurrentUser user, CancellationToken cancellationToken)
    {
        var batch = query.CreateBatchQuery();
        var facts = QueueFacts(batch, cases);
        var viewer = QueueViewer(batch, user);
        await batch.Execute(cancellationToken);

        return (await viewer, (await facts).Cases);
    }

    private static async Task<ViewerFacts?> QueueViewerOrNull(IBatchedQuery batch, CurrentUser user) => await QueueViewer(batch, user);

    /// <summary>Queues on <paramref name="batch"/> what the rules need about the viewer beyond the token: an expert's signed statement, a team leader's teams.</summary>
    private static async Task<ViewerFacts> QueueViewer(IBatchedQuery batch, CurrentUser user)
    {
        var statement = user.Role == Roles.ExpertByExperience ? batch.Load<ConfidentialityStatement>(user.UserId) : Task.FromResult<ConfidentialityStatement?>(null);
        var teams = user.Role == Roles.TeamLead ? batch.Query<Team>().Where(t => t.Leaders.Contains(user.UserId)).ToList() : Task.FromResult<IReadOnlyList<Team>>([]);
        return new ViewerFacts(user.UserId, user.Role, user.OrganisationId, user.OrganisationType, await statement is not null)
        {
            Teams = [.. (await teams).Select(t => t.Scope)],
        };
    }

    /// <summary>
    /// Queues on <paramref name="batch"/> what the rules need to know about <paramref name="cases"/>
    /// as they stand (the tables they are scheduled at, their residents' consents), for a caller
    /// that reads in one round trip anyway; done when the batch has run. The tables come along,
    /// as read, for a caller that needs them too.
    /// </summary>
    public static async Task<(IReadOnlyDictionary<Guid, CaseFacts> Cases, IReadOnlyList<TableDetails> Tables)> QueueFacts(IBatchedQuery batch, IReadOnlyCollection<CaseDetails> cases)
    {
        var tables = batch.LoadMany<TableDetails>().ById(cases.SelectMany(c => c.Schedule.Select(s => s.TableId)).Distinct().ToArray());
        var residentIds = cases.Select(c => c.ResidentId).OfType<Guid>().Distinct().ToArray();
        var consents = residentIds.Length > 0
            ? batch.Query<ConsentRecord>().Where(c => c.ResidentId.IsOneOf(residentIds)).ToList()
            : Task.FromResult<IReadOnlyList<ConsentRecord>>([]);
        var (tableList, consentList) = (await tables, await consents);
        return (cases.ToDictionary(c => c.Id, c => CaseFactsOf(c, tableList, [.. consentList.Where(k => k.ResidentId == c.ResidentId)])), tableList);
    }

    /// <summary>
    /// Queues on <paramref name="batch"/> the tables case <paramref name="caseId"/> is scheduled at,
    /// read off the stored case document: for a batch that fetches the case itself, and for what else
    /// that batch reads about it (<see cref="QueueWriterAccess"/>, <see cref="QueueFactsOfStored"/>).
    /// </summary>
    private static Task<IReadOnlyList<TableDetails>> QueueTablesOfStored(IBatchedQuery batch, Guid caseId) =>
        batch.Query<TableDetails>(TablesOfStoredCasesWhere("c.id = ?"), caseId);

    /// <summary>The tables the stored cases matching <paramref name="caseCondition"/> (on case document <c>c</c>) are scheduled at.</summary>
    private static string TablesOfStoredCasesWhere(string caseCondition) =>
        $"where d.id in (select (s ->> 'TableId')::uuid from {DatabaseModule.MartenSchema}.mt_doc_casedetails c cross join jsonb_array_elements(c.data -> 'Schedule') s where {caseCondition})";

    /// <summary>
    /// Queues on <paramref name="batch"/> what decides whether <paramref name="user"/> may change case
    /// <paramref name="caseId"/>, which the batch fetches for writing (the tables it is scheduled at,
    /// an expert's signed statement): the gate's reads ride in the write's own round trip, and their
    /// SQL stays here. Once the batch has run, the answer tells for the case as fetched: who may not
    /// see a case's content may not change it either (<see cref="GateRules.Assess"/>).
    /// </summary>
    /// <remarks>The answer also names the organisations with need to know of the case, the only ones a write may give an action to.</remarks>
    public static async Task<Func<CaseDetails, (NeedToKnow Access, IReadOnlySet<string> Knowing)>> QueueWriterAccess(
        IBatchedQuery batch, Guid caseId, CurrentUser user, DateTimeOffset now, TimeSpan followUp)
    {
        var tables = QueueTablesOfStored(batch, caseId);
        var viewerFacts = QueueViewer(batch, user);
        var (scheduledAt, viewer) = (await tables, await viewerFacts);
        return details =>
        {
            var facts = CaseFactsOf(details, scheduledAt, []);
            return (GateRules.Assess(viewer, facts, now, followUp), GateRules.OrganisationsWithNeedToKnow(facts, now, followUp));
        };
    }

    /// <summary>
    /// Queues on <paramref name="batch"/> what <see cref="QueueFacts"/> reads, for a case fetched for
    /// writing in the same batch: its resident's consents, read off the stored case document, with
    /// the <paramref name="tables"/> the batch reads already (<see cref="QueueTablesOfStored"/>). Once
    /// the batch has run, the answer gives the facts of the case as the write leaves it, with its
    /// tables; or null when the write put it at a table not read (then read again).
    /// </summary>
    private static async Task<Func<CaseDetails, (CaseFacts Facts, IReadOnlyList<TableDetails> Tables)?>> QueueFactsOfStored(
        IBatchedQuery batch, Guid caseId, Task<IReadOnlyList<TableDetails>> tables)
    {
        // A case's resident is set when it is opened and never changes.
        var consents = batch.Query<ConsentRecord>(
            $"where CAST(d.data ->> 'ResidentId' as uuid) = (select CAST(c.data ->> 'ResidentId' as uuid) from {DatabaseModule.MartenSchema}.mt_doc_casedetails c where c.id = ?)",
            caseId);
        var (tableList, consentList) = (await tables, await consents);
        return details => details.Schedule.All(s => tableList.Any(t => t.Id == s.TableId))
            ? (CaseFactsOf(details, tableList, consentList), tableList)
            : null;
    }

    private static CaseFacts CaseFactsOf(CaseDetails details, IReadOnlyList<TableDetails> tables, IReadOnlyList<ConsentRecord> consents)
    {
        var scheduled = tables.Where(t => details.Schedule.Any(s => s.TableId == t.Id)).ToList();
        var latestTable = details.Schedule.OrderBy(s => s.Date).Select(s => scheduled.FirstOrDefault(t => t.Id == s.TableId)).LastOrDefault(t => t is not null);
        return new CaseFacts(
            details.Referrer.OrganisationId,
            [.. scheduled.SelectMany(t => t.CurrentMembers.Select(m => m.Id)).Distinct()],
            [.. details.InvolvedOrganisations.Select(i => new InvolvedOrganisation(i.DecisionId, i.OrganisationId))],
            latestTable?.Municipality,
            details.Closure?.At,
            consents,
            [.. scheduled.SelectMany(t => t.Chairs).Distinct()])
        {
            Tables = [.. details.Schedule.Select(s => s.TableId).Distinct()],
            ReferrerUserId = details.Referrer.UserId,
        };
    }

    /// <summary>The record of a case read: its legal bases begin with where need to know came from (<see cref="NeedToKnow.Basis"/>), so a chair's decision to involve an organisation is named in every read it allowed.</summary>
    private DisclosureRecord RecordOf(IReadOnlyList<CategoryVerdict> categories, NeedToKnow access, CaseDetails details, ViewerFacts viewer, Channel channel, DateTimeOffset now)
    {
        var shown = categories.Where(v => v.Shown).ToList();
        return BaseRecordOf(viewer, channel, now) with
        {
            LegalBases = string.Join("; ", shown.Select(v => $"{v.Category}={(v.ConsentId is { } c ? $"consent:{c}" : v.RuleId is { } r ? $"rule:{r}" : "controller")}")
                .Prepend($"access={access.Basis}")),
            ConsentIds = string.Join(",", shown.Where(v => v.ConsentId is not null).Select(v => v.ConsentId)),
            DataSubject = details.ResidentId?.ToString(),
            CategoriesShown = string.Join(",", shown.Select(v => v.Category)),
            CategoriesRedacted = string.Join(",", categories.Where(v => !v.Shown).Select(v => v.Category)),
            ObjectId = details.Id.ToString(),
            ObjectVersion = details.Version,
        };
    }

    /// <summary>Who read, when, how and for what purpose; the caller says what was shown, of whom, and on which basis.</summary>
    private DisclosureRecord BaseRecordOf(ViewerFacts viewer, Channel channel, DateTimeOffset now)
    {
        var purpose = policy.Purposes.First(p => p.Id == SharingPolicy.CaseConferencePurpose);
        var activity = Activity.Current;
        return new DisclosureRecord(
            now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond)),
            viewer.UserId,
            viewer.Role,
            viewer.OrganisationId,
            viewer.OrganisationType.ToString(),
            purpose.Id,
            purpose.ProcessingActivityId,
            LegalBases: "",
            ConsentIds: "",
            DataSubject: null,
            CategoriesShown: "",
            CategoriesRedacted: "",
            channel,
            ObjectType: "case",
            ObjectId: "",
            ObjectVersion: 0,
            activity?.TraceId.ToString(),
            activity?.SpanId.ToString(),
            policy.Version);
    }

    /// <summary>The pseudonym every viewer may see: short, stable, and not derived from the resident.</summary>
    public static string AliasOf(CaseDetails details) => $"DT-{details.OpenedAt:yyyy}-{details.Id.ToString("N")[^6..].ToUpperInvariant()}";
}
