namespace Cussp.Screening;

/// <summary>How two words of two names were found to be the same word.</summary>
public enum WordMatchKind
{
    /// <summary>Identical after folding case, diacritics and punctuation.</summary>
    Exact,
    /// <summary>The same word under another spelling system (Jazenjuk, Yatsenyuk).</summary>
    Spelling,
    /// <summary>The same given name in another language (Volodymyr, Vladimir).</summary>
    GivenName,
    /// <summary>The feminine and masculine forms of one surname (Ivanova, Ivanov).</summary>
    FeminineForm,
    /// <summary>An initial and the word it abbreviates.</summary>
    Initial,
    /// <summary>Close enough to be a typing or spelling slip, within an edit-distance budget that grows with length.</summary>
    Typo,
    /// <summary>Words joined or split (Deutschebank, Deutsche Bank).</summary>
    Joined,
}

/// <summary>One pair of matched words.</summary>
public sealed record WordMatch(string Query, string Listed, WordMatchKind Kind, double Similarity);

/// <summary>The comparison of two forms of two names: the score and why.</summary>
public sealed record NameComparison(
    double Score, NameForm Query, NameForm Listed, IReadOnlyList<WordMatch> Matches,
    IReadOnlyList<string> UnmatchedQuery, IReadOnlyList<string> UnmatchedListed, IReadOnlyList<string> Adjustments);
