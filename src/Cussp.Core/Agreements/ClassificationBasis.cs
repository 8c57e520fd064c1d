using System.Text;
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
    // How each rule's basis is written, with {words} and {citation} in the places of its parts: ToString fills them in, Parse
    // reads them back out, so the two cannot drift apart.
    private static readonly (BasisRule Rule, string Template)[] Templates =
    [
        (BasisRule.Recital, "recital: the preamble speaks for the parties named in its opening clause"),
        (BasisRule.OwnWords, "own words: “{words}”"),
        (BasisRule.LeadIn, "lead-in of {citation}: “{words}”"),
        (BasisRule.Inherited, "inherited from {citation}"),
        (BasisRule.OpenToParticipants, "no actor named; “{words}” leaves it open to the participants"),
        (BasisRule.Statement, "no operative verb with an actor: a statement of the participants"),
    ];

    private static readonly (BasisRule Rule, Regex Reader)[] Readers = [.. Templates.Select(t => (t.Rule, Reader(t.Template)))];

    /// <summary>The basis in English, as stored and exported: <c>lead-in of II.1: “the Participants will”; opens with “seek”</c>.</summary>
    public override string ToString()
    {
        var template = Array.Find(Templates, t => t.Rule == Rule).Template ?? throw new InvalidOperationException($"no text for {Rule}");
        var text = Placeholder().Replace(template, p => (p.Value == "{words}" ? Words : Citation) ?? "");
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
        foreach (var (rule, reader) in Readers)
        {
            if (reader.Match(main) is { Success: true } m)
            {
                return new(rule, Part(m, "words"), Part(m, "citation"), opens.Success ? opens.Groups["verb"].Value : null);
            }
        }
        return null;
    }

    private static string? Part(Match m, string name) => m.Groups[name] is { Success: true } g ? g.Value : null;

    // The template as a pattern: its text literally, the words any run without a closing quote, a citation one without a colon or space.
    private static Regex Reader(string template)
    {
        var pattern = new StringBuilder("^");
        var at = 0;
        foreach (Match place in Placeholder().Matches(template))
        {
            pattern.Append(Regex.Escape(template[at..place.Index]))
                .Append(place.Value == "{words}" ? "(?<words>[^”]+)" : @"(?<citation>[^:\s]+)");
            at = place.Index + place.Length;
        }
        return new Regex(pattern.Append(Regex.Escape(template[at..])).Append('$').ToString());
    }

    [GeneratedRegex(@"\{(?:words|citation)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"; opens with “(?<verb>[^”]+)”$")]
    private static partial Regex OpensWithSuffix();
}
