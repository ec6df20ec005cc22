using System.Diagnostics;

namespace DoorbraakTafel.LiveBench;

/// <summary>One write: which stream and version its push carries, when it began and ended (Stopwatch ticks), and whether it counts.</summary>
internal sealed record Write(Guid Stream, long Version, long Start, long End, bool Measured);

/// <summary>What one write does, for meeting <c>meeting</c> and its <c>sequence</c>th write; returns the stream and version of its push.</summary>
internal delegate Task<(Guid Stream, long Version)> WriteOnce(int meeting, long sequence);

/// <summary>
/// One writer per meeting, each writing once per period, the meetings' writes spread evenly over
/// the period (meeting i at i/n of it), as a hundred meetings in parallel would. A write that
/// takes longer than its period makes the writer skip the slots it missed, so a slow server is
/// not fed a queue. Writes beginning after the warm-up and before the end are measured.
/// </summary>
internal static class Writers
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    public static async Task<(IReadOnlyList<Write> Writes, IReadOnlyList<string> Errors)> RunAsync(int meetings, TimeSpan warmUp, TimeSpan duration, WriteOnce write)
    {
        var begin = Stopwatch.GetTimestamp();
        var measureFrom = begin + Ticks(warmUp);
        var stopAt = measureFrom + Ticks(duration);
        var period = Ticks(Period);
        var errors = new List<string>();

        async Task<List<Write>> Writer(int meeting)
        {
            var writes = new List<Write>();
            var offset = period * meeting / meetings;
            long slot = 0;
            long sequence = 0;
            while (true)
            {
                var due = begin + offset + (slot * period);
                if (due >= stopAt)
                {
                    return writes;
                }

                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                var start = Stopwatch.GetTimestamp();
                try
                {
                    var (stream, version) = await write(meeting, sequence++);
                    writes.Add(new Write(stream, version, start, Stopwatch.GetTimestamp(), start >= measureFrom && start < stopAt));
                }
                catch (Exception e)
                {
                    lock (errors)
                    {
                        errors.Add($"meeting {meeting}: {e.Message}");
                    }
                }

                // The next slot not yet begun.
                slot = Math.Max(slot + 1, ((Stopwatch.GetTimestamp() - begin - offset) / period) + 1);
            }
        }

        var all = await Task.WhenAll(Enumerable.Range(0, meetings).Select(m => Task.Run(() => Writer(m))));
        return ([.. all.SelectMany(w => w)], errors);
    }

    public static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
