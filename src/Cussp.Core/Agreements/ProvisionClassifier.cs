using System.Text.RegularExpressions;

namespace Cussp.Agreements;

/// <summary>What the classifier read from a provision, with the words that decided it.</summary>
/// <param name="Actor">Who acts.</param>
/// <param name="Modality">How strongly.</param>
/// <param name="Component">The key component's slug.</param>
/// <param name="TimeRules">Time expressions read from the provision's own text.</param>
/// <param name="Basis">Which rule decided actor and modality, quoting the words (for reviewers); <see cref="ClassificationBasis"/> in English.</param>
public sealed record Classification(Actor Actor, Modality Modality, string Component, IReadOnlyList<TimeRule> TimeRules, string Basis);

/// <summary>A parsed provision with its classification.</summary>
/// <param name="Source">The provision as read.</param>
/// <param name="Classification">What the rules derived.</param>
public sealed record ClassifiedProvision(ParsedProvision Source, Classification Classification);

/// <summary>
/// Derives actor, modality, key component and time rules from a provision's words. The rules, in order:
/// <list type="number">
/// <item>A recital speaks for the parties named in the parties clause: actor <c>Participants</c>, modality <c>declaration</c>.</item>
/// <item>Otherwise find the clauses whose subject is an actor — "the Participants", "Canada and Ukraine", "Canada", "Ukraine",
/// "they", "the CUSSP", "this Agreement", an adjective "Canadian …"/"Ukrainian …" — followed (after an optional "of/to/in …" complement,
/// a parenthetical between commas and adverbs such as "also", "further", "therefore") by a verb of a known class:
/// best-effort ("will seek/strive/aim/explore/endeavour/consider", "aims to", "exert all possible efforts"), commitment ("commits",
/// "is/remain committed", "steadfast in its commitment", any other "will"), permission ("may", "can"), declaration ("recognize",
/// "acknowledge", "reaffirm", "understand", "welcome", "commend", "note", "intend", "believe"). The published text sometimes runs
/// "Participants" into the next word ("Participantswill"); that is read as two words.</item>
/// <item>The first clause that is not a declaration decides; if all are declarations, the first does. "This Agreement will …" states
/// a fact about the agreement: a declaration.</item>
/// <item>A passive lead-in "commitments provided … by Canada" names its agent as actor, with modality commitment.</item>
/// <item>An item or sub-item without a clause of its own inherits from its parent's lead-in (the parent's last sentence, the one
/// ending with a colon) or, when that has no clause, from the parent itself. A lead-in that only says "may include" makes its
/// items permissions. An inherited commitment becomes best-effort when the item itself opens with a best-effort verb
/// ("(ii) explore further areas …").</item>
/// <item>A provision with no clause and no parent is a permission of the participants when it says "may include", otherwise a
/// declaration of the participants.</item>
/// <item>Component: a provision in a part or section whose heading is about the agreement itself (coordination with other forums,
/// differences in interpretation, designated authorities, final dispositions, entry into effect, review, amendment, termination)
/// belongs to the framework group. Otherwise each key component has word stems; the provision's own text and its part or section
/// heading are scored; the highest score wins, ties go to the summary's order. An item whose words point nowhere inherits its
/// parent's component; a provision with nothing to go on takes its heading's, and with no heading either, the framework group.</item>
/// </list>
/// </summary>
public static partial class ProvisionClassifier
{
    private const string Subject =
        @"(?<subj>Canada\s+and\s+Ukraine|(?:the\s+|both\s+|either\s+(?:of\s+the\s+)?)?Participants?|they|the\s+CUSSP|this\s+Agreement|Canadian\s+\p{L}+|Ukrainian\s+\p{L}+|Canada|Ukraine)";

    private const string Between =
        @"(?:\s+(?:of|to|in|for)\s+(?:\p{L}+\s+){0,2}?\p{L}+)?(?:\s*,[^,:;]{1,120},)?\s*(?<adv>(?:(?:also|further|therefore|jointly|thus|now)\s+)*)";

    [GeneratedRegex(@"\b" + Subject + Between + @"(?<verb>will\s+(?:(?:also|further|therefore|continue\s+to|jointly)\s+)*(?:seek|strive|aim|explore|endeavou?r|consider|exert\s+all\s+possible\s+efforts)|(?:seeks?|strives?|aims?|endeavou?rs?)\s+to\b|(?:commits?|(?:is|are|remains?)\s+(?:\p{L}+\s+)?committed|(?:is|are)\s+steadfast\s+in\s+(?:its|their)\s+commitment)|will\b|may\b|can\b|(?:recogni[sz]e|acknowledge|reaffirm|understand|welcome|commend|note|intend|believe)s?\b)",
        RegexOptions.IgnoreCase)]
    private static partial Regex ClauseRegex();

    [GeneratedRegex(@"\bcommitments?\b[^.:;]{0,80}?\bby\s+(?<agent>Canada|Ukraine)\b")]
    private static partial Regex PassiveCommitment();

