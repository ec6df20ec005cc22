namespace DoorbraakTafel.Infrastructure;

public static class Clock
{
    /// <summary>The tables meet in the Netherlands: "today" and due dates are Dutch calendar days.</summary>
    public static readonly TimeZoneInfo Netherlands = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateOnly Today(this TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Netherlands).DateTime);
}
