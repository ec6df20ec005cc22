using System.Reflection;
using DoorbraakTafel.Cases.Acting;
using DoorbraakTafel.Cases.Signalling;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Meetings;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Privacy.Residents;
using JasperFx;
using Marten;
using Npgsql;

namespace DoorbraakTafel.Privacy.Rights;

[StepLabel("Woorden verwijderd")]
public sealed record CaseTextsErased(
    Guid CaseId, [property: NonPersonal("a sentence of the app's own: the right or the retention period")] string Because, [property: NonPersonal("a user id")] string By,
    DateTimeOffset At);

/// <summary>
/// What an erasure of a resident reached, and when: ids and times only, kept (schema <c>identity</c>)
/// so the access report can say what was erased when, and a second request is answered the same.
/// <see cref="SamePerson"/> are the records other organisations kept of the same person, erased with it;
/// <see cref="FilesVacuumedAt"/> is when the tables' files were rewritten without the erased values
/// (null: left to the owner role, privacy/retention.md).
/// </summary>
[NonPersonal("ids and times only")]
public sealed record ResidentErasure(
    Guid Id, DateTimeOffset At, string By, IReadOnlyList<Guid> Cases, IReadOnlyList<Guid> Consents, IReadOnlyList<Guid> Meetings, IReadOnlyList<Guid> SamePerson,
    DateTimeOffset? FilesVacuumedAt);

/// <summary>
/// Erasure (AVG art. 17) and retention. Every text that can name the resident is masked in place
/// (Marten's event data masking, with what each event declares personal, <see cref="PersonalTexts"/>):
/// the events and read models of their cases, their consents, their attendance of meetings that
/// discussed them. Their identity is deleted, and the tables' files are rewritten so no dead
/// row keeps a value. The history stays: who did what when, with a "verwijderd" marker.
/// </summary>
public sealed class Erasure(IDocumentStore store, StoredEvents stored, CaseDocuments documents, NpgsqlDataSource dataSource, IConfiguration configuration, TimeProvider clock, ILogger<Erasure> logger)
{
    public const string Masked = PersonalTexts.Masked;

    private const string ResidentBecause = "Verwijderd op verzoek van de inwoner (AVG art. 17)";

    /// <summary>How often a case is masked again when it changed while it was masked, before the erasure gives up (409, to be retried).</summary>
    private const int Attempts = 5;

    /// <summary>The same rule for every event type: whatever the type declares personal is masked (Marten matches rules by event type).</summary>
    public static void RegisterMasking(StoreOptions options)
    {
        var register = typeof(Marten.Events.EventGraph).GetMethods()
            .Single(m => m.Name == nameof(Marten.Events.EventGraph.AddMaskingRuleForProtectedInformation) && m.GetParameters()[0].ParameterType.Name.StartsWith("Func", StringComparison.Ordinal));
        var mask = typeof(PersonalTexts).GetMethod(nameof(PersonalTexts.Mask))!;
        foreach (var type in EventTypes)
        {
            var rule = Delegate.CreateDelegate(typeof(Func<,>).MakeGenericType(type, type), mask.MakeGenericMethod(type));
            register.MakeGenericMethod(type).Invoke(options.Events, [rule]);
        }
    }

