using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace DoorbraakTafel.Tests.Infrastructure;

/// <summary>
/// A TCP relay between an app host and PostgreSQL that a test can take down (every connection
/// dropped, new ones closed at once) or stall (bytes held, nothing answered), and bring back.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly CancellationTokenSource stopped = new();
    private readonly ConcurrentDictionary<TcpClient, byte> connections = new();
    private volatile bool down;
    private TaskCompletionSource flowing = Open();

    public TcpProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Drops every connection and closes each new one at once, as a stopped server's host would.</summary>
    public void TakeDown()
    {
        down = true;
        DropAll();
    }

    /// <summary>Holds every byte in both directions: the server seems to hang.</summary>
    public void Stall() => flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Forwards again. The connections a stall held are dropped first, with the bytes they held:
    /// their clients gave up on them, and a held write must not reach the server afterwards.
    /// </summary>
    public void BringBack()
    {
        if (!flowing.Task.IsCompleted)
        {
            DropAll();
        }

        down = false;
        flowing.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await stopped.CancelAsync();
        listener.Stop();
        DropAll();
        flowing.TrySetResult();
    }

    private void DropAll()
    {
        foreach (var connection in connections.Keys)
        {
            connection.Dispose();
        }
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task AcceptAsync()
    {
        while (!stopped.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopped.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (down)
            {
                client.Dispose();
                continue;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        connections[client] = 0;
        connections[server] = 0;
        try
        {
            await server.ConnectAsync(targetHost, targetPort, stopped.Token);
            var toServer = CopyAsync(client.GetStream(), server.GetStream());
            var toClient = CopyAsync(server.GetStream(), client.GetStream());
            await Task.WhenAny(toServer, toClient);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            connections.TryRemove(client, out _);
            connections.TryRemove(server, out _);
            client.Dispose();
        }
    }

    private async Task CopyAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, stopped.Token)) > 0)
            {
                await flowing.Task.WaitAsync(stopped.Token);
                await to.WriteAsync(buffer.AsMemory(0, read), stopped.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }
}
