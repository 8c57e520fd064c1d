namespace Cussp.Screening;

/// <summary>Word by word: how similar two words are, and which neighbouring words of one name are one word of the other.</summary>
public static partial class NameMatcher
{
    private const int MaxJoins = 32;

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