    /// <summary>Every event type of the app: what a projection or write state applies.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        .. typeof(Erasure).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Name is "Apply" or "Create" && m.GetParameters().Length > 0)
            .Select(m => m.GetParameters()[0].ParameterType)
            .Where(t => t.Assembly == typeof(Erasure).Assembly && t.IsClass)
            .Distinct(),
    ];

    /// <summary>
    /// Erases a resident: the words in every case about them, their consents' references and reasons,
    /// their attendance of the meetings that discussed them, their identity; and so for the records
    /// other organisations keep of the same person (same BSN, one record per organisation): the right
    /// is the person's. A second request (or a retry after a failure) masks again what may have come
    /// since and answers with the first erasure.
    /// </summary>
    public async Task<ResidentErasure> EraseResidentAsync(Guid residentId, CurrentUser by, CancellationToken cancellationToken)
    {
        IReadOnlyList<Guid> samePerson = [];
        await using (var query = store.QuerySession())
        {
            if (await query.LoadAsync<Resident>(residentId, cancellationToken) is { } resident)
            {
                samePerson = await query.Query<Resident>().Where(r => r.Bsn == resident.Bsn && r.Id != residentId).Select(r => r.Id).ToListAsync(cancellationToken);
            }
        }

        var erasure = await EraseRecordAsync(residentId, samePerson, by, cancellationToken) ?? throw Rejected.NotFound("Resident", residentId);
        List<ResidentErasure> erased = [erasure];
        foreach (var other in samePerson)
        {
            erased.AddRange(await EraseRecordAsync(other, [residentId], by, cancellationToken) is { } also ? [also] : []);
        }

        if (await VacuumAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            erased = [.. erased.Select(e => e with { FilesVacuumedAt = now })];
            await using var session = store.LightweightSession();
            session.Store([.. erased]);
            await session.SaveChangesAsync(cancellationToken);
        }

        return erased[0];
    }

    /// <summary>
    /// Refuses, before anything is masked, to erase cases holding a stored event the app cannot read:
    /// Marten's masking reads every event of the stream and the masking rules need the event's type,
    /// so such an event's words would stay. The events are logged by id (<see cref="StoredEvents"/>)
    /// to be repaired first (docs/decisions.md: a stored event never makes a case unreadable).
    /// </summary>
    private async Task RefuseStepsNotReadAsync(IReadOnlyList<Guid> caseIds, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        foreach (var caseId in caseIds)
        {
            if ((await stored.StreamAsync(query, caseId, cancellationToken)).Count(e => e.Data is UnreadableStep) is > 0 and var count)
            {
                throw Rejected.Conflict(
                    $"Case {caseId} holds {count} stored events the app cannot read (logged by id); they must be repaired before its words can be erased.",
                    $"Deze casus bevat {count} stap(pen) die niet konden worden gelezen. Daardoor kunnen niet alle woorden worden gewist. " +
                    "De fout is vastgelegd voor de beheerder; wissen kan zodra die stappen zijn hersteld. Er is nog niets gewist.");
            }
        }
    }

    /// <summary>Erases what one resident record reaches; null when there is no such record, nor ever was, nor anything about it.</summary>
    private async Task<ResidentErasure?> EraseRecordAsync(Guid residentId, IReadOnlyList<Guid> samePerson, CurrentUser by, CancellationToken cancellationToken)
    {
        Resident? resident;
        ResidentErasure? earlier;
        IReadOnlyList<Guid> cases;
        IReadOnlyList<Guid> consents;
        await using (var query = store.QuerySession())
        {
            var batch = query.CreateBatchQuery();
            var residentRead = batch.Load<Resident>(residentId);
            var earlierRead = batch.Load<ResidentErasure>(residentId);
            var casesRead = batch.Query<CaseDetails>().Where(c => c.ResidentId == residentId).ToList();
            var consentsRead = batch.Query<ConsentRecord>().Where(c => c.ResidentId == residentId).ToList();
            await batch.Execute(cancellationToken);
            (resident, earlier) = (await residentRead, await earlierRead);
            cases = [.. (await casesRead).Select(c => c.Id)];
            consents = [.. (await consentsRead).Select(c => c.Id)];
        }

        if (resident is null && earlier is null && cases.Count == 0 && consents.Count == 0)
        {
            return null;
        }

        await RefuseStepsNotReadAsync(cases, cancellationToken);
        foreach (var caseId in cases)
        {
            await MaskCaseAsync(caseId, ResidentBecause, by.UserId, cancellationToken);
        }

        foreach (var consentId in consents)
        {
            await store.Advanced.ApplyEventDataMasking(masking => masking.IncludeStream(consentId), cancellationToken);
            await store.Advanced.RebuildSingleStreamAsync<ConsentRecord>(consentId, cancellationToken);
        }

        var meetings = await MaskAttendanceAsync(residentId, resident, cases, cancellationToken);

        var erasure = earlier is null
            ? new ResidentErasure(residentId, clock.GetUtcNow(), by.UserId, cases, consents, meetings, samePerson, null)
            : earlier with
            {
                Cases = [.. earlier.Cases.Union(cases)],
                Consents = [.. earlier.Consents.Union(consents)],
                Meetings = [.. earlier.Meetings.Union(meetings)],
                SamePerson = [.. earlier.SamePerson.Union(samePerson)],
            };
        await using (var session = store.LightweightSession())
        {
            // Last, with the record of what was erased: until here a retry finds the resident and does it all again.
            session.Delete<Resident>(residentId);
            session.Store(erasure);
            await session.SaveChangesAsync(cancellationToken);
        }

        return erasure;
    }

    /// <summary>
    /// Masks the texts of one case's events and of everything built from them, then marks the case
    /// erased; the marker's live push makes every board showing the case read it again. Should the
    /// case change meanwhile, it is all done again, so no text written during the erasure stays.
    /// Callers have refused a case with steps the app cannot read first (<see cref="RefuseStepsNotReadAsync"/>).
    /// </summary>
    private async Task MaskCaseAsync(Guid caseId, string because, string by, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            long before;
            await using (var query = store.QuerySession())
            {
                before = (await query.Events.FetchStreamStateAsync(caseId, cancellationToken))?.Version ?? 0;
            }

            await store.Advanced.ApplyEventDataMasking(masking => masking.IncludeStream(caseId), cancellationToken);
            await documents.RebuildAsync(caseId, cancellationToken);
            await using var session = store.LightweightSession();
            session.LastModifiedBy = by;
            // The marker goes in only if no event came after the masking began.
            session.Events.Append(caseId, before + 1, new CaseTextsErased(caseId, because, by, clock.GetUtcNow()));
            foreach (var item in await session.Query<ActionItem>().Where(a => a.CaseId == caseId).ToListAsync(cancellationToken))
            {
                session.Store(PersonalTexts.Mask(item));
            }

            foreach (var item in await session.Query<SignalItem>().Where(s => s.CaseId == caseId).ToListAsync(cancellationToken))
            {
                session.Store(PersonalTexts.Mask(item));
            }

            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (ConcurrencyException) when (attempt < Attempts)
            {
            }
            catch (ConcurrencyException)
            {
                throw Rejected.Conflict(
                    $"Case {caseId} kept changing while its words were erased; what was masked stays masked, erase again to finish.",
                    "De casus veranderde steeds terwijl de woorden werden verwijderd. Probeer het opnieuw om het af te maken.");
            }
        }
    }

    /// <summary>
    /// The attendance of the resident (or of anyone recorded under their name or BSN) in the meetings
    /// that had one of their cases on the agenda: masked in the meeting's events and its board.
    /// </summary>
    private async Task<IReadOnlyList<Guid>> MaskAttendanceAsync(Guid residentId, Resident? resident, IReadOnlyList<Guid> cases, CancellationToken cancellationToken)
    {
        if (cases.Count == 0)
        {
            return [];
        }

        string[] names = [residentId.ToString(), .. resident is null ? Array.Empty<string>() : [resident.Name.Trim(), resident.Bsn]];
        bool Names(string text) => names.Any(name => name.Length > 0 && text.Contains(name, StringComparison.OrdinalIgnoreCase));
        bool NamesResident(object data) => data is AttendanceRecorded a && (Names(a.DisplayName) || Names(a.UserId));

        List<MeetingBoard> boards;
        await using (var query = store.QuerySession())
        {
            boards = [];
            foreach (var caseId in cases)
            {
                boards.AddRange(await query.Query<MeetingBoard>().Where(m => m.Agenda.Contains(caseId)).ToListAsync(cancellationToken));
            }
        }

        var touched = boards.DistinctBy(b => b.Id).Where(b => b.Attendance.Any(a => Names(a.DisplayName) || Names(a.UserId))).Select(b => b.Id).ToList();
        foreach (var meetingId in touched)
        {
            await store.Advanced.ApplyEventDataMasking(masking => masking.IncludeStream(meetingId, e => NamesResident(e.Data)), cancellationToken);
            // A live meeting may record attendance meanwhile: rebuild until the board stands at its stream's end.
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                await store.Advanced.RebuildSingleStreamAsync<MeetingBoard>(meetingId, cancellationToken);
                await using var query = store.QuerySession();
                var state = await query.Events.FetchStreamStateAsync(meetingId, cancellationToken);
                var board = await query.LoadAsync<MeetingBoard>(meetingId, cancellationToken);
                if (board is null || state is null || board.Version == state.Version)
                {
                    break;
                }
            }
        }

        return touched;
    }

    /// <summary>
    /// Rewrites the files of the tables an erasure changed (VACUUM FULL), so no dead row version keeps
    /// an erased value; through the owner's connection where one is configured, since only a table's
    /// owner may. Without that right it rewrites nothing and says so: the owner's job in
    /// privacy/retention.md does it then. VACUUM FULL locks each table while it is rewritten (seconds
    /// at the size of one region); erasures are rare.
    /// </summary>
    private async Task<bool> VacuumAsync(CancellationToken cancellationToken)
    {
        var owner = configuration.GetConnectionString(DatabaseModule.OwnerConnectionStringName);
        await using var connection = owner is null ? await dataSource.OpenConnectionAsync(cancellationToken) : new NpgsqlConnection(owner);
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        var tables = string.Join(", ", ErasedTables);
        await using (var allowed = new NpgsqlCommand(
            $"select coalesce(bool_and(pg_has_role(current_user, c.relowner, 'USAGE')), false) or (select rolsuper from pg_roles where rolname = current_user) " +
            $"from pg_class c where c.oid in ({string.Join(", ", ErasedTables.Select(t => $"'{t}'::regclass"))})", connection))
        {
            if (!(bool)(await allowed.ExecuteScalarAsync(cancellationToken))!)
            {
                logger.LogWarning("Erasure could not rewrite the files of {Tables}: the connection's role does not own them; run VACUUM FULL as the owner (privacy/retention.md).", tables);
                return false;
            }
        }

        await using var vacuum = new NpgsqlCommand($"vacuum (full) {tables}", connection) { CommandTimeout = 600 };
        await vacuum.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <summary>Every table an erasure writes to: events, the read models built from them, consents and identity.</summary>
    public static IReadOnlyList<string> ErasedTables { get; } =
    [
        $"{DatabaseModule.MartenSchema}.mt_events",
        $"{DatabaseModule.MartenSchema}.mt_doc_casedetails",
        $"{DatabaseModule.MartenSchema}.mt_doc_actionitem",
        $"{DatabaseModule.MartenSchema}.mt_doc_signalitem",
        $"{DatabaseModule.MartenSchema}.mt_doc_consentrecord",
        $"{DatabaseModule.MartenSchema}.mt_doc_meetingboard",
        "identity.mt_doc_resident",
    ];

    /// <summary>Closed cases past the retention period of the policy lose their words, and their residents' identity.</summary>
    public async Task ApplyRetentionAsync(SharingPolicy policy, CancellationToken cancellationToken)
    {
        var years = policy.RetentionFor("casusoverleg").Years;
        var cutoff = clock.GetUtcNow().AddYears(-years);
        await using var query = store.QuerySession();
        var expired = await query.Query<CaseDetails>()
            .Where(c => c.Status == Cases.CaseStatus.Afgesloten && c.ErasedAt == null && c.Closure!.At < cutoff)
            .ToListAsync(cancellationToken);
        foreach (var details in expired)
        {
            try
            {
                await RefuseStepsNotReadAsync([details.Id], cancellationToken);
                await MaskCaseAsync(details.Id, $"Bewaartermijn van {years} jaar voorbij", "system:retention", cancellationToken);
            }
            catch (Rejected refused)
            {
                // One case with steps the app cannot read holds up no other; it is tried again on the next run.
                logger.LogError("Retention could not erase case {CaseId}: {Reason}", details.Id, refused.Message);
            }
        }

        if (expired.Count > 0)
        {
            await VacuumAsync(cancellationToken);
        }
    }
}
