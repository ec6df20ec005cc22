using DoorbraakTafel.Export.Rendering;
using DoorbraakTafel.Tests.Export;

namespace DoorbraakTafel.UnitTests.Export;

/// <summary>The text layout on its own: a fixed-width fake font makes every width predictable.</summary>
public sealed class PageLayoutTests
{
    private static readonly FixedWidth Font = new();

    [Test]
    public void Words_wrap_within_the_width_and_a_word_wider_than_a_line_is_split()
    {
        var layout = new PageLayout(Font, 100);

        // Body text is 10 pt: 5 pt per character, so 20 characters to a line.
        var lines = layout.Wrap("de tafel besluit vandaag samen over een woning\nnieuwe regel Onafgebrokenwoordvanruimveertigtekens", TextStyle.Body, 100);

        Assert.That(lines, Is.EqualTo(new[] { "de tafel besluit", "vandaag samen over", "een woning", "nieuwe regel", "Onafgebrokenwoordvan", "ruimveertigtekens" }));
        Assert.That(lines.Select(l => Font.Width(l, TextStyle.Body)), Has.All.LessThanOrEqualTo(100f));
    }

    [Test]
    public void Pages_break_between_lines_only_and_no_line_passes_the_bottom()
    {
        var layout = new PageLayout(Font, 200);
        var blocks = Enumerable.Range(1, 120).Select(i => (Block)new Paragraph($"Alinea {i} met tekst die over meer dan een regel loopt op deze smalle pagina"));

        var lines = layout.Lines(blocks);
        var pages = PageLayout.Paginate(lines, 300);

        Assert.That(pages, Has.Count.GreaterThan(5));
        Assert.That(pages.SelectMany(p => p.Lines).Count(), Is.EqualTo(lines.Count), "every line placed once");
        Assert.That(pages.SelectMany(p => p.Lines), Has.All.Matches<PlacedLine>(l => l.Top >= 0 && l.Top + l.Line.Height <= 300));
    }

    [Test]
    public void A_heading_never_ends_a_page_but_moves_to_the_next_with_its_first_line()
    {
        var layout = new PageLayout(Font, 200);
        var filler = Enumerable.Range(1, 19).Select(i => (Block)new Paragraph($"regel {i}"));
        var lines = layout.Lines([.. filler, new Heading("Besluiten", 2), new Paragraph("Eerste besluit")]);

        var pages = PageLayout.Paginate(lines, lines.Take(lines.Count - 1).Sum(l => l.Height + l.SpaceBefore));

        var last = pages[^1].Lines.Select(l => l.Line.Runs[0].Text).ToList();
        Assert.That(last, Is.EqualTo(new[] { "Besluiten", "Eerste besluit" }));
        Assert.That(pages[0].Lines[^1].Line.Runs[0].Text, Is.EqualTo("regel 19"));
    }

    [Test]
    public void The_renderer_numbers_every_page_of_a_long_document_and_embeds_the_marking()
    {
        var blocks = Enumerable.Range(1, 500).Select(i => (Block)new Paragraph($"Regel {i:000}: een gebeurtenis in de casus, met genoeg woorden om te tellen."));
        var document = new ReportDocument(
            new DocumentInfo("Proef", "Proef", "Test", DateTimeOffset.UtcNow),
            new PageFrame(["Casusoverzicht DT-2026-000000", "Tafel: Proef"], "Vertrouwelijk - alleen voor betrokkenen bij deze casus", "Gegenereerd door Test."),
            [.. blocks]);

        var pdf = PdfText.Read(new SkiaPdfRenderer().Render(document));

        Assert.That(pdf.Pages, Has.Count.GreaterThan(5));
        for (var page = 1; page <= pdf.Pages.Count; page++)
        {
            Assert.That(pdf.Pages[page - 1], Does.Contain($"pagina {page} van {pdf.Pages.Count}").And.Contain("Vertrouwelijk - alleen voor betrokkenen bij deze casus"));
        }

        Assert.That(pdf.All, Does.Contain("Regel 001:").And.Contain("Regel 500:"));
    }

    private sealed class FixedWidth : ITextMeasure
    {
        public float Width(string text, TextStyle style) => text.Length * style.Size / 2;

        public float Ascent(TextStyle style) => style.Size * 0.8f;

        public float Height(TextStyle style) => style.Size;
    }
}
