namespace DoorbraakTafel.Tests.Infrastructure;

/// <summary>A clock that says what the test wants it to.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
