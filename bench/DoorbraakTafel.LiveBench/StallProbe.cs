using System.Diagnostics;
using System.Globalization;

namespace DoorbraakTafel.LiveBench;

/// <summary>
/// Tells apart what holds a push up, from inside the server process: every millisecond a thread of
/// its own wakes and notes how late it woke (the whole process was held: a garbage collection's
/// suspension, or no core free on the machine), and queues an item on the thread pool, noting how
/// long the item waited for a worker (the pool was busy or starved).
/// </summary>
internal sealed class StallProbe
{
    private readonly Thread thread;
    private readonly List<double> lateWakes = [];
    private readonly List<double> poolWaits = [];
    private volatile bool stopping;

    public StallProbe()
    {
        thread = new Thread(Sample) { IsBackground = true, Name = "stall probe", Priority = ThreadPriority.AboveNormal };
        thread.Start();
    }

    private void Sample()
    {
        var last = Stopwatch.GetTimestamp();
        while (!stopping)
        {
            Thread.Sleep(1);
            var now = Stopwatch.GetTimestamp();
            // Sleep(1) takes about 1.1 ms here; what is over 2 ms the thread was held.
            if (Stopwatch.GetElapsedTime(last, now).TotalMilliseconds is var gap and > 2)
            {
                lateWakes.Add(gap - 1);
            }

            last = now;
            ThreadPool.UnsafeQueueUserWorkItem(
                queued =>
                {
                    var waited = Stopwatch.GetElapsedTime(queued).TotalMilliseconds;
                    lock (poolWaits)
                    {
                        poolWaits.Add(waited);
                    }
                },
                now,
                preferLocal: false);
        }
    }

    /// <summary>Stops the probe and says what it saw over <paramref name="window"/>.</summary>
    public string Report(TimeSpan window)
    {
        stopping = true;
        thread.Join();
        double[] waits;
        lock (poolWaits)
        {
            waits = [.. poolWaits.Order()];
        }

        var late = lateWakes.Order().ToArray();
        string At(double[] sorted, double q) => sorted.Length == 0 ? "-" : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))].ToString("0.0", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"a thread of its own woke over 1 ms late {late.Length} times ({late.Sum() / window.TotalMilliseconds:P1} of the time; longest {At(late, 1)} ms, " +
            $"over 5 ms {late.Count(l => l > 5)} times, over 10 ms {late.Count(l => l > 10)}); a thread-pool item waited p50 {At(waits, 0.5)} ms, p99 {At(waits, 0.99)}, " +
            $"max {At(waits, 1)} ms ({waits.Count(w => w > 10)} of {waits.Length} over 10 ms)");
    }
}
