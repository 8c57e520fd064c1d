using Cussp.Screening;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Sanctions;

/// <summary>What a re-import did to one listed subject.</summary>
public enum SanctionsChange
{
    /// <summary>New on the list.</summary>
    Added,
    /// <summary>Still listed, with different data.</summary>
    Changed,
    /// <summary>No longer on the list: kept, marked removed.</summary>
    Removed,
}

/// <summary>A listed subject as stored: its model as JSON, with the columns queries filter on.</summary>
public sealed class SanctionsEntityRecord
{
    /// <summary>The list it comes from (<c>sema</c>, <c>un</c>, <c>ofac</c>, <c>ftm</c>).</summary>
    public required string Source { get; set; }
    /// <summary>Identifier within the source.</summary>
    public required string Id { get; set; }
    /// <summary>Person, organisation, company, vessel or aircraft.</summary>
    public required string Kind { get; set; }
    /// <summary>The primary name.</summary>
    public required string Caption { get; set; }
    /// <summary>The whole subject (names, dates, identifiers, legal basis) as JSON.</summary>
    public required string Data { get; set; }
    /// <summary>SHA-256 of <see cref="Data"/>: how a re-import tells a change.</summary>
    public required string Hash { get; set; }
    /// <summary>When an import first brought it.</summary>
    public Instant FirstImportedAt { get; set; }
    /// <summary>When an import last changed it.</summary>
    public Instant UpdatedAt { get; set; }
    /// <summary>When a re-import no longer found it; null while listed.</summary>
    public Instant? RemovedAt { get; set; }
}

/// <summary>One import of a list file, with what it changed.</summary>
public sealed class SanctionsImportRecord
{
    /// <summary>Surrogate key, increasing: the version of the stored lists.</summary>
    public int Id { get; set; }
    /// <summary>The list.</summary>
    public required string Source { get; set; }
    /// <summary>The file name imported.</summary>
    public required string FileName { get; set; }
    /// <summary>SHA-256 of the file.</summary>
    public required string FileHash { get; set; }
    /// <summary>When.</summary>
    public Instant ImportedAt { get; set; }
    /// <summary>Subjects added.</summary>
    public int Added { get; set; }
    /// <summary>Subjects changed.</summary>
    public int Changed { get; set; }
    /// <summary>Subjects removed.</summary>
    public int Removed { get; set; }
    /// <summary>Subjects unchanged.</summary>
    public int Unchanged { get; set; }
}

/// <summary>The history of one subject: each addition, change and removal, with the data before and after.</summary>
public sealed class SanctionsChangeRecord
{
    /// <summary>Surrogate key.</summary>
    public long Id { get; set; }
    /// <summary>The import that made the change.</summary>
    public int ImportId { get; set; }
    /// <summary>The list.</summary>
    public required string Source { get; set; }
    /// <summary>The subject.</summary>
    public required string EntityId { get; set; }
    /// <summary>Added, changed or removed.</summary>
    public SanctionsChange Change { get; set; }
    /// <summary>The data before (changes and removals).</summary>
    public string? Before { get; set; }
    /// <summary>The data after (additions and changes).</summary>
    public string? After { get; set; }
}

/// <summary>How listed subjects are stored: by source and id, removed ones kept.</summary>
public sealed class SanctionsEntityConfiguration : IEntityTypeConfiguration<SanctionsEntityRecord>
{
    /// <summary>Longest identifier within a source.</summary>
    public const int MaxId = 128;

    /// <summary>Longest kind.</summary>
    public const int MaxKind = 16;

    /// <summary>Longest primary name kept in its column; the whole name stays in the data.</summary>
    public const int MaxCaption = 500;

    /// <summary>Length of a hex SHA-256.</summary>
    public const int HashLength = 64;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<SanctionsEntityRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("sanctions_entities");
        builder.HasKey(x => new { x.Source, x.Id });
        builder.Property(x => x.Source).HasMaxLength(ListReader.MaxSourceLength);
        builder.Property(x => x.Id).HasMaxLength(MaxId);
        builder.Property(x => x.Kind).HasMaxLength(MaxKind);
        builder.Property(x => x.Caption).HasMaxLength(MaxCaption);
        builder.Property(x => x.Hash).HasMaxLength(HashLength);
        builder.HasIndex(x => x.RemovedAt);
    }
}

/// <summary>How imports of list files are stored.</summary>
public sealed class SanctionsImportConfiguration : IEntityTypeConfiguration<SanctionsImportRecord>
{
    /// <summary>Longest file name kept.</summary>
    public const int MaxFileName = 260;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<SanctionsImportRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("sanctions_imports");
        builder.Property(x => x.Source).HasMaxLength(ListReader.MaxSourceLength);
        builder.Property(x => x.FileName).HasMaxLength(MaxFileName);
        builder.Property(x => x.FileHash).HasMaxLength(SanctionsEntityConfiguration.HashLength);
    }
}

/// <summary>How the history of listed subjects is stored, found by subject, gone with the import that made it.</summary>
public sealed class SanctionsChangeConfiguration : IEntityTypeConfiguration<SanctionsChangeRecord>
{
    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<SanctionsChangeRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("sanctions_changes");
        builder.Property(x => x.Source).HasMaxLength(ListReader.MaxSourceLength);
        builder.Property(x => x.EntityId).HasMaxLength(SanctionsEntityConfiguration.MaxId);
        builder.HasIndex(x => new { x.Source, x.EntityId });
        builder.HasOne<SanctionsImportRecord>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}
