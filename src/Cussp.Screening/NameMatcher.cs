using System.Globalization;

namespace Cussp.Screening;

/// <summary>How two words of two names were found to be the same word.</summary>
public enum WordMatchKind
{
    /// <summary>Identical after folding case, diacritics and punctuation.</summary>
    Exact,
    /// <summary>The same word under another spelling system (Jazenjuk, Yatsenyuk).</summary>
    Spelling,
    /// <summary>The same given name in another language (Volodymyr, Vladimir).</summary>
    GivenName,
    /// <summary>The feminine and masculine forms of one surname (Ivanova, Ivanov).</summary>
    FeminineForm,
    /// <summary>An initial and the word it abbreviates.</summary>
    Initial,
    /// <summary>Close enough to be a typing or spelling slip, within an edit-distance budget that grows with length.</summary>
    Typo,
    /// <summary>Words joined or split (Deutschebank, Deutsche Bank).</summary>
    Joined,
}

/// <summary>One pair of matched words.</summary>
public sealed record WordMatch(string Query, string Listed, WordMatchKind Kind, double Similarity);

/// <summary>The comparison of two forms of two names: the score and why.</summary>
public sealed record NameComparison(
    double Score, NameForm Query, NameForm Listed, IReadOnlyList<WordMatch> Matches,
    IReadOnlyList<string> UnmatchedQuery, IReadOnlyList<string> UnmatchedListed, IReadOnlyList<string> Adjustments);

