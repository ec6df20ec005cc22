using System.Diagnostics;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Privacy.Residents;
using Marten;

namespace DoorbraakTafel.Privacy.Rights;

/// <summary>
/// The answer to an inzageverzoek (AVG art. 15): what is held about a resident and who got to see
/// what, when, on which basis. Handed to the resident by the privacy officer, and logged as such.
/// For an erased resident, <see cref="Erasure"/> says what was erased when.
/// </summary>
public sealed record AccessReport(
    Guid ResidentId, Resident? Identity, IReadOnlyList<ConsentRecord> Consents, IReadOnlyList<CaseDetails> Cases, IReadOnlyList<LoggedDisclosure> Disclosures, DateTimeOffset CompiledAt,
    ResidentErasure? Erasure);

internal static class AccessReports
{
    public const string AccountabilityPurpose = "doorbraaktafel-verantwoording";

    public static async Task<IResult> Handle(Guid id, CurrentUser user, IQuerySession query, DisclosureLog log, SharingPolicy policy, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(await CompileAsync(id, user, query, log, policy, clock, Channel.Export, cancellationToken));

    /// <summary>Compiles the report and logs that it was handed out; the API and the privacy page share it.</summary>
    public static async Task<AccessReport> CompileAsync(
        Guid id, CurrentUser user, IQuerySession query, DisclosureLog log, SharingPolicy policy, TimeProvider clock, Channel channel, CancellationToken cancellationToken)
    {
        var identity = await query.LoadAsync<Resident>(id, cancellationToken);
        var erasure = await query.LoadAsync<ResidentErasure>(id, cancellationToken);
        var cases = await query.Query<CaseDetails>().Where(c => c.ResidentId == id).ToListAsync(cancellationToken);
        if (identity is null && erasure is null && cases.Count == 0)
        {
            throw Rejected.NotFound("Resident", id);
        }

        var consents = await query.Query<ConsentRecord>().Where(c => c.ResidentId == id).ToListAsync(cancellationToken);
        var disclosures = await log.SearchAsync(new DisclosureFilter(id.ToString(), null, null, null, null, null, Limit: 100_000), cancellationToken);
        var now = clock.GetUtcNow();
        var purpose = policy.Purposes.FirstOrDefault(p => p.Id == AccessReports.AccountabilityPurpose) ?? policy.Purposes[0];
        var activity = Activity.Current;
        await log.AppendAsync(new DisclosureRecord(
            now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond)), user.UserId, user.Role, user.OrganisationId, user.OrganisationType.ToString(), purpose.Id,
            purpose.ProcessingActivityId, "all=AVG art. 15 (inzageverzoek)", "", id.ToString(), string.Join(",", Enum.GetNames<DataCategory>()), "",
            channel, "access-report", id.ToString(), cases.Sum(c => (long)c.Version), activity?.TraceId.ToString(), activity?.SpanId.ToString(), policy.Version),
            cancellationToken);
        return new AccessReport(id, identity, consents, cases, disclosures, now, erasure);
    }
}
