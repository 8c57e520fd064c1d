using System.Buffers;
using Cussp.Agreements;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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
    /// <summary>The lines of its official summary, when one ships with it.</summary>
    public List<SummaryLineRecord> SummaryLines { get; set; } = [];
}

/// <summary>A row about one provision, part or section of an agreement, named by its citation: one row per citation and agreement.</summary>
public abstract class CitedRecord
{
    /// <summary>Surrogate key.</summary>
    public int Id { get; set; }
    /// <summary>Owning agreement.</summary>
    public required string AgreementId { get; set; }
    /// <summary>Stable citation, such as <c>IV</c>, <c>IV.K</c> or <c>IV.K.5.ii</c>.</summary>
    public required string Citation { get; set; }
}

/// <summary>A part or section heading.</summary>
public sealed class DivisionRecord : CitedRecord
{
    /// <summary>Numeral or letter as printed.</summary>
    public required string Number { get; set; }
    /// <summary>Heading words.</summary>
    public required string Heading { get; set; }
    /// <summary>Reading order.</summary>
    public int Ordinal { get; set; }
}

/// <summary>A stored provision with the classification derived from its words.</summary>
public sealed class ProvisionRecord : CitedRecord
{
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
    /// <summary>Other key components the provision also serves (for filters, never for counts).</summary>
    public List<string> SecondaryComponents { get; set; } = [];
    /// <summary>Numbers of the summary lines the provision carries out ("3.4").</summary>
    public List<string> SummaryLines { get; set; } = [];
    /// <summary>Words quoted from the provision that show why it sits in its components, when a map says so.</summary>
    public string? ComponentWords { get; set; }
    /// <summary>Time rules read from the text.</summary>
    public List<TimeRuleRecord> TimeRules { get; set; } = [];
}

/// <summary>A bullet line of an agreement's official summary of key components.</summary>
public sealed class SummaryLineRecord
{
    /// <summary>Surrogate key.</summary>
    public int Id { get; set; }
    /// <summary>Owning agreement.</summary>
    public required string AgreementId { get; set; }
    /// <summary>Component number, a dot, and the line's place under it ("3.4").</summary>
    public required string Number { get; set; }
    /// <summary>The key component's slug.</summary>
    public required string Component { get; set; }
    /// <summary>The line as the summary prints it.</summary>
    public required string Text { get; set; }
    /// <summary>Reading order.</summary>
    public int Ordinal { get; set; }
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
public sealed class ProvisionOverrideRecord : CitedRecord
{
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

/// <summary>How an agreement is stored, and the longest values it takes.</summary>
public sealed class AgreementConfiguration : IEntityTypeConfiguration<AgreementRecord>
{
    /// <summary>Longest agreement id.</summary>
    public const int MaxId = 64;

    /// <summary>What an agreement id is made of, in words, for the message that refuses one.</summary>
    public static readonly string IdRule = $"1–{MaxId} lower-case letters, digits and hyphens, starting with a letter or digit";

    private static readonly SearchValues<char> IdChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>True when <paramref name="id"/> follows <see cref="IdRule"/>: it goes into URLs and file names as it is.</summary>
    public static bool IsValidId(string id) =>
        id.Length is >= 1 and <= MaxId && id[0] != '-' && !id.AsSpan().ContainsAnyExcept(IdChars);

    /// <summary>Longest title line.</summary>
    public const int MaxTitle = 500;