/// <summary>Scores how likely two names name the same subject, word by word in any order.</summary>
public static class NameMatcher
{
    private const int MaxWords = 16;
    private const double WeightWord = 1.0;
    private const double WeightParticle = 0.3;
    private const double WeightInitial = 0.5;
    private const double WeightNumber = 1.0;
    private const double WeightLegalWord = 0.1;
    private const double LegalFormPenalty = 0.15;

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
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                sim[(i * n) + j] = WordSimilarity(q, i, l, j, out var k);
                how[(i * n) + j] = (byte)k;
            }
        }
        Span<bool> usedQ = stackalloc bool[m];
        Span<bool> usedL = stackalloc bool[n];
        // Only a name of two words or more can have words joined in the other.
        Span<Join> joins = m > 1 || n > 1 ? stackalloc Join[MaxJoins] : [];
        var joinCount = Joins(q.Tokens.AsSpan(0, m), l.Tokens.AsSpan(0, n), false, joins);
        joinCount += Joins(l.Tokens.AsSpan(0, n), q.Tokens.AsSpan(0, m), true, joins[joinCount..]);
        double matched = 0, pairs = 0;
        var words = 0;
        int mergedQ = 0, mergedL = 0;
        while (true)
        {
            var bi = -1;
            var bj = -1;
            var bs = 0.0;
            var bJoin = -1;
            for (var k = 0; k < joinCount; k++)
            {
                var jn = joins[k];
                if (jn.Similarity > bs && jn.Free(usedQ, usedL))
                {
                    bs = jn.Similarity;
                    bJoin = k;
                }
            }
            for (var i = 0; i < m; i++)
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
                        bJoin = -1;
                    }
                }
            }
            if (bJoin >= 0 && bi < 0)
            {
                var jn = joins[bJoin];
                var wj = 0.0;
                for (var t = 0; t < jn.Length; t++)
                {
                    if (jn.SplitInQuery)
                    {
                        usedQ[jn.Split + t] = true;
                        wj += Weight(q.Roles[jn.Split + t]);
                    }
                    else
                    {
                        usedL[jn.Split + t] = true;
                        wj += Weight(l.Roles[jn.Split + t]);
                    }
                }
                if (jn.SplitInQuery)
                {
                    usedL[jn.Whole] = true;
                    wj += Weight(l.Roles[jn.Whole]);
                }
                else
                {
                    usedQ[jn.Whole] = true;
                    wj += Weight(q.Roles[jn.Whole]);
                }
                wj /= 2;
                if (jn.SplitInQuery)
                {
                    mergedQ += jn.Length - 1;
                }
                else
                {
                    mergedL += jn.Length - 1;
                }
                matched += bs * wj;
                pairs += wj;
                words++;
                if (log is not null)
                {
                    var split = string.Join(' ', (jn.SplitInQuery ? q.Tokens : l.Tokens).AsSpan(jn.Split, jn.Length).ToArray());
                    var whole = (jn.SplitInQuery ? l.Tokens : q.Tokens)[jn.Whole];
                    log.Matches.Add(jn.SplitInQuery
                        ? new WordMatch(split, whole, WordMatchKind.Joined, Math.Round(bs, 3))
                        : new WordMatch(whole, split, WordMatchKind.Joined, Math.Round(bs, 3)));
                }
                continue;
            }
            if (bi < 0)
            {
                break;
            }
            usedQ[bi] = usedL[bj] = true;
            var w = (Weight(q.Roles[bi]) + Weight(l.Roles[bj])) / 2;
            matched += bs * w;
            pairs += w;
            if (q.Roles[bi] is TokenRole.Word or TokenRole.Title && l.Roles[bj] is TokenRole.Word or TokenRole.Title)
            {
                words++;
            }
            log?.Matches.Add(new WordMatch(q.Tokens[bi], l.Tokens[bj], (WordMatchKind)how[(bi * n) + bj], Math.Round(bs, 3)));
        }
        double unQ = 0, unL = 0;
        for (var i = 0; i < m; i++)
        {
            if (!usedQ[i])
            {
                unQ += UnmatchedWeight(q.Roles[i]);
                log?.UnmatchedQuery.Add(q.Tokens[i]);
            }
        }
        for (var j = 0; j < n; j++)
        {
            if (!usedL[j])
            {
                unL += UnmatchedWeight(l.Roles[j]);
                log?.UnmatchedListed.Add(l.Tokens[j]);
            }
        }
        // Words missing from the shorter name count in full; extra words of the longer name (a patronymic, a second given
        // name) count for less when at least two words agree, since lists and queries often leave such words out.
        var person = kind is EntityKind.Person or null;
        var extra = words >= 2 ? (person ? 0.15 : 0.6) : 0.75;
        // Which name is the shorter counts words as written: joined words as one, titles not at all.
        var lengthQ = m - mergedQ - Titles(q.Roles.AsSpan(0, m));
        var lengthL = n - mergedL - Titles(l.Roles.AsSpan(0, n));
        var shortIsQuery = lengthQ < lengthL || (lengthQ == lengthL && unQ >= unL);
        var penalty = shortIsQuery ? unQ + (extra * unL) : unL + (extra * unQ);
        var score = pairs == 0 ? 0 : matched / (pairs + penalty);

        var compact = CompactSimilarity(q.Compact, l.Compact);
        if (compact - 0.03 > score && (m != n || m == 1))
        {
            score = compact - 0.03;
            if (log is not null)
            {
                log.Matches.Clear();
                log.Matches.Add(new WordMatch(string.Join(' ', q.Tokens), string.Join(' ', l.Tokens), WordMatchKind.Joined, Math.Round(compact, 3)));
                log.UnmatchedQuery.Clear();
                log.UnmatchedListed.Clear();
                log.Adjustments.Add("compared with the words joined: −0.03");
            }
        }
        // "Company" and "Co." go with any form (Co., Ltd.; Company Limited), and a misspelt form was only partly recognised:
        // only two specific, different, well-written forms disagree.
        if (q.LegalForms.Length > 0 && l.LegalForms.Length > 0 && !q.LegalForms.Intersect(l.LegalForms).Any()
            && !q.LegalForms.Contains("inc") && !l.LegalForms.Contains("inc")
            && !q.Roles.Contains(TokenRole.LegalWord) && !l.Roles.Contains(TokenRole.LegalWord))
        {
            score -= LegalFormPenalty;
            log?.Adjustments.Add(string.Create(CultureInfo.InvariantCulture,
                $"legal forms differ ({string.Join("/", q.LegalForms)} vs {string.Join("/", l.LegalForms)}): −{LegalFormPenalty}"));
        }
        if (log is not null && (unQ > 0 || unL > 0))
        {
            log.Adjustments.Add(string.Create(CultureInfo.InvariantCulture,
                $"words without a match lower the score (query {unQ:0.##}, listed {unL:0.##}, extra words of the longer name weigh {extra:0.##})"));
        }
        return Math.Clamp(score, 0, 1);
    }

    private const int MaxJoins = 32;

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

    // Two or three neighbouring words of one name written as one word in the other (Patr ushev, Mohammad Hasni / Mohammadhasni).
    private readonly record struct Join(bool SplitInQuery, byte Split, byte Length, byte Whole, double Similarity)
    {
        public bool Free(ReadOnlySpan<bool> usedQ, ReadOnlySpan<bool> usedL)
        {
            var split = SplitInQuery ? usedQ : usedL;
            var whole = SplitInQuery ? usedL : usedQ;
            if (whole[Whole])
            {
                return false;
            }
            for (var t = 0; t < Length; t++)
            {
                if (split[Split + t])
                {
                    return false;
                }
            }
            return true;
        }
    }

    private static int Joins(ReadOnlySpan<string> split, ReadOnlySpan<string> whole, bool splitIsListed, Span<Join> joins)
    {
        var count = 0;
        Span<char> buffer = stackalloc char[96];
        for (var i = 0; i + 1 < split.Length; i++)
        {
            for (var len = 2; len <= 3 && i + len <= split.Length; len++)
            {
                var total = 0;
                for (var t = 0; t < len; t++)
                {
                    total += split[i + t].Length;
                }
                if (total > buffer.Length)
                {
                    break;
                }
                for (var j = 0; j < whole.Length && count < joins.Length; j++)
                {
                    var w = whole[j];
                    // Only words of about the joined length that begin alike can be the same word.
                    if (w.Length < 6 || Math.Abs(w.Length - total) > Budget(w.Length) || w[0] != split[i][0])
                    {
                        continue;
                    }
                    var n = 0;
                    for (var t = 0; t < len; t++)
                    {
                        split[i + t].AsSpan().CopyTo(buffer[n..]);
                        n += split[i + t].Length;
                    }
                    var joined = buffer[..n];
                    var s = JoinSimilarity(joined, w);
                    if (s > 0)
                    {
                        joins[count++] = new Join(!splitIsListed, (byte)i, (byte)len, (byte)j, s);
                    }
                }
            }
        }
        return count;
    }

    // Jaro-Winkler suits a word against a span of the other name: the joined words and the single word begin alike by
    // construction, and their differences are the vowels and separators between the parts (Abdel Aziz, Abdulaziz; Abu Bakr,
    // Abubakar), which it forgives more than an edit count of the same length does.
    private static double JoinSimilarity(ReadOnlySpan<char> joined, string word)
    {
        var jw = Distances.JaroWinkler(joined, word);
        return jw >= MinJoinSimilarity ? jw - JoinPenalty : 0;
    }

    private const double MinJoinSimilarity = 0.93;
    private const double JoinPenalty = 0.03;

    private static double CompactSimilarity(string a, string b)
    {
        var len = Math.Max(a.Length, b.Length);
        if (len < 6 || len > 64)
        {
            return 0;
        }
        var d = Distances.Levenshtein(a, b);
        return d > Budget(len) ? 0 : 1 - ((double)d / len);
    }

    // Edit slips allowed in a word of a given length: none in short words, where one letter makes another name.
    private static int Budget(int length) => length switch
    {
        <= 3 => 0,
        <= 8 => 1,
        <= 12 => 2,
        _ => 3,
    };

    private static double WordSimilarity(NameForm q, int i, NameForm l, int j, out WordMatchKind kind)
    {
        var a = q.Tokens[i];
        var b = l.Tokens[j];
        kind = WordMatchKind.Exact;
        if (a == b)
        {
            return 1;
        }
        var ra = q.Roles[i];
        var rb = l.Roles[j];
        if (ra == TokenRole.Number || rb == TokenRole.Number)
        {
            // Two different numbers in the same name are a series or a hull number apart: related, not the same.
            kind = WordMatchKind.Typo;
            return ra == rb ? 0.6 : 0;
        }
        if (ra == TokenRole.Initial || rb == TokenRole.Initial)
        {
            kind = WordMatchKind.Initial;
            return a[0] == b[0] ? 0.85 : 0;
        }
        if (q.Keys[i] == l.Keys[j])
        {
            kind = WordMatchKind.Spelling;
            return 0.95;
        }
        if (GivenNames.Equivalent(q.Given[i], l.Given[j]))
        {
            kind = WordMatchKind.GivenName;
            return 0.92;
        }
        if (q.Masculine[i] == l.Masculine[j])
        {
            kind = WordMatchKind.FeminineForm;
            return 0.92;
        }
        kind = WordMatchKind.Typo;
        var best = Similar(a, b);
        best = Math.Max(best, Similar(q.Masculine[i], l.Masculine[j]) - 0.03);
        // Below half the letters right, two words are different words, not a slip.
        return best < MinWordSimilarity ? 0 : best;
    }

    private const double MinWordSimilarity = 0.5;

    private static double Similar(string a, string b)
    {
        var len = Math.Max(a.Length, b.Length);
        if (Math.Abs(a.Length - b.Length) * 2 > len)
        {
            return 0;
        }
        return 1 - ((double)Distances.Levenshtein(a, b) / len);
    }
}
