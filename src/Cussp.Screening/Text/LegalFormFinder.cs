namespace Cussp.Screening;

/// <summary>
/// Legal forms in the words of a name (LLC, ООО, Joint Stock Company …): spelled-out forms joined, whole forms taken out, and
/// the words of misspelt or reordered forms recognised.
/// </summary>
internal static class LegalFormFinder
{
    private static readonly Dictionary<string, (string[] Words, string Family)[]> LegalFormsByFirstWord = BuildLegalForms();

    /// <summary>Takes every legal form out of <paramref name="words"/> (never the whole name) and adds its family to <paramref name="families"/>.</summary>
    internal static void TakeOut(List<string> words, List<string> families)
    {
        for (var i = 0; i < words.Count;)
        {
            var len = LegalFormAt(words, i, out var family);
            if (len > 0 && words.Count > len)
            {
                families.Add(family!);
                words.RemoveRange(i, len);
            }
            else
            {
                i++;
            }
        }
    }

    // A word of a legal form left in the name because the form was misspelt or reordered ("Companj", "Stock Joint")
    // says little about who the subject is.
    internal static bool IsLegalWord(string word)
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
    internal static void MergeSpelledOutForms(List<string> words, bool acronyms)
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
}
