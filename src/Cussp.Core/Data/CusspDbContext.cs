using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Decisions;
using Cussp.Exchange;
using Cussp.Identity;
using Cussp.Notifications;
using Cussp.Obligations;
using Cussp.Sanctions;
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
    /// <summary>Lines of the agreements' official summaries.</summary>
    public DbSet<SummaryLineRecord> SummaryLines => Set<SummaryLineRecord>();
    /// <summary>Manual classification overrides.</summary>
    public DbSet<ProvisionOverrideRecord> ProvisionOverrides => Set<ProvisionOverrideRecord>();
    /// <summary>Decisions that need an approver of each participant.</summary>
    public DbSet<JointDecisionRecord> JointDecisions => Set<JointDecisionRecord>();

    /// <summary>The changes amendments make to the text.</summary>
    public DbSet<AmendmentChangeRecord> AmendmentChanges => Set<AmendmentChangeRecord>();

    /// <summary>The consolidated versions approved amendments made.</summary>
    public DbSet<AgreementVersionRecord> AgreementVersions => Set<AgreementVersionRecord>();
    /// <summary>Each side's votes on joint decisions.</summary>
    public DbSet<DecisionVoteRecord> DecisionVotes => Set<DecisionVoteRecord>();
    /// <summary>Marked documents shared between the participants.</summary>
    public DbSet<SharedDocumentRecord> SharedDocuments => Set<SharedDocumentRecord>();
    /// <summary>What each participant promised in the agreement's provisions, and how it stands.</summary>
    public DbSet<CommitmentRecord> Commitments => Set<CommitmentRecord>();
    /// <summary>Dated progress updates on commitments.</summary>
    public DbSet<CommitmentUpdateRecord> CommitmentUpdates => Set<CommitmentUpdateRecord>();
    /// <summary>Evidence on commitments.</summary>
    public DbSet<EvidenceRecord> Evidence => Set<EvidenceRecord>();
    /// <summary>The bytes of evidence files.</summary>
    public DbSet<EvidenceContentRecord> EvidenceContent => Set<EvidenceContentRecord>();
    /// <summary>Indicators of commitments' progress.</summary>
    public DbSet<IndicatorRecord> Indicators => Set<IndicatorRecord>();
    /// <summary>Dated measurements of indicators.</summary>
    public DbSet<MeasurementRecord> Measurements => Set<MeasurementRecord>();
    /// <summary>Compliance scores of commitments, per year.</summary>
    public DbSet<ComplianceScoreRecord> ComplianceScores => Set<ComplianceScoreRecord>();
    /// <summary>Sets of synthetic demonstration data present.</summary>
    public DbSet<DemoSetRecord> DemoSets => Set<DemoSetRecord>();
    /// <summary>Departments and agencies of each participant.</summary>
    public DbSet<Organisation> Organisations => Set<Organisation>();

    /// <summary>Meetings the participants held, which meet the agreement's duties to meet.</summary>
    public DbSet<MeetingRecord> Meetings => Set<MeetingRecord>();

    /// <summary>The agenda items, attendees, decisions and action items of meetings.</summary>
    public DbSet<MeetingEntryRecord> MeetingEntries => Set<MeetingEntryRecord>();

    /// <summary>Requests to consult, each with its 24-hour clock, and the consultations held on them.</summary>
    public DbSet<ConsultationRecord> Consultations => Set<ConsultationRecord>();
    /// <summary>The follow-up actions of consultations.</summary>
    public DbSet<ConsultationTaskRecord> ConsultationTasks => Set<ConsultationTaskRecord>();
    /// <summary>The steps recorded in the agreements' lives: notices of termination, NATO membership, reviews.</summary>
    public DbSet<LifecycleEventRecord> LifecycleEvents => Set<LifecycleEventRecord>();
    /// <summary>The states with arrangements under the G7 Joint Declaration, whose representatives may join a consultation (II.3).</summary>
    public DbSet<ThirdStateRecord> ThirdStates => Set<ThirdStateRecord>();
    /// <summary>Notices to accounts in the app.</summary>
    public DbSet<NotificationRecord> Notifications => Set<NotificationRecord>();
    /// <summary>Notices to send by e-mail and webhook, and those sent.</summary>
    public DbSet<DeliveryRecord> Deliveries => Set<DeliveryRecord>();
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
        configurationBuilder.Properties<CommitmentStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<EvidenceKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<IndicatorUnit>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<MeetingKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ConsultationGround>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<DeliveryChannel>().HaveConversion<string>().HaveMaxLength(16);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        // Each table's configuration lives beside its record, in the record's feature folder, with the lengths its use cases check.
        builder.ApplyConfigurationsFromAssembly(typeof(CusspDbContext).Assembly);
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
