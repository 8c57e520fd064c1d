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
            else if (rest.Length >= 2 && TryDigraph(rest[0], rest[1], out var digraph))
            {
                emit = digraph;
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

    // Two letters that spell one sound, and the key letter of that sound.
    private static bool TryDigraph(char a, char b, out char emit)
    {
        emit = (a, b) switch
        {
            ('s', 'h') or ('s', 'z') or ('z', 'h') or ('c', 'z') or ('c', 'h') => Hushing,
            ('t', 's') or ('t', 'z') or ('s', 's') or ('z', 'z') => Hissing,
            ('k', 'h') or ('g', 'h') => Guttural,
            ('p', 'h') => 'f',
            ('t', 'h') => 't',
            ('d', 'h') => 'd',
            ('c', 'k') => 'k',
            ('o', 'u') or ('o', 'o') => 'u',
            _ => '\0',
        };
        return emit != '\0';
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
