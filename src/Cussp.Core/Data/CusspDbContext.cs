using Cussp.Agreements;
using Cussp.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Data;

/// <summary>The product's database. Each provider has its own subclass so that each keeps its own migrations.</summary>
public abstract class CusspDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>Agreements.</summary>
    public DbSet<AgreementRecord> Agreements => Set<AgreementRecord>();
    /// <summary>Parts and sections.</summary>
    public DbSet<DivisionRecord> Divisions => Set<DivisionRecord>();
    /// <summary>Provisions.</summary>
    public DbSet<ProvisionRecord> Provisions => Set<ProvisionRecord>();
    /// <summary>Time rules.</summary>
    public DbSet<TimeRuleRecord> TimeRules => Set<TimeRuleRecord>();
    /// <summary>Manual classification overrides.</summary>
    public DbSet<ProvisionOverrideRecord> ProvisionOverrides => Set<ProvisionOverrideRecord>();
    /// <summary>The audit log's entries, append-only.</summary>
    public DbSet<AuditEntryRecord> AuditEntries => Set<AuditEntryRecord>();
    /// <summary>The audit log's signed checkpoints, append-only.</summary>
    public DbSet<AuditCheckpointRecord> AuditCheckpoints => Set<AuditCheckpointRecord>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<Instant>().HaveConversion<InstantConverter>();
        configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateConverter>();
        configurationBuilder.Properties<Period>().HaveConversion<PeriodConverter>().HaveMaxLength(32);
        configurationBuilder.Properties<Actor>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Modality>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ProvisionKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TimeRuleKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TimeAnchor>().HaveConversion<string>().HaveMaxLength(16);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<AgreementRecord>(e =>
        {
            e.ToTable("agreements");
            e.Property(a => a.Id).HasMaxLength(64);
            e.Property(a => a.Title).HasMaxLength(500);
            e.Property(a => a.SignedAt).HasMaxLength(200);
            e.Property(a => a.Revision).IsConcurrencyToken();
            e.HasMany(a => a.Divisions).WithOne().HasForeignKey(d => d.AgreementId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(a => a.Provisions).WithOne().HasForeignKey(p => p.AgreementId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DivisionRecord>(e =>
        {
            e.ToTable("divisions");
            e.Property(d => d.Citation).HasMaxLength(32);
            e.Property(d => d.Number).HasMaxLength(16);
            e.Property(d => d.Heading).HasMaxLength(500);
            e.HasIndex(d => new { d.AgreementId, d.Citation }).IsUnique();
        });
        modelBuilder.Entity<ProvisionRecord>(e =>
        {
            e.ToTable("provisions");
            e.Property(p => p.Citation).HasMaxLength(32);
            e.Property(p => p.Number).HasMaxLength(16);
            e.Property(p => p.ParentCitation).HasMaxLength(32);
            e.Property(p => p.DivisionCitation).HasMaxLength(32);
            e.Property(p => p.Component).HasMaxLength(64);
            e.Property(p => p.Basis).HasMaxLength(1000);
            e.HasIndex(p => new { p.AgreementId, p.Citation }).IsUnique();
            e.HasIndex(p => new { p.AgreementId, p.Ordinal });
            e.HasMany(p => p.TimeRules).WithOne().HasForeignKey(t => t.ProvisionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<TimeRuleRecord>(e =>
        {
            e.ToTable("time_rules");
            e.Property(t => t.Phrase).HasMaxLength(500);
        });
        modelBuilder.Entity<ProvisionOverrideRecord>(e =>
        {
            e.ToTable("provision_overrides");
            e.Property(o => o.Citation).HasMaxLength(32);
            e.Property(o => o.AgreementId).HasMaxLength(64);
            e.Property(o => o.Component).HasMaxLength(64);
            e.Property(o => o.Reason).HasMaxLength(2000);
            e.Property(o => o.SetBy).HasMaxLength(200);
            e.HasIndex(o => new { o.AgreementId, o.Citation }).IsUnique();
            e.HasOne<AgreementRecord>().WithMany().HasForeignKey(o => o.AgreementId).OnDelete(DeleteBehavior.Cascade);
        });
        AuditModel.Configure(modelBuilder);
    }

    private sealed class InstantConverter() : ValueConverter<Instant, DateTime>(
        i => i.ToDateTimeUtc(), d => Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc)));

    private sealed class LocalDateConverter() : ValueConverter<LocalDate, DateOnly>(
        d => d.ToDateOnly(), d => LocalDate.FromDateOnly(d));

    private sealed class PeriodConverter() : ValueConverter<Period, string>(
        p => PeriodPattern.Roundtrip.Format(p), s => PeriodPattern.Roundtrip.Parse(s).Value);
}

/// <summary>The SQLite flavour: the embedded default.</summary>
public sealed class SqliteCusspDbContext(DbContextOptions<SqliteCusspDbContext> options) : CusspDbContext(options);

/// <summary>The PostgreSQL flavour: for deployments with several nodes.</summary>
public sealed class PostgresCusspDbContext(DbContextOptions<PostgresCusspDbContext> options) : CusspDbContext(options);
