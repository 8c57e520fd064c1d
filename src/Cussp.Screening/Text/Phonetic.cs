namespace Cussp.Screening;

/// <summary>
/// A spelling-blind key for folded Latin tokens: it merges the letters that the official and foreign spellings of the same
/// Cyrillic name disagree on (Yatsenyuk, Jazenjuk, Jaceniuk and Iatseniouk all become <c>aSeniuk</c>).
/// </summary>
internal static class Phonetic
{
    public const char Hissing = 'S';
    public const char Hushing = 'X';
    public const char Guttural = 'H';

    /// <summary>The key of one folded token (lower-case a–z and digits).</summary>
    public static string Key(string token)
    {
        Span<char> buffer = token.Length <= 128 ? stackalloc char[token.Length * 2 + 2] : new char[token.Length * 2 + 2];
        var n = 0;
        var t = token.AsSpan();
        var i = 0;
        while (i < t.Length)
        {
            var c = t[i];
            var rest = t[i..];
            char emit;
            var take = 1;
            if (rest.StartsWith("shch") || rest.StartsWith("szcz") || rest.StartsWith("chtch"))
            {
                emit = Hushing;
                take = rest[0] == 'c' ? 5 : 4;
            }
            else if (rest.StartsWith("schtsch"))
            {
                emit = Hushing;
                take = 7;
            }
            else if (rest.StartsWith("tsch"))
            {
                emit = Hushing;
                take = 4;
            }
            else if (rest.StartsWith("sch") || rest.StartsWith("tch"))
            {
                emit = Hushing;
                take = 3;
            }
            else if (rest.StartsWith("sh") || rest.StartsWith("sz") || rest.StartsWith("zh") || rest.StartsWith("cz") || rest.StartsWith("ch"))
            {
                emit = Hushing;
                take = 2;
            }
            else if (rest.StartsWith("ts") || rest.StartsWith("tz") || rest.StartsWith("ss") || rest.StartsWith("zz"))
            {
                emit = Hissing;
                take = 2;
            }
            else if (rest.StartsWith("kh") || rest.StartsWith("gh"))
            {
                emit = Guttural;
                take = 2;
            }
            else if (rest.StartsWith("ph"))
            {
                emit = 'f';
                take = 2;
            }
            else if (rest.StartsWith("th"))
            {
                emit = 't';
                take = 2;
            }
            else if (rest.StartsWith("dh"))
            {
                emit = 'd';
                take = 2;
            }
            else if (rest.StartsWith("ck"))
            {
                emit = 'k';
                take = 2;
            }
            else if (rest.StartsWith("ou") || rest.StartsWith("oo"))
            {
                emit = 'u';
                take = 2;
            }
            else
            {
                emit = c switch
                {
                    's' or 'z' or 'c' => Hissing,
                    'g' or 'h' => Guttural,
                    'j' or 'y' => 'i',
                    'w' => 'v',
                    'q' => 'k',
                    _ => c,
                };
                if (c == 'x')
                {
                    if (n == 0 || buffer[n - 1] != 'k')
                    {
                        buffer[n++] = 'k';
                    }
                    emit = Hissing;
                }
            }
            i += take;
            if (n > 0 && buffer[n - 1] == emit)
            {
                continue;
            }
            buffer[n++] = emit;
        }
        // An initial i before a vowel is the iotation that some systems write and others do not (Yevgeny, Evgeny; Iurii, Yuri).
        var start = 0;
        if (n > 2 && buffer[0] == 'i' && buffer[1] is 'a' or 'e' or 'o' or 'u')
        {
            start = 1;
        }
        return new string(buffer[start..n]);
    }

    /// <summary>
    /// The masculine stem of a key when it ends like a feminine East Slavic surname (Ivanova → Ivanov, Zelenska → Zelensky),
    /// or the key itself.
    /// </summary>
    public static string Masculine(string key)
    {
        if (key.Length < 5)
        {
            return key;
        }
        if (key.EndsWith("Skaia", StringComparison.Ordinal))
        {
            return key[..^4] + "ki";
        }
        if (key.EndsWith("Ska", StringComparison.Ordinal))
        {
            return key[..^1] + "i";
        }
        if (key.EndsWith("ova", StringComparison.Ordinal) || key.EndsWith("eva", StringComparison.Ordinal)
            || key.EndsWith("ina", StringComparison.Ordinal) || key.EndsWith("ana", StringComparison.Ordinal))
        {
            return key[..^1];
        }
        if (key.EndsWith("aia", StringComparison.Ordinal))
        {
            return key[..^3] + "i";
        }
        return key;
    }
}
