using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace DoorbraakTafel.Pages.TeamLead;

/// <summary>A series of a bar chart: its name and the CSS class that colours its bars.</summary>
public sealed record ChartSeries(string Name, string CssClass, IReadOnlyList<decimal> Values);

/// <summary>
/// A small grouped bar chart as inline SVG, for figures a person would rather look at than read.
/// The page shows the same figures in a table next to it; the SVG says what it shows in its label.
/// </summary>
public sealed record BarChart(string Id, string Title, IReadOnlyList<string> Categories, IReadOnlyList<ChartSeries> Series, Func<decimal, string> Format)
{
    private const int Width = 640;
    private const int Height = 260;
    private const int Left = 72;
    private const int Bottom = 36;
    private const int Top = 24;

    public IHtmlContent Svg()
    {
        var values = Series.SelectMany(s => s.Values).ToList();
        var max = Math.Max(values.Count == 0 ? 0 : values.Max(), 0);
        var min = Math.Min(values.Count == 0 ? 0 : values.Min(), 0);
        var span = max - min == 0 ? 1 : max - min;
        var plotHeight = Height - Top - Bottom;
        var plotWidth = Width - Left - 8;
        double Y(decimal value) => Top + (double)((max - value) / span) * plotHeight;
        var group = Categories.Count == 0 ? plotWidth : (double)plotWidth / Categories.Count;
        var bar = Math.Max(4, (group - 12) / Math.Max(1, Series.Count));
        var encoder = HtmlEncoder.Default;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{encoder.Encode(Title)}: de cijfers staan in de tabel ernaast\" focusable=\"false\">");
        // Axis: zero line and the top value.
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - 8}\" y1=\"{Y(0):0.#}\" y2=\"{Y(0):0.#}\" stroke=\"#4a4a4a\" />");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(max) + 4:0.#}\" text-anchor=\"end\">{encoder.Encode(Format(max))}</text>");
        if (min < 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(min) + 4:0.#}\" text-anchor=\"end\">{encoder.Encode(Format(min))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(0) + 4:0.#}\" text-anchor=\"end\">0</text>");
        for (var c = 0; c < Categories.Count; c++)
        {
            var x0 = Left + (c * group) + 6;
            for (var s = 0; s < Series.Count; s++)
            {
                var value = Series[s].Values[c];
                var top = Y(Math.Max(value, 0));
                var height = Math.Abs(Y(value) - Y(0));
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"{Series[s].CssClass}\" x=\"{x0 + (s * bar):0.#}\" y=\"{top:0.#}\" width=\"{bar - 2:0.#}\" height=\"{Math.Max(height, 0.5):0.#}\" />");
                if (value != 0)
                {
                    // The figure on the bar itself, so the chart reads without the axis.
                    svg.Append(CultureInfo.InvariantCulture,
                        $"<text x=\"{x0 + (s * bar) + ((bar - 2) / 2):0.#}\" y=\"{(value > 0 ? top - 4 : top + height + 14):0.#}\" text-anchor=\"middle\">{encoder.Encode(Format(value))}</text>");
                }
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (c * group) + (group / 2):0.#}\" y=\"{Height - 12}\" text-anchor=\"middle\">{encoder.Encode(Categories[c])}</text>");
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