    [GeneratedRegex(@"^(?:seek|seeking|strive|striving|aim|aiming|explore|exploring|endeavou?r|consider|considering)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OpensWithBestEffortVerb();

    [GeneratedRegex(@"\bmay\s+include\b", RegexOptions.IgnoreCase)]
    private static partial Regex MayInclude();

    [GeneratedRegex(@"(?<=[.;])\s+(?=[A-Z])")]
    private static partial Regex SentenceBreak();

    private sealed record Clause(Actor Actor, Modality Modality, string Words);

    /// <summary>Classifies every provision of <paramref name="agreement"/>, parents before children.</summary>
    public static IReadOnlyList<ClassifiedProvision> Classify(ParsedAgreement agreement)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        var headings = agreement.Divisions.ToDictionary(d => d.Citation, d => d.Heading, StringComparer.Ordinal);
        var framework = agreement.Divisions.Where(d => IsFrameworkHeading(d.Heading)).Select(d => d.Citation).ToHashSet(StringComparer.Ordinal);
        var done = new Dictionary<string, (Classification Own, Clause? LeadIn)>(StringComparer.Ordinal);
        var withDescendants = agreement.Provisions.ToDictionary(p => p.Citation, p => new System.Text.StringBuilder(p.Text), StringComparer.Ordinal);
        foreach (var p in agreement.Provisions.Reverse())
        {
            if (p.ParentCitation is not null)
            {
                withDescendants[p.ParentCitation].Append(' ').Append(withDescendants[p.Citation]);
            }
        }
        var result = new List<ClassifiedProvision>(agreement.Provisions.Count);
        foreach (var p in agreement.Provisions)
        {
            var heading = HeadingFor(p.DivisionCitation, headings);
            var rules = TimeRuleReader.Read(p.Text);
            Classification own;
            if (p.Kind == ProvisionKind.Recital)
            {
                own = new Classification(Actor.Participants, Modality.Declaration, ComponentFor(p.Text, "", null), rules,
                    new ClassificationBasis(BasisRule.Recital).ToString());
            }
            else
            {
                var parent = p.ParentCitation is null ? ((Classification Own, Clause? LeadIn)?)null : done[p.ParentCitation];
                var clause = Decide(Clauses(p.Text));
                var component = InFramework(p.DivisionCitation, framework)
                    ? KeyComponents.Framework
                    : ComponentFor(withDescendants[p.Citation].ToString(), heading, parent?.Own.Component);
                if (clause is not null)
                {
                    own = new Classification(clause.Actor, clause.Modality, component, rules, new ClassificationBasis(BasisRule.OwnWords, clause.Words).ToString());
                }
                else if (PassiveCommitment().Match(p.Text) is { Success: true } pm)
                {
                    var agent = pm.Groups["agent"].Value == "Canada" ? Actor.Canada : Actor.Ukraine;
                    own = new Classification(agent, Modality.Commitment, component, rules, new ClassificationBasis(BasisRule.OwnWords, Squash(pm.Value)).ToString());
                }
                else if (parent is { } pc)
                {
                    var (actor, modality, basis) = pc.LeadIn is { } lead
                        ? (lead.Actor, lead.Modality, new ClassificationBasis(BasisRule.LeadIn, lead.Words, p.ParentCitation))
                        : (pc.Own.Actor, pc.Own.Modality, new ClassificationBasis(BasisRule.Inherited, Citation: p.ParentCitation));
                    if (modality == Modality.Commitment && OpensWithBestEffortVerb().Match(p.Text) is { Success: true } be)
                    {
                        modality = Modality.BestEffort;
                        basis = basis with { OpensWith = be.Value };
                    }
                    own = new Classification(actor, modality, component, rules, basis.ToString());
                }
                else if (MayInclude().Match(p.Text) is { Success: true } mi)
                {
                    own = new Classification(Actor.Participants, Modality.Permission, component, rules,
                        new ClassificationBasis(BasisRule.OpenToParticipants, mi.Value).ToString());
                }
                else
                {
                    own = new Classification(Actor.Participants, Modality.Declaration, component, rules,
                        new ClassificationBasis(BasisRule.Statement).ToString());
                }
            }
            done[p.Citation] = (own, LeadIn(p.Text, own));
            result.Add(new ClassifiedProvision(p, own));
        }
        return result;
    }

    private static Clause? LeadIn(string text, Classification own)
    {
        var trimmed = text.TrimEnd();
        if (!trimmed.EndsWith(':'))
        {
            return null;
        }
        var sentences = SentenceBreak().Split(trimmed);
        var last = sentences[^1];
        var clause = Decide(Clauses(last));
        if (clause is not null)
        {
            return clause;
        }
        return MayInclude().Match(last) is { Success: true } mi
            ? new Clause(own.Actor, Modality.Permission, mi.Value)
            : null;
    }

    private static Clause? Decide(List<Clause> clauses) =>
        clauses.FirstOrDefault(c => c.Modality != Modality.Declaration) ?? clauses.FirstOrDefault();

    private static List<Clause> Clauses(string text)
    {
        // "Participantswill" in the published text is "Participants will".
        var normalised = text.Replace("Participantswill", "Participants will", StringComparison.Ordinal)
                             .Replace("Participantsto", "Participants to", StringComparison.Ordinal);
        var list = new List<Clause>();
        foreach (Match m in ClauseRegex().Matches(normalised))
        {
            var subj = m.Groups["subj"].Value;
            var verb = m.Groups["verb"].Value;
            var actor = ActorOf(subj);
            var modality = ModalityOf(verb, subj);
            list.Add(new Clause(actor, modality, Squash(m.Value)));
        }
        return list;
    }

    private static Actor ActorOf(string subject)
    {
        var s = Squash(subject);
        if (s.StartsWith("Canada and", StringComparison.OrdinalIgnoreCase))
        {
            return Actor.Participants;
        }
        if (s.StartsWith("Canad", StringComparison.OrdinalIgnoreCase))
        {
            return Actor.Canada;
        }
        return s.StartsWith("Ukrain", StringComparison.OrdinalIgnoreCase) ? Actor.Ukraine : Actor.Participants;
    }

    private static Modality ModalityOf(string verb, string subject)
    {
        var v = Squash(verb).ToLowerInvariant();
        if (Regex.IsMatch(v, @"\b(?:seek|strive|aim|explore|endeavou?r|consider|exert|seeks|strives|aims|endeavou?rs)\b"))
        {
            return Modality.BestEffort;
        }
        if (v.StartsWith("commit", StringComparison.Ordinal) || v.Contains("committed", StringComparison.Ordinal) || v.Contains("commitment", StringComparison.Ordinal))
        {
            return Modality.Commitment;
        }
        if (v == "will")
        {
            // "This Agreement will enter into effect…" describes the instrument; it binds no one to act.
            return Squash(subject).Equals("this Agreement", StringComparison.OrdinalIgnoreCase) ? Modality.Declaration : Modality.Commitment;
        }
        return v is "may" or "can" ? Modality.Permission : Modality.Declaration;
    }

    /// <summary>
    /// The key component of a provision: its home is the parent's component (items) or the one its heading names; the words
    /// move it elsewhere only when another component has at least <see cref="ClearlyAbout"/> hits and more than twice what home has.
    /// </summary>
    internal static string ComponentFor(string text, string heading, string? inherited)
    {
        var lowerText = text.ToLowerInvariant();
        var home = inherited ?? BestForHeading(heading.ToLowerInvariant(), lowerText)?.Id ?? Best(lowerText, 1)?.Id ?? KeyComponents.Framework;
        var homeScore = KeyComponents.Find(home) is { } c ? Score(c, lowerText) : 0;
        var best = Best(lowerText, ClearlyAbout);
        return best is not null && Score(best, lowerText) > 2 * homeScore ? best.Id : home;
    }

    /// <summary>Heading words of the parts that speak of the agreement itself rather than of any area of cooperation.</summary>
    private static readonly string[] FrameworkHeadingWords =
    [
        "final dispositions", "final provisions", "differences in interpretation", "settlement of disputes", "designated authorities",
        "other forums", "coming into effect", "entry into force", "amendment", "termination",
    ];

    private static bool IsFrameworkHeading(string heading) =>
        FrameworkHeadingWords.Any(w => heading.Contains(w, StringComparison.OrdinalIgnoreCase));

    // A section sits in the framework group when it or the part holding it does ("VIII.B" under "Part VIII. Final Dispositions").
    private static bool InFramework(string division, HashSet<string> framework)
    {
        var dot = division.IndexOf('.', StringComparison.Ordinal);
        return framework.Contains(division) || (dot > 0 && framework.Contains(division[..dot]));
    }

    private const int ClearlyAbout = 3;

    private static KeyComponent? Best(string lowerText, int minimum)
    {
        KeyComponent? best = null;
        var bestScore = minimum - 1;
        foreach (var c in KeyComponents.All)
        {
            var score = Score(c, lowerText);
            if (score > bestScore)
            {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary>The component the heading names; when the heading names two ("Cyber Defence"), the provision's words decide.</summary>
    private static KeyComponent? BestForHeading(string lowerHeading, string lowerText)
    {
        KeyComponent? best = null;
        (int Heading, int Text) bestScore = (0, -1);
        foreach (var c in KeyComponents.All)
        {
            var score = (Score(c, lowerHeading), Score(c, lowerText));
            if (score.Item1 > 0 && (score.Item1 > bestScore.Heading || (score.Item1 == bestScore.Heading && score.Item2 > bestScore.Text)))
            {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    private static int Score(KeyComponent c, string lowerText) => c.Keywords.Sum(k => Count(lowerText, k));

    private static int Count(string haystack, string needle)
    {
        var n = 0;
        for (var i = haystack.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = haystack.IndexOf(needle, i + needle.Length, StringComparison.Ordinal))
        {
            if (i == 0 || !char.IsLetter(haystack[i - 1]))
            {
                n++;
            }
        }
        return n;
    }

    private static string HeadingFor(string division, Dictionary<string, string> headings)
    {
        if (division == "PRE")
        {
            return "";
        }
        return headings.GetValueOrDefault(division, "");
    }

    private static string Squash(string s) => Regex.Replace(s.Trim(), @"\s+", " ");
}
