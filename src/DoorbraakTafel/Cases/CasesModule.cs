using DoorbraakTafel.Cases.Acting;
using DoorbraakTafel.Cases.Assessing;
using DoorbraakTafel.Cases.Closing;
using DoorbraakTafel.Cases.Contributing;
using DoorbraakTafel.Cases.Deciding;
using DoorbraakTafel.Cases.Housing;
using DoorbraakTafel.Cases.Involving;
using DoorbraakTafel.Cases.Opening;
using DoorbraakTafel.Cases.Proposing;
using DoorbraakTafel.Cases.Signalling;
using DoorbraakTafel.Cases.Timeline;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Gate;
using Hangfire;
using JasperFx.Events.Projections;
using Marten;

namespace DoorbraakTafel.Cases;

public static class CasesModule
{
    /// <summary>Everyone at the table works on cases; the privacy officer audits and never writes case content.</summary>
    public const string CaseWorkPolicy = "CaseWork";

    public static void RegisterCases(this StoreOptions options)
    {
        // The case document, kept with every append; writes decide on it too (Case.Of), so a write
        // reads one document instead of replaying the stream (docs/benchmarks.md, issues 4 and 5).
        options.Projections.Add<CaseDetailsProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<ActionItemProjection>(ProjectionLifecycle.Async);
        options.Projections.Add<SignalItemProjection>(ProjectionLifecycle.Async);
        options.Schema.For<IdempotentRequest>();
    }

    public static WebApplicationBuilder AddCases(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder().AddPolicy(CaseWorkPolicy, policy =>
            policy.RequireRole(Roles.Professional, Roles.Chair, Roles.TeamLead, Roles.ExpertByExperience, Roles.Admin));
        builder.Services.AddTransient<ActionReminders>();
        builder.Services.AddSingleton<CaseDocuments>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases").RequireAuthorization();
        // A case is read through the privacy gate: 403 without need to know.
        cases.MapGet("/{id:guid}", GetCase.Handle).WithName("GetCase").Produces<CaseView>().ProducesProblem(StatusCodes.Status403Forbidden);
        cases.MapGet("/{id:guid}/timeline", CaseTimeline.Handle).WithName("GetCaseTimeline")
            .Produces<IReadOnlyList<CaseTimeline.Entry>>().ProducesProblem(StatusCodes.Status403Forbidden);

        var work = cases.MapGroup("/").RequireAuthorization(CaseWorkPolicy);
        work.MapPost("/", OpenCase.Handle).WithName("OpenCase").Produces<Written>(StatusCodes.Status201Created);
        work.MapPost("/{id:guid}/voice", RecordResidentVoice.Handle).WithName("RecordResidentVoice").ChangesCase();
        work.MapPost("/{id:guid}/assessments", AssessVuistregel.Handle).WithName("AssessVuistregel").ChangesCase();
        work.MapPost("/{id:guid}/contributions", AddContribution.Handle).WithName("AddContribution").AddsToCase();
        work.MapPost("/{id:guid}/proposals", MakeProposal.Handle).WithName("MakeProposal").AddsToCase();
        work.MapPost("/{id:guid}/proposals/{proposalId:guid}/positions", TakePosition.Handle).WithName("TakePosition").ChangesCase();
        work.MapPost("/{id:guid}/decisions", RecordDecision.Handle).WithName("RecordDecision").AddsToCase();
        work.MapPost("/{id:guid}/decisions/{decisionId:guid}/corrections", CorrectDecision.Handle).WithName("CorrectDecision").AddsToCase();
        work.MapPost("/{id:guid}/actions", AssignAction.Handle).WithName("AssignAction").AddsToCase();
        work.MapPost("/{id:guid}/housing-profile", RecordHousingProfile.Handle).WithName("RecordHousingProfile").ChangesCase();
        work.MapPost("/{id:guid}/roadmap", ReachRoadmapStep.Handle).WithName("ReachRoadmapStep").ChangesCase();
        work.MapPost("/{id:guid}/signals", RaiseSignal.Handle).WithName("RaiseSignal").AddsToCase();
        work.MapPost("/{id:guid}/signals/{signalId:guid}/status", ChangeSignalStatus.Handle).WithName("ChangeSignalStatus").ChangesCase();
        work.MapPost("/{id:guid}/involvements", InvolveOrganisation.Handle).WithName("InvolveOrganisation").AddsToCase();
        work.MapPost("/{id:guid}/close", CloseCase.Handle).WithName("CloseCase").ChangesCase();

        var actions = app.MapGroup("/api/actions").WithTags("Actions").RequireAuthorization(CaseWorkPolicy);
        actions.MapGet("/mine", ActionWorklist.Mine).WithName("ListMyActions");
        actions.MapPost("/{actionId:guid}/complete", CompleteAction.Handle).WithName("CompleteAction").ChangesCase();

        app.MapGet("/api/tables/{tableId:guid}/signals", OpenSignals.Handle).WithTags("Tables").RequireAuthorization().WithName("ListOpenSignals")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.ServiceProvider.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ActionReminders>(
            "action-reminders", job => job.RunAsync(CancellationToken.None), Cron.Daily(6), new RecurringJobOptions { TimeZone = Clock.Netherlands });
        return app;
    }
}
