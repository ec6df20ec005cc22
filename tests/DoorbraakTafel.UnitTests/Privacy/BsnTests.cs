using DoorbraakTafel.Privacy.Residents;

namespace DoorbraakTafel.UnitTests.Privacy;

public sealed class BsnTests
{
    [TestCase("111222333", true)]
    [TestCase("123456782", true)]
    [TestCase("123456789", false)]
    [TestCase("000000000", false)]
    [TestCase("12345678", false)]
    [TestCase("12345678a", false)]
    [TestCase(null, false)]
    public void The_elfproef_accepts_only_valid_numbers(string? bsn, bool valid) => Assert.That(Bsn.IsValid(bsn), Is.EqualTo(valid));
}
