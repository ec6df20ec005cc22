using Marten;
using Marten.Events.Projections;

namespace DoorbraakTafel.Cases.Viewing;

/// <summary>
/// A contribution as a document of its own, beside its case's <see cref="CaseDetails"/>: a case
/// collects contributions meeting after meeting, and kept inside the case document every write
/// would load and rewrite all of them (docs/benchmarks.md). Kept inline, like the case document.
/// </summary>
public sealed record ContributionEntry(Guid Id, Guid CaseId, Contribution Contribution);

internal sealed class ContributionEntryProjection : MultiStreamProjection<ContributionEntry, Guid>
{
    public ContributionEntryProjection() => Identity<ContributionAdded>(e => e.ContributionId);

    public static ContributionEntry Create(ContributionAdded e) => new(e.ContributionId, e.CaseId, ContributionOf(e));

    public static Contribution ContributionOf(ContributionAdded e) => new(e.ContributionId, e.Text, e.Weighing, e.By, e.MeetingId, e.At);
}

/// <summary>Reads whole cases: the case document with its contributions, in one round trip.</summary>
public static class CaseContent
{
    public static async Task<CaseDetails?> LoadAsync(IQuerySession query, Guid caseId, CancellationToken cancellationToken)
    {
        var batch = query.CreateBatchQuery();
        var details = batch.Load<CaseDetails>(caseId);
        var contributions = batch.Query<ContributionEntry>().Where(c => c.CaseId == caseId).ToList();
        await batch.Execute(cancellationToken);
        return (await details)?.With(await contributions);
    }

    /// <summary>Cases read without their contributions, completed with them in one more round trip.</summary>
    public static async Task<IReadOnlyList<CaseDetails>> CompleteAsync(IQuerySession query, IReadOnlyList<CaseDetails> cases, CancellationToken cancellationToken)
    {
        if (cases.Count == 0)
        {
            return cases;
        }

        var ids = cases.Select(c => c.Id).ToArray();
        var contributions = (await query.Query<ContributionEntry>().Where(c => c.CaseId.IsOneOf(ids)).ToListAsync(cancellationToken)).ToLookup(c => c.CaseId);
        return [.. cases.Select(c => c.With([.. contributions[c.Id]]))];
    }

    /// <summary>A database of an earlier version kept contributions inside the case document: those come first.</summary>
    private static CaseDetails With(this CaseDetails details, IReadOnlyList<ContributionEntry> entries) => details with
    {
        Contributions = [.. details.Contributions.Concat(entries.Select(e => e.Contribution).OrderBy(c => c.At)).DistinctBy(c => c.Id)],
    };
}
