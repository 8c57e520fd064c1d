using System.Globalization;
using System.Text.RegularExpressions;
using Cussp.Decisions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Agreements;

/// <summary>What an amendment does to one provision.</summary>
public enum AmendmentAction
{
    /// <summary>Gives an existing provision new words.</summary>
    Replace,
    /// <summary>Adds a provision after the last one of its part, section, paragraph or item.</summary>
    Insert,
    /// <summary>Removes a provision, with its items and sub-items.</summary>
    Repeal,
}

/// <summary>One change an amendment makes to the text.</summary>
/// <param name="Action">Replace, insert or repeal.</param>
/// <param name="Citation">The provision changed, or the citation of the one inserted.</param>
/// <param name="Text">The new words; none for a repeal.</param>
public sealed record AmendmentChange(AmendmentAction Action, string? Citation, string? Text);

/// <summary>One consolidated version of an agreement: the text as signed is version 1, each approved amendment that changes the text adds one.</summary>
/// <param name="Number">1 for the text as signed, then 2, 3 …</param>
/// <param name="EffectiveOn">The first day (in Kyiv) on which this version is the text in force.</param>
/// <param name="DecisionId">The amendment that made it; null for version 1.</param>
/// <param name="Title">The amendment's title; null for version 1.</param>
/// <param name="ApprovedAt">When the amendment was approved by both sides; null for version 1.</param>
/// <param name="Changes">How many provisions the amendment changed.</param>
public sealed record AgreementVersion(int Number, LocalDate EffectiveOn, Guid? DecisionId, string? Title, Instant? ApprovedAt, int Changes);

/// <summary>A stored change of an amendment, in the order the proposer gave it.</summary>
public sealed class AmendmentChangeRecord
{
    /// <summary>Id.</summary>
    public int Id { get; set; }
    /// <summary>The amendment (a joint decision).</summary>
    public Guid DecisionId { get; set; }
    /// <summary>Its place in the amendment.</summary>
    public int Ordinal { get; set; }
    /// <summary>Replace, insert or repeal.</summary>
    public AmendmentAction Action { get; set; }
    /// <summary>The provision.</summary>
    public required string Citation { get; set; }
    /// <summary>The new words; null for a repeal.</summary>
    public string? Text { get; set; }

    /// <summary>The change as the consolidation reads it.</summary>
    public AmendmentChange ToChange() => new(Action, Citation, Text);
}

/// <summary>A stored version of an agreement made by an approved amendment (version 1, the text as signed, is not stored).</summary>
public sealed class AgreementVersionRecord
{
    /// <summary>Id.</summary>
    public int Id { get; set; }
    /// <summary>The agreement.</summary>
    public required string AgreementId { get; set; }
    /// <summary>2, 3 …</summary>
    public int Number { get; set; }
    /// <summary>The first day in Kyiv on which it is in force.</summary>
    public LocalDate EffectiveOn { get; set; }
    /// <summary>The amendment that made it.</summary>
    public Guid DecisionId { get; set; }
    /// <summary>The amendment's title, kept with the version (the text of an agreement is public; so is what amended it).</summary>
    public required string Title { get; set; }
    /// <summary>When both sides had approved.</summary>
    public Instant ApprovedAt { get; set; }
    /// <summary>How many provisions it changed.</summary>
    public int Changes { get; set; }
}

/// <summary>How amendment changes are stored, and the limits a proposal meets.</summary>
public sealed class AmendmentChangeConfiguration : IEntityTypeConfiguration<AmendmentChangeRecord>
{
    /// <summary>Most changes in one amendment.</summary>
    public const int MaxChanges = 200;

