using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Cussp;

/// <summary>Whether a free-text field holds one line (a title, a name) or several (a body, details, a reason).</summary>
public enum TextShape
{
    /// <summary>One line: no line breaks and no tabs.</summary>
    SingleLine,
    /// <summary>Several lines: line feeds and tabs are allowed, and a carriage return before a line feed is stored as a line feed alone.</summary>
    MultiLine,
}

/// <summary>Why a character may not be stored in a free-text field.</summary>
public enum TextProblemKind
{
    /// <summary>A C0 or C1 control character (U+0000–U+001F, U+007F–U+009F) that the field does not allow.</summary>
    Control,
    /// <summary>A line break or tab in a field of one line.</summary>
    LineBreak,
    /// <summary>A carriage return that does not end a line (not followed by a line feed).</summary>
    LoneCarriageReturn,
    /// <summary>A character that changes the direction in which the text around it is shown.</summary>
    Bidirectional,
    /// <summary>U+2028 or U+2029, which some programs show as a line break and others do not.</summary>
    Separator,
    /// <summary>Half of a UTF-16 surrogate pair: not a character at all, and not storable as UTF-8.</summary>
    LoneSurrogate,
    /// <summary>A code point Unicode reserves never to be a character (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF).</summary>
    Noncharacter,
}

/// <summary>The first character a free-text field may not hold: which one, where (counting characters from 1), and why.</summary>
/// <param name="CodePoint">The character's code point (a lone surrogate's own value).</param>
/// <param name="Position">Where it is, counting characters (code points) from 1.</param>
/// <param name="Kind">Why it is refused.</param>
public sealed record TextProblem(int CodePoint, int Position, TextProblemKind Kind)
{
    /// <summary>The character as Unicode writes it: <c>U+202E</c>.</summary>
    public string Character => "U+" + CodePoint.ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>The character's Unicode name, for the characters people meet (NUL, ESC, the direction controls …); otherwise null.</summary>
    public string? Name => TextInput.NameOf(CodePoint);

    /// <summary>What is wrong, in English, as one sentence that never repeats the character itself (it could drive a terminal).</summary>
    public string Message
    {
        get
        {
            var what = Name is { } name ? $"{Character} ({name})" : Character;
            var why = Kind switch
            {
                TextProblemKind.Control => "control characters are not text",
                TextProblemKind.LineBreak => "this field is a single line",
                TextProblemKind.LoneCarriageReturn => "a carriage return may only come before a line feed",
                TextProblemKind.Bidirectional =>
                    "it changes the direction in which the text around it is shown, so what readers see would differ from what is stored",
                TextProblemKind.Separator => "break lines with a line feed",
                TextProblemKind.LoneSurrogate => "it is half of a character (an unpaired surrogate)",
                TextProblemKind.Noncharacter => "it is a Unicode noncharacter, never used in text",
                _ => throw new InvalidOperationException($"no message for {Kind}"),
            };
            return $"The character {what} at position {Position} is not allowed: {why}.";
        }
    }

    /// <summary>The message as one line that names <paramref name="field"/>: <c>title: The character U+202E … at position 8 …</c>.</summary>
    public string About(string field) => $"{field}: {Message}";
}

