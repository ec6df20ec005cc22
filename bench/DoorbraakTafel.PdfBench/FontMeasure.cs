using DoorbraakTafel.Export.Rendering;
using SkiaSharp;

namespace DoorbraakTafel.PdfBench;

/// <summary>The app's fonts measured as the renderer measures them, to time the layout on its own.</summary>
internal sealed class FontMeasure : ITextMeasure, IDisposable
{
    private readonly SKTypeface regular = BareSkia.Load("LiberationSans-Regular.ttf");
    private readonly SKTypeface bold = BareSkia.Load("LiberationSans-Bold.ttf");
    private readonly Dictionary<(float Size, bool Bold), SKFont> fonts = [];

    public float Width(string text, TextStyle style) => Font(style).MeasureText(text);

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

        regular.Dispose();
        bold.Dispose();
    }

    private SKFont Font(TextStyle style)
    {
        if (!fonts.TryGetValue((style.Size, style.Bold), out var font))
        {
            font = new SKFont(style.Bold ? bold : regular, style.Size);
            fonts[(style.Size, style.Bold)] = font;
        }

        return font;
    }
}
