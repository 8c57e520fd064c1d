using System.Globalization;
using System.Text;

namespace Cussp.Agreements;

/// <summary>Full-text matching for the reader: words compared without case or accents, every word must occur.</summary>
public static class SearchText
{
    /// <summary>Longest query accepted, in characters.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>The folded words of a query; empty when there is nothing to search for.</summary>
    public static IReadOnlyList<string> Terms(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [];
        }
        return Fold(query).Split([' ', '\t', ',', ';', '"'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).Take(20).ToList();
    }

    /// <summary>True when every term occurs in <paramref name="text"/>.</summary>
    public static bool ContainsAll(string text, IReadOnlyList<string> terms)
    {
        var folded = Fold(text);
        return terms.All(t => folded.Contains(t, StringComparison.Ordinal));
    }

    /// <summary>The spans of <paramref name="text"/> where any term occurs, for highlighting; merged and in order.</summary>
    public static IReadOnlyList<(int Start, int Length)> Hits(string text, IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(terms);
        // Folding keeps one character per character for the scripts in these texts, so indexes carry over.
        var folded = Fold(text);
        if (folded.Length != text.Length)
        {
            return [];
        }
        var marks = new bool[text.Length];
        foreach (var t in terms)
        {
            for (var i = folded.IndexOf(t, StringComparison.Ordinal); i >= 0; i = folded.IndexOf(t, i + 1, StringComparison.Ordinal))
            {
                Array.Fill(marks, true, i, t.Length);
            }
        }
        var spans = new List<(int, int)>();
        for (var i = 0; i < marks.Length; i++)
        {
            if (!marks[i])
            {
                continue;
            }
            var start = i;
            while (i < marks.Length && marks[i])
            {
                i++;
            }
            spans.Add((start, i - start));
        }
        return spans;
    }

    /// <summary>Lower case, accents removed, typographic quotes and dashes made plain; same length as the input.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            var plain = lower switch
            {
                '’' or '‘' => '\'',
                '“' or '”' => '"',
                '–' or '—' => '-',
                _ => lower,
            };
            if (plain > 127 && char.IsLetter(plain))
            {
                var decomposed = plain.ToString().Normalize(NormalizationForm.FormD);
                var baseChar = decomposed[0];
                if (decomposed.Length > 1 && CharUnicodeInfo.GetUnicodeCategory(decomposed[1]) == UnicodeCategory.NonSpacingMark)
                {
                    plain = baseChar;
                }
            }
            sb.Append(plain);
        }
        return sb.ToString();
    }
}
