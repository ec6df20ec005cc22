namespace DoorbraakTafel.Export.Rendering;

/// <summary>
/// A printable document as a list of blocks, with what every page repeats. Composed by the
/// exports, laid out and drawn by an <see cref="IPdfRenderer"/>; it knows nothing of PDF.
/// </summary>
public sealed record ReportDocument(DocumentInfo Info, PageFrame Frame, IReadOnlyList<Block> Blocks);

/// <summary>The document's metadata (the PDF info dictionary and XMP).</summary>
public sealed record DocumentInfo(string Title, string Subject, string Author, DateTimeOffset Created);

/// <summary>
/// What every page carries: header lines on top (alias, table, period), and a footer with the
/// confidentiality marking and who generated the document when; the renderer adds "pagina x van y".
/// </summary>
public sealed record PageFrame(IReadOnlyList<string> Header, string Confidentiality, string Generated);

public abstract record Block;

/// <summary>A section title; level 1 to 3. Kept on the same page as what follows it.</summary>
public sealed record Heading(string Text, int Level = 1) : Block;

/// <summary>Running text, word-wrapped; a line break in the text starts a new line.</summary>
public sealed record Paragraph(string Text, bool Small = false, bool Bold = false) : Block;

/// <summary>Content held back or a caution: drawn tinted with a bar, so a reader cannot miss it.</summary>
public sealed record Notice(string Text) : Block;

/// <summary>Columns with relative widths, an optional header row, and rows of cells; cells wrap within their column.</summary>
public sealed record Grid(IReadOnlyList<float> Widths, IReadOnlyList<string>? Header, IReadOnlyList<IReadOnlyList<Cell>> Rows) : Block
{
    /// <summary>A two-column table of labels and values.</summary>
    public static Grid KeyValues(IEnumerable<(string Key, Cell Value)> rows) =>
        new([0.3f, 0.7f], null, [.. rows.Select(r => (IReadOnlyList<Cell>)[new Cell(r.Key, CellStyle.Label), r.Value])]);
}

public enum CellStyle
{
    Normal,
    Label,
    Bold,

    /// <summary>A redaction or caution inside a table: tinted like a <see cref="Notice"/>.</summary>
    Notice,
}

public sealed record Cell(string Text, CellStyle Style = CellStyle.Normal)
{
    public static implicit operator Cell(string text) => new(text);
}

/// <summary>Renders a document to PDF bytes. One implementation (SkiaSharp); kept small so it can be swapped.</summary>
public interface IPdfRenderer
{
    byte[] Render(ReportDocument document);
}
