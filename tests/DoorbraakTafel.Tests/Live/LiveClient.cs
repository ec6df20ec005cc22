using System.Threading.Channels;
using DoorbraakTafel.Live;
using DoorbraakTafel.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace DoorbraakTafel.Tests.Live;

/// <summary>
/// A real SignalR client of the meeting hub for one demo user, recording every push in arrival
/// order. Waits have a timeout; "nothing arrived" is checked after <see cref="RoundTripAsync"/>.
/// </summary>
internal sealed class LiveClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Channel<object> pushes = Channel.CreateUnbounded<object>();
    private readonly List<object> taken = [];

    private LiveClient(string userName, HubConnection connection)
    {
        UserName = userName;
        Connection = connection;
        connection.On<LiveUpdate>(LiveMethods.MeetingUpdated, Record);
        connection.On<LiveUpdate>(LiveMethods.CaseUpdated, Record);
        connection.On<PresenceChanged>(LiveMethods.PresenceChanged, Record);
        connection.On<AccessEnded>(LiveMethods.AccessEnded, Record);
    }

    public string UserName { get; }

    public HubConnection Connection { get; }

    public static async Task<LiveClient> ConnectAsync(DoorbraakApp app, string userName)
    {
        var client = new LiveClient(userName, await app.HubConnectionAs(userName));
        await client.Connection.StartAsync();
        return client;
    }

    public Task<JoinedMeeting> JoinAsync(Guid meetingId, long lastSeenPosition = 0) =>
        Connection.InvokeAsync<JoinedMeeting>("JoinMeeting", meetingId, lastSeenPosition);

    public Task LeaveAsync(Guid meetingId) => Connection.InvokeAsync("LeaveMeeting", meetingId);

    /// <summary>The next push of type <typeparamref name="T"/> that matches; pushes before it are kept in <see cref="Taken"/>.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                var push = await pushes.Reader.ReadAsync(timeout.Token);
                taken.Add(push);
                if (push is T typed && (match?.Invoke(typed) ?? true))
                {
                    return typed;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"{UserName} got no matching {typeof(T).Name} within {Timeout.TotalSeconds} s; got: {string.Join(", ", taken)}");
            throw;
        }
    }

    /// <summary>Every push taken by <see cref="NextAsync{T}"/> so far, plus those waiting, in arrival order.</summary>
    public IReadOnlyList<object> Taken
    {
        get
        {
            while (pushes.Reader.TryRead(out var push))
            {
                taken.Add(push);
            }

            return taken;
        }
    }

    /// <summary>
    /// A call to the hub and its answer. Pushes and answers travel one connection in order, so
    /// every push the server wrote to this client before has been recorded when this returns.
    /// </summary>
    public Task RoundTripAsync() => Connection.InvokeAsync("LeaveMeeting", Guid.NewGuid());

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private void Record<T>(T push)
        where T : notnull => pushes.Writer.TryWrite(push);
}
