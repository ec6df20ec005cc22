using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using Marten;

namespace DoorbraakTafel.Privacy.Residents;

/// <summary>Registers a resident's identity; answers only the id, so identity never travels back in a URL or log.</summary>
internal static class RegisterResident
{
    public sealed record Request(
        [property: Text(200)] string? Name, [property: Text(20)] string? Bsn, DateOnly? BirthDate, [property: Text(300)] string? Address, [property: Text(30)] string? Phone);

    /// <summary>Through the API's write path, so a retry with the same Idempotency-Key replays the first answer instead of refusing the BSN it registered.</summary>
    public static Task<IResult> Handle(Request request, CurrentUser user, TimeProvider clock, HttpContext http) =>
        Writes.Run(http, async (session, _) =>
        {
            var id = await RegisterAsync(request, user, clock, session, http.RequestAborted);
            return WriteAnswer.Created($"/api/residents/{id}", new Saved(id), version: 0);
        });

    /// <summary>Checks the resident and stores it in the session, which the caller saves; the API and the registration page share it. Answers the new id.</summary>
    public static async Task<Guid> RegisterAsync(Request request, CurrentUser user, TimeProvider clock, IDocumentSession session, CancellationToken cancellationToken)
    {
        var errors = Http.Errors();
        var name = errors.RequireText("name", request.Name, 200);
        var bsn = errors.RequireText("bsn", Normalise(request.Bsn), 9);
        var birthDate = errors.Require("birthDate", request.BirthDate);
        var address = errors.OptionalText("address", request.Address, 300);
        var phone = errors.OptionalText("phone", request.Phone, 30);
        if (bsn.Length > 0 && !errors.ContainsKey("bsn") && !Bsn.IsValid(bsn))
        {
            errors["bsn"] = ["Dit BSN klopt niet: het moet uit 9 cijfers bestaan en de elfproef doorstaan."];
        }

        if (request.BirthDate is { } born && born > clock.Today())
        {
            errors["birthDate"] = ["De geboortedatum ligt in de toekomst."];
        }

        errors.ThrowIfAny();
        // Only the organisation's own records are asked: whether another organisation registered this
        // BSN is not for this one to learn (docs/decisions.md, "A resident per organisation").
        if (await session.Query<Resident>().AnyAsync(r => r.Bsn == bsn && r.RegisteredByOrganisation == user.OrganisationId, cancellationToken))
        {
            throw Rejected.Conflict("Your organisation registered a resident with this BSN already; find that resident by BSN.", "Uw organisatie heeft deze inwoner al geregistreerd. Zoek de inwoner op BSN.");
        }

        var resident = new Resident(Guid.CreateVersion7(), name, bsn, birthDate, address, phone, clock.GetUtcNow(), user.UserId, user.OrganisationId);
        session.Insert(resident);
        return resident.Id;
    }

    /// <summary>A BSN as people write it (with spaces or dots) in the form the store keeps.</summary>
    public static string? Normalise(string? bsn) => bsn?.Replace(" ", "").Replace(".", "");
}
