using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cussp.Audit;

/// <summary>The audit tables. Times are stored as microseconds since the epoch, the integers that are hashed and signed.</summary>
internal static class AuditModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntryRecord>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(a => a.Seq);
            e.Property(a => a.Seq).ValueGeneratedNever();
            e.Property(a => a.At).HasConversion(new MicrosConverter());
            // Column lengths are declared on the record.
            e.HasIndex(a => a.At);
            e.HasIndex(a => a.Actor);
            e.HasIndex(a => new { a.RecordType, a.RecordId });
        });
        modelBuilder.Entity<AuditCheckpointRecord>(e =>
        {
            e.ToTable("audit_checkpoints");
            e.HasKey(c => c.TreeSize);
            e.Property(c => c.TreeSize).ValueGeneratedNever();
            e.Property(c => c.At).HasConversion(new MicrosConverter());
            e.Property(c => c.Format).HasDefaultValue(AuditFormat.CheckpointChained);
            e.HasIndex(c => c.At);
        });
        modelBuilder.Entity<AuditHeadRecord>(e =>
        {
            e.ToTable("audit_head");
            e.Property(h => h.Id).ValueGeneratedNever();
            e.HasData(new AuditHeadRecord { Id = 1, TreeSize = 0, Frontier = [] });
        });
    }

    private sealed class MicrosConverter() : ValueConverter<Instant, long>(i => AuditFormat.ToMicros(i), m => AuditFormat.FromMicros(m));
}
