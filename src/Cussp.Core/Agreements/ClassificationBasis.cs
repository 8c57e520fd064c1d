using System.Text.RegularExpressions;

namespace Cussp.Agreements;

/// <summary>Which of the classifier's rules decided a provision's actor and modality.</summary>
public enum BasisRule
{
    /// <summary>A recital speaks for the parties named in the preamble's opening clause.</summary>
    Recital,
    /// <summary>The provision's own clause decided: <see cref="ClassificationBasis.Words"/> quotes it.</summary>
    OwnWords,
    /// <summary>The lead-in of the parent (<see cref="ClassificationBasis.Citation"/>) decided: <see cref="ClassificationBasis.Words"/> quotes it.</summary>
    LeadIn,
    /// <summary>Inherited from the parent (<see cref="ClassificationBasis.Citation"/>), whose lead-in names no actor.</summary>
    Inherited,
    /// <summary>No actor is named, and "may include" (<see cref="ClassificationBasis.Words"/>) leaves it open to the participants.</summary>
    OpenToParticipants,
    /// <summary>No operative verb with an actor: a statement of the participants.</summary>
    Statement,
}

/// <summary>
/// The basis of a classification as parts (the rule, the words it read, the parent it came from), so that a page can say it in
/// the reader's language and quote the agreement's words as they are. <see cref="ToString"/> is the English text stored as
/// <see cref="Classification.Basis"/>, and <see cref="Parse"/> reads that text back.
/// </summary>
/// <param name="Rule">Which rule decided.</param>
/// <param name="Words">The agreement's words that decided, where a rule quotes them.</param>
/// <param name="Citation">The parent provision a lead-in or inheritance came from.</param>
/// <param name="OpensWith">A best-effort verb an item opens with, which turned an inherited commitment into best effort.</param>
public sealed partial record ClassificationBasis(BasisRule Rule, string? Words = null, string? Citation = null, string? OpensWith = null)
{
    private const string RecitalText = "recital: the preamble speaks for the parties named in its opening clause";
    private const string StatementText = "no operative verb with an actor: a statement of the participants";

    /// <summary>The basis in English, as stored and exported: <c>lead-in of II.1: “the Participants will”; opens with “seek”</c>.</summary>
    public override string ToString()
    {
        var text = Rule switch
        {
            BasisRule.Recital => RecitalText,
            BasisRule.OwnWords => $"own words: “{Words}”",
            BasisRule.LeadIn => $"lead-in of {Citation}: “{Words}”",
            BasisRule.Inherited => $"inherited from {Citation}",
            BasisRule.OpenToParticipants => $"no actor named; “{Words}” leaves it open to the participants",
            BasisRule.Statement => StatementText,
            _ => throw new InvalidOperationException($"no text for {Rule}"),
        };
        return OpensWith is null ? text : $"{text}; opens with “{OpensWith}”";
    }

    /// <summary>Reads a stored basis back into its parts; null for a text the classifier does not write.</summary>
    public static ClassificationBasis? Parse(string? basis)
    {
        if (basis is null)
        {
            return null;
        }
        var opens = OpensWithSuffix().Match(basis);
        var main = opens.Success ? basis[..opens.Index] : basis;
        var opensWith = opens.Success ? opens.Groups["verb"].Value : null;
        ClassificationBasis? parsed = main switch
        {
            RecitalText => new(BasisRule.Recital),
            StatementText => new(BasisRule.Statement),
            _ when OwnWordsText().Match(main) is { Success: true } m => new(BasisRule.OwnWords, m.Groups["words"].Value),
            _ when LeadInText().Match(main) is { Success: true } m => new(BasisRule.LeadIn, m.Groups["words"].Value, m.Groups["citation"].Value),
            _ when InheritedText().Match(main) is { Success: true } m => new(BasisRule.Inherited, Citation: m.Groups["citation"].Value),
            _ when OpenText().Match(main) is { Success: true } m => new(BasisRule.OpenToParticipants, m.Groups["words"].Value),
            _ => null,
        };
        return parsed is null ? null : parsed with { OpensWith = opensWith };
    }

    [GeneratedRegex(@"; opens with “(?<verb>[^”]+)”$")]
    private static partial Regex OpensWithSuffix();

    [GeneratedRegex(@"^own words: “(?<words>[^”]+)”$")]
    private static partial Regex OwnWordsText();

    [GeneratedRegex(@"^lead-in of (?<citation>[^:\s]+): “(?<words>[^”]+)”$")]
    private static partial Regex LeadInText();

    [GeneratedRegex(@"^inherited from (?<citation>\S+)$")]
    private static partial Regex InheritedText();

    [GeneratedRegex(@"^no actor named; “(?<words>[^”]+)” leaves it open to the participants$")]
    private static partial Regex OpenText();
}
