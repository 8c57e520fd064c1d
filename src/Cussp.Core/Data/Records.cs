using Cussp.Agreements;

namespace Cussp.Data;

/// <summary>A stored agreement: its source text and what was read from it.</summary>
public sealed class AgreementRecord
{
    /// <summary>Short stable id used in URLs, such as <c>cussp</c>.</summary>
    public required string Id { get; set; }
    /// <summary>The title line.</summary>
    public required string Title { get; set; }
    /// <summary>The parties clause opening the preamble.</summary>
    public string? PartiesClause { get; set; }
    /// <summary>Date of signature.</summary>
    public LocalDate? SignedOn { get; set; }
    /// <summary>Place of signature.</summary>
    public string? SignedAt { get; set; }
    /// <summary>The closing signature clause, verbatim.</summary>
    public string? SignatureClause { get; set; }
    /// <summary>The source text as imported.</summary>
    public required string SourceText { get; set; }
    /// <summary>When it was imported.</summary>
    public Instant ImportedAt { get; set; }
    /// <summary>Bumped on every change, so caches on every node can tell they are stale.</summary>
    public int Revision { get; set; }
    /// <summary>Parts and sections.</summary>
    public List<DivisionRecord> Divisions { get; set; } = [];
    /// <summary>Recitals and operative provisions.</summary>
    public List<ProvisionRecord> Provisions { get; set; } = [];
}

/// <summary>A part or section heading.</summary>
public sealed class DivisionRecord
{
    /// <summary>Surrogate key.</summary>
    public int Id { get; set; }
    /// <summary>Owning agreement.</summary>
    public required string AgreementId { get; set; }
    /// <summary><c>IV</c> or <c>IV.K</c>.</summary>
    public required string Citation { get; set; }
    /// <summary>Numeral or letter as printed.</summary>
    public required string Number { get; set; }
    /// <summary>Heading words.</summary>
    public required string Heading { get; set; }
    /// <summary>Reading order.</summary>
    public int Ordinal { get; set; }
}

/// <summary>A stored provision with the classification derived from its words.</summary>
public sealed class ProvisionRecord
{
    /// <summary>Surrogate key.</summary>
    public int Id { get; set; }
    /// <summary>Owning agreement.</summary>
    public required string AgreementId { get; set; }
    /// <summary>Stable citation.</summary>
    public required string Citation { get; set; }
    /// <summary>Reading order.</summary>
    public int Ordinal { get; set; }
    /// <summary>Recital, paragraph, item, sub-item.</summary>
    public ProvisionKind Kind { get; set; }
    /// <summary>Number as printed.</summary>
    public required string Number { get; set; }
    /// <summary>Parent paragraph or item.</summary>
    public string? ParentCitation { get; set; }
    /// <summary>Part or section it sits in; <c>PRE</c> for recitals.</summary>
    public required string DivisionCitation { get; set; }
    /// <summary>Verbatim text.</summary>
    public required string Text { get; set; }
    /// <summary>Derived actor.</summary>
    public Actor Actor { get; set; }
    /// <summary>Derived modality.</summary>
    public Modality Modality { get; set; }
    /// <summary>Derived key component slug.</summary>
    public required string Component { get; set; }
    /// <summary>The rule and words that decided actor and modality.</summary>
    public required string Basis { get; set; }
    /// <summary>Time rules read from the text.</summary>
    public List<TimeRuleRecord> TimeRules { get; set; } = [];
}

/// <summary>A stored time rule of a provision.</summary>
public sealed class TimeRuleRecord
{
    /// <summary>Surrogate key.</summary>
    public int Id { get; set; }
    /// <summary>Owning provision.</summary>
    public int ProvisionId { get; set; }
    /// <summary>Order within the provision.</summary>
    public int Ordinal { get; set; }
    /// <summary>Deadline, recurrence, validity, delay.</summary>
    public TimeRuleKind Kind { get; set; }
    /// <summary>What it counts from.</summary>
    public TimeAnchor Anchor { get; set; }
    /// <summary>How long.</summary>
    public required Period Period { get; set; }
    /// <summary>The words it was read from.</summary>
    public required string Phrase { get; set; }
}

/// <summary>A person's correction of a derived classification; shown as an override, never silently merged.</summary>
public sealed class ProvisionOverrideRecord
{
    /// <summary>Surrogate key.</summary>
    public int Id { get; set; }
    /// <summary>Agreement.</summary>
    public required string AgreementId { get; set; }
    /// <summary>Citation overridden.</summary>
    public required string Citation { get; set; }
    /// <summary>Actor to use instead of the derived one.</summary>
    public Actor? Actor { get; set; }
    /// <summary>Modality to use instead of the derived one.</summary>
    public Modality? Modality { get; set; }
    /// <summary>Component to use instead of the derived one.</summary>
    public string? Component { get; set; }
    /// <summary>Why.</summary>
    public required string Reason { get; set; }
    /// <summary>Who set it.</summary>
    public required string SetBy { get; set; }
    /// <summary>When.</summary>
    public Instant SetAt { get; set; }
}
