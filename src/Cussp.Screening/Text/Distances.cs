using System.Numerics;

namespace Cussp.Screening;

/// <summary>String distances for the hot path: bit-parallel Levenshtein and Jaro-Winkler, without allocation.</summary>
public static class Distances
{
    /// <summary>
    /// Edit distance where a swap of two neighbouring letters counts as one edit (optimal string alignment). Bit-parallel
    /// (Myers 1999, with Hyyrö's transpositions) when the shorter string has at most 64 characters, one machine word per
    /// column; the three-row table otherwise.
    /// </summary>
    public static int Levenshtein(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length > b.Length)
        {
            var t = a;
            a = b;
            b = t;
        }
        if (a.Length == 0)
        {
            return b.Length;
        }
        return a.Length <= 64 ? Myers(a, b) : Table(a, b);
    }

    private static int Myers(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        var m = pattern.Length;
        // Names are short: a linear scan of the pattern's letters beats a dictionary for the match masks.
        Span<char> letters = stackalloc char[m];
        Span<ulong> masks = stackalloc ulong[m];
        var distinct = 0;
        for (var i = 0; i < m; i++)
        {
            var c = pattern[i];
            var k = letters[..distinct].IndexOf(c);
            if (k < 0)
            {
                k = distinct++;
                letters[k] = c;
                masks[k] = 0;
            }
            masks[k] |= 1UL << i;
        }
        var vp = ulong.MaxValue;
        var vn = 0UL;
        var d0 = 0UL;
        var previous = 0UL;
        var score = m;
        var last = 1UL << (m - 1);
        foreach (var c in text)
        {
            var k = letters[..distinct].IndexOf(c);
            var eq = k < 0 ? 0UL : masks[k];
            // Hyyrö's extension: a swap of two neighbours costs one edit, as typists make it.
            var tr = ((~d0 & eq) << 1) & previous;
            d0 = (((eq & vp) + vp) ^ vp) | eq | vn | tr;
            var hp = vn | ~(d0 | vp);
            var hn = d0 & vp;
            if ((hp & last) != 0)
            {
                score++;
            }
            else if ((hn & last) != 0)
            {
                score--;
            }
            hp = (hp << 1) | 1;
            hn <<= 1;
            vp = hn | ~(d0 | hp);
            vn = hp & d0;
            previous = eq;
        }
        return score;
    }

    private static int Table(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var before = new int[a.Length + 1];
        var previous = new int[a.Length + 1];
        var current = new int[a.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            previous[i] = i;
        }
        for (var j = 1; j <= b.Length; j++)
        {
            current[0] = j;
            for (var i = 1; i <= a.Length; i++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(previous[i] + 1, current[i - 1] + 1), previous[i - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d = Math.Min(d, before[i - 2] + 1);
                }
                current[i] = d;
            }
            (before, previous, current) = (previous, current, before);
        }
        return previous[a.Length];
    }

    /// <summary>Jaro-Winkler similarity in [0, 1], prefix scale 0.1 over at most four characters.</summary>
    public static double JaroWinkler(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 1 : 0;
        }
        if (a.Length > 64 || b.Length > 64)
        {
            a = a[..Math.Min(a.Length, 64)];
            b = b[..Math.Min(b.Length, 64)];
        }
        var window = Math.Max(0, (Math.Max(a.Length, b.Length) / 2) - 1);
        ulong matchedA = 0, matchedB = 0;
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var lo = Math.Max(0, i - window);
            var hi = Math.Min(b.Length - 1, i + window);
            for (var j = lo; j <= hi; j++)
            {
                if ((matchedB & (1UL << j)) == 0 && a[i] == b[j])
                {
                    matchedA |= 1UL << i;
                    matchedB |= 1UL << j;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0)
        {
            return 0;
        }
        var transpositions = 0;
        var ma = matchedA;
        var mb = matchedB;
        while (ma != 0)
        {
            var i = BitOperations.TrailingZeroCount(ma);
            var j = BitOperations.TrailingZeroCount(mb);
            if (a[i] != b[j])
            {
                transpositions++;
            }
            ma &= ma - 1;
            mb &= mb - 1;
        }
        double mm = matches;
        var jaro = ((mm / a.Length) + (mm / b.Length) + ((mm - (transpositions / 2)) / mm)) / 3;
        var prefix = 0;
        while (prefix < 4 && prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }
        return jaro + (prefix * 0.1 * (1 - jaro));
    }
}
