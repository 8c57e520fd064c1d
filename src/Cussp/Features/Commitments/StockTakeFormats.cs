using System.Text;

namespace Cussp.Features.Commitments;

/// <summary>The files the stock-take and the review are written as: a Word document, a print-ready web page, or Markdown.</summary>
internal static class StockTakeFormats
{
    /// <summary>The formats by name, as the API's <c>format</c> and the command line's <c>--format</c> take them.</summary>
    public static readonly IReadOnlyList<string> Names = ["docx", "html", "md"];

    /// <summary>True when <paramref name="format"/> is one of <see cref="Names"/>.</summary>
    public static bool Known(string? format) => Names.Contains(format);

    /// <summary>The media type of a format.</summary>
    public static string MediaType(string format) => format switch
    {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "html" => "text/html; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a stock-take format"),
    };

    /// <summary>Writes <paramref name="document"/> (a stock-take or a review, in the current UI culture's language) in <paramref name="format"/>.</summary>
    public static async Task WriteAsync(Document document, string format, Stream stream, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (format == "docx")
        {
            // The Open XML SDK writes its package to a seekable stream; the finished file is copied out whole.
            using var buffer = new MemoryStream();
            DocumentWriters.Docx(document, buffer);
            buffer.Position = 0;
            await buffer.CopyToAsync(stream, ct);
            return;
        }
        var text = format switch
        {
            "html" => DocumentWriters.Html5(document, standalone: true),
            "md" => DocumentWriters.Markdown(document),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a stock-take format"),
        };
        await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text), ct);
    }
}
