using System.Globalization;
using System.Text;
using Cussp.Screening;

namespace Cussp.Benchmarks.Screening;

/// <summary>A romanisation system a Cyrillic name reaches a screening desk in.</summary>
public enum RomanSystem
{
    /// <summary>Ukraine's official system (Cabinet of Ministers resolution 55, 2010).</summary>
    Kmu2010,
    /// <summary>ICAO Doc 9303, machine-readable travel documents.</summary>
    Icao9303,
    /// <summary>BGN/PCGN 1947 for Russian; for Ukrainian, BGN/PCGN adopted KMU 2010 in 2019.</summary>
    BgnPcgn,
    /// <summary>GOST 7.79-2000, system B, as printed (with its apostrophes and backticks).</summary>
    Gost779,
    /// <summary>German press spelling after Duden.</summary>
    German,
    /// <summary>Polish spelling after the PWN rules.</summary>
    Polish,
    /// <summary>French press spelling.</summary>
    French,
}

/// <summary>
/// Romanises Ukrainian and Russian Cyrillic by the published tables of each system, written apart from the screening engine
/// (which has its own transliterations and phonetic keys), so that the engine is measured against spellings it did not make.
/// </summary>
public static class Romanizer
{
    private const string Vowels = "аеёиоуыэюяіїє";

