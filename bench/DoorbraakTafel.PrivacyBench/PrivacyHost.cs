using DoorbraakTafel.BenchKit;
using DoorbraakTafel.Cases.Viewing;
using DoorbraakTafel.Privacy.Disclosures;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DoorbraakTafel.PrivacyBench;

/// <summary>
/// The app as every bench starts it, with one addition that lives only in this bench process:
/// <see cref="UnfilteredRead"/>; run as the app role when an owner connection applies the schema.
/// </summary>
internal sealed class PrivacyHost(string connectionString, string? ownerConnectionString) : BenchApp(connectionString)
{
    public static PrivacyHost Start(string connectionString, string? ownerConnectionString) => Start(new PrivacyHost(connectionString, ownerConnectionString));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (ownerConnectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:DoorbraakOwner", ownerConnectionString);
        }

        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, UnfilteredRead>());
    }
}

/// <summary>
/// The unfiltered read the filtered one is compared with: <c>GET /bench/unfiltered/cases/{id}</c>,
/// a plain Marten <c>LoadAsync&lt;CaseDetails&gt;</c> answered as the API answers (200 with the
/// app's JSON options and an ETag). It is added behind the app's own pipeline, so a request to it
/// passes exactly the middleware an API request passes (exception handler, status code pages,
/// static files, authentication with the same bearer token, authorization, antiforgery, routing
/// that finds no endpoint) and then this instead of the endpoint; it refuses a request that is not
/// signed in, like the API. Nothing of it is in the app.
/// <c>GET /bench/baseline/cases/{id}</c> is the baseline the filtered read is held to: the same
/// unfiltered read followed by one durable insert (its own autocommit) of a record as large as a
/// disclosure record into a table shaped like the log, without chain or gate (<see cref="Baseline"/>).
/// </summary>
internal sealed class UnfilteredRead : IStartupFilter
{
    public const string Path = "/bench/unfiltered/cases";
    public const string BaselinePath = "/bench/baseline/cases";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Run(async context =>
        {
            var baseline = context.Request.Path.StartsWithSegments(BaselinePath, out var baselineRest);
            if (!(baseline || context.Request.Path.StartsWithSegments(Path, out baselineRest)) || !Guid.TryParse(baselineRest.Value?.Trim('/'), out var id))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (context.User.Identity?.IsAuthenticated != true)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            var details = await context.RequestServices.GetRequiredService<IQuerySession>().LoadAsync<CaseDetails>(id, context.RequestAborted);
            if (details is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (baseline)
            {
                await Baseline.InsertAsync(context.RequestServices.GetRequiredService<NpgsqlDataSource>(), context.RequestAborted);
            }

            context.Response.Headers.ETag = $"\"{details.Version}\"";
            await TypedResults.Ok(details).ExecuteAsync(context);
        });
    };
}

/// <summary>The baseline's durable insert: one row as large as a disclosure record, into <c>bench.baseline_records</c>.</summary>
internal static class Baseline
{
    public const string Table = "bench.baseline_records";

    private static readonly string Hash = new('a', 64);
    private static DisclosureRecord? record;

    /// <summary>Creates the table (shaped like the log, without its triggers) as the owner and lets the app role insert into it.</summary>
    public static async Task CreateAsync(string ownerConnectionString, string appConnectionString, DisclosureRecord sample)
    {
        record = sample;
        var app = new NpgsqlConnectionStringBuilder(appConnectionString).Username;
        await using var dataSource = NpgsqlDataSource.Create(ownerConnectionString);
        await using var command = dataSource.CreateCommand($"""
            create schema if not exists bench;
            create table if not exists {Table} (like privacy.disclosure_log including defaults including identity);
            grant usage on schema bench to "{app}";
            grant insert on {Table} to "{app}";
            """);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task InsertAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var r = record ?? throw new InvalidOperationException("The baseline table was not created.");
        await using var command = dataSource.CreateCommand($"""
            insert into {Table} (shard, position, previous_hash, hash, key_id, at, user_id, role, organisation_id, organisation_type, purpose, processing_activity_id,
                legal_bases, consent_ids, data_subject, categories_shown, categories_redacted, channel, object_type, object_id, object_version, trace_id, span_id, policy_version)
            values (0, 1, $1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
            """);
        object?[] values =
        [
            Hash, "0123456789abcdef", r.At, r.UserId, r.Role, r.OrganisationId, r.OrganisationType, r.Purpose, r.ProcessingActivityId, r.LegalBases, r.ConsentIds,
            r.DataSubject, r.CategoriesShown, r.CategoriesRedacted, r.Channel.ToString(), r.ObjectType, r.ObjectId, r.ObjectVersion, r.TraceId, r.SpanId, r.PolicyVersion,
        ];
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
