using DoorbraakTafel.Export.Rendering;
using DoorbraakTafel.Export.Reports;
using DoorbraakTafel.Export.Summary;
using DoorbraakTafel.Identity;
using DoorbraakTafel.Infrastructure;

namespace DoorbraakTafel.Export;

/// <summary>PDF case summaries (through the privacy gate) and the team-leader reports per table and period.</summary>
public static class ExportModule
{
    /// <summary>Reports on what tables achieve are for team leaders and administrators.</summary>
    public const string ReportsPolicy = "TableReports";

    public static WebApplicationBuilder AddExport(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPdfRenderer, SkiaPdfRenderer>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(ReportsPolicy, policy => policy.RequireRole(Roles.TeamLead, Roles.Admin));
        return builder;
    }

    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder app)
    {
        // Through the privacy gate: 403 without need to know.
        app.MapGet("/api/cases/{id:guid}/summary.pdf", CaseSummaryPdf.Handle).WithTags("Cases").RequireAuthorization()
            .WithName("GetCaseSummaryPdf").ProducesFile("application/pdf").ProducesProblem(StatusCodes.Status403Forbidden);

        var reports = app.MapGroup("/api/reports/tables/{tableId:guid}").WithTags("Reports").RequireAuthorization(ReportsPolicy);
        reports.MapGet("", TableReportApi.Json).WithName("GetTableReport").Produces<TableReport>();
        reports.MapGet("/report.csv", TableReportApi.Csv).WithName("GetTableReportCsv").ProducesFile("text/csv");
        reports.MapGet("/report.pdf", TableReportApi.Pdf).WithName("GetTableReportPdf").ProducesFile("application/pdf");
        return app;
    }
}
