using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cussp.Audit;

/// <summary>How audit entries are stored: found by time, actor and record. Column lengths are declared on the record.</summary>
internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntryRecord>
{
    public void Configure(EntityTypeBuilder<AuditEntryRecord> builder)
    {
        AuditModel.NumberedAndTimed(builder, "audit_entries", nameof(AuditEntryRecord.Seq));
        builder.HasIndex(a => a.Actor);
        builder.HasIndex(a => new { a.RecordType, a.RecordId });
    }
}

/// <summary>How checkpoints are stored: one per tree size, in the format this version writes unless a row says otherwise.</summary>
internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpointRecord>
{
    public void Configure(EntityTypeBuilder<AuditCheckpointRecord> builder)
    {
        AuditModel.NumberedAndTimed(builder, "audit_checkpoints", nameof(AuditCheckpointRecord.TreeSize));
        builder.Property(c => c.Format).HasDefaultValue(AuditFormat.CheckpointChained);
    }
}

/// <summary>How the head is stored: its one row, there from the start with an empty tree.</summary>
internal sealed class AuditHeadConfiguration : IEntityTypeConfiguration<AuditHeadRecord>
{
    public void Configure(EntityTypeBuilder<AuditHeadRecord> builder)
    {
        builder.ToTable("audit_head");
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.HasData(new AuditHeadRecord { Id = 1, TreeSize = 0, Frontier = [] });
    }
}

/// <summary>What the log's tables have in common.</summary>
internal static class AuditModel
{
    /// <summary>
    /// Keys a table of the log by the position the log gives each row, never the database, and stores its time (<c>At</c>) as the
    /// microseconds since the epoch that are hashed and signed, indexed.
    /// </summary>
    public static void NumberedAndTimed<T>(EntityTypeBuilder<T> builder, string table, string position) where T : class
    {
        builder.ToTable(table);
        builder.HasKey(position);
        builder.Property(position).ValueGeneratedNever();
        builder.Property<Instant>("At").HasConversion(new MicrosConverter());
        builder.HasIndex("At");
    }

    private sealed class MicrosConverter() : ValueConverter<Instant, long>(i => AuditFormat.ToMicros(i), m => AuditFormat.FromMicros(m));
}
