using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DoorbraakTafel.LiveBench;

/// <summary>One hub connection of the fleet: the group (meeting) it joins, and the bearer token of its user (none on the bare hub).</summary>
internal sealed record FleetConnection(Guid Group, string? Token);

/// <summary>
/// What the client process connects to and where it leaves what it received. On a bare hub,
/// <see cref="StatefulReconnect"/> and <see cref="Groups"/> say how its clients connect and how many groups each joins.
/// </summary>
internal sealed record FleetPlan(string HubUrl, bool App, IReadOnlyList<FleetConnection> Connections, int Parallelism, string ResultPath, bool StatefulReconnect = false, int Groups = 1);

/// <summary>A push as a client received it: on which connection, of which stream and version, when (Stopwatch ticks).</summary>
internal readonly record struct Receipt(int Connection, Guid Stream, long Version, long At);

/// <summary>
/// The clients, in a process of their own so that the server process's memory is the server's
/// alone and the clients' garbage does not pause the server. Stopwatch ticks are the monotonic
/// clock on Linux, the same in both processes, so the server process's write times and this
/// process's receipt times can be subtracted. Driven by lines on stdin:
/// <c>connect a b</c> connects and joins connections [a, b); <c>stop</c> writes what was received
/// to the plan's result file and exits.
/// </summary>
internal sealed class Fleet : IAsyncDisposable
{
    public const string Mode = "--fleet";

    private readonly Process process;

    private Fleet(Process process) => this.process = process;

    public TimeSpan Cpu
    {
        get
        {
            process.Refresh();
            return process.HasExited ? TimeSpan.Zero : process.TotalProcessorTime;
        }
    }

    public int ProcessId => process.Id;

