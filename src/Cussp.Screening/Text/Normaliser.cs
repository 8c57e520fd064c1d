using System.Globalization;
using System.Text;

namespace Cussp.Screening;

/// <summary>What a token of a normalised name is, for weighting.</summary>
internal enum TokenRole : byte
{
    Word,
    Particle,
    Initial,
    Number,
    LegalWord,
    // A title or generational suffix that was not taken out (within a person's name, or in a name of unknown kind): it
    // counts when it matches, and costs nothing when it does not.
    Title,
}

/// <summary>One written form of a name, normalised: its words, their phonetic keys and the legal forms taken out of it.</summary>
public sealed class NameForm
{
    internal NameForm(string scheme, string text, string[] tokens, TokenRole[] roles, string[] legalForms)
    {
        Scheme = scheme;
        Text = text;
        Tokens = tokens;
        Roles = roles;
        LegalForms = legalForms;
        Keys = new string[tokens.Length];
        Masculine = new string[tokens.Length];
        Given = new int[tokens.Length][];
        for (var i = 0; i < tokens.Length; i++)
        {
            Keys[i] = Phonetic.Key(tokens[i]);
            Masculine[i] = Phonetic.Masculine(Keys[i]);
            Given[i] = GivenNames.Groups(Keys[i]);
        }
        Compact = string.Concat(tokens);
    }

    /// <summary>How the form was made: <c>as written</c> or the transliteration system.</summary>
    public string Scheme { get; }

    /// <summary>The text of the form before folding (the transliteration, for Cyrillic names).</summary>
    public string Text { get; }

    /// <summary>Folded words: lower case, no diacritics, no punctuation, no honorifics or legal forms.</summary>
    public IReadOnlyList<string> Words => Tokens;

    internal string[] Tokens { get; }

    internal string[] Keys { get; }

    internal string[] Masculine { get; }

    internal int[][] Given { get; }

    internal TokenRole[] Roles { get; }

    internal string[] LegalForms { get; }

    internal string Compact { get; }
}

/// <summary>
/// Name normalisation: case, diacritics, punctuation, honorifics and legal forms, and for Cyrillic names every
/// transliteration the screening compares.
/// </summary>
public static class Normaliser
{
    /// <summary>The longest name screened; longer input is refused rather than cut.</summary>
    public const int MaxNameLength = 400;

    private static readonly string?[] FoldTable = BuildFoldTable();
    private static readonly Dictionary<string, (string[] Words, string Family)[]> LegalFormsByFirstWord = BuildLegalForms();

