using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Privacy.Rights;

/// <summary>
/// The privacy officer's question: what could organisation Y see of resident X on date D?
/// The gate's own rules, run with table membership, involvements, closure and consents as they stood
/// at the end of that day, and with the version of the sharing policy that was in force on that day
/// (<see cref="PolicyVersion"/>; its version is in the answer).
/// </summary>
internal static class WhatCouldSee
{
    public sealed record CaseAnswer(Guid CaseId, string Alias, NeedToKnow Access, IReadOnlyList<CategoryVerdict> Categories);

    public sealed record Answer(string OrganisationId, OrganisationType OrganisationType, Guid ResidentId, DateOnly Date, string PolicyVersion, IReadOnlyList<CaseAnswer> Cases);

    public static async Task<IResult> Handle(string organisationId, OrganisationType organisationType, Guid residentId, DateOnly date,
        IQuerySession query, SharingPolicy policy, CancellationToken cancellationToken) =>
        TypedResults.Ok(await AnswerAsync(organisationId, organisationType, residentId, date, query, policy, cancellationToken));

    /// <summary>The answer itself; the API and the privacy page share it.</summary>
    public static async Task<Answer> AnswerAsync(string organisationId, OrganisationType organisationType, Guid residentId, DateOnly date,
        IQuerySession query, SharingPolicy current, CancellationToken cancellationToken)
    {
        var then = PolicyVersion.InForceOn(await query.Query<PolicyVersion>().ToListAsync(cancellationToken), date);
        var policy = then is null || then.Version == current.Version && then.ValidFrom == current.ValidFrom
            ? current
            : PolicyLoader.Parse(then.Json, $"sharing policy {then.Version} (history)");
        var moment = new DateTimeOffset(date.ToDateTime(new TimeOnly(23, 59, 59)), Clock.Netherlands.GetUtcOffset(date.ToDateTime(TimeOnly.MaxValue)));
        var cases = await query.Query<CaseDetails>().Where(c => c.ResidentId == residentId).ToListAsync(cancellationToken);
        var consents = await query.Query<ConsentRecord>().Where(c => c.ResidentId == residentId).ToListAsync(cancellationToken);
        var tableIds = cases.SelectMany(c => c.Schedule.Select(s => s.TableId)).Distinct().ToArray();
        var tables = (await query.LoadManyAsync<TableDetails>(cancellationToken, tableIds)).ToDictionary(t => t.Id);
        var viewer = new ViewerFacts("(organisatie)", Roles.Professional, organisationId, organisationType, SignedConfidentiality: false);

        var answers = cases.Where(c => c.OpenedAt <= moment).Select(details =>
        {
            var scheduled = details.Schedule.Where(s => s.Date <= date && tables.ContainsKey(s.TableId)).Select(s => tables[s.TableId]).ToList();
            var facts = new CaseFacts(
                details.Referrer.OrganisationId,
                [.. scheduled.SelectMany(t => t.Organisations.Where(o => o.Since <= moment && (o.Until is null || o.Until > moment)).Select(o => o.Id)).Distinct()],
                [.. details.InvolvedOrganisations.Where(i => i.At <= moment).Select(i => new InvolvedOrganisation(i.DecisionId, i.OrganisationId))],
                scheduled.LastOrDefault()?.Municipality,
                details.Closure is { } closure && closure.At <= moment ? closure.At : null,
                consents,
                // The question is an organisation's; a table's chair sees as a person, not as their organisation.
                []);
            var access = GateRules.Assess(viewer, facts, moment, policy.FollowUpAfterClose);
            var verdicts = Enum.GetValues<DataCategory>()
                .Select(category => GateRules.Decide(policy, viewer, facts, access, category, SharingPolicy.CaseConferencePurpose, moment, date))
                .ToList();
            return new CaseAnswer(details.Id, PrivacyGate.AliasOf(details), access, verdicts);
        }).ToList();

        return new Answer(organisationId, organisationType, residentId, date, policy.Version, answers);
    }
}
