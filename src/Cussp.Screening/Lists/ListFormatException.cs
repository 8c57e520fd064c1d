namespace Cussp.Screening;

/// <summary>A list file that cannot be read: names the file, the line and the reason.</summary>
public sealed class ListFormatException : Exception
{
    /// <summary>Creates the error for <paramref name="file"/> at <paramref name="line"/> (1-based; 0 when unknown).</summary>
    public ListFormatException(string file, int line, string reason, Exception? inner = null)
        : base($"{file}:{line}: {reason}", inner)
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    /// <summary>Creates an error with only a message.</summary>
    public ListFormatException() : this("", 0, "malformed list") { }

    /// <summary>Creates an error with only a message.</summary>
    public ListFormatException(string message) : this("", 0, message) { }

    /// <summary>Creates an error with only a message and its cause.</summary>
    public ListFormatException(string message, Exception inner) : this("", 0, message, inner) { }

    /// <summary>The file.</summary>
    public string File { get; }

    /// <summary>The line, from 1; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>What is wrong there.</summary>
    public string Reason { get; }
}

/// <summary>The list formats the importers read.</summary>
public enum ListFormat
{
    /// <summary>Canada's Consolidated Autonomous Sanctions List (SEMA), XML, in the 2020 or the current bilingual tag scheme.</summary>
    Sema,
    /// <summary>The UN Security Council consolidated list, XML.</summary>
    Un,
    /// <summary>The US OFAC SDN list, CSV without a header.</summary>
    Ofac,
    /// <summary>FollowTheMoney entities, one JSON object a line.</summary>
    Ftm,
}

/// <summary>Reads a sanctions list file of any supported format into the list model, all or nothing.</summary>
public static class ListReader
{
    /// <summary>Reads <paramref name="path"/> as <paramref name="format"/>; throws <see cref="ListFormatException"/> on bad input.</summary>
    public static SanctionsList Read(ListFormat format, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(format, stream, Path.GetFileName(path));
    }

    /// <summary>Reads a stream; <paramref name="name"/> is the file name errors report.</summary>
    public static SanctionsList Read(ListFormat format, Stream stream, string name) => format switch
    {
        ListFormat.Sema => SemaParser.Parse(stream, name),
        ListFormat.Un => UnParser.Parse(stream, name),
        ListFormat.Ofac => OfacParser.Parse(stream, name),
        ListFormat.Ftm => FtmParser.Parse(stream, name),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>Reads a format name (<c>sema</c>, <c>un</c>, <c>ofac</c>, <c>ftm</c>).</summary>
    public static bool TryParseFormat(string? text, out ListFormat format) =>
        Enum.TryParse(text, ignoreCase: true, out format) && Enum.IsDefined(format);
}
