using Cussp.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Commitments;

/// <summary>What a piece of evidence is.</summary>
public enum EvidenceKind
{
    /// <summary>A link to a published page or document.</summary>
    Link,
    /// <summary>A note written here.</summary>
    Note,
    /// <summary>An attached file.</summary>
    File,
}

/// <summary>
/// Evidence of what was done on a commitment: a link, a note, or a file (whose bytes are kept apart, in
/// <see cref="EvidenceContentRecord"/>, so that lists never load them). It carries the commitment's marking.
/// </summary>
public sealed class EvidenceRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>The commitment.</summary>
    public Guid CommitmentId { get; set; }
    /// <summary>Link, note or file.</summary>
    public EvidenceKind Kind { get; set; }
    /// <summary>What it shows, in a line.</summary>
    public required string Title { get; set; }
    /// <summary>The address of a link (http or https).</summary>
    public string? Url { get; set; }
    /// <summary>The words of a note.</summary>
    public string? Text { get; set; }
    /// <summary>A file's name as it was sent (its folder dropped).</summary>
    public string? FileName { get; set; }
    /// <summary>A file's type, decided from its content.</summary>
    public string? ContentType { get; set; }
    /// <summary>A file's size in bytes.</summary>
    public long? Length { get; set; }
    /// <summary>A file's SHA-256, hex.</summary>
    public string? Sha256 { get; set; }
    /// <summary>Who added it.</summary>
    public required string AddedBy { get; set; }
    /// <summary>When.</summary>
    public Instant AddedAt { get; set; }
}

/// <summary>The bytes of a file given as evidence.</summary>
public sealed class EvidenceContentRecord
{
    /// <summary>The evidence.</summary>
    public Guid EvidenceId { get; set; }
    /// <summary>The file.</summary>
    public required byte[] Content { get; set; }
}

/// <summary>How evidence is stored, and the longest texts it may have.</summary>
public sealed class EvidenceConfiguration : IEntityTypeConfiguration<EvidenceRecord>
{
    /// <summary>Longest title.</summary>
    public const int MaxTitle = 200;

    /// <summary>Longest link.</summary>
    public const int MaxUrl = 2000;

    /// <summary>Longest note.</summary>
    public const int MaxText = 4000;

    /// <summary>Longest file name.</summary>
    public const int MaxFileName = 200;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<EvidenceRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("commitment_evidence");
        builder.Property(e => e.Title).HasMaxLength(MaxTitle);
        builder.Property(e => e.Url).HasMaxLength(MaxUrl);
        builder.Property(e => e.Text).HasMaxLength(MaxText);
        builder.Property(e => e.FileName).HasMaxLength(MaxFileName);
        builder.Property(e => e.ContentType).HasMaxLength(100);
        builder.Property(e => e.Sha256).HasMaxLength(64);
        builder.Property(e => e.AddedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.HasOne<CommitmentRecord>().WithMany(c => c.Evidence).HasForeignKey(e => e.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.CommitmentId, e.AddedAt });
    }
}

/// <summary>How the bytes of evidence files are stored.</summary>
public sealed class EvidenceContentConfiguration : IEntityTypeConfiguration<EvidenceContentRecord>
{
    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<EvidenceContentRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("commitment_evidence_content");
        builder.HasKey(c => c.EvidenceId);
        builder.HasOne<EvidenceRecord>().WithOne().HasForeignKey<EvidenceContentRecord>(c => c.EvidenceId).OnDelete(DeleteBehavior.Cascade);
    }
}
