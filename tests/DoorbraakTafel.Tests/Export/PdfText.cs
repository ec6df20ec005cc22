using System.Net;
using System.Xml.Linq;
using UglyToad.PdfPig;

namespace DoorbraakTafel.Tests.Export;

/// <summary>A generated PDF read back with PdfPig: the words of each page, and the XMP metadata.</summary>
public sealed record PdfText(IReadOnlyList<string> Pages, XDocument? Xmp, string? Title)
{
    /// <summary>All pages' words, separated by single spaces, so a phrase matches across line breaks.</summary>
    public string All => string.Join(" ", Pages);

    public static PdfText Read(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        var pages = pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
        return new PdfText(pages, pdf.TryGetXmpMetadata(out var xmp) ? xmp.GetXDocument() : null, pdf.Information.Title);
    }

    /// <summary>GETs a PDF, checks it is one, and returns its text and file name.</summary>
    public static async Task<(PdfText Text, string? FileName)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"GET {path}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8), Is.True, "the body is a PDF");
        if (Environment.GetEnvironmentVariable("DOORBRAAK_PDF_DUMP") is { Length: > 0 } dump)
        {
            await File.WriteAllBytesAsync(Path.Combine(dump, $"{TestContext.CurrentContext.Test.MethodName}-{Guid.NewGuid():N}.pdf"), bytes);
        }

        return (Read(bytes), response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
    }
}