    /// <summary>
    /// Lower-cases, strips diacritics of every script (canonical decomposition, non-spacing marks dropped), drops invisible
    /// format characters (zero-width space and joiners, soft hyphen, direction marks, byte-order mark) and turns punctuation into
    /// spaces; apostrophes join (O'Brien → obrien).
    /// </summary>
    public static string Fold(ReadOnlySpan<char> text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c < FoldTable.Length)
            {
                var f = FoldTable[c];
                if (f is not null)
                {
                    sb.Append(f);
                }
                else if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
                continue;
            }
            if (c is '\u2019' or '\u2018' or '\u02BC' or '\u02B9' or '\u02BB' or '\u00B4')
            {
                continue;
            }
            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                // Full-width Latin letters and digits, as East Asian input methods type them.
                var narrow = (char)(c - 0xFEE0);
                if (char.IsAsciiLetterOrDigit(narrow))
                {
                    sb.Append(char.ToLowerInvariant(narrow));
                }
                else if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }
                continue;
            }
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format or UnicodeCategory.EnclosingMark)
            {
                continue;
            }
            if (char.IsLetterOrDigit(c) || category is UnicodeCategory.SpacingCombiningMark)
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsSurrogate(c))
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != ' ')
            {
                sb.Append(' ');
            }
        }
        return sb.ToString().Trim();
    }

    /// <summary>True for the invisible characters that only shape or direct text (category Cf): they are not part of a name.</summary>
    public static bool IsInvisible(char c) => c == '\u00AD' || (c >= '\u0600' && char.GetUnicodeCategory(c) == UnicodeCategory.Format);

    // Invisible characters go before anything else reads the name: transliteration looks at neighbouring letters, and a
    // zero-width space between two of them must not make a word boundary.
    private static string WithoutInvisible(string name)
    {
        var i = 0;
        while (i < name.Length && !IsInvisible(name[i]))
        {
            i++;
        }
        if (i == name.Length)
        {
            return name;
        }
        var sb = new StringBuilder(name.Length);
        sb.Append(name, 0, i);
        for (; i < name.Length; i++)
        {
            if (!IsInvisible(name[i]))
            {
                sb.Append(name[i]);
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The forms of a name that screening compares: the name as written and, when it has Cyrillic letters, its
    /// transliterations (duplicates removed). <paramref name="kind"/> decides what is taken out of the words: legal forms (ООО,
    /// LLC, JSC …) from everything but persons, titles (Mr, General, Sheikh …) from persons only; a title in a name of unknown
    /// kind stays, weighing little.
    /// </summary>
    public static IReadOnlyList<NameForm> Forms(string name, EntityKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        name = WithoutInvisible(name);
        var forms = new List<NameForm>(4);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (!Transliteration.HasCyrillic(name))
        {
            Add("as written", name);
            return forms;
        }
        var uk = Transliteration.IsUkrainian(name);
        IEnumerable<(TransliterationScheme Scheme, bool Uk)> schemes = uk switch
        {
            true => Transliteration.Ukrainian.Select(s => (s, true)),
            false => Transliteration.Russian.Select(s => (s, false)),
            null => Transliteration.Ukrainian.Select(s => (s, true)).Concat(Transliteration.Russian.Select(s => (s, false))),
        };
        foreach (var (scheme, isUk) in schemes)
        {
            Add(SchemeName(scheme, isUk), Transliteration.ToLatin(name, scheme, isUk));
        }
        return forms;

        void Add(string scheme, string text)
        {
            var form = Form(scheme, text, kind);
            if (form.Tokens.Length > 0 && seen.Add(string.Join(' ', form.Tokens)))
            {
                forms.Add(form);
            }
        }
    }

    /// <summary>The name of a scheme as explanations print it.</summary>
    public static string SchemeName(TransliterationScheme scheme, bool ukrainian) => scheme switch
    {
        TransliterationScheme.Kmu2010 => "Ukrainian KMU 55/2010",
        TransliterationScheme.Icao9303 => ukrainian ? "ICAO 9303 (Ukrainian)" : "ICAO 9303 (Russian)",
        TransliterationScheme.BgnPcgn => "BGN/PCGN (Russian)",
        TransliterationScheme.Gost779 => "GOST 7.79 (Russian)",
        TransliterationScheme.English => ukrainian ? "informal English (Ukrainian)" : "informal English (Russian)",
        TransliterationScheme.German => ukrainian ? "German (Ukrainian)" : "German (Russian)",
        TransliterationScheme.Polish => ukrainian ? "Polish (Ukrainian)" : "Polish (Russian)",
        TransliterationScheme.French => ukrainian ? "French (Ukrainian)" : "French (Russian)",
        _ => scheme.ToString(),
    };

    internal static NameForm Form(string scheme, string text, EntityKind? kind)
    {
        var stripLegalForms = kind != EntityKind.Person;
        var words = Fold(WithoutInvisible(text).Replace("&", " and ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var legal = new List<string>();
        MergeSpelledOutForms(words, acronyms: stripLegalForms);
        if (stripLegalForms)
        {
            for (var i = 0; i < words.Count;)
            {
                var len = LegalFormAt(words, i, out var family);
                if (len > 0 && words.Count > len)
                {
                    legal.Add(family!);
                    words.RemoveRange(i, len);
                }
                else
                {
                    i++;
                }
            }
        }
        if (kind == EntityKind.Person)
        {
            // Titles lead a person's name (General, Sheikh, Dr.); in an organisation's name the same words are its name
            // (General Dynamics), and within a name a title word may be a surname (Hao Pan).
            while (words.Count > 1 && Vocabulary.Honorifics.Contains(words[0]))
            {
                words.RemoveAt(0);
            }
            while (words.Count > 1 && Vocabulary.Suffixes.Contains(words[^1]))
            {
                words.RemoveAt(words.Count - 1);
            }
        }
        var titles = kind is null or EntityKind.Person;
        var roles = new TokenRole[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            roles[i] = w.All(char.IsAsciiDigit) ? TokenRole.Number
                : w.Length == 1 ? TokenRole.Initial
                : Vocabulary.Particles.Contains(w) ? TokenRole.Particle
                : titles && words.Count > 1 && (Vocabulary.Honorifics.Contains(w) || Vocabulary.Suffixes.Contains(w)) ? TokenRole.Title
                : stripLegalForms && IsLegalWord(w) ? TokenRole.LegalWord
                : TokenRole.Word;
        }
        return new NameForm(scheme, text, [.. words], roles, [.. legal]);
    }

    // A word of a legal form left in the name because the form was misspelt or reordered ("Companj", "Stock Joint")
    // says little about who the subject is.
    private static bool IsLegalWord(string word)
    {
        if (word.Length < 4)
        {
            return false;
        }
        if (LegalWords.Contains(word))
        {
            return true;
        }
        // One-letter deletions of the word and of the legal words meet when the two are one edit apart; the rare pair
        // that meets further apart is checked by the edit distance.
        var words = LegalWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var deletions = LegalDeletions.GetAlternateLookup<ReadOnlySpan<char>>();
        if (deletions.TryGetValue(word, out var near) && Distances.Levenshtein(near, word) <= 1)
        {
            return true;
        }
        Span<char> buffer = stackalloc char[Math.Min(word.Length, 64)];
        if (word.Length > 64)
        {
            return false;
        }
        for (var i = 0; i < word.Length; i++)
        {
            word.AsSpan(0, i).CopyTo(buffer);
            word.AsSpan(i + 1).CopyTo(buffer[i..]);
            var shorter = buffer[..(word.Length - 1)];
            if (words.Contains(shorter) || (deletions.TryGetValue(shorter, out var legal) && Distances.Levenshtein(legal, word) <= 1))
            {
                return true;
            }
        }
        return false;
    }

    private static readonly HashSet<string> LegalWords =
        [.. Vocabulary.LegalForms.SelectMany(f => f.Words.Split(' ', '-')).Where(w => w.Length >= 4)];

    // Each one-letter deletion of a legal word, with the word it came from.
    private static readonly Dictionary<string, string> LegalDeletions = LegalWords
        .SelectMany(w => Enumerable.Range(0, w.Length).Select(i => (Deleted: w.Remove(i, 1), Word: w)))
        .GroupBy(x => x.Deleted, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().Word, StringComparer.Ordinal);

    // "L.L.C." and "S. A." fold to single letters; joined, they are legal forms.
    private static void MergeSpelledOutForms(List<string> words, bool acronyms)
    {
        for (var i = 0; i < words.Count - 1; i++)
        {
            if (words[i].Length != 1)
            {
                continue;
            }
            var j = i;
            while (j < words.Count && words[j].Length == 1)
            {
                j++;
            }
            if (j - i >= 2)
            {
                var joined = string.Concat(words.GetRange(i, j - i));
                // In an organisation's name, spelled-out letters are an acronym (A.B.C. Company); only legal forms otherwise.
                if (acronyms || (LegalFormsByFirstWord.TryGetValue(joined, out var forms) && forms.Any(f => f.Words.Length == 1)))
                {
                    words.RemoveRange(i, j - i);
                    words.Insert(i, joined);
                }
            }
        }
    }

    private static int LegalFormAt(List<string> words, int i, out string? family)
    {
        family = null;
        if (!LegalFormsByFirstWord.TryGetValue(words[i], out var forms))
        {
            return 0;
        }
        foreach (var (formWords, fam) in forms)
        {
            if (i + formWords.Length > words.Count)
            {
                continue;
            }
            var ok = true;
            for (var k = 1; k < formWords.Length && ok; k++)
            {
                ok = words[i + k] == formWords[k];
            }
            if (ok)
            {
                family = fam;
                return formWords.Length;
            }
        }
        return 0;
    }

    private static Dictionary<string, (string[] Words, string Family)[]> BuildLegalForms() =>
        Vocabulary.LegalForms
            .Select(f => (Words: f.Words.Split(' ', '-'), f.Family))
            .GroupBy(f => f.Words[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.Words.Length).ToArray(), StringComparer.Ordinal);

    private static string?[] BuildFoldTable()
    {
        var table = new string?[0x2000];
        for (var c = 0; c < table.Length; c++)
        {
            var ch = (char)c;
            if (IsInvisible(ch))
            {
                table[c] = "";
            }
            else if (char.IsLetterOrDigit(ch))
            {
                var decomposed = ch.ToString().Normalize(NormalizationForm.FormD);
                var sb = new StringBuilder();
                foreach (var d in decomposed)
                {
                    if (char.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
                    {
                        sb.Append(char.ToLowerInvariant(d));
                    }
                }
                table[c] = sb.ToString();
            }
            else if (char.GetUnicodeCategory(ch) is UnicodeCategory.NonSpacingMark or UnicodeCategory.Format or UnicodeCategory.EnclosingMark)
            {
                table[c] = "";
            }
            else if (char.GetUnicodeCategory(ch) is UnicodeCategory.SpacingCombiningMark)
            {
                table[c] = ch.ToString();
            }
        }
        table['\''] = "";
        table['`'] = "";
        table['´'] = "";
        table['ß'] = "ss";
        table['æ'] = table['Æ'] = "ae";
        table['œ'] = table['Œ'] = "oe";
        table['ø'] = table['Ø'] = "o";
        table['ł'] = table['Ł'] = "l";
        table['đ'] = table['Đ'] = "d";
        table['ð'] = table['Ð'] = "d";
        table['þ'] = table['Þ'] = "th";
        table['ı'] = "i";
        table['ħ'] = table['Ħ'] = "h";
        table['ŀ'] = table['Ŀ'] = "l";
        return table;
    }
}

/// <summary>Given names that are one name across Ukrainian, Russian and English usage, looked up by phonetic key.</summary>
internal static class GivenNames
{
    private static readonly Dictionary<string, int[]> ByKey = Build();
    private static readonly string[][] KeysByGroup = [.. Vocabulary.GivenNames.Select(g => g.Select(Phonetic.Key).Distinct().ToArray())];

    public static int[] Groups(string key) => ByKey.TryGetValue(key, out var g) ? g : [];

    public static string[] Keys(int group) => KeysByGroup[group];

    public static bool Equivalent(int[] a, int[] b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x == y)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static Dictionary<string, int[]> Build()
    {
        var map = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var g = 0; g < Vocabulary.GivenNames.Length; g++)
        {
            foreach (var name in Vocabulary.GivenNames[g])
            {
                var key = Phonetic.Key(name);
                if (!map.TryGetValue(key, out var list))
                {
                    map[key] = list = [];
                }
                if (!list.Contains(g))
                {
                    list.Add(g);
                }
            }
        }
        return map.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }
}