    /// <summary>The name in <paramref name="system"/>, capitalised word by word.</summary>
    public static string Romanize(string cyrillic, RomanSystem system)
    {
        ArgumentNullException.ThrowIfNull(cyrillic);
        var ukrainian = cyrillic.Any(c => "іїєґІЇЄҐ".Contains(c, StringComparison.Ordinal));
        var text = cyrillic.ToLowerInvariant();
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var prev = i > 0 ? text[i - 1] : ' ';
            var next = i + 1 < text.Length ? text[i + 1] : ' ';
            var start = !char.IsLetter(prev) && prev is not '\'' and not '’';
            var end = !char.IsLetter(next);
            if (c is '\'' or '’' or 'ʼ' && char.IsLetter(prev) && char.IsLetter(next))
            {
                continue;
            }
            sb.Append(c is >= 'а' and <= 'я' or 'ё' or 'і' or 'ї' or 'є' or 'ґ'
                ? Letter(system, ukrainian, c, prev, next, start, end)
                : c.ToString());
        }
        return Capitalise(sb.ToString());
    }

    private static string Capitalise(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            sb.Append(i == 0 || !char.IsLetter(text[i - 1]) && text[i - 1] is not '\'' and not '`' and not '\u2019' and not '\u201d' ? char.ToUpperInvariant(text[i]) : text[i]);
        }
        return sb.ToString();
    }

    private static string Letter(RomanSystem system, bool ukrainian, char c, char prev, char next, bool start, bool end)
    {
        var afterVowel = Vowels.Contains(prev, StringComparison.Ordinal) || prev is 'ь' or 'ъ' or 'й';
        if (system == RomanSystem.BgnPcgn && ukrainian)
        {
            system = RomanSystem.Kmu2010;
        }
        switch (system)
        {
            case RomanSystem.Kmu2010:
                return c switch
                {
                    'г' => prev == 'з' ? "gh" : "h",
                    'ґ' => "g",
                    'е' => "e",
                    'є' => start ? "ye" : "ie",
                    'ж' => "zh",
                    'и' => "y",
                    'і' => "i",
                    'ї' => start ? "yi" : "i",
                    'й' => start ? "y" : "i",
                    'х' => "kh",
                    'ц' => "ts",
                    'ч' => "ch",
                    'ш' => "sh",
                    'щ' => "shch",
                    'ь' or 'ъ' => "",
                    'ю' => start ? "yu" : "iu",
                    'я' => start ? "ya" : "ia",
                    'ы' => "y",
                    'э' => "e",
                    'ё' => start ? "yo" : "io",
                    _ => Plain(c),
                };
            case RomanSystem.Icao9303:
                return c switch
                {
                    'г' or 'ґ' => "g",
                    'е' or 'ё' or 'э' => "e",
                    'є' => "ie",
                    'ж' => "zh",
                    'и' => ukrainian ? "y" : "i",
                    'і' or 'ї' or 'й' => "i",
                    'х' => "kh",
                    'ц' => "ts",
                    'ч' => "ch",
                    'ш' => "sh",
                    'щ' => "shch",
                    'ъ' => "ie",
                    'ы' => "y",
                    'ь' => "",
                    'ю' => "iu",
                    'я' => "ia",
                    _ => Plain(c),
                };
            case RomanSystem.BgnPcgn:
                return c switch
                {
                    'г' => "g",
                    'е' => start || afterVowel ? "ye" : "e",
                    'ё' => start || afterVowel ? "yë" : "ë",
                    'ж' => "zh",
                    'и' => "i",
                    'й' => "y",
                    'х' => "kh",
                    'ц' => "ts",
                    'ч' => "ch",
                    'ш' => "sh",
                    'щ' => "shch",
                    'ъ' => "”",
                    'ь' => "’",
                    'ы' => "y",
                    'э' => "e",
                    'ю' => "yu",
                    'я' => "ya",
                    _ => Plain(c),
                };
            case RomanSystem.Gost779:
                return c switch
                {
                    'г' => "g",
                    'ґ' => "g`",
                    'е' => "e",
                    'ё' => "yo",
                    'є' => "ye",
                    'ж' => "zh",
                    'и' => ukrainian ? "y`" : "i",
                    'і' => "i",
                    'ї' => "yi",
                    'й' => "j",
                    'х' => "x",
                    'ц' => next is 'е' or 'и' or 'ы' or 'й' or 'і' or 'є' ? "c" : "cz",
                    'ч' => "ch",
                    'ш' => "sh",
                    'щ' => "shh",
                    'ъ' => "``",
                    'ы' => "y'",
                    'ь' => "`",
                    'э' => "e`",
                    'ю' => "yu",
                    'я' => "ya",
                    _ => Plain(c),
                };
            case RomanSystem.German:
                return c switch
                {
                    'в' => "w",
                    'г' => ukrainian ? "h" : "g",
                    'ґ' => "g",
                    'е' => !ukrainian && (start || afterVowel) ? "je" : "e",
                    'ё' => prev is 'ж' or 'ч' or 'ш' or 'щ' ? "o" : "jo",
                    'є' => "je",
                    'ж' => "sch",
                    'з' => "s",
                    'и' => ukrainian ? "y" : "i",
                    'і' => "i",
                    'ї' => "ji",
                    // Duden: in Russian names й is i, and the -ий, -ый endings lose it (Dostojewski, Tolstoi); Ukrainian
                    // names keep j (Arsenij).
                    'й' => ukrainian ? "j" : end && prev is 'и' or 'ы' ? "" : "i",
                    'с' => Vowels.Contains(prev, StringComparison.Ordinal) && Vowels.Contains(next, StringComparison.Ordinal) ? "ss" : "s",
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
                    _ => Plain(c),
                };
            case RomanSystem.Polish:
                return c switch
                {
                    'в' => "w",
                    'г' => ukrainian ? "h" : "g",
                    'ґ' => "g",
                    'е' => !ukrainian && (start || afterVowel) ? "je" : prev == 'л' ? "e" : !ukrainian ? "ie" : "e",
                    'ё' => prev is 'ж' or 'ч' or 'ш' or 'щ' ? "o" : start || afterVowel ? "jo" : "io",
                    'є' => start || afterVowel ? "je" : "ie",
                    'ж' => "ż",
                    'и' => ukrainian ? "y" : prev is 'ж' or 'ц' or 'ш' ? "y" : "i",
                    'і' => "i",
                    'ї' => "ji",
                    'й' => end && prev is 'и' or 'ы' ? "" : "j",
                    'л' => next is 'е' or 'ё' or 'є' or 'ю' or 'я' or 'ь' or 'і' or 'и' ? "l" : "ł",
                    'х' => "ch",
                    'ц' => "c",
                    'ч' => "cz",
                    'ш' => "sz",
                    'щ' => "szcz",
                    'ъ' or 'ь' => "",
                    'ы' => "y",
                    'э' => "e",
                    'ю' => start || afterVowel ? "ju" : "iu",
                    'я' => start || afterVowel ? "ja" : "ia",
                    _ => Plain(c),
                };
            default:
                return c switch
                {
                    'г' => ukrainian ? "h" : "g",
                    'ґ' => "g",
                    'е' => start ? "ie" : "e",
                    'ё' => prev is 'ж' or 'ч' or 'ш' or 'щ' ? "e" : "io",
                    'є' => "ie",
                    'ж' => "j",
                    'и' => ukrainian ? "y" : Vowels.Contains(prev, StringComparison.Ordinal) ? "ï" : "i",
                    'і' => "i",
                    'ї' => "ï",
                    'й' => end && prev is 'и' or 'ы' or 'і' ? "" : "ï",
                    'с' => Vowels.Contains(prev, StringComparison.Ordinal) && Vowels.Contains(next, StringComparison.Ordinal) ? "ss" : "s",
                    'у' => "ou",
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
                    _ => Plain(c),
                };
        }
    }

    // The letters every system writes alike.
    private static string Plain(char c) => c switch
    {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'д' => "d",
        'е' => "e",
        'з' => "z",
        'и' => "i",
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
        _ => c.ToString(),
    };
}

/// <summary>A query made from a listed Cyrillic name: its system, its kind of change, and the subject it should find.</summary>
public sealed record CyrillicVariant(string Name, string ExpectedEntityId, RomanSystem System, string Kind);

/// <summary>
/// Screening queries made from the lists' own Cyrillic names (the UN list's original-script names, the FollowTheMoney names):
/// each name romanised by every system, then as written, with its words reversed, with a slip of the keyboard, with the
/// patronymic dropped and with the given name as an initial.
/// </summary>
public static class CyrillicVariants
{
    /// <summary>The kinds of change, in the order reports list them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["spelling", "word order", "typo", "middle name dropped", "initial"];

