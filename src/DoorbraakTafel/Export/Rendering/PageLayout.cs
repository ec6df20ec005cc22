using System.Text;

namespace DoorbraakTafel.Export.Rendering;

public enum Ink
{
    Text,
    Muted,
    Accent,
    Notice,
    NoticeTint,
    Rule,
}

public readonly record struct TextStyle(float Size, bool Bold, Ink Ink)
{
    public static readonly TextStyle Body = new(10f, false, Ink.Text);
    public static readonly TextStyle BodyBold = new(10f, true, Ink.Text);
    public static readonly TextStyle Small = new(8.5f, false, Ink.Muted);
    public static readonly TextStyle SmallBold = new(8.5f, true, Ink.Text);
    public static readonly TextStyle NoticeText = new(9.5f, false, Ink.Notice);
    public static readonly TextStyle Label = new(9.5f, true, Ink.Muted);

    public static TextStyle Heading(int level) => level switch
    {
        1 => new(16f, true, Ink.Accent),
        2 => new(12.5f, true, Ink.Accent),
        _ => new(10.5f, true, Ink.Text),
    };
}

/// <summary>Font metrics, so the layout measures text exactly as the renderer will draw it.</summary>
public interface ITextMeasure
{
    float Width(string text, TextStyle style);

    /// <summary>Distance from the top of the font's box to its baseline.</summary>
    float Ascent(TextStyle style);

    /// <summary>Height of the font's box (ascent plus descent).</summary>
    float Height(TextStyle style);
}

public sealed record Run(string Text, float X, TextStyle Style);

/// <summary>A tinted rectangle behind a line (a notice's background or bar).</summary>
public sealed record Fill(float X, float Width, Ink Ink);

/// <summary>
/// One line of the document: the unit that is never cut. Runs sit on one baseline; fills span the
/// line's full height, so the lines of a notice join into one box.
/// </summary>
public sealed record LaidLine(IReadOnlyList<Run> Runs, IReadOnlyList<Fill> Fills, float Height, float Baseline, float SpaceBefore, bool KeepWithNext, bool RuleBelow = false);

public sealed record PlacedLine(LaidLine Line, float Top);

public sealed record LaidPage(IReadOnlyList<PlacedLine> Lines);

/// <summary>
/// Our small text layout: blocks become lines (word wrap with real font metrics), lines become
/// pages. A page breaks only between lines, and a heading or a table's header row stays with
/// the line after it. Pure: the metrics come in through <see cref="ITextMeasure"/>.
/// </summary>
public sealed class PageLayout(ITextMeasure measure, float width)
{
    public const float LineSpacing = 1.25f;
    private const float CellPadding = 4f;
    private const float NoticeIndent = 8f;

