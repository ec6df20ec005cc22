using DoorbraakTafel.Cases;
using DoorbraakTafel.Cases.Acting;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Privacy.Residents;
using Marten;

namespace DoorbraakTafel.Privacy.Rights;

public sealed record CaseTextsErased(Guid CaseId, string Because, string By, DateTimeOffset At);

/// <summary>
/// Erasure (AVG art. 17) and retention: identity data deleted, the free text in a case's events
/// masked in place with Marten's event data masking, read models rebuilt. The history stays: who
/// did what when, with a visible "verwijderd" marker instead of the words.
/// </summary>
public sealed class Erasure(IDocumentStore store, TimeProvider clock)
{
    public const string Masked = "[verwijderd]";

    public static void RegisterMasking(StoreOptions options)
    {
        static Privacy.CategorisedText M(Privacy.CategorisedText text) => text with { Text = Masked };
        static Privacy.CategorisedText? O(Privacy.CategorisedText? text) => text is null ? null : M(text);
        var events = options.Events;
        events.AddMaskingRuleForProtectedInformation<CaseOpened>(e => e with { Title = Masked, Bottleneck = M(e.Bottleneck) });
        events.AddMaskingRuleForProtectedInformation<ResidentVoiceRecorded>(e => e with { Words = M(e.Words), Wishes = O(e.Wishes) });
        events.AddMaskingRuleForProtectedInformation<VuistregelAssessed>(e => e with { Note = O(e.Note) });
        events.AddMaskingRuleForProtectedInformation<ContributionAdded>(e => e with { Text = M(e.Text) });
        events.AddMaskingRuleForProtectedInformation<ProposalMade>(e => e with { Text = M(e.Text) });
        events.AddMaskingRuleForProtectedInformation<PositionTaken>(e => e with { Reason = e.Reason is null ? null : Masked });
        events.AddMaskingRuleForProtectedInformation<DecisionRecorded>(e => e with
        {
            What = M(e.What),
            Why = M(e.Why),
            RuleDeviation = e.RuleDeviation is null ? null : e.RuleDeviation with { Reason = Masked },
        });
        events.AddMaskingRuleForProtectedInformation<ActionAssigned>(e => e with { Description = M(e.Description) });
        events.AddMaskingRuleForProtectedInformation<ActionCompleted>(e => e with { Note = e.Note is null ? null : Masked });
        events.AddMaskingRuleForProtectedInformation<HousingProfileRecorded>(e => e with
        {
            Wishes = O(e.Wishes),
            SupportConditions = O(e.SupportConditions),
            Income = O(e.Income),
            Risks = O(e.Risks),
        });
        events.AddMaskingRuleForProtectedInformation<RoadmapStepReached>(e => e with { Note = e.Note is null ? null : Masked });
        events.AddMaskingRuleForProtectedInformation<OrganisationInvolved>(e => e with { Reason = M(e.Reason) });
        events.AddMaskingRuleForProtectedInformation<CaseClosed>(e => e with
        {
            Summary = M(e.Summary),
            Outcomes = [.. e.Outcomes.Select(o => o with { Note = o.Note is null ? null : Masked })],
        });
    }

    /// <summary>Erases a resident: identity gone, the words in every case about them masked.</summary>
    public async Task<IReadOnlyList<Guid>> EraseResidentAsync(Guid residentId, CurrentUser by, CancellationToken cancellationToken)
    {
        await using var query = store.QuerySession();
        if (!await query.Query<Resident>().AnyAsync(r => r.Id == residentId, cancellationToken)
            && !await query.Query<CaseDetails>().AnyAsync(c => c.ResidentId == residentId, cancellationToken))
        {
            throw Rejected.NotFound("Resident", residentId);
        }

        var cases = await query.Query<CaseDetails>().Where(c => c.ResidentId == residentId).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var caseId in cases)
        {
            await MaskCaseAsync(caseId, "Verwijderd op verzoek van de inwoner (AVG art. 17)", by.UserId, cancellationToken);
        }

        await using var session = store.LightweightSession();
        session.Delete<Resident>(residentId);
        await session.SaveChangesAsync(cancellationToken);
        return cases;
    }

    /// <summary>Masks the free text of one case's events and rebuilds what was built from them.</summary>
    public async Task MaskCaseAsync(Guid caseId, string because, string by, CancellationToken cancellationToken)
    {
        await store.Advanced.ApplyEventDataMasking(masking => masking.IncludeStream(caseId), cancellationToken);
        await using (var session = store.LightweightSession())
        {
            session.LastModifiedBy = by;
            session.Events.Append(caseId, new CaseTextsErased(caseId, because, by, clock.GetUtcNow()));
            var items = await session.Query<ActionItem>().Where(a => a.CaseId == caseId).ToListAsync(cancellationToken);
            foreach (var item in items)
            {
                session.Store(item with { Description = item.Description with { Text = Masked } });
            }

            await session.SaveChangesAsync(cancellationToken);
        }

        await store.Advanced.RebuildSingleStreamAsync<CaseDetails>(caseId, cancellationToken);
    }

    /// <summary>Closed cases past the retention period of the policy lose their words, and their residents' identity.</summary>
    public async Task ApplyRetentionAsync(SharingPolicy policy, CancellationToken cancellationToken)
    {
        var years = policy.RetentionFor("casusoverleg").Years;
        var cutoff = clock.GetUtcNow().AddYears(-years);
        await using var query = store.QuerySession();
        var expired = await query.Query<CaseDetails>()
            .Where(c => c.Status == CaseStatus.Afgesloten && c.ErasedAt == null && c.Closure!.At < cutoff)
            .ToListAsync(cancellationToken);
        foreach (var details in expired)
        {
            await MaskCaseAsync(details.Id, $"Bewaartermijn van {years} jaar voorbij", "system:retention", cancellationToken);
        }
    }
}
