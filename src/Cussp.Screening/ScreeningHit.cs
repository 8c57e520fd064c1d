using System.Globalization;

namespace Cussp.Screening;

/// <summary>One listed subject found for a query, with its score and why.</summary>
public sealed record ScreeningHit(
    ListedEntity Entity, double Score, bool Alert, ListedName Name, NameComparison Comparison, IReadOnlyList<string> Reasons)
{
    /// <summary>The explanation in plain lines: which listed name, which transliteration, which words, what moved the score.</summary>
    public IReadOnlyList<string> Explain()
    {
        var lines = new List<string>
        {
            $"listed name \u201c{Name.Value}\u201d ({Name.Kind.ToString().ToLowerInvariant()})"
                + (Comparison.Listed.Scheme == "as written" ? "" : $", compared as \u201c{Comparison.Listed.Text}\u201d ({Comparison.Listed.Scheme})"),
        };
        if (Comparison.Query.Scheme != "as written")
        {
            lines.Add($"query compared as \u201c{Comparison.Query.Text}\u201d ({Comparison.Query.Scheme})");
        }
        foreach (var m in Comparison.Matches)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{m.Query} \u2194 {m.Listed}: {Describe(m.Kind)} {m.Similarity:0.00}"));
        }
        if (Comparison.UnmatchedQuery.Count > 0)
        {
            lines.Add("query words without a match: " + string.Join(", ", Comparison.UnmatchedQuery));
        }
        if (Comparison.UnmatchedListed.Count > 0)
        {
            lines.Add("listed words without a match: " + string.Join(", ", Comparison.UnmatchedListed));
        }
        lines.AddRange(Comparison.Adjustments);
        lines.AddRange(Reasons);
        return lines;
    }

    private static string Describe(WordMatchKind kind) => kind switch
    {
        WordMatchKind.Exact => "same word",
        WordMatchKind.Spelling => "same word in another spelling",
        WordMatchKind.GivenName => "same given name in another language",
        WordMatchKind.FeminineForm => "feminine/masculine form of one surname",
        WordMatchKind.Initial => "initial",
        WordMatchKind.Typo => "close spelling",
        WordMatchKind.Joined => "words joined or split",
        _ => kind.ToString(),
    };
}
