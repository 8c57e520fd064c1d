using System.Text;

namespace Cussp.Screening;

/// <summary>A system for writing Cyrillic in Latin letters.</summary>
public enum TransliterationScheme
{
    /// <summary>Ukraine's official system, Cabinet of Ministers resolution 55 of 27 January 2010 (passports, maps).</summary>
    Kmu2010,
    /// <summary>ICAO Doc 9303 (machine-readable travel documents), used in Russian passports since 2013.</summary>
    Icao9303,
    /// <summary>BGN/PCGN 1947 for Russian, the usual English spelling (Yeltsin, Khrushchyov).</summary>
    BgnPcgn,
    /// <summary>GOST 7.79-2000 system B (ISO 9 with Latin letters only).</summary>
    Gost779,
    /// <summary>The informal English spelling of news and many lists (Zelenskiy, Yatsenyuk).</summary>
    English,
    /// <summary>German press spelling (Duden): Selenskyj, Jazenjuk, Chruschtschow.</summary>
    German,
    /// <summary>Polish spelling: Zełenski, Jaceniuk, Chruszczow.</summary>
    Polish,
    /// <summary>French spelling: Zelensky, Iatseniouk, Khrouchtchev.</summary>
    French,
}

/// <summary>
/// Transliterates Ukrainian and Russian Cyrillic into Latin by the official systems and the common foreign spellings.
/// Letters of other scripts pass through unchanged.
/// </summary>
public static class Transliteration
{
    /// <summary>The schemes tried for Ukrainian text.</summary>
    public static IReadOnlyList<TransliterationScheme> Ukrainian { get; } =
        [TransliterationScheme.Kmu2010, TransliterationScheme.Icao9303, TransliterationScheme.English, TransliterationScheme.German, TransliterationScheme.Polish, TransliterationScheme.French];

    /// <summary>The schemes tried for Russian text.</summary>
    public static IReadOnlyList<TransliterationScheme> Russian { get; } =
        [TransliterationScheme.Icao9303, TransliterationScheme.BgnPcgn, TransliterationScheme.Gost779, TransliterationScheme.English, TransliterationScheme.German, TransliterationScheme.Polish, TransliterationScheme.French];

    /// <summary>True when the text has a Cyrillic letter.</summary>
    public static bool HasCyrillic(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u0400' and <= '\u04FF')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Guesses the language of Cyrillic text from its letters: Ukrainian, Russian, or null when either could be.</summary>
    public static bool? IsUkrainian(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            switch (char.ToLowerInvariant(c))
            {
                case 'і' or 'ї' or 'є' or 'ґ':
                    return true;
                case 'ы' or 'э' or 'ъ' or 'ё':
                    return false;
                default:
                    break;
            }
        }
        return null;
    }

