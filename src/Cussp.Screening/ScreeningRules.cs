using System.Globalization;

namespace Cussp.Screening;

/// <summary>
/// What moves a name score once the name is scored: an identifier that matches decides, one that differs lowers the score or
/// rules the subject out, and a birth year supports or lowers it.
/// </summary>
internal static class ScreeningRules
{
    private const double BirthYearBonus = 0.05;
    private const double BirthYearPenalty = 0.15;
    private const double IdentifierMismatchFactor = 0.8;
    // Birth years at most this far apart match.
    private const int BirthYearTolerance = 1;

    // Identifiers are compared by type and value: the index keys them "type:VALUE".
    internal static string? IdentifierKey(Identifier id) =>
        IdentifierTypes.Canonical(id.Type) is { } type && IdentifierTypes.Decides(type) ? type + ":" + id.Key : null;

    private static bool SameType(Identifier a, Identifier b) =>
        IdentifierTypes.Canonical(a.Type) is { } t && t == IdentifierTypes.Canonical(b.Type)
        && (a.Country is null || b.Country is null || string.Equals(a.Country, b.Country, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The final score of a subject whose best name scored <paramref name="score"/>, with the reason for each change when
    /// <paramref name="reasons"/> is given.
    /// </summary>
    internal static double Adjust(ScreeningQuery query, ListedEntity entity, double score, List<string>? reasons, double threshold, bool weak)
    {
        if (query.Identifiers is { Count: > 0 } && entity.Identifiers.Count > 0)
        {
            if (MatchingIdentifier(query.Identifiers, entity, reasons))
            {
                return 1;
            }
            if (DifferingIdentifier(query.Identifiers, entity, ref score, reasons))
            {
                return 0;
            }
        }
        if (query.BirthYear is { } year && entity.BirthDates.Count > 0)
        {
            score = BirthYear(year, entity, score, reasons, threshold, weak);
        }
        return score;
    }

    private static bool MatchingIdentifier(IReadOnlyList<Identifier> identifiers, ListedEntity entity, List<string>? reasons)
    {
        foreach (var q in identifiers)
        {
            var key = IdentifierKey(q);
            if (key is not null && entity.Identifiers.FirstOrDefault(l => IdentifierKey(l) == key) is { } match)
            {
                reasons?.Add($"identifier {match.Type} {match.Value} matches: the identifier decides, score 1.00");
                return true;
            }
        }
        return false;
    }

    // The first identifier of a deciding type that the list holds another value of: a permanent one rules the subject out
    // (true), a renewable one lowers the score.
    private static bool DifferingIdentifier(IReadOnlyList<Identifier> identifiers, ListedEntity entity, ref double score, List<string>? reasons)
    {
        foreach (var q in identifiers)
        {
            var listed = entity.Identifiers.Where(l => SameType(q, l)).ToList();
            if (listed.Count == 0 || !IdentifierTypes.Decides(listed[0].Type))
            {
                continue;
            }
            var type = IdentifierTypes.Canonical(q.Type)!;
            var values = string.Join(", ", listed.Select(l => l.Value));
            if (IdentifierTypes.IsPermanent(type))
            {
                reasons?.Add($"{type} {q.Value} differs from the listed {values}: a subject has one {type} for good, so this is another subject (score 0)");
                return true;
            }
            score *= IdentifierMismatchFactor;
            reasons?.Add(string.Create(CultureInfo.InvariantCulture,
                $"{type} {q.Value} differs from the listed {values}; such documents are renewed, so it lowers the score: ×{IdentifierMismatchFactor}"));
            return false;
        }
        return false;
    }

    private static double BirthYear(int year, ListedEntity entity, double score, List<string>? reasons, double threshold, bool weak)
    {
        if (!entity.BirthDates.Any(d => Math.Abs(d.Year - year) <= BirthYearTolerance))
        {
            reasons?.Add(string.Create(CultureInfo.InvariantCulture,
                $"birth year {year} differs from the list ({string.Join(", ", entity.BirthDates.Select(d => d.Year).Distinct())}): −{BirthYearPenalty}"));
            return Math.Max(0, score - BirthYearPenalty);
        }
        // The birth year supports a name match; it never makes one.
        if (score >= threshold && !weak)
        {
            reasons?.Add(string.Create(CultureInfo.InvariantCulture, $"birth year {year} matches the list: +{BirthYearBonus}"));
            return Math.Min(1, score + BirthYearBonus);
        }
        reasons?.Add($"birth year {year} matches the list, but the name alone is below the threshold: no change");
        return score;
    }
}
