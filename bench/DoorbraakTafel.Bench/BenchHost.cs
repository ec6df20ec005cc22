using DoorbraakTafel.BenchKit;
using DoorbraakTafel.Infrastructure;
using DoorbraakTafel.Privacy.Disclosures;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.Bench;

/// <summary>
/// The app as every bench starts it. With an <c>appendMode</c> it is the same app with that Marten
/// append mode instead of the default, in a schema of its own, without the async daemon.
/// </summary>
internal sealed class BenchHost(string connectionString, EventAppendMode? appendMode = null) : BenchApp(connectionString)
{
    public const string UserName = "sanne";

    /// <summary>The app's own store, so the bare-Marten appends run with exactly the app's configuration.</summary>
    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    public EventAppendMode AppendMode => Store.Options.Events.AppendMode;

    public DisclosureLog Disclosures => Services.GetRequiredService<DisclosureLog>();

    public HttpClient AnonymousClient() => new() { BaseAddress = BaseAddress };

    public static BenchHost Start(string connectionString, EventAppendMode? appendMode = null) => Start(new BenchHost(connectionString, appendMode));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (appendMode is { } mode)
        {
            builder.UseSetting("Marten:DaemonMode", "Disabled");
            // Its own schema: the append modes want different mt_quick_append_events functions.
            builder.ConfigureTestServices(services => services.ConfigureMarten(options =>
            {
                options.Events.AppendMode = mode;
                options.DatabaseSchemaName = $"{DatabaseModule.MartenSchema}_{mode}".ToLowerInvariant();
            }));
        }
    }
}
