using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime.Text;

namespace Cussp.Agreements;

/// <summary>A heading that groups provisions: a part (<c>IV</c>) or a section of a part (<c>IV.K</c>).</summary>
/// <param name="Citation">Part numeral, or part numeral and section letter joined by a dot.</param>
/// <param name="Number">The numeral or letter as printed.</param>
/// <param name="Heading">The heading's words.</param>
/// <param name="Line">1-based line in the source text.</param>
public sealed record Division(string Citation, string Number, string Heading, int Line)
{
    /// <summary>True for a part, false for a section.</summary>
    public bool IsPart => !Citation.Contains('.', StringComparison.Ordinal);
}

/// <summary>One citable unit of text, as read from the source.</summary>
/// <param name="Citation">Stable citation such as <c>IV.A.7.iii.A</c> or <c>PRE.3</c>.</param>
/// <param name="Kind">Recital, paragraph, item or sub-item.</param>
/// <param name="Number">The number as printed: <c>7</c>, <c>iii</c>, <c>A</c>.</param>
/// <param name="ParentCitation">The paragraph of an item, the item of a sub-item; otherwise null.</param>
/// <param name="DivisionCitation">The part or section it sits in; <c>PRE</c> for recitals.</param>
/// <param name="Text">The verbatim text, without its number or bullet.</param>
/// <param name="Line">1-based line in the source text.</param>
public sealed record ParsedProvision(
    string Citation, ProvisionKind Kind, string Number, string? ParentCitation, string DivisionCitation, string Text, int Line);

/// <summary>An agreement read from its plain-text layout, before classification.</summary>
/// <param name="Title">The agreement's title line.</param>
/// <param name="PartiesClause">The line that names the parties and opens the preamble, if any.</param>
/// <param name="Divisions">Parts and sections in reading order.</param>
/// <param name="Provisions">Recitals and operative provisions in reading order.</param>
/// <param name="SignatureClause">The closing "SIGNED … on …" line, if any.</param>
/// <param name="SignedOn">The signature date read from that line.</param>
/// <param name="SignedAt">The place of signature read from that line.</param>
public sealed record ParsedAgreement(
    string Title,
    string? PartiesClause,
    IReadOnlyList<Division> Divisions,
    IReadOnlyList<ParsedProvision> Provisions,
    string? SignatureClause,
    LocalDate? SignedOn,
    string? SignedAt);

/// <summary>The source text does not follow the agreement layout; says where and what was expected.</summary>
public sealed class AgreementFormatException : Exception
{
    /// <summary>Creates the error for a 1-based line.</summary>
    public AgreementFormatException(int line, string expected, string? found = null)
        : base(found is null ? $"line {line}: expected {expected}" : $"line {line}: expected {expected}; found \"{Shorten(found)}\"")
    {
        LineNumber = line;
        Expected = expected;
    }

    /// <summary>Creates the error for a character of a 1-based line that <see cref="TextInput"/> refuses.</summary>
    public AgreementFormatException(int line, TextProblem problem)
        : base($"line {line}: {(problem ?? throw new ArgumentNullException(nameof(problem))).Message}")
    {
        LineNumber = line;
        Expected = "text without control or direction characters";
    }

    /// <summary>Creates the error without a position (used only by serializers).</summary>
    public AgreementFormatException() : this(0, "an agreement")
    {
    }

    /// <summary>Creates the error with a message.</summary>
    public AgreementFormatException(string message) : base(message) => Expected = message;

    /// <summary>Creates the error with a message and cause.</summary>
    public AgreementFormatException(string message, Exception inner) : base(message, inner) => Expected = message;

    /// <summary>The 1-based line of the problem.</summary>
    public int LineNumber { get; }

    /// <summary>What the parser expected at that line.</summary>
    public string Expected { get; }

    private static string Shorten(string s) => s.Length <= 80 ? s.Trim() : string.Concat(s.AsSpan().Trim()[..77], "…");
}

/// <summary>
/// Reads an agreement in the plain-text layout of the published G7-framework security agreements:
/// a title, a parties clause ending with a colon, one recital per line, then
/// <c>Part I. Heading</c>, optional <c>A. Section</c> headings, indented numbered paragraphs <c>1. …</c>,
/// bulleted items <c>• (i) …</c>, sub-items <c>(A) …</c> (optionally behind a number or bullet), and a
/// closing <c>SIGNED … in PLACE on D MONTH YYYY …</c> line after which nothing is read.
/// </summary>
public static partial class AgreementParser
{
    private static readonly LocalDatePattern SignatureDate = LocalDatePattern.Create("d MMMM uuuu", CultureInfo.InvariantCulture);