    /// <summary>
    /// The subjects with strong Cyrillic names, each kept with those names only, so that a query can find it only through the
    /// engine's own transliteration.
    /// </summary>
    public static List<ListedEntity> CyrillicOnly(IEnumerable<ListedEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var result = new List<ListedEntity>();
        foreach (var e in entities)
        {
            var names = e.Names.Where(n => n.Kind != NameKind.WeakAlias && IsCyrillicName(n.Value)).ToList();
            if (names.Count == 0)
            {
                continue;
            }
            var copy = new ListedEntity(e.Id, e.Kind, e.Source);
            foreach (var n in names)
            {
                copy.AddName(n.Value, n.Kind == NameKind.Previous ? NameKind.Previous : NameKind.Primary);
            }
            copy.BirthDates.AddRange(e.BirthDates);
            result.Add(copy);
        }
        return result;
    }

    /// <summary>A name in Cyrillic letters only (no Latin or other letters beside them).</summary>
    public static bool IsCyrillicName(string name) =>
        name.Any(char.IsLetter) && name.Where(char.IsLetter).All(c => c is >= '\u0400' and <= '\u04FF');

    /// <summary>Every variant of every strong Cyrillic name of <paramref name="entities"/>, under every system.</summary>
    public static List<CyrillicVariant> FromList(IEnumerable<ListedEntity> entities, int seed)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var random = new Random(seed);
        var result = new List<CyrillicVariant>();
        foreach (var e in CyrillicOnly(entities))
        {
            foreach (var name in e.Names.Select(n => n.Value).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var words = name.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
                var patronymic = Array.FindIndex(words, IsPatronymic);
                foreach (var system in Enum.GetValues<RomanSystem>())
                {
                    string Roman(IEnumerable<string> ws) => Romanizer.Romanize(string.Join(' ', ws), system);
                    var spelled = Roman(words);
                    result.Add(new CyrillicVariant(spelled, e.Id, system, "spelling"));
                    if (words.Length >= 2)
                    {
                        result.Add(new CyrillicVariant(Roman(words.Reverse()), e.Id, system, "word order"));
                    }
                    if (Typo(spelled, random) is { } typo)
                    {
                        result.Add(new CyrillicVariant(typo, e.Id, system, "typo"));
                    }
                    if (e.Kind == EntityKind.Person && patronymic >= 0 && words.Length >= 3)
                    {
                        result.Add(new CyrillicVariant(Roman(words.Where((_, i) => i != patronymic)), e.Id, system, "middle name dropped"));
                        // The given name stands next to the patronymic: before it in "Given Patronymic Surname", and in
                        // "Surname Given Patronymic" too.
                        var given = patronymic - 1;
                        if (given >= 0)
                        {
                            var romanGiven = Romanizer.Romanize(words[given], system);
                            var rest = words.Select((w, i) => i == given ? romanGiven[0] + "." : Romanizer.Romanize(w, system));
                            result.Add(new CyrillicVariant(string.Join(' ', rest), e.Id, system, "initial"));
                        }
                    }
                }
            }
        }
        return result;
    }

    private static bool IsPatronymic(string word)
    {
        var w = word.ToLowerInvariant();
        return w.Length > 5 && (w.EndsWith("вич", StringComparison.Ordinal) || w.EndsWith("вна", StringComparison.Ordinal)
            || w.EndsWith("ична", StringComparison.Ordinal) || w.EndsWith("ьич", StringComparison.Ordinal) || w.EndsWith("инична", StringComparison.Ordinal));
    }

    // One slip in one word of five letters or more: two neighbours swapped, a letter dropped or a letter replaced.
    private static string? Typo(string name, Random random)
    {
        var words = name.Split(' ');
        var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Count(char.IsLetter) >= 5).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }
        var w = candidates[random.Next(candidates.Count)];
        words[w] = Variants.Slip(words[w], random, keepCase: false);
        return string.Join(' ', words);
    }

    /// <summary>Recall by system and by kind of change, as a plain-text table.</summary>
    public static string Report(IReadOnlyList<CyrillicVariant> variants, IReadOnlyList<bool> found)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(found);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"{"system",-10}");
        foreach (var k in Kinds)
        {
            sb.Append(inv, $" {k,20}");
        }
        sb.AppendLine(inv, $" {"all",20}");
        string Cell(IEnumerable<int> idx)
        {
            var list = idx.ToList();
            return list.Count == 0 ? "-" : string.Create(inv, $"{(double)list.Count(i => found[i]) / list.Count:0.000} ({list.Count(i => found[i])}/{list.Count})");
        }
        foreach (var system in Enum.GetValues<RomanSystem>().Cast<RomanSystem?>().Append(null))
        {
            sb.Append(inv, $"{system?.ToString() ?? "all",-10}");
            var ofSystem = Enumerable.Range(0, variants.Count).Where(i => system is null || variants[i].System == system).ToList();
            foreach (var k in Kinds)
            {
                sb.Append(inv, $" {Cell(ofSystem.Where(i => variants[i].Kind == k)),20}");
            }
            sb.AppendLine(inv, $" {Cell(ofSystem),20}");
        }
        return sb.ToString();
    }
}