    /// <summary>Longest place of signature.</summary>
    public const int MaxSignedAt = 200;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<AgreementRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("agreements");
        builder.Property(a => a.Id).HasMaxLength(MaxId);
        builder.Property(a => a.Title).HasMaxLength(MaxTitle);
        builder.Property(a => a.SignedAt).HasMaxLength(MaxSignedAt);
        builder.Property(a => a.Revision).IsConcurrencyToken();
        builder.HasMany(a => a.Divisions).WithOne().HasForeignKey(d => d.AgreementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Provisions).WithOne().HasForeignKey(p => p.AgreementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.SummaryLines).WithOne().HasForeignKey(l => l.AgreementId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>How every cited record is stored: a citation of bounded length, once per agreement.</summary>
public static class CitedRecordConfiguration
{
    /// <summary>Longest citation.</summary>
    public const int MaxCitation = 32;

    /// <summary>Longest number as printed (a numeral, a letter, a paragraph number).</summary>
    public const int MaxNumber = 16;

    /// <summary>Longest key component id.</summary>
    public const int MaxComponent = 64;

    /// <summary>Maps the columns <see cref="CitedRecord"/> gives <typeparamref name="T"/> to the table <paramref name="table"/>.</summary>
    public static void Configure<T>(EntityTypeBuilder<T> builder, string table) where T : CitedRecord
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable(table);
        builder.Property(r => r.Citation).HasMaxLength(MaxCitation);
        builder.HasIndex(r => new { r.AgreementId, r.Citation }).IsUnique();
    }
}

/// <summary>How a part or section heading is stored.</summary>
public sealed class DivisionConfiguration : IEntityTypeConfiguration<DivisionRecord>
{
    /// <summary>Longest heading.</summary>
    public const int MaxHeading = 500;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<DivisionRecord> builder)
    {
        CitedRecordConfiguration.Configure(builder, "divisions");
        builder.Property(d => d.Number).HasMaxLength(CitedRecordConfiguration.MaxNumber);
        builder.Property(d => d.Heading).HasMaxLength(MaxHeading);
    }
}

/// <summary>How a provision is stored.</summary>
public sealed class ProvisionConfiguration : IEntityTypeConfiguration<ProvisionRecord>
{
    /// <summary>Longest statement of the rule and words that decided the classification.</summary>
    public const int MaxBasis = 1000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<ProvisionRecord> builder)
    {
        CitedRecordConfiguration.Configure(builder, "provisions");
        builder.Property(p => p.Number).HasMaxLength(CitedRecordConfiguration.MaxNumber);
        builder.Property(p => p.ParentCitation).HasMaxLength(CitedRecordConfiguration.MaxCitation);
        builder.Property(p => p.DivisionCitation).HasMaxLength(CitedRecordConfiguration.MaxCitation);
        builder.Property(p => p.Component).HasMaxLength(CitedRecordConfiguration.MaxComponent);
        builder.Property(p => p.Basis).HasMaxLength(MaxBasis);
        builder.Property(p => p.ComponentWords).HasMaxLength(MaxBasis);
        builder.HasIndex(p => new { p.AgreementId, p.Ordinal });
        builder.HasMany(p => p.TimeRules).WithOne().HasForeignKey(t => t.ProvisionId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>How a summary line is stored.</summary>
public sealed class SummaryLineConfiguration : IEntityTypeConfiguration<SummaryLineRecord>
{
    /// <summary>Longest summary line.</summary>
    public const int MaxText = 1000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<SummaryLineRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("summary_lines");
        builder.Property(l => l.AgreementId).HasMaxLength(AgreementConfiguration.MaxId);
        builder.Property(l => l.Number).HasMaxLength(CitedRecordConfiguration.MaxNumber);
        builder.Property(l => l.Component).HasMaxLength(CitedRecordConfiguration.MaxComponent);
        builder.Property(l => l.Text).HasMaxLength(MaxText);
        builder.HasIndex(l => new { l.AgreementId, l.Number }).IsUnique();
    }
}

/// <summary>How a time rule is stored.</summary>
public sealed class TimeRuleConfiguration : IEntityTypeConfiguration<TimeRuleRecord>
{
    /// <summary>Longest phrase a rule is read from.</summary>
    public const int MaxPhrase = 500;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<TimeRuleRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("time_rules");
        builder.Property(t => t.Phrase).HasMaxLength(MaxPhrase);
    }
}

/// <summary>How a classification override is stored.</summary>
public sealed class ProvisionOverrideConfiguration : IEntityTypeConfiguration<ProvisionOverrideRecord>
{
    /// <summary>Longest reason for an override.</summary>
    public const int MaxReason = 2000;

    /// <summary>Longest name of who set it.</summary>
    public const int MaxSetBy = 200;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<ProvisionOverrideRecord> builder)
    {
        CitedRecordConfiguration.Configure(builder, "provision_overrides");
        builder.Property(o => o.AgreementId).HasMaxLength(AgreementConfiguration.MaxId);
        builder.Property(o => o.Component).HasMaxLength(CitedRecordConfiguration.MaxComponent);
        builder.Property(o => o.Reason).HasMaxLength(MaxReason);
        builder.Property(o => o.SetBy).HasMaxLength(MaxSetBy);
        builder.HasOne<AgreementRecord>().WithMany().HasForeignKey(o => o.AgreementId).OnDelete(DeleteBehavior.Cascade);
    }
}