    public IReadOnlyList<LaidLine> Lines(IEnumerable<Block> blocks)
    {
        var lines = new List<LaidLine>();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Heading heading:
                    var style = TextStyle.Heading(heading.Level);
                    AddText(lines, heading.Text, style, 0, width, heading.Level switch { 1 => 4f, 2 => 16f, _ => 10f }, keepWithNext: true, fills: []);
                    break;
                case Paragraph paragraph:
                    var paragraphStyle = paragraph.Small
                        ? (paragraph.Bold ? TextStyle.SmallBold : TextStyle.Small)
                        : (paragraph.Bold ? TextStyle.BodyBold : TextStyle.Body);
                    AddText(lines, paragraph.Text, paragraphStyle, 0, width, 5f, keepWithNext: paragraph.Bold, fills: []);
                    break;
                case Notice notice:
                    AddText(lines, notice.Text, TextStyle.NoticeText, NoticeIndent, width - 2 * NoticeIndent, 5f, keepWithNext: false,
                        fills: [new Fill(0, width, Ink.NoticeTint), new Fill(0, 2.5f, Ink.Notice)]);
                    break;
                case Grid grid:
                    AddGrid(lines, grid);
                    break;
                default:
                    throw new NotSupportedException($"No layout for block {block.GetType().Name}.");
            }
        }

        return lines;
    }

    /// <summary>Splits text into lines no wider than <paramref name="maxWidth"/>; a word wider than that is split between characters.</summary>
    public IReadOnlyList<string> Wrap(string text, TextStyle style, float maxWidth)
    {
        var result = new List<string>();
        var space = measure.Width(" ", style);
        foreach (var paragraph in Clean(text).Split('\n'))
        {
            var line = new StringBuilder();
            var lineWidth = 0f;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var wordWidth = measure.Width(word, style);
                if (line.Length > 0 && lineWidth + space + wordWidth <= maxWidth)
                {
                    line.Append(' ').Append(word);
                    lineWidth += space + wordWidth;
                    continue;
                }

                if (line.Length > 0)
                {
                    result.Add(line.ToString());
                    line.Clear();
                }

                var rest = word;
                var restWidth = wordWidth;
                while (restWidth > maxWidth && rest.Length > 1)
                {
                    var fits = FittingPrefix(rest, style, maxWidth);
                    result.Add(rest[..fits]);
                    rest = rest[fits..];
                    restWidth = measure.Width(rest, style);
                }

                line.Append(rest);
                lineWidth = restWidth;
            }

            result.Add(line.ToString());
        }

        return result;
    }

    /// <summary>Puts lines on pages of <paramref name="height"/>; always at least one page.</summary>
    public static IReadOnlyList<LaidPage> Paginate(IReadOnlyList<LaidLine> lines, float height)
    {
        var pages = new List<LaidPage>();
        var current = new List<PlacedLine>();
        var y = 0f;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var gap = current.Count == 0 ? 0 : line.SpaceBefore;
            var needed = gap + KeptHeight(lines, i, height);
            if (current.Count > 0 && y + needed > height)
            {
                pages.Add(new LaidPage(current));
                current = [];
                y = 0;
                gap = 0;
            }

            y += gap;
            current.Add(new PlacedLine(line, y));
            y += line.Height;
        }

        pages.Add(new LaidPage(current));
        return pages;
    }

    /// <summary>The height of a line and the lines it must stay with, or just its own when that chain would not fit any page.</summary>
    private static float KeptHeight(IReadOnlyList<LaidLine> lines, int index, float pageHeight)
    {
        var total = lines[index].Height;
        for (var j = index; lines[j].KeepWithNext && j + 1 < lines.Count; j++)
        {
            total += lines[j + 1].SpaceBefore + lines[j + 1].Height;
        }

        return total <= pageHeight ? total : lines[index].Height;
    }

    private void AddText(List<LaidLine> lines, string text, TextStyle style, float x, float maxWidth, float spaceBefore, bool keepWithNext, IReadOnlyList<Fill> fills)
    {
        var wrapped = Wrap(text, style, maxWidth);
        var height = LineHeight(style);
        var baseline = BaselineIn(style, height);
        for (var i = 0; i < wrapped.Count; i++)
        {
            lines.Add(new LaidLine([new Run(wrapped[i], x, style)], fills, height, baseline, i == 0 ? spaceBefore : 0,
                KeepWithNext: keepWithNext || (fills.Count > 0 && i < wrapped.Count - 1 && wrapped.Count <= 4)));
        }
    }

    private void AddGrid(List<LaidLine> lines, Grid table)
    {
        var total = table.Widths.Sum();
        var columns = table.Widths.Select(w => w / total * width).ToArray();
        var lefts = new float[columns.Length];
        for (var c = 1; c < columns.Length; c++)
        {
            lefts[c] = lefts[c - 1] + columns[c - 1];
        }

        if (table.Header is { } header)
        {
            AddRow(lines, [.. header.Select(h => new Cell(h, CellStyle.Label))], columns, lefts, spaceBefore: 6f, isHeader: true);
        }

        for (var r = 0; r < table.Rows.Count; r++)
        {
            AddRow(lines, table.Rows[r], columns, lefts, spaceBefore: r == 0 && table.Header is null ? 6f : 3f, isHeader: false);
        }
    }

    private void AddRow(List<LaidLine> lines, IReadOnlyList<Cell> cells, float[] columns, float[] lefts, float spaceBefore, bool isHeader)
    {
        var wrapped = new IReadOnlyList<string>[columns.Length];
        var styles = new TextStyle[columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var cell = c < cells.Count ? cells[c] : new Cell("");
            styles[c] = cell.Style switch
            {
                CellStyle.Label => TextStyle.Label,
                CellStyle.Bold => TextStyle.BodyBold,
                CellStyle.Notice => TextStyle.NoticeText,
                _ => TextStyle.Body,
            };
            wrapped[c] = Wrap(cell.Text, styles[c], columns[c] - 2 * CellPadding);
        }

        var fills = new List<Fill>();
        for (var c = 0; c < columns.Length; c++)
        {
            if (c < cells.Count && cells[c].Style == CellStyle.Notice)
            {
                fills.Add(new Fill(lefts[c], columns[c] - CellPadding / 2, Ink.NoticeTint));
                fills.Add(new Fill(lefts[c], 2f, Ink.Notice));
            }
        }

        var height = styles.Max(LineHeight);
        var baseline = styles.Max(s => BaselineIn(s, height));
        var count = wrapped.Max(w => w.Count);
        for (var i = 0; i < count; i++)
        {
            var runs = new List<Run>();
            for (var c = 0; c < columns.Length; c++)
            {
                if (i < wrapped[c].Count && wrapped[c][i].Length > 0)
                {
                    runs.Add(new Run(wrapped[c][i], lefts[c] + CellPadding, styles[c]));
                }
            }

            var last = i == count - 1;
            // A header stays with the first row; a short row stays in one piece.
            var keep = isHeader || (!last && count <= 6);
            lines.Add(new LaidLine(runs, fills, height, baseline, i == 0 ? spaceBefore : 0, keep, RuleBelow: isHeader && last));
        }
    }

    private float LineHeight(TextStyle style) => measure.Height(style) * LineSpacing;

    private float BaselineIn(TextStyle style, float lineHeight) => (lineHeight - measure.Height(style)) / 2 + measure.Ascent(style);

    private int FittingPrefix(string word, TextStyle style, float maxWidth)
    {
        var length = 1;
        while (length < word.Length && measure.Width(word[..(length + 1)], style) <= maxWidth)
        {
            length++;
        }

        // Never split a surrogate pair.
        if (length < word.Length && char.IsHighSurrogate(word[length - 1]) && length > 1)
        {
            length--;
        }

        return length;
    }

    /// <summary>One kind of line break, no tabs or control characters (they have no glyphs).</summary>
    private static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            builder.Append(c switch
            {
                '\n' => '\n',
                '\r' or '\t' or '\u00a0' => ' ',
                _ when char.IsControl(c) => ' ',
                _ => c,
            });
        }

        return builder.ToString();
    }
}
