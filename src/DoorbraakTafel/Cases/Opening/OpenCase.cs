using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Tables;
using Marten;

namespace DoorbraakTafel.Cases.Opening;

/// <summary>A professional brings a case to a table. The resident is only referenced by id: identity lives in the privacy module.</summary>
internal static class OpenCase
{
    public sealed record Request(
        [property: Text(120)] string? Title, [property: Text(4000, MultiLine = true)] string? Bottleneck, DataCategory? BottleneckCategory, Guid? ResidentId, bool? ResidentInformed,
        [property: Text(500, MultiLine = true)] string? ResidentNotInformedReason, Guid? TableId);

    /// <param name="table">The table the case is brought in at, as it stands; its chair may then put the case on its agenda.</param>
    public static CaseOpened Decide(Guid caseId, string title, CategorisedText bottleneck, CurrentUser user, Guid? residentId, ResidentInformed? informed, TableDetails? table, DateTimeOffset now)
    {
        if (informed is { Informed: false, ReasonIfNot: null })
        {
            throw Rejected.Invalid("residentNotInformedReason", "When the resident was not informed of the referral, record the reason why not.");
        }

        if (table is not null && !table.HasMember(user.OrganisationId))
        {
            throw Rejected.Invalid(
                "tableId",
                $"Your organisation does not sit at table {table.Id}; bring the case in at a table it sits at.",
                "Uw organisatie zit niet aan deze tafel. Kies een tafel waar uw organisatie aan zit.");
        }

        return new CaseOpened(caseId, title, bottleneck, new Referrer(user.UserId, user.OrganisationId), residentId, informed, now, table?.Id);
    }

    public static async Task<IResult> Handle(Request request, CurrentUser user, TimeProvider clock, IQuerySession query, PrivacyGate gate, HttpContext http)
    {
        var errors = Http.Errors();
        var title = errors.RequireText("title", request.Title, 120);
        var bottleneck = errors.RequireText("bottleneck", request.Bottleneck);
        var notInformedReason = errors.OptionalText("residentNotInformedReason", request.ResidentNotInformedReason, 500);
        errors.ThrowIfAny();

        await EnsureMayNameResidentAsync(gate, request.ResidentId, user, http.RequestAborted);
        var table = await TableAsync(query, request.TableId, user.OrganisationId, http.RequestAborted);
        var informed = request.ResidentInformed is { } told ? new ResidentInformed(told, told ? null : notInformedReason) : null;
        var opened = Decide(Guid.CreateVersion7(), title, new CategorisedText(bottleneck, request.BottleneckCategory ?? DataCategory.Wonen),
            user, request.ResidentId, informed, table, clock.GetUtcNow());
        return await Writes.Run(http, Starting(opened));
    }

    /// <summary>
    /// A case names a resident only where the opener's organisation knows that resident already
    /// (<see cref="PrivacyGate.EnsureMayLinkResidentAsync"/>): a resident id seen elsewhere opens
    /// nothing. The API and the page share it.
    /// </summary>
    public static async Task EnsureMayNameResidentAsync(PrivacyGate gate, Guid? residentId, CurrentUser user, CancellationToken cancellationToken)
    {
        if (residentId is { } id)
        {
            await gate.EnsureMayLinkResidentAsync(id, user, cancellationToken);
        }
    }

    /// <summary>
    /// The table a case is brought in at; the API and the page share it. An organisation that sits
    /// at a table names one, so the case reaches that table's chair and no other; one at none
    /// brings a case in without.
    /// </summary>
    public static async Task<TableDetails?> TableAsync(IQuerySession query, Guid? tableId, string organisationId, CancellationToken cancellationToken)
    {
        if (tableId is { } id)
        {
            return await query.LoadAsync<TableDetails>(id, cancellationToken) ?? throw Rejected.Invalid("tableId", $"There is no table with id {id}.", "Deze tafel bestaat niet (meer). Kies een andere tafel.");
        }

        return (await TablesOfAsync(query, organisationId, cancellationToken)).Count == 0
            ? null
            : throw Rejected.Invalid("tableId", "Name the table the case is brought in at (tableId): your organisation sits at one or more tables.", "Kies de tafel waar u de casus inbrengt.");
    }

    /// <summary>The tables an organisation sits at now: where it can bring in a case.</summary>
    public static async Task<IReadOnlyList<TableDetails>> TablesOfAsync(IQuerySession query, string organisationId, CancellationToken cancellationToken)
    {
        var tables = await query.Query<TableDetails>().Where(t => t.Organisations.Any(o => o.Id == organisationId)).ToListAsync(cancellationToken);
        return [.. tables.Where(t => t.HasMember(organisationId)).OrderBy(t => t.Name)];
    }

    /// <summary>Starts the case's stream; the API and the page where a professional brings in a case share it.</summary>
    public static Func<IDocumentSession, long?, Task<WriteAnswer>> Starting(CaseOpened opened) => (session, _) =>
    {
        session.Events.StartStream<Case>(opened.CaseId, opened);
        return Task.FromResult(WriteAnswer.Created($"/api/cases/{opened.CaseId}", new Written(opened.CaseId, 1), 1));
    };
}
