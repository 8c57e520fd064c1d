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
