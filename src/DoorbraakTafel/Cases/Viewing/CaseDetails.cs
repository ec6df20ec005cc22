using DoorbraakTafel.Privacy;
using Marten.Events.Aggregation;

namespace DoorbraakTafel.Cases.Viewing;

/// <summary>The case as a reader sees it; kept up to date inline, in the transaction of each append.</summary>
public sealed record CaseDetails(Guid Id, string Title, CategorisedText Bottleneck, Referrer Referrer, CaseStatus Status, DateTimeOffset OpenedAt)
{
    public int Version { get; set; }
}

internal sealed class CaseDetailsProjection : SingleStreamProjection<CaseDetails, Guid>
{
    public static CaseDetails Create(CaseOpened opened) =>
        new(opened.CaseId, opened.Title, opened.Bottleneck, opened.Referrer, CaseStatus.Aangemeld, opened.OpenedAt);
}
