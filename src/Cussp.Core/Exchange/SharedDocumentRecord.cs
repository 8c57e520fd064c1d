using Cussp.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Exchange;

/// <summary>A document or record shared between the participants, under its marking; its version is 1 when shared.</summary>
public sealed class SharedDocumentRecord : MarkedRecord
{
    /// <summary>Title.</summary>
    public required string Title { get; set; }
    /// <summary>Body text.</summary>
    public required string Body { get; set; }
    /// <summary>Who created it.</summary>
    public required string CreatedBy { get; set; }
    /// <summary>When.</summary>
    public Instant CreatedAt { get; set; }
    /// <summary>Last change.</summary>
    public Instant UpdatedAt { get; set; }
}

/// <summary>How a shared document is stored, and the longest title and body it may have.</summary>
public sealed class SharedDocumentConfiguration : IEntityTypeConfiguration<SharedDocumentRecord>
{
    /// <summary>Longest title.</summary>
    public const int MaxTitle = 300;

    /// <summary>Longest body.</summary>
    public const int MaxBody = 100_000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<SharedDocumentRecord> builder)
    {
        MarkedRecordConfiguration.Configure(builder);
        builder.ToTable("shared_documents");
        builder.Property(d => d.Title).HasMaxLength(MaxTitle);
        builder.Property(d => d.CreatedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        // Lists are read newest first through this index, and the marking columns in it let the database test the access
        // filter on the index entry and count visible documents without reading the rows. An index led by the marking
        // would make the database fetch and sort every visible row to show the first page.
        builder.HasIndex(d => new { d.CreatedAt, d.Id, d.Releasability, d.Classification, d.Area });
    }
}