    /// <summary>
    /// Transliterates <paramref name="text"/> by <paramref name="scheme"/>, keeping the case of each word (ЗЕЛЕНСЬКИЙ →
    /// ZELENSKYI, Зеленський → Zelenskyi). <paramref name="ukrainian"/> chooses how г and и read; when null it is guessed.
    /// </summary>
    public static string ToLatin(string text, TransliterationScheme scheme, bool? ukrainian = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var uk = ukrainian ?? IsUkrainian(text) ?? scheme == TransliterationScheme.Kmu2010;
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is < '\u0400' or > '\u04FF')
            {
                // The apostrophe inside a Ukrainian word (Знам'янка) marks separate sounds; Latin spellings drop it.
                var apostrophe = c is '\'' or '\u2019' or '\u02BC';
                if (!(apostrophe && i > 0 && i + 1 < text.Length && IsCyrillic(text[i - 1]) && IsCyrillic(text[i + 1])))
                {
                    sb.Append(c);
                }
                continue;
            }
            var lower = char.ToLowerInvariant(c);
            var prev = i > 0 ? char.ToLowerInvariant(text[i - 1]) : ' ';
            var next = i + 1 < text.Length ? char.ToLowerInvariant(text[i + 1]) : ' ';
            var latin = Letter(lower, new Context(prev, next, !char.IsLetter(prev) && prev != '\'' && prev != '’', uk), scheme);
            if (latin.Length == 0)
            {
                continue;
            }
            if (c != lower)
            {
                var wordUpper = (i + 1 < text.Length && char.IsUpper(text[i + 1])) || (i > 0 && char.IsUpper(text[i - 1]));
                latin = wordUpper ? latin.ToUpperInvariant() : char.ToUpperInvariant(latin[0]) + latin[1..];
            }
            sb.Append(latin);
        }
        return sb.ToString();
    }

    private static bool IsCyrillic(char c) => c is >= '\u0400' and <= '\u04FF';

    private static bool IsVowel(char c) => "аеёиоуыэюяіїє".Contains(c, StringComparison.Ordinal);

    // The letters around the one transliterated (lower case; a space at either end of the text), whether it begins a word,
    // and whether the text is Ukrainian.
    private readonly record struct Context(char Prev, char Next, bool WordStart, bool Uk)
    {
        // Where a letter begins a word or follows a vowel or a sign, several systems write the iotation (ye, ya, yu).
        public bool Iotated => WordStart || IsVowel(Prev) || Prev is 'ь' or 'ъ' or 'й' or '\'' or '’';

        // German and French double an s between vowels, where a single one would read as z.
        public string IntervocalicS => IsVowel(Prev) && IsVowel(Next) ? "ss" : "s";

        // English and French write the Russian ending -ий as -iy or -y, not -iiy.
        public string IBeforeShortI => Uk ? "y" : Next == 'й' ? "" : "i";
    }

    private static string Letter(char c, Context x, TransliterationScheme s) => s switch
    {
        TransliterationScheme.Kmu2010 => Kmu2010(c, x),
        TransliterationScheme.Icao9303 => Icao9303(c),
        TransliterationScheme.BgnPcgn => BgnPcgn(c, x),
        TransliterationScheme.Gost779 => Gost779(c, x),
        TransliterationScheme.English => English(c, x),
        TransliterationScheme.German => German(c, x),
        TransliterationScheme.Polish => Polish(c, x),
        TransliterationScheme.French => French(c, x),
        _ => c.ToString(),
    } ?? Common(c, x.Uk);

    // The letters most systems write alike; each system below gives only where it writes otherwise (null: as here).
    private static string Common(char c, bool uk) => c switch
    {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => uk ? "h" : "g",
        'ґ' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' => uk ? "y" : "i",
        'і' => "i",
        'ї' => "yi",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' or 'ь' => "",
        'ы' => "y",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        'ў' => "w",
        _ => c.ToString(),
    };

    private static string? Kmu2010(char c, Context x) => c switch
    {
        'г' => x.Prev == 'з' ? "gh" : "h",
        'є' => x.WordStart ? "ye" : "ie",
        'и' => "y",
        'ї' => x.WordStart ? "yi" : "i",
        'й' => x.WordStart ? "y" : "i",
        'ю' => x.WordStart ? "yu" : "iu",
        'я' => x.WordStart ? "ya" : "ia",
        'ё' => "io",
        'ў' => "u",
        _ => null,
    };

    private static string? Icao9303(char c) => c switch
    {
        'г' => "g",
        'ё' => "e",
        'є' => "ie",
        'ї' or 'й' => "i",
        'ъ' => "ie",
        'ю' => "iu",
        'я' => "ia",
        'ў' => "u",
        _ => null,
    };

    private static string? BgnPcgn(char c, Context x) => c switch
    {
        'е' => x.Iotated ? "ye" : "e",
        'ё' => x.Iotated ? "yë" : "ë",
        _ => null,
    };

    private static string? Gost779(char c, Context x) => c switch
    {
        'г' => "g",
        'й' => "j",
        'х' => "x",
        'ц' => x.Next is 'е' or 'и' or 'ы' or 'й' or 'і' or 'є' ? "c" : "cz",
        'щ' => "shh",
        'ў' => "u",
        _ => null,
    };

    private static string? English(char c, Context x) => c switch
    {
        'е' => x.WordStart ? "ye" : "e",
        'и' => x.IBeforeShortI,
        _ => null,
    };

    private static string? German(char c, Context x) => c switch
    {
        'в' => "w",
        'е' => !x.Uk && x.Iotated ? "je" : "e",
        'ё' => x.Prev is 'ж' or 'ч' or 'ш' or 'щ' ? "o" : "jo",
        'є' => "je",
        'ж' => "sch",
        'з' => "s",
        'ї' => "ji",
        'й' => "j",
        'с' => x.IntervocalicS,
        'х' => "ch",
        'ц' => "z",
        'ч' => "tsch",
        'ш' => "sch",
        'щ' => "schtsch",
        'ю' => "ju",
        'я' => "ja",
        _ => null,
    };

    private static string? Polish(char c, Context x) => c switch
    {
        'в' => "w",
        'е' => !x.Uk && x.Iotated ? "je" : "e",
        'ё' => x.Prev is 'ж' or 'ч' or 'ш' or 'щ' ? "o" : x.Iotated ? "jo" : "io",
        'є' => x.Iotated ? "je" : "ie",
        'ж' => "ż",
        'ї' => "ji",
        'й' => "j",
        'л' => x.Next is 'е' or 'ё' or 'є' or 'ю' or 'я' or 'ь' or 'і' or 'и' ? "l" : "ł",
        'х' => "ch",
        'ц' => "c",
        'ч' => "cz",
        'ш' => "sz",
        'щ' => "szcz",
        'ю' => x.Iotated ? "ju" : "iu",
        'я' => x.Iotated ? "ja" : "ia",
        _ => null,
    };

    private static string? French(char c, Context x) => c switch
    {
        'е' => x.WordStart ? "ie" : "e",
        'ё' => "io",
        'є' => "ie",
        'ж' => "j",
        'и' => x.IBeforeShortI,
        'ї' => "ï",
        'й' => x.Prev is 'и' or 'ы' ? "y" : "ï",
        'с' => x.IntervocalicS,
        'у' or 'ў' => "ou",
        'ч' => "tch",
        'ш' => "ch",
        'щ' => "chtch",
        'ю' => "iou",
        'я' => "ia",
        _ => null,
    };
}
