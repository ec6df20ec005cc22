namespace DoorbraakTafel.BenchKit;

/// <summary>CPU ticks from /proc (Linux): the whole machine's and the PostgreSQL backends' of one database.</summary>
public static class ProcTicks
{
    /// <summary>USER_HZ, the unit of /proc/stat and /proc/[pid]/stat; 100 on every Linux this runs on.</summary>
    public const double PerSecond = 100;

    /// <summary>Busy ticks of all cores so far: of "cpu user nice system idle iowait irq softirq steal ...", all but idle and iowait.</summary>
    public static long MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return fields.Sum() - fields[3] - fields[4];
    }

    /// <summary>User and system ticks of each PostgreSQL backend connected to the database, by pid.</summary>
    public static Dictionary<int, long> PostgresBackends(string database)
    {
        // A backend's title is "postgres: user database host(port) activity".
        var marker = $" {database} ";
        var ticks = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var title = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!title.StartsWith("postgres: ", StringComparison.Ordinal) || !title.Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }

                // After "pid (comm) ": state is field 3, utime field 14 and stime field 15.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[pid] = long.Parse(rest[11]) + long.Parse(rest[12]);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return ticks;
    }
}
