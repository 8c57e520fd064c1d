using System.Globalization;
using System.Text;

namespace Cussp.Screening;

/// <summary>
/// Name normalisation: case, diacritics, punctuation, honorifics and legal forms, and for Cyrillic names every
/// transliteration the screening compares.
/// </summary>
public static class Normaliser
{
    /// <summary>The longest name screened; longer input is refused rather than cut.</summary>
    public const int MaxNameLength = 400;

    private static readonly string?[] FoldTable = BuildFoldTable();

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
        LegalFormFinder.MergeSpelledOutForms(words, acronyms: stripLegalForms);
        if (stripLegalForms)
        {
            LegalFormFinder.TakeOut(words, legal);
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
                : stripLegalForms && LegalFormFinder.IsLegalWord(w) ? TokenRole.LegalWord
                : TokenRole.Word;
        }
        return new NameForm(scheme, text, [.. words], roles, [.. legal]);
    }

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
