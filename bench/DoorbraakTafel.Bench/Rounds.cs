namespace DoorbraakTafel.Bench;

/// <summary>
/// Runs ways interleaved: each warms up once, then every round gives each way one slice of
/// the measured time. A neighbour's build or test run on this shared machine then weighs on
/// every way alike, and the spread of a ratio over the rounds shows how steady it is.
/// </summary>
internal static class Rounds
{
    public static async Task RunAsync(BenchSettings settings, string title, IReadOnlyCollection<Load> ways)
    {
        foreach (var way in ways)
        {
            await way.RunAsync(settings.WarmUp, measure: false);
        }

        var slice = settings.Duration / settings.Rounds;
        for (var round = 1; round <= settings.Rounds; round++)
        {
            Console.Error.Write($"\r{title}: round {round} of {settings.Rounds} ");
            foreach (var way in ways)
            {
                await way.RunAsync(slice, measure: true);
            }
        }

        Console.Error.WriteLine();
    }
}
