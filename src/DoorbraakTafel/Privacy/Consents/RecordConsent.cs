using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Policy;
using Marten;

namespace DoorbraakTafel.Privacy.Consents;

/// <summary>Records a resident's consent with its evidence, and withdraws it; withdrawal counts from the next read on.</summary>
internal static class RecordConsent
{
    public sealed record Request(
        [property: Text(100)] string? Purpose, IReadOnlyList<DataCategory>? Categories, [property: Text(100)] IReadOnlyList<string>? RecipientOrganisations,
        IReadOnlyList<OrganisationType>? RecipientOrganisationTypes, ConsentKind? Kind, EvidenceKind? EvidenceHow, [property: Text(200)] string? DocumentReference,
        DateOnly? ValidFrom, DateOnly? ValidUntil);

    public sealed record WithdrawRequest([property: Text(1000, MultiLine = true)] string? Reason);

    public static ConsentGiven Decide(SharingPolicy policy, Guid consentId, Guid residentId, Request request, CurrentUser user, DateOnly today, DateTimeOffset now)
    {
        StrictInput.Check(request);
        var errors = Http.Errors();
        var purpose = errors.RequireText("purpose", request.Purpose, 100);
        if (purpose.Length > 0 && policy.Purposes.All(p => p.Id != purpose))
        {
            errors["purpose"] = [$"Unknown purpose; the policy knows {string.Join(", ", policy.Purposes.Select(p => p.Id))}."];
        }

        if (request.Categories is not { Count: > 0 })
        {
            errors["categories"] = ["Name at least one data category the consent covers."];
        }

        if (request.RecipientOrganisations is not { Count: > 0 } && request.RecipientOrganisationTypes is not { Count: > 0 })
        {
            errors["recipientOrganisations"] = ["Name the receiving organisations or organisation types."];
        }

        var kind = errors.Require("kind", request.Kind);
        var how = errors.Require("evidenceHow", request.EvidenceHow);
        var validFrom = request.ValidFrom ?? today;
        if (request.ValidUntil is { } until && until < validFrom)
        {
            errors["validUntil"] = ["The consent ends before it starts."];
        }

        if (how is EvidenceKind.Schriftelijk or EvidenceKind.Digitaal && string.IsNullOrWhiteSpace(request.DocumentReference))
        {
            errors["documentReference"] = ["Written or digital consent needs a reference to the document."];
        }

        errors.ThrowIfAny();
        return new ConsentGiven(consentId, residentId, purpose, [.. request.Categories!.Distinct()],
            new ConsentRecipients([.. (request.RecipientOrganisations ?? []).Select(o => o.Trim()).Distinct()], [.. (request.RecipientOrganisationTypes ?? []).Distinct()]),
            kind, new ConsentEvidence(how, user.UserId, user.OrganisationId, request.DocumentReference?.Trim()), validFrom, request.ValidUntil, now);
    }

    public static async Task<IResult> Handle([Microsoft.AspNetCore.Mvc.FromRoute(Name = "id")] Guid residentId, Request request, CurrentUser user, SharingPolicy policy, TimeProvider clock, PrivacyGate gate, HttpContext http)
    {
        await gate.EnsureMayChangeConsentsAsync(residentId, user, http.RequestAborted);
        var given = Decide(policy, Guid.CreateVersion7(), residentId, request, user, clock.Today(), clock.GetUtcNow());
        return await Writes.Run(http, Giving(given));
    }

    /// <summary>Starts the consent's stream; the API and the consent page share it.</summary>
    public static Func<IDocumentSession, long?, Task<WriteAnswer>> Giving(ConsentGiven given) => (session, _) =>
    {
        session.Events.StartStream<ConsentRecord>(given.ConsentId, given);
        return Task.FromResult(WriteAnswer.Created($"/api/consents/{given.ConsentId}", new Written(given.ConsentId, 1), 1));
    };

    public static object[] Withdraw(ConsentRecord consent, string? reason, string by, DateTimeOffset now) =>
        consent.WithdrawnAt is null ? [new ConsentWithdrawn(consent.Id, consent.ResidentId, reason, by, now)] : [];

    public static async Task<IResult> HandleWithdraw(Guid id, WithdrawRequest request, CurrentUser user, TimeProvider clock, IQuerySession query, PrivacyGate gate, HttpContext http)
    {
        // A consent someone may not see answers as one that does not exist: it would tell that the resident is known.
        var unknown = Rejected.NotFound("Consent", id);
        var consent = await query.LoadAsync<ConsentRecord>(id, http.RequestAborted) ?? throw unknown;
        await gate.EnsureMayChangeConsentsAsync(consent.ResidentId, user, http.RequestAborted, unknown);
        return await Writes.Run(http, Withdrawing(id, request.Reason?.Trim(), user, clock.GetUtcNow(), http.RequestAborted));
    }

    /// <summary>The withdrawal write, shared by the API and the consent page.</summary>
    public static Func<IDocumentSession, long?, Task<WriteAnswer>> Withdrawing(Guid id, string? reason, CurrentUser user, DateTimeOffset now, CancellationToken cancellationToken) =>
        async (session, expected) =>
        {
            var version = await session.Decide<ConsentRecord>(id, expected, "Consent", consent => Withdraw(consent, reason, user.UserId, now), cancellationToken);
            return WriteAnswer.Ok(new Written(id, version), version);
        };
}