    public static Fleet Start(FleetPlan plan)
    {
        var planPath = Path.Combine(Path.GetTempPath(), $"livebench-plan-{Guid.NewGuid():N}.json");
        File.WriteAllText(planPath, JsonSerializer.Serialize(plan));
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Fleet).Assembly.Location);
        }

        start.ArgumentList.Add(Mode);
        start.ArgumentList.Add(planPath);
        // A client needs no server garbage collector: fewer heaps, less memory, less CPU.
        start.Environment["DOTNET_gcServer"] = "0";
        return new Fleet(Process.Start(start) ?? throw new InvalidOperationException("The client process did not start."));
    }

    /// <summary>Sends one command and waits for its answer line.</summary>
    public async Task<string> CommandAsync(string command)
    {
        await process.StandardInput.WriteLineAsync(command);
        await process.StandardInput.FlushAsync();
        var answer = await process.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException($"The client process ended during '{command}' (exit code {(process.HasExited ? process.ExitCode : -1)}).");
        return answer.StartsWith("ok", StringComparison.Ordinal) ? answer : throw new InvalidOperationException($"The client process answered '{command}' with: {answer}");
    }

    public static async Task<IReadOnlyList<Receipt>> ReadReceiptsAsync(string path)
    {
        var receipts = new List<Receipt>();
        await using var file = File.OpenRead(path);
        using var reader = new BinaryReader(file);
        var count = reader.ReadInt32();
        Span<byte> guid = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            var connection = reader.ReadInt32();
            reader.Read(guid);
            receipts.Add(new Receipt(connection, new Guid(guid), reader.ReadInt64(), reader.ReadInt64()));
        }

        return receipts;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    /// <summary>The client process's side.</summary>
    public static async Task<int> RunAsync(string planPath)
    {
        var plan = JsonSerializer.Deserialize<FleetPlan>(await File.ReadAllTextAsync(planPath))!;
        var connections = new HubConnection?[plan.Connections.Count];
        var received = plan.Connections.Select(_ => new List<Receipt>()).ToArray();
        // The first client of a meeting catches up from the start; later ones from where it got to, as a screen that reconnects.
        var positions = new System.Collections.Concurrent.ConcurrentDictionary<Guid, long>();

        async Task ConnectAsync(int index)
        {
            var planned = plan.Connections[index];
            var builder = new HubConnectionBuilder();
            if (plan.App)
            {
                // As the app's browser client and the tests connect: bearer token, automatic and stateful reconnect.
                builder.WithUrl(plan.HubUrl, options => options.AccessTokenProvider = () => Task.FromResult(planned.Token))
                    .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
                    .WithAutomaticReconnect()
                    .WithStatefulReconnect();
            }
            else
            {
                builder.WithUrl(plan.HubUrl, options => options.AccessTokenProvider = () => Task.FromResult(planned.Token));
                if (plan.StatefulReconnect)
                {
                    builder.WithStatefulReconnect();
                }
            }

            var connection = builder.Build();
            var mine = received[index];
            void Record(Guid stream, long version)
            {
                var at = Stopwatch.GetTimestamp();
                lock (mine)
                {
                    mine.Add(new Receipt(index, stream, version, at));
                }
            }

            if (plan.App)
            {
                // What the page shows: a push counts once it brings the board's part with the change in
                // it, which the board swaps in; one without it would have the page fetch that part.
                connection.On<Push>("CaseUpdated", push =>
                {
                    if (push.Board?.Focus is { Length: > 0 } || push.Board?.Item?.Html is { Length: > 0 })
                    {
                        Record(push.StreamId, push.Version);
                    }
                });
                connection.On<JsonElement>("MeetingUpdated", _ => { });
                connection.On<JsonElement>("PresenceChanged", _ => { });
                connection.On<JsonElement>("AccessEnded", _ => { });
            }
            else
            {
                connection.On<Guid, long>(BareServer.Method, Record);
            }

            await connection.StartAsync();
            if (plan.App)
            {
                var joined = await connection.InvokeAsync<Joined>("JoinMeeting", planned.Group, positions.GetValueOrDefault(planned.Group));
                positions.TryAdd(planned.Group, joined.Position);
            }
            else
            {
                for (var group = 0; group < plan.Groups; group++)
                {
                    await connection.InvokeAsync("Join", group == 0 ? planned.Group.ToString("N") : $"{planned.Group:N}-{group}");
                }
            }

            connections[index] = connection;
        }

        while (await Console.In.ReadLineAsync() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            try
            {
                switch (words)
                {
                    case ["connect", var from, var to]:
                        var started = Stopwatch.GetTimestamp();
                        await Parallel.ForAsync(int.Parse(from), int.Parse(to), new ParallelOptions { MaxDegreeOfParallelism = plan.Parallelism }, async (i, _) => await ConnectAsync(i));
                        Console.WriteLine($"ok connect {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0}");
                        break;
                    case ["stop"]:
                        var all = received.SelectMany(r =>
                        {
                            lock (r)
                            {
                                return r.ToArray();
                            }
                        }).ToArray();
                        await using (var file = File.Create(plan.ResultPath))
                        await using (var writer = new BinaryWriter(file))
                        {
                            writer.Write(all.Length);
                            foreach (var receipt in all)
                            {
                                writer.Write(receipt.Connection);
                                writer.Write(receipt.Stream.ToByteArray());
                                writer.Write(receipt.Version);
                                writer.Write(receipt.At);
                            }
                        }

                        Console.WriteLine($"ok stop {all.Length}");
                        return 0;
                    default:
                        Console.WriteLine($"error unknown command {line}");
                        break;
                }
            }
            catch (Exception e)
            {
                Console.WriteLine($"error {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            }
        }

        return 0;
    }

    /// <summary>What of a <c>CaseUpdated</c> push the bench needs; the rest (content, label) is read past.</summary>
    private sealed record Push(Guid StreamId, long Version, string EventType, PushedBoard? Board);

    /// <summary>The board's part a push brings: the case in focus, or one item of it, as HTML.</summary>
    private sealed record PushedBoard(string? Focus, PushedItem? Item);

    private sealed record PushedItem(string List, Guid Id, string Html);

    private sealed record Joined(long Position);
}
