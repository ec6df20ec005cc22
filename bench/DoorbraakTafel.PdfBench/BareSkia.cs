using SkiaSharp;

namespace DoorbraakTafel.PdfBench;

/// <summary>
/// The floor: 500 entries (a bold line and a text line each) drawn straight onto PDF/A pages with
/// the app's fonts, no layout, no wrapping, no header or footer. What SkiaSharp itself costs.
/// </summary>
internal sealed class BareSkia : IDisposable
{
    private readonly SKTypeface regular = Load("LiberationSans-Regular.ttf");
    private readonly SKTypeface bold = Load("LiberationSans-Bold.ttf");

    public byte[] Render(int entries)
    {
        using var stream = new MemoryStream();
        using var body = new SKFont(regular, 10f);
        using var heading = new SKFont(bold, 8.5f);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using (var pdf = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata { PdfA = true, Title = "Bare", Creation = DateTime.UtcNow, Modified = DateTime.UtcNow }))
        {
            SKCanvas? canvas = null;
            var y = 0f;
            for (var i = 0; i < entries; i++)
            {
                if (canvas is null || y > 780f)
                {
                    if (canvas is not null)
                    {
                        pdf.EndPage();
                    }

                    canvas = pdf.BeginPage(595.28f, 841.89f);
                    y = 60f;
                }

                canvas.DrawText($"23 november 2026 · GGZ Randmeren · Wonen · {i}", 50f, y, heading, paint);
                canvas.DrawText($"Regel {i:000}: wat de partner over de situatie inbrengt, in een paar zinnen.", 50f, y + 13f, body, paint);
                y += 32f;
            }

            pdf.EndPage();
            pdf.Close();
        }

        return stream.ToArray();
    }

    public void Dispose()
    {
        regular.Dispose();
        bold.Dispose();
    }

    public static SKTypeface Load(string fileName)
    {
        using var resource = typeof(DoorbraakTafel.Export.ExportModule).Assembly.GetManifestResourceStream($"DoorbraakTafel.Export.Fonts.{fileName}")!;
        using var data = SKData.Create(resource);
        return SKTypeface.FromData(data);
    }
}