/// <summary>
/// The one rule for every free-text field that is stored (titles, bodies, names, reasons): what a person can type and read
/// back, and nothing that changes how the rest of the text is shown or that some programs treat as something other than text.
/// </summary>
/// <remarks>
/// <para>Refused everywhere: C0 and C1 control characters (NUL, ESC and the rest can hide, rewrite or cut what a terminal, a log
/// or a CSV reader shows), except that a field of several lines takes tab and line feed, and a carriage return directly before a
/// line feed (what browsers send from a text area), which is stored as a line feed alone.</para>
/// <para>Refused everywhere: the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make
/// <c>invoice\u202Egpj.exe</c> read as <c>invoiceexe.jpg</c>; and the directional marks U+200E, U+200F and U+061C. The marks
/// reverse no letters, but they do reorder the digits and punctuation around them, so a date or a sum can read differently
/// from what is stored; the product's three languages are written left to right, and the Unicode algorithm places any
/// right-to-left text quoted in them correctly without marks.</para>
/// <para>Refused everywhere: unpaired surrogates (not characters; PostgreSQL cannot store them) and Unicode noncharacters;
/// U+2028 and U+2029, which some programs break lines at and others do not.</para>
/// <para>Allowed: every other character, joiners (emoji sequences, Indic scripts) and soft hyphens among them. Look-alike letters
/// are not refused: Cyrillic and Latin text side by side is this product's everyday input.</para>
/// </remarks>
public static class TextInput
{
    /// <summary>The first character <paramref name="text"/> may not hold in a field of <paramref name="shape"/>, or null when it may be stored.</summary>
    public static TextProblem? Find(string? text, TextShape shape)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var position = 0;
        for (var i = 0; i < text.Length; i++)
        {
            position++;
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                i++;
                if ((codePoint & 0xFFFE) == 0xFFFE)
                {
                    return new TextProblem(codePoint, position, TextProblemKind.Noncharacter);
                }
                continue;
            }
            if (KindOf(c, i + 1 < text.Length ? text[i + 1] : null, shape) is { } kind)
            {
                return new TextProblem(c, position, kind);
            }
        }
        return null;
    }

    /// <summary>One line naming <paramref name="field"/> and the first character it may not hold, or null when it may be stored.</summary>
    public static string? Problem(string field, string? text, TextShape shape) => Find(text, shape)?.About(field);

    /// <summary>Adds the message about <paramref name="field"/> to <paramref name="errors"/> (field → problems) when its text breaks the rule.</summary>
    public static void Check(IDictionary<string, string[]> errors, string field, string? text, TextShape shape)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (Find(text, shape) is { } problem)
        {
            errors[field] = errors.TryGetValue(field, out var earlier) ? [.. earlier, problem.Message] : [problem.Message];
        }
    }

    /// <summary>Refuses <paramref name="text"/> when it breaks the rule.</summary>
    /// <exception cref="InvalidInputException">It does, naming <paramref name="field"/>, the character and its position.</exception>
    public static void Ensure(string field, string? text, TextShape shape)
    {
        if (Find(text, shape) is { } problem)
        {
            throw new InvalidInputException(field, problem.Message);
        }
    }

    /// <summary>Text of several lines as it is stored: each carriage return and line feed pair as one line feed.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Normalise(string? text) => text?.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static TextProblemKind? KindOf(char c, char? next, TextShape shape)
    {
        switch (c)
        {
            case '\t' or '\n':
                return shape == TextShape.MultiLine ? null : TextProblemKind.LineBreak;
            case '\r':
                return shape == TextShape.SingleLine ? TextProblemKind.LineBreak : next == '\n' ? null : TextProblemKind.LoneCarriageReturn;
            case <= '\u001F' or (>= '\u007F' and <= '\u009F'):
                return TextProblemKind.Control;
            case (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C':
                return TextProblemKind.Bidirectional;
            case '\u2028' or '\u2029':
                return TextProblemKind.Separator;
            case (>= '\uFDD0' and <= '\uFDEF') or '\uFFFE' or '\uFFFF':
                return TextProblemKind.Noncharacter;
            default:
                return char.IsSurrogate(c) ? TextProblemKind.LoneSurrogate : null;
        }
    }

    internal static string? NameOf(int codePoint) => codePoint switch
    {
        0x00 => "null",
        0x09 => "tab",
        0x0A => "line feed",
        0x0D => "carriage return",
        0x1B => "escape",
        0x7F => "delete",
        0x061C => "Arabic letter mark",
        0x200E => "left-to-right mark",
        0x200F => "right-to-left mark",
        0x202A => "left-to-right embedding",
        0x202B => "right-to-left embedding",
        0x202C => "pop directional formatting",
        0x202D => "left-to-right override",
        0x202E => "right-to-left override",
        0x2066 => "left-to-right isolate",
        0x2067 => "right-to-left isolate",
        0x2068 => "first strong isolate",
        0x2069 => "pop directional isolate",
        0x2028 => "line separator",
        0x2029 => "paragraph separator",
        _ => null,
    };
}
