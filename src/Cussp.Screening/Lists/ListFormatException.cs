namespace Cussp.Screening;

/// <summary>A list file that cannot be read: names the file, the line and the reason.</summary>
public sealed class ListFormatException : Exception
{
    /// <summary>Creates the error for <paramref name="file"/> at <paramref name="line"/> (1-based; 0 when unknown).</summary>
    public ListFormatException(string file, int line, string reason, Exception? inner = null)
        : base(line > 0 ? $"{file}:{line}: {reason}" : $"{file}: {reason}", inner)
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
    /// <summary>
    /// Reads <paramref name="path"/> as <paramref name="format"/>; throws <see cref="ListFormatException"/> on bad input.
    /// <paramref name="source"/> names the list the file holds, instead of the format's own (<c>sema</c>, <c>un</c>, <c>ofac</c>)
    /// or, for FollowTheMoney, the dataset its entities name.
    /// </summary>
    public static SanctionsList Read(ListFormat format, string path, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        return Read(format, stream, Path.GetFileName(path), source);
    }

    /// <summary>Reads a stream; <paramref name="name"/> is the file name errors report.</summary>
    public static SanctionsList Read(ListFormat format, Stream stream, string name, string? source = null)
    {
        if (source is not null && SourceProblem(source) is { } problem)
        {
            throw new ListFormatException(name, 0, problem);
        }
        var list = format switch
        {
            ListFormat.Sema => SemaParser.Parse(stream, name),
            ListFormat.Un => UnParser.Parse(stream, name),
            ListFormat.Ofac => OfacParser.Parse(stream, name),
            ListFormat.Ftm => FtmParser.Parse(stream, name, source),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        return source is null || list.Source == source ? list : Renamed(list, source);
    }

    /// <summary>The longest name of a list.</summary>
    public const int MaxSourceLength = 64;

    /// <summary>What is wrong with a list's name (lower-case letters, digits, '_' and '-', at most 64), or null when it is good.</summary>
    public static string? SourceProblem(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Length == 0 || source.Length > MaxSourceLength)
        {
            return $"the list name \u201c{source}\u201d must have 1 to {MaxSourceLength} characters";
        }
        return source.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-')
            ? null
            : $"the list name \u201c{source}\u201d may only have lower-case letters, digits, '_' and '-'";
    }

    private static SanctionsList Renamed(SanctionsList list, string source)
    {
        return new SanctionsList(source, [.. list.Entities.Select(e => e.WithSource(source))]);
    }

    /// <summary>Reads a format name (<c>sema</c>, <c>un</c>, <c>ofac</c>, <c>ftm</c>).</summary>
    public static bool TryParseFormat(string? text, out ListFormat format) =>
        Enum.TryParse(text, ignoreCase: true, out format) && Enum.IsDefined(format);
}