    /// <summary>Longest words of one provision.</summary>
    public const int MaxText = 10_000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<AmendmentChangeRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("amendment_changes");
        builder.Property(c => c.Action).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Citation).HasMaxLength(CitedRecordConfiguration.MaxCitation);
        builder.Property(c => c.Text).HasMaxLength(MaxText);
        builder.HasIndex(c => new { c.DecisionId, c.Ordinal }).IsUnique();
        builder.HasOne<JointDecisionRecord>().WithMany(d => d.Changes).HasForeignKey(c => c.DecisionId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>How versions are stored: one number per agreement, once.</summary>
public sealed class AgreementVersionConfiguration : IEntityTypeConfiguration<AgreementVersionRecord>
{
    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<AgreementVersionRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("agreement_versions");
        builder.Property(v => v.AgreementId).HasMaxLength(AgreementConfiguration.MaxId);
        builder.Property(v => v.Title).HasMaxLength(JointDecisionConfiguration.MaxTitle);
        builder.HasIndex(v => new { v.AgreementId, v.Number }).IsUnique();
        builder.HasIndex(v => v.DecisionId).IsUnique();
        builder.HasOne<AgreementRecord>().WithMany().HasForeignKey(v => v.AgreementId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The API names of amendment actions.</summary>
public static class AmendmentActions
{
    private static readonly EnumNames<AmendmentAction> Names = new(name => name.ToUpperInvariant(),
        (AmendmentAction.Replace, "replace"), (AmendmentAction.Insert, "insert"), (AmendmentAction.Repeal, "repeal"));

    /// <summary>The API name of an action.</summary>
    public static string Name(this AmendmentAction action) => Names[action];

    /// <summary>Reads an action by its API name, ignoring case.</summary>
    public static bool TryParse(string? text, out AmendmentAction action) => Names.TryParse(text?.Trim(), out action);

    /// <summary>What is said of an action that is not one.</summary>
    public static string Unknown(string? text) => $"\"{text}\": use replace, insert or repeal";
}

/// <summary>
/// Makes the next consolidated version of an agreement from the previous one and an amendment's changes. The changes apply in the
/// order given, each to the text as the ones before it left it; the whole text is then classified again, so that items follow a
/// lead-in that changed. Secondary components, summary lines and overrides stay with their citations.
/// </summary>
public static partial class Consolidation
{
    [GeneratedRegex(@"^(?:PRE\.(?<recital>[1-9]\d{0,2})|(?<part>[IVXLCDM]+)(?:\.(?<section>[A-Z]))?\.(?<paragraph>[1-9]\d{0,2})(?:\.(?<item>[ivxlcdm]+)(?:\.(?<subitem>[A-Z]))?)?)$")]
    private static partial Regex CitationForm();

    /// <summary>
    /// Checks <paramref name="changes"/> against <paramref name="previous"/> and, when every one applies, returns the version they make.
    /// </summary>
    /// <exception cref="InvalidInputException">A change does not apply; each error is keyed <c>changes[i]</c>.</exception>
    public static RegisterSnapshot Apply(RegisterSnapshot previous, IReadOnlyList<AmendmentChange> changes, AgreementVersion version,
        IReadOnlyList<ProvisionOverrideRecord> overrides)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(version);
        var errors = new Dictionary<string, string[]>();
        var provisions = previous.Provisions
            .Select(p => new ParsedProvision(p.Citation, p.Kind, p.Number, p.ParentCitation, p.DivisionCitation, p.Text, 0)).ToList();
        var divisions = previous.Divisions.Select(d => d.Citation).ToHashSet(StringComparer.Ordinal);
        divisions.Add("PRE");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (changes.Count == 0)
        {
            errors["changes"] = ["Give at least one change to the text."];
        }
        if (changes.Count > AmendmentChangeConfiguration.MaxChanges)
        {
            errors["changes"] = [string.Create(CultureInfo.InvariantCulture,
                $"An amendment makes at most {AmendmentChangeConfiguration.MaxChanges} changes; this one has {changes.Count}.")];
        }
        for (var i = 0; i < changes.Count && !errors.ContainsKey("changes"); i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"changes[{i}]");
            if (Problem(changes[i], provisions, divisions, seen) is { } problem)
            {
                errors[key] = [problem];
            }
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var parsed = new ParsedAgreement(previous.Agreement.Title, previous.PartiesClause,
            previous.Divisions.Select(d => new Division(d.Citation, d.Number, d.Heading, 0)).ToList(), provisions,
            previous.SignatureClause, previous.Agreement.SignedOn, previous.Agreement.SignedAt);
        var classified = ProvisionClassifier.Classify(parsed);
        var before = previous.Provisions.ToDictionary(p => p.Citation, StringComparer.Ordinal);
        var byCitation = overrides.ToDictionary(o => o.Citation, StringComparer.Ordinal);
        var views = classified.Select(c =>
        {
            before.TryGetValue(c.Source.Citation, out var was);
            byCitation.TryGetValue(c.Source.Citation, out var o);
            return RegisterSnapshot.View(c.Source, c.Classification, o, was?.SecondaryComponents ?? [], was?.SummaryLines ?? [], was?.ComponentWords);
        }).ToList();
        return new RegisterSnapshot(previous.Agreement with { ProvisionCount = views.Count }, previous.PartiesClause, previous.SignatureClause,
            previous.Divisions, views, previous.SummaryLines, version);
    }

    private static string? Problem(AmendmentChange change, List<ParsedProvision> provisions, HashSet<string> divisions, HashSet<string> seen)
    {
        var citation = change.Citation?.Trim();
        if (string.IsNullOrEmpty(citation))
        {
            return "Say which provision the change is to (a citation such as II.6 or VIII.C.2).";
        }
        if (!Enum.IsDefined(change.Action))
        {
            return AmendmentActions.Unknown(change.Action.ToString());
        }
        if (!seen.Add(citation))
        {
            return $"{citation} is changed twice in this amendment; make it one change.";
        }
        var text = TextInput.Normalise(change.Text)?.Trim();
        if (change.Action != AmendmentAction.Repeal)
        {
            if (string.IsNullOrEmpty(text))
            {
                return $"{change.Action.Name()} {citation}: give the provision's new words.";
            }
            if (text.Length > AmendmentChangeConfiguration.MaxText)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"{change.Action.Name()} {citation}: the words have {text.Length:N0} characters; at most {AmendmentChangeConfiguration.MaxText:N0} are allowed.");
            }
            if (TextInput.Find(text, TextShape.MultiLine) is { } unreadable)
            {
                return $"{change.Action.Name()} {citation}: {unreadable.Message}";
            }
            if (text.Contains('\n', StringComparison.Ordinal))
            {
                return $"{change.Action.Name()} {citation}: a provision's words are one paragraph; give its items as changes of their own.";
            }
        }
        else if (!string.IsNullOrEmpty(text))
        {
            return $"repeal {citation}: a repeal has no words; to give the provision new words, replace it.";
        }
        var index = provisions.FindIndex(p => string.Equals(p.Citation, citation, StringComparison.OrdinalIgnoreCase));
        switch (change.Action)
        {
            case AmendmentAction.Replace:
                if (index < 0)
                {
                    return $"replace {citation}: the agreement has no provision {citation}.";
                }
                if (string.Equals(provisions[index].Text, text, StringComparison.Ordinal))
                {
                    return $"replace {citation}: the new words are the words it has.";
                }
                provisions[index] = provisions[index] with { Text = text! };
                return null;
            case AmendmentAction.Repeal:
                if (index < 0)
                {
                    return $"repeal {citation}: the agreement has no provision {citation}.";
                }
                var repealed = provisions[index].Citation;
                provisions.RemoveAll(p => p.Citation == repealed || p.Citation.StartsWith(repealed + ".", StringComparison.Ordinal));
                return null;
            default:
                if (index >= 0)
                {
                    return $"insert {citation}: the agreement already has {citation}; replace it instead.";
                }
                return Insert(citation, text!, provisions, divisions);
        }
    }

    private static string? Insert(string citation, string text, List<ParsedProvision> provisions, HashSet<string> divisions)
    {
        var m = CitationForm().Match(citation);
        if (!m.Success)
        {
            return $"insert {citation}: not a citation; write PRE.9, II.7, IV.A.8, IV.A.7.vii or IV.A.7.vii.A.";
        }
        ParsedProvision added;
        string? parent;
        if (m.Groups["recital"].Success)
        {
            parent = null;
            added = new ParsedProvision(citation, ProvisionKind.Recital, m.Groups["recital"].Value, null, "PRE", text, 0);
        }
        else
        {
            var division = m.Groups["section"].Success ? $"{m.Groups["part"].Value}.{m.Groups["section"].Value}" : m.Groups["part"].Value;
            if (!divisions.Contains(division))
            {
                return $"insert {citation}: the agreement has no part or section {division}; an amendment adds provisions to those it has.";
            }
            var paragraph = $"{division}.{m.Groups["paragraph"].Value}";
            if (m.Groups["subitem"].Success)
            {
                parent = $"{paragraph}.{m.Groups["item"].Value}";
                added = new ParsedProvision(citation, ProvisionKind.SubItem, m.Groups["subitem"].Value, parent, division, text, 0);
            }
            else if (m.Groups["item"].Success)
            {
                parent = paragraph;
                added = new ParsedProvision(citation, ProvisionKind.Item, m.Groups["item"].Value, parent, division, text, 0);
            }
            else
            {
                parent = null;
                added = new ParsedProvision(citation, ProvisionKind.Paragraph, m.Groups["paragraph"].Value, null, division, text, 0);
            }
        }
        if (parent is not null && !provisions.Exists(p => p.Citation == parent))
        {
            return $"insert {citation}: the agreement has no {parent} to hold it.";
        }
        var siblings = provisions.Where(p => p.Kind == added.Kind && p.ParentCitation == added.ParentCitation && p.DivisionCitation == added.DivisionCitation).ToList();
        var next = siblings.Count + 1;
        var expected = added.Kind switch
        {
            ProvisionKind.Item => Roman.ToLower(next),
            ProvisionKind.SubItem => next <= 26 ? ((char)('A' + next - 1)).ToString() : null,
            _ => next.ToString(CultureInfo.InvariantCulture),
        };
        if (!string.Equals(added.Number, expected, StringComparison.Ordinal))
        {
            var within = parent ?? added.DivisionCitation;
            return expected is null
                ? $"insert {citation}: {within} holds no more sub-items."
                : $"insert {citation}: a new provision follows the last one of {within}; the next is {Prefix(added)}{expected}.";
        }
        // After the last provision of its part or section, paragraph or item, with that one's own items and sub-items.
        var last = parent is null
            ? provisions.FindLastIndex(p => p.DivisionCitation == added.DivisionCitation)
            : provisions.FindLastIndex(p => p.Citation == parent || p.Citation.StartsWith(parent + ".", StringComparison.Ordinal));
        if (last < 0)
        {
            return $"insert {citation}: {added.DivisionCitation} holds no provisions of its own; add to one of its sections.";
        }
        provisions.Insert(last + 1, added);
        return null;
    }

    private static string Prefix(ParsedProvision p) =>
        p.Citation[..(p.Citation.LastIndexOf('.') + 1)];
}
