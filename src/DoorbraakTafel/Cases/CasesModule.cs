using DoorbraakTafel.Cases.Opening;
using DoorbraakTafel.Cases.Timeline;
using DoorbraakTafel.Cases.Viewing;
using JasperFx.Events.Projections;
using Marten;

namespace DoorbraakTafel.Cases;

public static class CasesModule
{
    public static void RegisterCases(this StoreOptions options)
    {
        options.Projections.Add<CaseDetailsProjection>(ProjectionLifecycle.Inline);
    }

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Cases").RequireAuthorization();
        cases.MapPost("/", OpenCase.Handle);
        cases.MapGet("/{id:guid}", GetCase.Handle).WithName("GetCase");
        cases.MapGet("/{id:guid}/timeline", CaseTimeline.Handle);
        return app;
    }
}
