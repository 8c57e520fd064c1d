using System.Globalization;

namespace Cussp.Screening;

/// <summary>Scores how likely two names name the same subject, word by word in any order.</summary>
public static partial class NameMatcher
{
    private const int MaxWords = 16;

    /// <summary>The best score over every pair of forms of the two names, with its explanation.</summary>
    public static NameComparison Compare(string query, string listed, EntityKind? kind = null)
    {
        var qs = Normaliser.Forms(query, kind);
        var ls = Normaliser.Forms(listed, kind);
        NameComparison? best = null;
        foreach (var q in qs)
        {
            foreach (var l in ls)
            {
                var s = Score(q, l, kind);
                if (best is null || s > best.Score)
                {
                    best = Explain(q, l, kind);
                }
            }
        }
        return best ?? new NameComparison(0, Normaliser.Form("as written", query, kind), Normaliser.Form("as written", listed, kind), [], [], [], ["nothing to compare"]);
    }

    /// <summary>The score of two forms in [0, 1], without an explanation: the hot path.</summary>
    public static double Score(NameForm query, NameForm listed, EntityKind? kind) => Run(query, listed, kind, null);

    /// <summary>The score of two forms with the words matched, the words left over and the adjustments made.</summary>
    public static NameComparison Explain(NameForm query, NameForm listed, EntityKind? kind)
    {
        var log = new Log();
        var score = Run(query, listed, kind, log);
        return new NameComparison(score, query, listed, log.Matches, log.UnmatchedQuery, log.UnmatchedListed, log.Adjustments);
    }

    private sealed class Log
    {
        public List<WordMatch> Matches { get; } = [];
        public List<string> UnmatchedQuery { get; } = [];
        public List<string> UnmatchedListed { get; } = [];
        public List<string> Adjustments { get; } = [];
    }

    // A title left in a name weighs as a word when it matches, and nothing when it does not.
    private static double UnmatchedWeight(TokenRole role) => role == TokenRole.Title ? 0 : Weight(role);

    private const double WeightWord = 1.0;
    private const double WeightParticle = 0.3;
    private const double WeightInitial = 0.5;
    private const double WeightNumber = 1.0;
    private const double WeightLegalWord = 0.1;

    private static double Weight(TokenRole role) => role switch
    {
        TokenRole.Particle => WeightParticle,
        TokenRole.Initial => WeightInitial,
        TokenRole.Number => WeightNumber,
        TokenRole.LegalWord => WeightLegalWord,
        _ => WeightWord,
    };

    private static double Run(NameForm q, NameForm l, EntityKind? kind, Log? log)
    {
        var m = Math.Min(q.Tokens.Length, MaxWords);
        var n = Math.Min(l.Tokens.Length, MaxWords);
        if (m == 0 || n == 0)
        {
            return 0;
        }
        Span<double> sim = stackalloc double[m * n];
        Span<byte> how = stackalloc byte[m * n];
        FillSimilarities(q, l, m, n, sim, how);
        // Only a name of two words or more can have words joined in the other.
        Span<Join> joins = m > 1 || n > 1 ? stackalloc Join[MaxJoins] : [];
        var joinCount = Joins(q.Tokens.AsSpan(0, m), l.Tokens.AsSpan(0, n), false, joins);
        joinCount += Joins(l.Tokens.AsSpan(0, n), q.Tokens.AsSpan(0, m), true, joins[joinCount..]);
        Span<bool> usedQ = stackalloc bool[m];
        Span<bool> usedL = stackalloc bool[n];
        var tally = new Tally();
        MatchWords(q, l, sim, how, joins[..joinCount], usedQ, usedL, ref tally, log);
        var unQ = UnmatchedWeight(q, usedQ, log?.UnmatchedQuery);
        var unL = UnmatchedWeight(l, usedL, log?.UnmatchedListed);
        // Words missing from the shorter name count in full; extra words of the longer name (a patronymic, a second given
        // name) count for less when at least two words agree, since lists and queries often leave such words out.
        var person = kind is EntityKind.Person or null;
        var extra = tally.Words >= 2 ? (person ? ExtraWordsPerson : ExtraWordsOther) : ExtraWordsFewMatches;
        // Which name is the shorter counts words as written: joined words as one, titles not at all.
        var lengthQ = m - tally.MergedQ - Titles(q.Roles.AsSpan(0, m));
        var lengthL = n - tally.MergedL - Titles(l.Roles.AsSpan(0, n));
        var shortIsQuery = lengthQ < lengthL || (lengthQ == lengthL && unQ >= unL);
        var penalty = shortIsQuery ? unQ + (extra * unL) : unL + (extra * unQ);
        var score = tally.Pairs == 0 ? 0 : tally.Matched / (tally.Pairs + penalty);
        score = WithWordsJoined(q, l, m, n, score, log);
        score = WithLegalForms(q, l, score, log);
        if (log is not null && (unQ > 0 || unL > 0))
        {
            log.Adjustments.Add(string.Create(CultureInfo.InvariantCulture,
                $"words without a match lower the score (query {unQ:0.##}, listed {unL:0.##}, extra words of the longer name weigh {extra:0.##})"));
        }
        return Math.Clamp(score, 0, 1);
    }

