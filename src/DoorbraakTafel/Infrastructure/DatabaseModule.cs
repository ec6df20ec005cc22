using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace DoorbraakTafel.Infrastructure;

public static class DatabaseModule
{
    public const string ConnectionStringName = "Doorbraak";
    public const string OwnerConnectionStringName = "DoorbraakOwner";
    public const string MartenSchema = "doorbraak";

    /// <summary>
    /// Lets Npgsql prepare the statements it runs most (Marten's loads and appends, the disclosure
    /// log's insert), so PostgreSQL parses and plans each once per connection instead of on every
    /// read; that is a good part of the database's CPU per read (docs/benchmarks.md). A connection
    /// string that sets Max Auto Prepare itself keeps its value.
    /// </summary>
    private static string Prepared(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 50;
        }

        // Every write stores the whole case document again; lz4 compresses it in a third less time than pglz.
        settings.Options ??= "-c default_toast_compression=lz4";

        return settings.ConnectionString;
    }

    /// <summary>Applies the schema as the owner role (<see cref="DatabaseSchema"/>); before anything reads or writes, Hangfire's recurring jobs included.</summary>
    public static async Task ApplyDatabaseSchemaAsync(this WebApplication app) =>
        await app.Services.GetRequiredService<DatabaseSchema>().ApplyAsync(app.Lifetime.ApplicationStopping);

    public static WebApplicationBuilder AddCaseStore(this WebApplicationBuilder builder, Action<StoreOptions, IServiceProvider> registerFeatures)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName)
            ?? throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings:{ConnectionStringName} (environment variable ConnectionStrings__{ConnectionStringName}).");

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpContextAccessor();
        // From a factory, so the container disposes it (and its connections) with the app.
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(Prepared(connectionString)));
        builder.Services.AddSingleton<StoredEvents>();

        var daemonMode = builder.Configuration.GetValue("Marten:DaemonMode", DaemonMode.Solo);
        StoreOptions Options(IServiceProvider services)
        {
            var options = new StoreOptions();
            options.DatabaseSchemaName = MartenSchema;
            options.Events.TimeProvider = services.GetRequiredService<TimeProvider>();
            options.Events.MetadataConfig.CorrelationIdEnabled = true;
            options.Events.MetadataConfig.CausationIdEnabled = true;
            options.Events.MetadataConfig.UserNameEnabled = true;
            options.Events.MetadataConfig.HeadersEnabled = true;
            // Needed for the daemon's leader lock with the DistributedLock shim (see README).
            options.Events.UseAdvisoryLockTransaction = true;
            registerFeatures(options, services);
            return options;
        }

        builder.Services.AddMarten(services =>
            {
                var options = Options(services);
                // The schema is applied before the app serves, by the owner role (DatabaseSchema);
                // the runtime role may not create or alter anything, so Marten does not try.
                options.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
                return options;
            })
            .UseNpgsqlDataSource()
            .BuildSessionsWith<RequestSessionFactory>()
            .AddAsyncDaemon(daemonMode);

        var ownerConnectionString = builder.Configuration.GetConnectionString(OwnerConnectionStringName) ?? connectionString;
        builder.Services.AddSingleton(services => new DatabaseSchema(
            ownerConnectionString, connectionString, builder.Environment.IsProduction(), () => Options(services), services.GetServices<SchemaScript>()));

        builder.Services.AddOptions<HealthOptions>().Bind(builder.Configuration.GetSection(HealthOptions.Section));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }
}
