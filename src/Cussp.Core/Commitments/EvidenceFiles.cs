using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Cussp.Commitments;

/// <summary>
/// The files accepted as evidence, their type decided by their content (the first bytes, and for Office files the parts inside),
/// never by their name: PDF, PNG, JPEG, DOCX, XLSX, and plain text or CSV in UTF-8.
/// </summary>
public static class EvidenceFiles
{
    /// <summary>Largest file, in bytes (10 MB).</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>The types accepted, as a person reads them.</summary>
    public const string Accepted = "PDF, PNG, JPEG, DOCX, XLSX, or plain text or CSV in UTF-8";

    private static ReadOnlySpan<byte> Png => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>What is said of a file of <paramref name="length"/> bytes, over the limit.</summary>
    public static string TooLarge(long length) => string.Create(CultureInfo.InvariantCulture,
        $"The file has {length:N0} bytes; at most {MaxBytes:N0} ({MaxBytes / 1024 / 1024} MB) are accepted.");

    /// <summary>The media type of <paramref name="content"/>, or null when it is none of the accepted types.</summary>
    public static string? TypeOf(byte[] content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(fileName);
        ReadOnlySpan<byte> head = content;
        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }
        if (head.StartsWith(Png))
        {
            return "image/png";
        }
        if (head.StartsWith(Jpeg))
        {
            return "image/jpeg";
        }
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return OfficeType(content);
        }
        return IsText(content) ? (fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? "text/csv" : "text/plain") : null;
    }

    private static string? OfficeType(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.GetEntry("[Content_Types].xml") is null)
            {
                return null;
            }
            if (zip.GetEntry("word/document.xml") is not null)
            {
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            }
            return zip.GetEntry("xl/workbook.xml") is not null ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    // Text: valid UTF-8, with no control character but tab and line breaks.
    private static bool IsText(byte[] content)
    {
        if (content.Length == 0)
        {
            return false;
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A file name as sent, without any folder, or null when nothing is left.</summary>
    public static string? NameOf(string? sent)
    {
        var name = (sent ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Trim();
        return name.Length == 0 ? null : name;
    }
}