    // How much an extra word of the longer name weighs: when at least two words agree, for a person and for anything else;
    // and when fewer do.
    private const double ExtraWordsPerson = 0.15;
    private const double ExtraWordsOther = 0.6;
    private const double ExtraWordsFewMatches = 0.75;
    // What comparing the names with their words joined costs.
    private const double CompactPenalty = 0.03;

    private static void FillSimilarities(NameForm q, NameForm l, int m, int n, Span<double> sim, Span<byte> how)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                sim[(i * n) + j] = WordSimilarity(q, i, l, j, out var k);
                how[(i * n) + j] = (byte)k;
            }
        }
    }

    // What the matched words add up to: the similarities weighted by the words' roles, the weights, how many words matched,
    // and how many words each name had joined in the other.
    private struct Tally
    {
        public double Matched;
        public double Pairs;
        public int Words;
        public int MergedQ;
        public int MergedL;
    }

    // Greedily, the most similar free pair of words (or free join of words) is matched first, until none is left.
    private static void MatchWords(NameForm q, NameForm l, ReadOnlySpan<double> sim, ReadOnlySpan<byte> how, ReadOnlySpan<Join> joins,
        Span<bool> usedQ, Span<bool> usedL, ref Tally tally, Log? log)
    {
        var n = usedL.Length;
        while (true)
        {
            var bs = 0.0;
            var bJoin = BestJoin(joins, usedQ, usedL, ref bs);
            var (bi, bj) = BestPair(sim, usedQ, usedL, ref bs);
            if (bi >= 0)
            {
                MatchPair(q, l, bi, bj, bs, (WordMatchKind)how[(bi * n) + bj], usedQ, usedL, ref tally, log);
            }
            else if (bJoin >= 0)
            {
                MatchJoin(q, l, joins[bJoin], bs, usedQ, usedL, ref tally, log);
            }
            else
            {
                return;
            }
        }
    }

    private static int BestJoin(ReadOnlySpan<Join> joins, ReadOnlySpan<bool> usedQ, ReadOnlySpan<bool> usedL, ref double bs)
    {
        var best = -1;
        for (var k = 0; k < joins.Length; k++)
        {
            var jn = joins[k];
            if (jn.Similarity > bs && jn.Free(usedQ, usedL))
            {
                bs = jn.Similarity;
                best = k;
            }
        }
        return best;
    }

    // The free pair of words more similar than bs, if any.
    private static (int I, int J) BestPair(ReadOnlySpan<double> sim, ReadOnlySpan<bool> usedQ, ReadOnlySpan<bool> usedL, ref double bs)
    {
        var n = usedL.Length;
        var bi = -1;
        var bj = -1;
        for (var i = 0; i < usedQ.Length; i++)
        {
            if (usedQ[i])
            {
                continue;
            }
            for (var j = 0; j < n; j++)
            {
                if (!usedL[j] && sim[(i * n) + j] > bs)
                {
                    bs = sim[(i * n) + j];
                    bi = i;
                    bj = j;
                }
            }
        }
        return (bi, bj);
    }

    private static void MatchPair(NameForm q, NameForm l, int i, int j, double similarity, WordMatchKind kind, Span<bool> usedQ, Span<bool> usedL,
        ref Tally tally, Log? log)
    {
        usedQ[i] = usedL[j] = true;
        var w = (Weight(q.Roles[i]) + Weight(l.Roles[j])) / 2;
        tally.Matched += similarity * w;
        tally.Pairs += w;
        if (q.Roles[i] is TokenRole.Word or TokenRole.Title && l.Roles[j] is TokenRole.Word or TokenRole.Title)
        {
            tally.Words++;
        }
        log?.Matches.Add(new WordMatch(q.Tokens[i], l.Tokens[j], kind, Math.Round(similarity, 3)));
    }

    // The words of a join count as one word whose weight is the mean of the split words' weights taken together and the whole word's.
    private static void MatchJoin(NameForm q, NameForm l, Join jn, double similarity, Span<bool> usedQ, Span<bool> usedL, ref Tally tally, Log? log)
    {
        var (split, whole) = jn.SplitInQuery ? (q, l) : (l, q);
        var usedSplit = jn.SplitInQuery ? usedQ : usedL;
        var usedWhole = jn.SplitInQuery ? usedL : usedQ;
        var wj = 0.0;
        for (var t = 0; t < jn.Length; t++)
        {
            usedSplit[jn.Split + t] = true;
            wj += Weight(split.Roles[jn.Split + t]);
        }
        usedWhole[jn.Whole] = true;
        wj += Weight(whole.Roles[jn.Whole]);
        wj /= 2;
        if (jn.SplitInQuery)
        {
            tally.MergedQ += jn.Length - 1;
        }
        else
        {
            tally.MergedL += jn.Length - 1;
        }
        tally.Matched += similarity * wj;
        tally.Pairs += wj;
        tally.Words++;
        if (log is not null)
        {
            var words = string.Join(' ', split.Tokens.AsSpan(jn.Split, jn.Length).ToArray());
            var word = whole.Tokens[jn.Whole];
            log.Matches.Add(jn.SplitInQuery
                ? new WordMatch(words, word, WordMatchKind.Joined, Math.Round(similarity, 3))
                : new WordMatch(word, words, WordMatchKind.Joined, Math.Round(similarity, 3)));
        }
    }

    // The weight of the words of a name left without a match, each listed in the log when there is one.
    private static double UnmatchedWeight(NameForm form, ReadOnlySpan<bool> used, List<string>? unmatched)
    {
        var weight = 0.0;
        for (var i = 0; i < used.Length; i++)
        {
            if (!used[i])
            {
                weight += UnmatchedWeight(form.Roles[i]);
                unmatched?.Add(form.Tokens[i]);
            }
        }
        return weight;
    }

    // Names of different word counts, or of one word, are also compared with their words joined (Deutschebank, Deutsche Bank).
    private static double WithWordsJoined(NameForm q, NameForm l, int m, int n, double score, Log? log)
    {
        var compact = CompactSimilarity(q.Compact, l.Compact);
        if (compact - CompactPenalty <= score || (m == n && m != 1))
        {
            return score;
        }
        if (log is not null)
        {
            log.Matches.Clear();
            log.Matches.Add(new WordMatch(string.Join(' ', q.Tokens), string.Join(' ', l.Tokens), WordMatchKind.Joined, Math.Round(compact, 3)));
            log.UnmatchedQuery.Clear();
            log.UnmatchedListed.Clear();
            log.Adjustments.Add(string.Create(CultureInfo.InvariantCulture, $"compared with the words joined: −{CompactPenalty}"));
        }
        return compact - CompactPenalty;
    }

    private const double LegalFormPenalty = 0.15;

    // "Company" and "Co." go with any form (Co., Ltd.; Company Limited), and a misspelt form was only partly recognised:
    // only two specific, different, well-written forms disagree.
    private static double WithLegalForms(NameForm q, NameForm l, double score, Log? log)
    {
        if (q.LegalForms.Length > 0 && l.LegalForms.Length > 0 && !q.LegalForms.Intersect(l.LegalForms).Any()
            && !q.LegalForms.Contains("inc") && !l.LegalForms.Contains("inc")
            && !q.Roles.Contains(TokenRole.LegalWord) && !l.Roles.Contains(TokenRole.LegalWord))
        {
            log?.Adjustments.Add(string.Create(CultureInfo.InvariantCulture,
                $"legal forms differ ({string.Join("/", q.LegalForms)} vs {string.Join("/", l.LegalForms)}): −{LegalFormPenalty}"));
            return score - LegalFormPenalty;
        }
        return score;
    }

    private static int Titles(ReadOnlySpan<TokenRole> roles)
    {
        var count = 0;
        foreach (var r in roles)
        {
            if (r == TokenRole.Title)
            {
                count++;
            }
        }
        return count;
    }
}
