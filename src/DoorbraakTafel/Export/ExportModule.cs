using DoorbraakTafel.Export.Rendering;
using DoorbraakTafel.Export.Reports;
using DoorbraakTafel.Export.Summary;
using DoorbraakTafel.Identity;

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
        app.MapGet("/api/cases/{id:guid}/summary.pdf", CaseSummaryPdf.Handle).WithTags("Cases").RequireAuthorization();

        var reports = app.MapGroup("/api/reports/tables/{tableId:guid}").WithTags("Reports").RequireAuthorization(ReportsPolicy);
        reports.MapGet("", TableReportApi.Json);
        reports.MapGet("/report.csv", TableReportApi.Csv);
        reports.MapGet("/report.pdf", TableReportApi.Pdf);
        return app;
    }
}