    // A line of the body: a part or section heading, a sub-item, item or paragraph, each with its words after its number, or the
    // signature that ends the text. The forms are tried in this order.
    [GeneratedRegex("""
        ^(?:
            (?:
                Part\s+(?<part>[IVXLCDM]+)\.
              | (?<section>[A-Z])\.
              | \s+(?:\d{1,3}\.\s+|[•\-\*]\s+)?\((?<subitem>[A-Z])\)
              | \s+(?:[•\-\*]\s+)?\((?<item>[ivxlcdm]+)\)
              | \s+(?<paragraph>\d{1,3})\.(?!\s+\([A-Z]\))
            )
            \s+(?<words>\S.*?)\s*$
          | (?<signature>SIGNED|Signed|DONE|Done)\b
        )
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex BodyLine();

    [GeneratedRegex(@"\bin\s+(?<place>[A-Z][\p{L}’'\- ]*?)\s*,?\s+on\s+(?<date>\d{1,2}\s+[A-Z][a-z]+\s+\d{4})")]
    private static partial Regex SignaturePlaceAndDate();

    /// <summary>Parses <paramref name="text"/>; throws <see cref="AgreementFormatException"/> naming the first bad line.</summary>
    public static ParsedAgreement Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (TextInput.Find(lines[i], TextShape.MultiLine) is { } unreadable)
            {
                throw new AgreementFormatException(i + 1, unreadable);
            }
        }
        var firstPart = Array.FindIndex(lines, l => BodyLine().Match(l).Groups["part"].Success);
        if (firstPart < 0)
        {
            throw new AgreementFormatException(1, "at least one part heading such as \"Part I. Objectives\"");
        }

        // Front matter: the parties clause is the first line ending with a colon; every later line before Part I is a recital
        // (the closing "Have agreed as follows:" included, as the CUSSP's "Have jointly determined …" is PRE.8).
        var parties = -1;
        for (var i = 0; i < firstPart; i++)
        {
            var t = lines[i].Trim();
            if (t.EndsWith(':') && !t.StartsWith(' '))
            {
                parties = i;
                break;
            }
        }
        var titleSearchEnd = parties >= 0 ? parties : firstPart;
        var title = lines.Take(titleSearchEnd).Select(l => l.Trim())
                        .FirstOrDefault(l => l.Contains("agreement", StringComparison.OrdinalIgnoreCase) && !l.EndsWith(':'))
                    ?? lines.Take(titleSearchEnd).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0)
                    ?? "Untitled agreement";

        var provisions = new List<ParsedProvision>();
        var divisions = new List<Division>();
        if (parties >= 0)
        {
            var n = 0;
            for (var i = parties + 1; i < firstPart; i++)
            {
                var t = lines[i].Trim();
                if (t.Length == 0)
                {
                    continue;
                }
                n++;
                provisions.Add(new ParsedProvision($"PRE.{n}", ProvisionKind.Recital, n.ToString(CultureInfo.InvariantCulture),
                    null, "PRE", t, i + 1));
            }
        }

        var state = new BodyState();
        string? signature = null;
        for (var i = firstPart; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            var lineNo = i + 1;
            if (line.Trim().Length == 0)
            {
                continue;
            }
            var m = BodyLine().Match(line);
            var words = m.Groups["words"].Value;
            if (m.Groups["part"] is { Success: true } part)
            {
                if (!Roman.TryParse(part.Value, out var partNo) || partNo != state.PartNo + 1)
                {
                    throw new AgreementFormatException(lineNo, $"\"Part {Roman.ToUpper(state.PartNo + 1)}.\" (parts are numbered in order)", line);
                }
                state.StartPart(partNo, part.Value);
                divisions.Add(new Division(state.Part!, state.Part!, words, lineNo));
            }
            else if (m.Groups["section"] is { Success: true } section)
            {
                var letter = section.Value[0];
                var expected = (char)('A' + state.SectionCount);
                if (letter != expected)
                {
                    throw new AgreementFormatException(lineNo, $"section \"{expected}.\" of Part {state.Part} (sections are lettered in order)", line);
                }
                state.StartSection(letter);
                divisions.Add(new Division(state.Container, section.Value, words, lineNo));
            }
            else if (m.Groups["subitem"] is { Success: true } subItem)
            {
                if (state.Item is null)
                {
                    throw new AgreementFormatException(lineNo, "an item \"(i) …\" before its sub-item", line);
                }
                var letter = subItem.Value[0];
                var expected = (char)('A' + state.SubItemCount);
                if (letter != expected)
                {
                    throw new AgreementFormatException(lineNo, $"sub-item \"({expected})\" of {state.Item}", line);
                }
                state.SubItemCount++;
                provisions.Add(new ParsedProvision($"{state.Item}.{letter}", ProvisionKind.SubItem, subItem.Value,
                    state.Item, state.Container, words, lineNo));
            }
            else if (m.Groups["item"] is { Success: true } item)
            {
                if (state.Paragraph is null)
                {
                    throw new AgreementFormatException(lineNo, "a numbered paragraph before its item", line);
                }
                var expected = Roman.ToLower(state.ItemCount + 1);
                if (item.Value != expected)
                {
                    throw new AgreementFormatException(lineNo, $"item \"({expected})\" of {state.Paragraph}", line);
                }
                state.ItemCount++;
                state.Item = $"{state.Paragraph}.{expected}";
                state.SubItemCount = 0;
                provisions.Add(new ParsedProvision(state.Item, ProvisionKind.Item, expected, state.Paragraph, state.Container,
                    words, lineNo));
            }
            else if (m.Groups["paragraph"] is { Success: true } paragraph)
            {
                var number = int.Parse(paragraph.Value, CultureInfo.InvariantCulture);
                if (number != state.ParagraphCount + 1)
                {
                    throw new AgreementFormatException(lineNo, $"paragraph \"{state.ParagraphCount + 1}.\" of {state.Container}", line);
                }
                state.ParagraphCount++;
                state.Paragraph = $"{state.Container}.{number.ToString(CultureInfo.InvariantCulture)}";
                state.Item = null;
                state.ItemCount = 0;
                provisions.Add(new ParsedProvision(state.Paragraph, ProvisionKind.Paragraph, paragraph.Value, null,
                    state.Container, words, lineNo));
            }
            else if (m.Groups["signature"].Success)
            {
                signature = line.Trim();
                break;
            }
            else
            {
                throw new AgreementFormatException(lineNo,
                    "a part heading (\"Part II. …\"), a section heading (\"B. …\"), an indented numbered paragraph (\"  1. …\"), " +
                    "an item (\"  • (i) …\"), a sub-item (\"  (A) …\") or the signature clause (\"SIGNED … on 24 February 2024 …\")",
                    line);
            }
        }

        LocalDate? signedOn = null;
        string? signedAt = null;
        if (signature is not null)
        {
            var sm = SignaturePlaceAndDate().Match(signature);
            if (sm.Success)
            {
                var parsed = SignatureDate.Parse(sm.Groups["date"].Value);
                if (parsed.Success)
                {
                    signedOn = parsed.Value;
                }
                signedAt = sm.Groups["place"].Value.Trim();
            }
        }
        return new ParsedAgreement(title, parties >= 0 ? lines[parties].Trim() : null, divisions, provisions, signature, signedOn, signedAt);
    }

    private sealed class BodyState
    {
        public int PartNo { get; private set; }
        public string? Part { get; private set; }
        public string Container { get; private set; } = "";
        public int SectionCount { get; private set; }
        public int ParagraphCount { get; set; }
        public string? Paragraph { get; set; }
        public int ItemCount { get; set; }
        public string? Item { get; set; }
        public int SubItemCount { get; set; }

        public void StartPart(int number, string numeral)
        {
            PartNo = number;
            Part = numeral;
            Container = numeral;
            SectionCount = 0;
            ResetParagraphs();
        }

        public void StartSection(char letter)
        {
            SectionCount++;
            Container = $"{Part}.{letter}";
            ResetParagraphs();
        }

        private void ResetParagraphs()
        {
            ParagraphCount = 0;
            Paragraph = null;
            ItemCount = 0;
            Item = null;
            SubItemCount = 0;
        }
    }
}
