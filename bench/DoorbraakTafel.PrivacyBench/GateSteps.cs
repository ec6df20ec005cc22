using System.Diagnostics;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Privacy.Residents;
using DoorbraakTafel.Tables;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.PrivacyBench;

/// <summary>
/// The privacy gate's read (PrivacyGate.ViewCaseAsync: one batch for the case and its facts, the rules, the record) step by step, with a stopwatch around each
/// step: the same calls in the same order on one scoped session, copied from the gate because its
/// steps are private. Shows where a filtered read's time goes; the gate itself is measured as a
/// whole beside it, so a copy that drifted from the original would show as a different total.
/// </summary>
internal sealed class GateSteps(IServiceProvider services, Guid caseId, CurrentUser user)
{
    public static readonly string[] Names = ["scope", "case and facts batch", "decide + filter", "disclosure append"];

    private readonly long[] ticks = new long[Names.Length];
    private long reads;
    private bool measuring;

    public void Measure(bool on)
    {
        measuring = on;
    }

    public IReadOnlyList<(string Step, double Milliseconds)> Means()
    {
        var count = Math.Max(1, Interlocked.Read(ref reads));
        return [.. Names.Select((name, i) => (name, Interlocked.Read(ref ticks[i]) * 1000.0 / Stopwatch.Frequency / count))];
    }

    public async Task ReadAsync()
    {
        var step = Stopwatch.GetTimestamp();
        var times = new long[Names.Length];
        void Lap(int i)
        {
            var now = Stopwatch.GetTimestamp();
            times[i] = now - step;
            step = now;
        }

        await using var scope = services.CreateAsyncScope();
        var query = scope.ServiceProvider.GetRequiredService<IQuerySession>();
        var policy = scope.ServiceProvider.GetRequiredService<SharingPolicy>();
        var log = scope.ServiceProvider.GetRequiredService<DisclosureLog>();
        Lap(0);

        // The case and its facts in one round trip, read off the stored case document as the gate does.
        const string OfCase = $"(select {{0}} from {DatabaseModule.MartenSchema}.mt_doc_casedetails c {{1}} where c.id = ?)";
        var batch = query.CreateBatchQuery();
        var loaded = batch.Load<CaseDetails>(caseId);
        var tables = batch.Query<TableDetails>("where d.id in " + string.Format(OfCase, "(s ->> 'TableId')::uuid", "cross join jsonb_array_elements(c.data -> 'Schedule') s"), caseId);
        var consents = batch.Query<ConsentRecord>("where CAST(d.data ->> 'ResidentId' as uuid) = " + string.Format(OfCase, "CAST(c.data ->> 'ResidentId' as uuid)", ""), caseId);
        var statement = user.Role == Roles.ExpertByExperience ? batch.Load<ConfidentialityStatement>(user.UserId) : Task.FromResult<ConfidentialityStatement?>(null);
        var resident = batch.Query<Resident>("where d.id = " + string.Format(OfCase, "CAST(c.data ->> 'ResidentId' as uuid)", ""), caseId);
        await batch.Execute();
        var details = await loaded ?? throw new InvalidOperationException("The case is gone.");
        var tableList = await tables;
        await resident;
        Lap(1);

        var now = DateTimeOffset.UtcNow;
        var latestTable = details.Schedule.OrderBy(s => s.Date).Select(s => tableList.FirstOrDefault(t => t.Id == s.TableId)).LastOrDefault(t => t is not null);
        var viewer = new ViewerFacts(user.UserId, user.Role, user.OrganisationId, user.OrganisationType, await statement is not null);
        var facts = new CaseFacts(
            details.Referrer.OrganisationId,
            [.. tableList.SelectMany(t => t.CurrentMembers.Select(m => m.Id)).Distinct()],
            [.. details.InvolvedOrganisations.Select(i => new InvolvedOrganisation(i.DecisionId, i.OrganisationId))],
            latestTable?.Municipality,
            details.Closure?.At,
            await consents,
            [.. tableList.SelectMany(t => t.Chairs).Distinct()]);
        var access = GateRules.Assess(viewer, facts, now, policy.FollowUpAfterClose);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Clock.Netherlands).DateTime);
        var verdicts = Enum.GetValues<DataCategory>()
            .ToDictionary(c => c, c => GateRules.Decide(policy, viewer, facts, access, c, SharingPolicy.CaseConferencePurpose, now, today));
        details.MapTexts(text => verdicts[text.Category] is { Shown: true } shown
            ? text with { Gate = new GateNote(true, shown.Explanation) }
            : text with { Text = PrivacyGate.Redacted, Gate = new GateNote(false, verdicts[text.Category].Explanation) });
        var present = details.Texts().Select(t => t.Category).Append(DataCategory.Identificatie).ToHashSet();
        var categories = verdicts.Values.Where(v => present.Contains(v.Category)).ToList();
        Lap(2);

        var purpose = policy.Purposes.First(p => p.Id == SharingPolicy.CaseConferencePurpose);
        var shownVerdicts = categories.Where(v => v.Shown).ToList();
        await log.AppendAsync(new DisclosureRecord(
            now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond)), viewer.UserId, viewer.Role, viewer.OrganisationId, viewer.OrganisationType.ToString(), purpose.Id,
            purpose.ProcessingActivityId,
            string.Join("; ", shownVerdicts.Select(v => $"{v.Category}={(v.ConsentId is { } c ? $"consent:{c}" : v.RuleId is { } r ? $"rule:{r}" : "controller")}")),
            string.Join(",", shownVerdicts.Where(v => v.ConsentId is not null).Select(v => v.ConsentId)),
            details.ResidentId?.ToString(), string.Join(",", shownVerdicts.Select(v => v.Category)), string.Join(",", categories.Where(v => !v.Shown).Select(v => v.Category)),
            Channel.Api, "case", details.Id.ToString(), details.Version, Activity.Current?.TraceId.ToString(), Activity.Current?.SpanId.ToString(), policy.Version), CancellationToken.None);
        Lap(3);

        if (measuring)
        {
            Interlocked.Increment(ref reads);
            for (var i = 0; i < times.Length; i++)
            {
                Interlocked.Add(ref ticks[i], times[i]);
            }
        }
    }
}
