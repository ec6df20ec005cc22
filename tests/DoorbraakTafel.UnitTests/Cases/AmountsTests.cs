using DoorbraakTafel.Cases.Deciding;
using DoorbraakTafel.Infrastructure;

namespace DoorbraakTafel.UnitTests.Cases;

/// <summary>Amounts as a Dutch user types them, read into cents, and written back as every page and export writes them. No database.</summary>
public sealed class AmountsTests
{
    [TestCase("50.000", 50_000_00L)]
    [TestCase("50.000,00", 50_000_00L)]
    [TestCase("€ 3.000", 3_000_00L)]
    [TestCase("€3.000", 3_000_00L)]
    [TestCase("3.000 €", 3_000_00L)]
    [TestCase("3.000 euro", 3_000_00L)]
    [TestCase("4.800,50", 4_800_50L)]
    [TestCase("4.800,5", 4_800_50L)]
    [TestCase("1.247", 1_247_00L)]
    [TestCase("1247", 1_247_00L)]
    [TestCase("50000", 50_000_00L)]
    [TestCase("3.000,-", 3_000_00L)]
    [TestCase("0", 0L)]
    [TestCase("0,99", 99L)]
    [TestCase("  12,30  ", 12_30L)]
    [TestCase("€\u00a01.000.000", 1_000_000_00L)]
    [TestCase("100.000.000", 100_000_000_00L)]
    public void A_Dutch_amount_is_read_into_cents(string typed, long cents)
    {
        Assert.That(Amounts.Read(typed, out var read), Is.Null);
        Assert.That(read, Is.EqualTo(cents));
    }

    [TestCase("", "Vul een bedrag in")]
    [TestCase("   ", "Vul een bedrag in")]
    [TestCase("-5", "0 euro of meer")]
    [TestCase("5.00", "Dit is geen bedrag")]
    [TestCase("50.00", "Dit is geen bedrag")]
    [TestCase("1,234,567", "Dit is geen bedrag")]
    [TestCase("12.34.567", "Dit is geen bedrag")]
    [TestCase("1.2345", "Dit is geen bedrag")]
    [TestCase("vijftig", "Dit is geen bedrag")]
    [TestCase("4.800,505", "hooguit twee cijfers na de komma")]
    [TestCase(",50", "Dit is geen bedrag")]
    [TestCase("1e5", "Dit is geen bedrag")]
    [TestCase("٥٠", "Dit is geen bedrag")]
    [TestCase("5\u00000", "Dit is geen bedrag")]
    [TestCase("100.000.000,01", "hooguit € 100.000.000")]
    [TestCase("99999999999999999999999", "hooguit € 100.000.000")]
    public void What_is_no_amount_is_refused_with_a_Dutch_reason(string typed, string dutch)
    {
        var problem = Amounts.Read(typed, out var cents);

        Assert.That(problem?.Dutch, Does.Contain(dutch));
        Assert.That(problem!.English, Is.Not.Empty);
        Assert.That(cents, Is.Zero);
    }

    [TestCase(50_000_00L, "€ 50.000")]
    [TestCase(4_800_50L, "€ 4.800,50")]
    [TestCase(1_247_00L, "€ 1.247")]
    [TestCase(99L, "€ 0,99")]
    [TestCase(0L, "€ 0")]
    [TestCase(-3_000_00L, "-€ 3.000")]
    public void An_amount_is_written_as_the_pages_and_the_exports_both_write_it(long cents, string written)
    {
        Assert.That(Amounts.Euro(cents), Is.EqualTo(written));
        Assert.That(Dutch.Euro(cents), Is.EqualTo(written), "the glossary of the pages and the exports");
    }

    [TestCase("50.000")]
    [TestCase("4.800,50")]
    [TestCase("€ 1.000.000,05")]
    public void What_is_written_reads_back_as_the_same_cents(string typed)
    {
        Amounts.Read(typed, out var cents);

        Assert.That(Amounts.Read(Amounts.Euro(cents), out var again), Is.Null);
        Assert.That(again, Is.EqualTo(cents));
    }
}
