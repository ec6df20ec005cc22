using System.Reflection;
using SkiaSharp;

namespace DoorbraakTafel.Export.Rendering;

/// <summary>
/// Draws a <see cref="ReportDocument"/> as PDF/A-2b with SkiaSharp: A4, the fonts shipped in
/// Export/Fonts (embedded as subsets), a header and footer on every page. Lays out all pages
/// first, so every footer knows the page count.
/// </summary>
public sealed class SkiaPdfRenderer : IPdfRenderer
{
    public const float PageWidth = 595.28f;
    public const float PageHeight = 841.89f;
    private const float Margin = 50f;
    private const float ContentWidth = PageWidth - 2 * Margin;
    private const float HeaderTop = 32f;
    private const float FooterHeight = 44f;

    private static readonly Lazy<SKTypeface> Regular = new(() => LoadFont("LiberationSans-Regular.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => LoadFont("LiberationSans-Bold.ttf"));

    private static readonly TextStyle HeaderFirst = new(9f, true, Ink.Text);
    private static readonly TextStyle HeaderRest = new(8.5f, false, Ink.Muted);
    private static readonly TextStyle FooterMarking = new(8f, true, Ink.Text);
    private static readonly TextStyle FooterText = new(8f, false, Ink.Muted);

    public byte[] Render(ReportDocument document)
    {
        using var fonts = new SkiaFonts();
        var headerHeight = document.Frame.Header.Count * fonts.Height(HeaderRest) * PageLayout.LineSpacing + 10f;
        var contentTop = HeaderTop + headerHeight + 12f;
        var contentBottom = PageHeight - FooterHeight - 14f;
        var layout = new PageLayout(fonts, ContentWidth);
        var pages = PageLayout.Paginate(layout.Lines(document.Blocks), contentBottom - contentTop);

        using var stream = new MemoryStream();
        using (var pdf = SKDocument.CreatePdf(stream, Metadata(document.Info)))
        {
            for (var number = 1; number <= pages.Count; number++)
            {
                var canvas = pdf.BeginPage(PageWidth, PageHeight);
                DrawHeader(canvas, fonts, document.Frame, HeaderTop + headerHeight);
                foreach (var placed in pages[number - 1].Lines)
                {
                    DrawLine(canvas, fonts, placed, contentTop);
                }

                DrawFooter(canvas, fonts, document.Frame, number, pages.Count);
                pdf.EndPage();
            }

            pdf.Close();
        }

        return stream.ToArray();
    }

    /// <summary>PDF/A-2b: SkiaSharp's PdfA flag writes the XMP packet (pdfaid part 2, conformance B), a document id and the sRGB output intent.</summary>
    private static SKDocumentPdfMetadata Metadata(DocumentInfo info) => new()
    {
        PdfA = true,
        Title = info.Title,
        Subject = info.Subject,
        Author = info.Author,
        Creator = "DoorbraakTafel",
        Producer = "DoorbraakTafel (SkiaSharp)",
        Creation = info.Created.UtcDateTime,
        Modified = info.Created.UtcDateTime,
        RasterDpi = SKDocument.DefaultRasterDpi,
        EncodingQuality = SKDocumentPdfMetadata.DefaultEncodingQuality,
    };

    private static void DrawHeader(SKCanvas canvas, SkiaFonts fonts, PageFrame frame, float bottom)
    {
        var y = HeaderTop;
        for (var i = 0; i < frame.Header.Count; i++)
        {
            var style = i == 0 ? HeaderFirst : HeaderRest;
            y += fonts.Ascent(style);
            DrawText(canvas, fonts, Fit(fonts, frame.Header[i], style, ContentWidth), Margin, y, style);
            y += fonts.Height(style) * PageLayout.LineSpacing - fonts.Ascent(style);
        }

        canvas.DrawLine(Margin, bottom, PageWidth - Margin, bottom, fonts.Paint(Ink.Rule, 0.6f));
    }

    private static void DrawFooter(SKCanvas canvas, SkiaFonts fonts, PageFrame frame, int number, int count)
    {
        var top = PageHeight - FooterHeight;
        canvas.DrawLine(Margin, top - 6f, PageWidth - Margin, top - 6f, fonts.Paint(Ink.Rule, 0.6f));
        var pageText = $"pagina {number} van {count}";
        var pageWidth = fonts.Width(pageText, FooterMarking);
        var first = top + fonts.Ascent(FooterMarking);
        DrawText(canvas, fonts, Fit(fonts, frame.Confidentiality, FooterMarking, ContentWidth - pageWidth - 12f), Margin, first, FooterMarking);
        DrawText(canvas, fonts, pageText, PageWidth - Margin - pageWidth, first, FooterMarking);
        var second = first + fonts.Height(FooterText) * PageLayout.LineSpacing;
        DrawText(canvas, fonts, Fit(fonts, frame.Generated, FooterText, ContentWidth), Margin, second, FooterText);
    }

    private static void DrawLine(SKCanvas canvas, SkiaFonts fonts, PlacedLine placed, float contentTop)
    {
        var top = contentTop + placed.Top;
        var line = placed.Line;
        foreach (var fill in line.Fills)
        {
            canvas.DrawRect(Margin + fill.X, top, fill.Width, line.Height, fonts.Paint(fill.Ink));
        }

        foreach (var run in line.Runs)
        {
            DrawText(canvas, fonts, run.Text, Margin + run.X, top + line.Baseline, run.Style);
        }

        if (line.RuleBelow)
        {
            canvas.DrawLine(Margin, top + line.Height, PageWidth - Margin, top + line.Height, fonts.Paint(Ink.Rule, 0.5f));
        }
    }

    private static void DrawText(SKCanvas canvas, SkiaFonts fonts, string text, float x, float baseline, TextStyle style)
    {
        if (text.Length > 0)
        {
            canvas.DrawText(text, x, baseline, fonts.Font(style), fonts.Paint(style.Ink));
        }
    }

    /// <summary>Shortens a header or footer text with an ellipsis so it stays on its one line.</summary>
    private static string Fit(SkiaFonts fonts, string text, TextStyle style, float width)
    {
        if (fonts.Width(text, style) <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 1 && fonts.Width(text[..length] + "…", style) > width)
        {
            length--;
        }

        return text[..length].TrimEnd() + "…";
    }

    private static SKTypeface LoadFont(string fileName)
    {
        var name = $"DoorbraakTafel.Export.Fonts.{fileName}";
        using var resource = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font {name} is not embedded in the app; see Export/Fonts.");
        using var data = SKData.Create(resource);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"The font {name} could not be read.");
    }

    /// <summary>The fonts and paints of one render; Skia objects are not shared between threads.</summary>
    private sealed class SkiaFonts : ITextMeasure, IDisposable
    {
        private readonly Dictionary<(float Size, bool Bold), SKFont> fonts = [];
        private readonly Dictionary<(Ink Ink, float Stroke), SKPaint> paints = [];
        private readonly Dictionary<(string Text, float Size, bool Bold), float> widths = [];

        public SKFont Font(TextStyle style)
        {
            if (!fonts.TryGetValue((style.Size, style.Bold), out var font))
            {
                font = new SKFont(style.Bold ? Bold.Value : Regular.Value, style.Size) { Subpixel = true, Hinting = SKFontHinting.None };
                fonts[(style.Size, style.Bold)] = font;
            }

            return font;
        }

        public SKPaint Paint(Ink ink, float stroke = 0)
        {
            if (!paints.TryGetValue((ink, stroke), out var paint))
            {
                paint = new SKPaint
                {
                    Color = ink switch
                    {
                        Ink.Muted => new SKColor(0x55, 0x55, 0x55),
                        Ink.Accent => new SKColor(0x15, 0x42, 0x73),
                        Ink.Notice => new SKColor(0x8A, 0x3B, 0x00),
                        Ink.NoticeTint => new SKColor(0xFF, 0xF3, 0xE0),
                        Ink.Rule => new SKColor(0x99, 0x99, 0x99),
                        _ => new SKColor(0x1A, 0x1A, 0x1A),
                    },
                    IsAntialias = true,
                    Style = stroke > 0 ? SKPaintStyle.Stroke : SKPaintStyle.Fill,
                    StrokeWidth = stroke,
                };
                paints[(ink, stroke)] = paint;
            }

            return paint;
        }

        /// <summary>Widths are cached per render: a long case repeats its words, and each measurement crosses into native code.</summary>
        public float Width(string text, TextStyle style)
        {
            if (!widths.TryGetValue((text, style.Size, style.Bold), out var width))
            {
                width = Font(style).MeasureText(text);
                widths[(text, style.Size, style.Bold)] = width;
            }

            return width;
        }

        public float Ascent(TextStyle style) => -Font(style).Metrics.Ascent;

        public float Height(TextStyle style)
        {
            var metrics = Font(style).Metrics;
            return metrics.Descent - metrics.Ascent;
        }

        public void Dispose()
        {
            foreach (var font in fonts.Values)
            {
                font.Dispose();
            }

            foreach (var paint in paints.Values)
            {
                paint.Dispose();
            }
        }
    }
}
