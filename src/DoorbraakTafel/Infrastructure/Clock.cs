namespace DoorbraakTafel.Infrastructure;

public static class Clock
{
    /// <summary>The tables meet in the Netherlands: "today" and due dates are Dutch calendar days.</summary>
    public static readonly TimeZoneInfo Netherlands = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    public static DateOnly Today(this TimeProvider clock) => DayOf(clock.GetUtcNow());

    /// <summary>The Dutch calendar day a moment falls on.</summary>
    public static DateOnly DayOf(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, Netherlands).DateTime);
}
