namespace DoorbraakTafel.Infrastructure;

/// <summary>
/// What a screen says happened when an event of this type comes in (the live board's notice, the
/// label of a push): what kind of thing, never what was said. Declared next to the event.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StepLabelAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}
