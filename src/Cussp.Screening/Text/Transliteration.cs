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
            var latin = Letter(lower, prev, next, !char.IsLetter(prev) && prev != '\'' && prev != '’', scheme, uk);
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

    private static string Letter(char c, char prev, char next, bool wordStart, TransliterationScheme s, bool uk)
    {
        // Where a letter begins a word or follows a vowel or a sign, several systems write the iotation (ye, ya, yu).
        var iotated = wordStart || IsVowel(prev) || prev is 'ь' or 'ъ' or 'й' or '\'' or '’';
        return s switch
        {
            TransliterationScheme.Kmu2010 => c switch
            {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => prev == 'з' ? "gh" : "h",
                'ґ' => "g",
                'д' => "d",
                'е' => "e",
                'є' => wordStart ? "ye" : "ie",
                'ж' => "zh",
                'з' => "z",
                'и' => "y",
                'і' => "i",
                'ї' => wordStart ? "yi" : "i",
                'й' => wordStart ? "y" : "i",
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
                'ь' or 'ъ' => "",
                'ю' => wordStart ? "yu" : "iu",
                'я' => wordStart ? "ya" : "ia",
                'ы' => "y",
                'э' => "e",
                'ё' => "io",
                'ў' => "u",
                _ => c.ToString(),
            },
            TransliterationScheme.Icao9303 => c switch
            {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => "g",
                'ґ' => "g",
                'д' => "d",
                'е' => "e",
                'ё' => "e",
                'є' => "ie",
                'ж' => "zh",
                'з' => "z",
                'и' => uk ? "y" : "i",
                'і' => "i",
                'ї' => "i",
                'й' => "i",
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
                'ъ' => "ie",
                'ы' => "y",
                'ь' => "",
                'э' => "e",
                'ю' => "iu",
                'я' => "ia",
                'ў' => "u",
                _ => c.ToString(),
            },
            TransliterationScheme.BgnPcgn => c switch
            {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => uk ? "h" : "g",
                'ґ' => "g",
                'д' => "d",
                'е' => iotated ? "ye" : "e",
                'ё' => iotated ? "yë" : "ë",
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
            },
            TransliterationScheme.Gost779 => c switch
            {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => "g",
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
                'й' => "j",
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
                'х' => "x",
                'ц' => next is 'е' or 'и' or 'ы' or 'й' or 'і' or 'є' ? "c" : "cz",
                'ч' => "ch",
                'ш' => "sh",
                'щ' => "shh",
                'ъ' or 'ь' => "",
                'ы' => "y",
                'э' => "e",
                'ю' => "yu",
                'я' => "ya",
                'ў' => "u",
                _ => c.ToString(),
            },
            TransliterationScheme.English => c switch
            {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => uk ? "h" : "g",
                'ґ' => "g",
                'д' => "d",
                'е' => wordStart ? "ye" : "e",
                'ё' => "yo",
                'є' => "ye",
                'ж' => "zh",
                'з' => "z",
                'и' => uk ? "y" : (next == 'й' ? "" : "i"),
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
            },
            TransliterationScheme.German => c switch
            {
                'а' => "a",
                'б' => "b",
                'в' => "w",
                'г' => uk ? "h" : "g",
                'ґ' => "g",
                'д' => "d",
                'е' => !uk && iotated ? "je" : "e",
                'ё' => prev is 'ж' or 'ч' or 'ш' or 'щ' ? "o" : "jo",
                'є' => "je",
                'ж' => "sch",
                'з' => "s",
                'и' => uk ? "y" : "i",
                'і' => "i",
                'ї' => "ji",
                'й' => "j",
                'к' => "k",
                'л' => "l",
                'м' => "m",
                'н' => "n",
                'о' => "o",
                'п' => "p",
                'р' => "r",
                'с' => IsVowel(prev) && IsVowel(next) ? "ss" : "s",
                'т' => "t",
                'у' => "u",
                'ф' => "f",
                'х' => "ch",
                'ц' => "z",
                'ч' => "tsch",
                'ш' => "sch",
                'щ' => "schtsch",
                'ъ' or 'ь' => "",
                'ы' => "y",
                'э' => "e",
                'ю' => "ju",
                'я' => "ja",
                'ў' => "w",
                _ => c.ToString(),
            },
            TransliterationScheme.Polish => c switch
            {
                'а' => "a",
                'б' => "b",
                'в' => "w",
                'г' => uk ? "h" : "g",
                'ґ' => "g",
                'д' => "d",
                'е' => !uk && iotated ? "je" : "e",
                'ё' => prev is 'ж' or 'ч' or 'ш' or 'щ' ? "o" : iotated ? "jo" : "io",
                'є' => iotated ? "je" : "ie",
                'ж' => "ż",
                'з' => "z",
                'и' => uk ? "y" : "i",
                'і' => "i",
                'ї' => "ji",
                'й' => "j",
                'к' => "k",
                'л' => next is 'е' or 'ё' or 'є' or 'ю' or 'я' or 'ь' or 'і' or 'и' ? "l" : "ł",
                'м' => "m",
                'н' => "n",
                'о' => "o",
                'п' => "p",
                'р' => "r",
                'с' => "s",
                'т' => "t",
                'у' => "u",
                'ф' => "f",
                'х' => "ch",
                'ц' => "c",
                'ч' => "cz",
                'ш' => "sz",
                'щ' => "szcz",
                'ъ' or 'ь' => "",
                'ы' => "y",
                'э' => "e",
                'ю' => iotated ? "ju" : "iu",
                'я' => iotated ? "ja" : "ia",
                'ў' => "w",
                _ => c.ToString(),
            },
            TransliterationScheme.French => c switch
            {
                'а' => "a",
                'б' => "b",
                'в' => "v",
                'г' => uk ? "h" : "g",
                'ґ' => "g",
                'д' => "d",
                'е' => wordStart ? "ie" : "e",
                'ё' => "io",
                'є' => "ie",
                'ж' => "j",
                'з' => "z",
                'и' => uk ? "y" : (next == 'й' ? "" : "i"),
                'і' => "i",
                'ї' => "ï",
                'й' => prev is 'и' or 'ы' ? "y" : "ï",
                'к' => "k",
                'л' => "l",
                'м' => "m",
                'н' => "n",
                'о' => "o",
                'п' => "p",
                'р' => "r",
                'с' => IsVowel(prev) && IsVowel(next) ? "ss" : "s",
                'т' => "t",
                'у' => "ou",
                'ф' => "f",
                'х' => "kh",
                'ц' => "ts",
                'ч' => "tch",
                'ш' => "ch",
                'щ' => "chtch",
                'ъ' or 'ь' => "",
                'ы' => "y",
                'э' => "e",
                'ю' => "iou",
                'я' => "ia",
                'ў' => "ou",
                _ => c.ToString(),
            },
            _ => c.ToString(),
        };
    }
}
