using Cussp.Agreements;
using Cussp.Decisions;
using Cussp.Exchange;
using Cussp.Identity;
using Cussp.Sanctions;
using Cussp.Screening;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime.Text;

namespace Cussp.Data;

/// <summary>
/// The product's database, accounts included (ASP.NET Core Identity's tables). Each provider has its own subclass so that
/// each keeps its own migrations.
/// </summary>
public abstract class CusspDbContext(DbContextOptions options) : IdentityDbContext<UserAccount, IdentityRole<Guid>, Guid>(options)
{
    /// <summary>The audit sealer whose batch the save in progress carries, if any.</summary>
    internal Audit.AuditSealer? Sealing { get; set; }

    /// <summary>
    /// Saves as EF Core does. A save that loses an optimistic concurrency check reaches no interceptor once its commands are done
    /// (EF Core reports it while the provider's reader is still open), so the audit batch it carried is abandoned here: the append
    /// state it moved is rolled back with it, and a retry seals afresh.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            if (Sealing is { } sealer)
            {
                await sealer.AbandonAsync(this);
            }
            throw;
        }
    }

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
    /// <summary>Decisions that need an approver of each participant.</summary>
    public DbSet<JointDecisionRecord> JointDecisions => Set<JointDecisionRecord>();
    /// <summary>Each side's votes on joint decisions.</summary>
    public DbSet<DecisionVoteRecord> DecisionVotes => Set<DecisionVoteRecord>();
    /// <summary>Marked documents shared between the participants.</summary>
    public DbSet<SharedDocumentRecord> SharedDocuments => Set<SharedDocumentRecord>();
    /// <summary>Departments and agencies of each participant.</summary>
    public DbSet<Organisation> Organisations => Set<Organisation>();
    /// <summary>Failed sign-ins per client address and typed user name, for throttling.</summary>
    public DbSet<SignInFailureRecord> SignInFailures => Set<SignInFailureRecord>();
    /// <summary>Personal access tokens for scripts.</summary>
    public DbSet<AccessTokenRecord> AccessTokens => Set<AccessTokenRecord>();
    /// <summary>Listed subjects of the sanctions lists, current and removed.</summary>
    public DbSet<SanctionsEntityRecord> SanctionsEntities => Set<SanctionsEntityRecord>();
    /// <summary>Imports of sanctions list files.</summary>
    public DbSet<SanctionsImportRecord> SanctionsImports => Set<SanctionsImportRecord>();
    /// <summary>The history of listed subjects.</summary>
    public DbSet<SanctionsChangeRecord> SanctionsChanges => Set<SanctionsChangeRecord>();
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
        configurationBuilder.Properties<DecisionKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<DecisionState>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<SanctionsChange>().HaveConversion<string>().HaveMaxLength(16);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var modelBuilder = builder;
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<UserAccount>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(200);
            // Optional in the table so that the store can hold an account while it is being set up; the use case requires one.
            e.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Organisation>(e =>
        {
            e.ToTable("organisations");
            e.Property(o => o.Name).HasMaxLength(Identity.Organisations.MaxName);
            e.Property(o => o.ShortName).HasMaxLength(Identity.Organisations.MaxShortName);
            e.HasIndex(o => new { o.Participant, o.ShortName }).IsUnique();
            e.HasIndex(o => new { o.Participant, o.Name }).IsUnique();
            e.HasData(Identity.Organisations.Seed.Select(o => new Organisation
            {
                Id = o.Id,
                Participant = o.Participant,
                Name = o.Name,
                ShortName = o.ShortName,
                Retired = o.Retired,
            }));
        });
        modelBuilder.Entity<JointDecisionRecord>(e =>
        {
            e.ToTable("joint_decisions");
            e.Property(d => d.Title).HasMaxLength(300);
            e.Property(d => d.Details).HasMaxLength(20_000);
            e.Property(d => d.Citation).HasMaxLength(32);
            e.Property(d => d.ProposedBy).HasMaxLength(256);
            e.Property(d => d.Area).HasMaxLength(64);
            e.HasIndex(d => new { d.Area, d.Classification, d.Releasability });
            e.HasIndex(d => new { d.State, d.ProposedAt });
            e.Property(d => d.Version).IsConcurrencyToken();
            e.HasMany(d => d.Votes).WithOne().HasForeignKey(v => v.DecisionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DecisionVoteRecord>(e =>
        {
            e.ToTable("decision_votes");
            e.Property(v => v.UserName).HasMaxLength(256);
            e.Property(v => v.Reason).HasMaxLength(2000);
            // One vote per side: the database refuses a second, whatever the application does.
            e.HasIndex(v => new { v.DecisionId, v.Participant }).IsUnique();
        });
        modelBuilder.Entity<SharedDocumentRecord>(e =>
        {
            e.ToTable("shared_documents");
            e.Property(d => d.Title).HasMaxLength(300);
            e.Property(d => d.Area).HasMaxLength(64);
            e.Property(d => d.CreatedBy).HasMaxLength(256);
            e.Property(d => d.Version).IsConcurrencyToken();
            // Lists are read newest first through this index, and the marking columns in it let the database test the access
            // filter on the index entry and count visible documents without reading the rows. An index led by the marking
            // would make the database fetch and sort every visible row to show the first page.
            e.HasIndex(d => new { d.CreatedAt, d.Id, d.Releasability, d.Classification, d.Area });
        });
        modelBuilder.Entity<AccessTokenRecord>(e =>
        {
            e.ToTable("access_tokens");
            e.Property(t => t.Name).HasMaxLength(100);
            e.Property(t => t.Prefix).HasMaxLength(16);
            e.Property(t => t.Hash).HasMaxLength(64);
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasIndex(t => t.UserId);
            e.HasOne<UserAccount>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SignInFailureRecord>(e =>
        {
            e.ToTable("sign_in_failures");
            e.HasKey(f => f.Key);
            e.Property(f => f.Key).HasMaxLength(80);
            e.HasIndex(f => f.LastFailureAt);
        });
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
        modelBuilder.Entity<SanctionsEntityRecord>(e =>
        {
            e.ToTable("sanctions_entities");
            e.HasKey(x => new { x.Source, x.Id });
            e.Property(x => x.Source).HasMaxLength(ListReader.MaxSourceLength);
            e.Property(x => x.Id).HasMaxLength(128);
            e.Property(x => x.Kind).HasMaxLength(16);
            e.Property(x => x.Caption).HasMaxLength(500);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.RemovedAt);
        });
        modelBuilder.Entity<SanctionsImportRecord>(e =>
        {
            e.ToTable("sanctions_imports");
            e.Property(x => x.Source).HasMaxLength(ListReader.MaxSourceLength);
            e.Property(x => x.FileName).HasMaxLength(260);
            e.Property(x => x.FileHash).HasMaxLength(64);
        });
        modelBuilder.Entity<SanctionsChangeRecord>(e =>
        {
            e.ToTable("sanctions_changes");
            e.Property(x => x.Source).HasMaxLength(ListReader.MaxSourceLength);
            e.Property(x => x.EntityId).HasMaxLength(128);
            e.HasIndex(x => new { x.Source, x.EntityId });
            e.HasOne<SanctionsImportRecord>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Cascade);
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
