using System.Text.Json.Serialization;
using Marten;
using StackExchange.Redis;

namespace DoorbraakTafel.Live;

/// <summary>The live meeting board: SignalR hub, the notifier that feeds it, optional Redis backplane.</summary>
public static class LiveModule
{
    public const string HubPath = "/hubs/meeting";
    public const string RedisConnectionStringName = "Redis";

    /// <summary>Enough for some hundreds of messages while a laptop hops between access points.</summary>
    private const long StatefulReconnectBufferBytes = 256 * 1024;

    /// <summary>Registers the hook after each commit that feeds the notifier; inside AddCaseStore.</summary>
    public static void RegisterLive(this StoreOptions options) => options.Listeners.Add(new LiveFeed());

    public static WebApplicationBuilder AddLive(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The very listener instance Marten calls, so each app host has its own feed.
        services.AddSingleton(provider => provider.GetRequiredService<StoreOptions>().Listeners.OfType<LiveFeed>().Single());
        services.AddSingleton<MeetingRooms>();
        services.AddScoped<AudienceFilter>();
        services.AddScoped<Pages.Meetings.BoardFragments>();
        services.AddSingleton<LiveAccess>();
        services.AddHostedService<LiveNotifier>();

        var signalR = services
            .AddSignalR(options => options.StatefulReconnectBufferSize = StatefulReconnectBufferBytes)
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        // Off by default; with several app nodes, set ConnectionStrings__Redis on each.
        if (RedisOf(builder.Configuration) is { } redis)
        {
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = RedisChannel.Literal("doorbraak-live"));
        }

        return builder;
    }

    /// <summary>Whether other nodes hold connections too, reached through the Redis backplane.</summary>
    public static bool HasBackplane(IConfiguration configuration) => RedisOf(configuration) is not null;

    /// <summary>The Redis backplane's connection string, when one is set.</summary>
    private static string? RedisOf(IConfiguration configuration) => configuration.GetConnectionString(RedisConnectionStringName) is { Length: > 0 } redis ? redis : null;

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app)
    {
        app.MapHub<MeetingHub>(HubPath, options => options.AllowStatefulReconnects = true).RequireAuthorization();
        return app;
    }
}
