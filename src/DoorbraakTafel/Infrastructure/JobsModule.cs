using DoorbraakTafel.Identity;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;

namespace DoorbraakTafel.Infrastructure;

public static class JobsModule
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(DatabaseModule.ConnectionStringName)!;
        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                options => options.UseNpgsqlConnection(connectionString),
                // Installed by the owner role before the app serves (DatabaseSchema).
                new PostgreSqlStorageOptions { SchemaName = DatabaseSchema.HangfireSchema, PrepareSchemaIfNecessary = false }));
        builder.Services.AddHangfireServer(options => options.WorkerCount = builder.Configuration.GetValue("Hangfire:Workers", 2));
        return builder;
    }

    public const string DashboardPath = "/hangfire";

    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new TeamLeadOrAdminOnly()],
            DashboardTitle = "DoorbraakTafel - achtergrondtaken",
        });
        return app;
    }

    private sealed class TeamLeadOrAdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.IsInRole(Roles.Admin) || user.IsInRole(Roles.TeamLead);
        }
    }
}
