using DoorbraakTafel.Cases;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Consents;
using DoorbraakTafel.Privacy.Disclosures;
using DoorbraakTafel.Privacy.Gate;
using DoorbraakTafel.Privacy.Policy;
using DoorbraakTafel.Privacy.Residents;
using DoorbraakTafel.Privacy.Rights;
using Hangfire;
using JasperFx.Events.Projections;
using Marten;

namespace DoorbraakTafel.Privacy;

public static class PrivacyModule
{
    public const string PrivacyOfficerPolicy = "PrivacyOfficer";

    public static void RegisterPrivacy(this StoreOptions options)
    {
        // Identity lives apart from the event streams, so erasure deletes it without touching history.
        options.Schema.For<Resident>().DatabaseSchemaName("identity").UniqueIndex(r => r.Bsn, r => r.RegisteredByOrganisation);
        options.Schema.For<ResidentErasure>().DatabaseSchemaName("identity");
        options.Schema.For<ConfidentialityStatement>();
        options.Projections.Add<ConsentRecordProjection>(ProjectionLifecycle.Inline);
        // The gate reads a resident's consents on every read of a case.
        options.Schema.For<ConsentRecord>().Index(c => c.ResidentId);
        options.Schema.For<PolicyVersion>();
        Erasure.RegisterMasking(options);
    }

    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.AddSharingPolicy();
        builder.Services.AddSingleton(ChainKeys.From(builder.Configuration));
        builder.Services.AddSingleton<DisclosureCheckpoints>();
        builder.Services.AddTransient<DisclosureCheckpointJob>();
        builder.Services.AddSingleton<DisclosureLog>();
        builder.Services.AddSingleton(new SchemaScript(DisclosureLog.SchemaName, DisclosureLog.Schema));
        builder.Services.AddScoped<PrivacyGate>();
        builder.Services.AddTransient<ExpiringConsents>();
        builder.Services.AddTransient<Erasure>();
        builder.Services.AddTransient<RetentionJob>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(PrivacyOfficerPolicy, policy => policy.RequireRole(Roles.PrivacyOfficer));
        return builder;
    }

    public static IEndpointRouteBuilder MapPrivacy(this IEndpointRouteBuilder app)
    {
        var work = app.MapGroup("/api").WithTags("Residents and consent").RequireAuthorization(CasesModule.CaseWorkPolicy);
        // A resident registered already by the organisation is refused with 409.
        work.MapPost("/residents", RegisterResident.Handle).WithName("RegisterResident")
            .Produces<Saved>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict);
        work.MapPost("/residents/{id:guid}/consents", RecordConsent.Handle).WithName("RecordConsent").Produces<Written>(StatusCodes.Status201Created);
        work.MapPost("/consents/{id:guid}/withdraw", RecordConsent.HandleWithdraw).WithName("WithdrawConsent").Produces<Written>().TakesIfMatch();

        var officer = app.MapGroup("/api/privacy").WithTags("Privacy officer").RequireAuthorization(PrivacyOfficerPolicy);
        officer.MapGet("/disclosures", DisclosureSearch.Handle).WithName("SearchDisclosures").Produces<IReadOnlyList<LoggedDisclosure>>();
        officer.MapGet("/disclosures.csv", DisclosureSearch.HandleCsv).WithName("ExportDisclosures").ProducesFile("text/csv");
        officer.MapGet("/disclosures/verify", async (DisclosureLog log, CancellationToken cancellationToken) => TypedResults.Ok(await log.VerifyAsync(cancellationToken)))
            .WithName("VerifyDisclosureLog");
        // The checkpoint as the job wrote it, signature and all: the file, not a rendering of it.
        officer.MapGet("/disclosures/checkpoints/latest", (DisclosureCheckpoints checkpoints) => checkpoints.LatestFile() is { } file
            ? Results.File(file, "application/json", Path.GetFileName(file))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No checkpoint yet", detail: "The checkpoint job has not written a checkpoint of the disclosure log yet."))
            .WithName("GetLatestCheckpoint").ProducesFile("application/json").ProducesProblem(StatusCodes.Status404NotFound);
        officer.MapGet("/disclosures/checkpoints/public-key", (DisclosureCheckpoints checkpoints) => Results.Text(checkpoints.PublicKeyPem, "application/x-pem-file"))
            .WithName("GetCheckpointPublicKey").ProducesFile("application/x-pem-file");
        officer.MapGet("/consents/expiring", async (IQuerySession query, TimeProvider clock, CancellationToken cancellationToken) =>
            TypedResults.Ok(await ExpiringConsents.List(query, clock.Today(), cancellationToken))).WithName("ListExpiringConsents");
        officer.MapGet("/what-could-see", WhatCouldSee.Handle).WithName("WhatCouldSee").Produces<WhatCouldSee.Answer>();
        var rights = app.MapGroup("/api/residents/{id:guid}").WithTags("Data subject rights").RequireAuthorization(PrivacyOfficerPolicy);
        rights.MapGet("/access-report", AccessReports.Handle).WithName("GetAccessReport").Produces<AccessReport>();
        // 409 when a step of the resident's case cannot be read: its words would stay (docs/decisions.md).
        rights.MapPost("/erasure", async (Guid id, CurrentUser user, Erasure erasure, CancellationToken cancellationToken) =>
            TypedResults.Ok(await erasure.EraseResidentAsync(id, user, cancellationToken))).WithName("EraseResident").ProducesProblem(StatusCodes.Status409Conflict);
        officer.MapGet("/open-points", (SharingPolicy policy) => TypedResults.Ok(new OpenPoints(policy.RulesToVerify, policy.RetentionToVerify))).WithName("ListOpenPoints");
        app.MapPost("/api/privacy/confidentiality-statements", RecordStatement).WithName("RecordConfidentialityStatement").Produces<StatementRecorded>()
            .WithTags("Privacy officer").RequireAuthorization(policy => policy.RequireRole(Roles.PrivacyOfficer, Roles.Admin));

        app.ServiceProvider.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ExpiringConsents>(
            "expiring-consents", job => job.RunAsync(CancellationToken.None), Cron.Daily(6), new RecurringJobOptions { TimeZone = Clock.Netherlands });
        app.ServiceProvider.GetRequiredService<IRecurringJobManager>().AddOrUpdate<DisclosureCheckpointJob>(
            "disclosure-checkpoint", job => job.RunAsync(CancellationToken.None),
            app.ServiceProvider.GetRequiredService<IConfiguration>()[DisclosureCheckpoints.ScheduleSetting] ?? DisclosureCheckpoints.DefaultSchedule);
        app.ServiceProvider.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RetentionJob>(
            "retention", job => job.RunAsync(CancellationToken.None), Cron.Daily(3), new RecurringJobOptions { TimeZone = Clock.Netherlands });
        return app;
    }

    /// <summary>Daily: closed cases past their retention period lose their words.</summary>
    public sealed class RetentionJob(Erasure erasure, SharingPolicy policy)
    {
        public Task RunAsync(CancellationToken cancellationToken) => erasure.ApplyRetentionAsync(policy, cancellationToken);
    }

    public sealed record StatementRequest([property: Text(100)] string? UserId, [property: Text(200)] string? Reference);

    /// <summary>Whose confidentiality statement was recorded.</summary>
    public sealed record StatementRecorded([property: NonPersonal("a user id")] string UserId);

    /// <summary>What the sharing policy leaves for the privacy officer to verify: rules and retention periods marked so.</summary>
    public sealed record OpenPoints(IReadOnlyList<PolicyRule> Rules, IReadOnlyList<RetentionRule> Retention);

    private static Task<IResult> RecordStatement(StatementRequest request, CurrentUser user, TimeProvider clock, HttpContext http)
    {
        var errors = Http.Errors();
        var userId = errors.RequireText("userId", request.UserId, 100);
        var reference = errors.RequireText("reference", request.Reference, 200);
        errors.ThrowIfAny();
        return Writes.Run(http, (session, _) =>
        {
            session.Store(new ConfidentialityStatement(userId, reference, user.UserId, clock.GetUtcNow()));
            return Task.FromResult(WriteAnswer.Ok(new StatementRecorded(userId), 0));
        });
    }
}
