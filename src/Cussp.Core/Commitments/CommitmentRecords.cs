using Cussp.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Commitments;

/// <summary>Where a commitment stands, on the stage scale of the stock-take, and the two states that call for attention.</summary>
public enum CommitmentStatus
{
    /// <summary>No work has begun.</summary>
    NotStarted,
    /// <summary>Work has begun.</summary>
    Started,
    /// <summary>Limited progress.</summary>
    Limited,
    /// <summary>Substantial progress.</summary>
    Substantial,
    /// <summary>Done: recorded on its evidence by a joint decision of both participants.</summary>
    Complete,
    /// <summary>A standing commitment being carried out, with no end point.</summary>
    Ongoing,
    /// <summary>Work has begun but may not be done as promised.</summary>
    AtRisk,
    /// <summary>Not kept.</summary>
    Broken,
}

/// <summary>Who leads a commitment: one participant, or both together.</summary>
public enum CommitmentLead
{
    /// <summary>Canada.</summary>
    Canada,
    /// <summary>Ukraine.</summary>
    Ukraine,
    /// <summary>The participants together.</summary>
    Both,
}

/// <summary>The API names of the statuses and of the leads.</summary>
public static class CommitmentVocabulary
{
    private static readonly EnumNames<CommitmentLead> Leads = new(name => name.ToUpperInvariant(),
        (CommitmentLead.Canada, "canada"), (CommitmentLead.Ukraine, "ukraine"), (CommitmentLead.Both, "both"));

    /// <summary>The API name of a lead.</summary>
    public static string Name(this CommitmentLead lead) => Leads[lead];

    /// <summary>Reads a lead by its API name, ignoring case.</summary>
    public static bool TryParseLead(string? text, out CommitmentLead lead) => Leads.TryParse(text, out lead);

    /// <summary>Who leads <paramref name="commitment"/>.</summary>
    public static CommitmentLead Lead(this CommitmentRecord commitment) =>
        LeadOf((commitment ?? throw new ArgumentNullException(nameof(commitment))).LeadParticipant);

    /// <summary>Who leads a commitment whose lead participant is <paramref name="participant"/> (null: both together).</summary>
    public static CommitmentLead LeadOf(Participant? participant) => participant switch
    {
        Participant.Canada => CommitmentLead.Canada,
        Participant.Ukraine => CommitmentLead.Ukraine,
        null => CommitmentLead.Both,
        _ => throw new ArgumentOutOfRangeException(nameof(participant)),
    };

    /// <summary>The statuses in the order of the stage scale, then the two that call for attention.</summary>
    public static IReadOnlyList<CommitmentStatus> Statuses { get; } = Enum.GetValues<CommitmentStatus>();

    private static readonly EnumNames<CommitmentStatus> StatusNames = new(name => name.ToUpperInvariant(),
        (CommitmentStatus.NotStarted, "not-started"), (CommitmentStatus.Started, "started"), (CommitmentStatus.Limited, "limited"),
        (CommitmentStatus.Substantial, "substantial"), (CommitmentStatus.Complete, "complete"), (CommitmentStatus.Ongoing, "ongoing"),
        (CommitmentStatus.AtRisk, "at-risk"), (CommitmentStatus.Broken, "broken"));

    /// <summary>The API name of a status.</summary>
    public static string Name(this CommitmentStatus status) => StatusNames[status];

    /// <summary>What is said of a status that is not one.</summary>
    public static string UnknownStatus(string? text) => $"\"{text}\": use {string.Join(", ", Statuses.Select(s => s.Name()))}";

    /// <summary>Reads a status by its API name, ignoring case.</summary>
    public static bool TryParseStatus(string? text, out CommitmentStatus status) => StatusNames.TryParse(text, out status);
}

/// <summary>
/// What one participant, or both, promised in a provision, and how it stands. Commitments are derived from the provisions whose
/// modality is commitment or best-effort when the agreement is loaded (<see cref="DerivedFrom"/>); users add more on any provision.
/// </summary>
public sealed class CommitmentRecord : MarkedRecord, IReleasable
{
    /// <summary>The agreement.</summary>
    public required string AgreementId { get; set; }
    /// <summary>The provision it comes from.</summary>
    public required string Citation { get; set; }
    /// <summary>The provision's place in the agreement's reading order, by which lists are sorted.</summary>
    public int ProvisionOrdinal { get; set; }
    /// <summary>A short statement of what was promised.</summary>
    public required string Title { get; set; }
    /// <summary>Who leads: Canada or Ukraine; null when both do (a commitment of "the Participants").</summary>
    public Participant? LeadParticipant { get; set; }
    /// <summary>The lead organisation, one of the lead participant's; null until one is named.</summary>
    public Guid? LeadOrganisationId { get; set; }
    /// <summary>Where it stands.</summary>
    public CommitmentStatus Status { get; set; }
    /// <summary>
    /// The provision's citation when the commitment was derived from its words; null for one a user added. Unique per agreement, so
    /// that two nodes starting at once cannot derive a provision's commitment twice.
    /// </summary>
    public string? DerivedFrom { get; set; }
    /// <summary>True when it was derived from the provision's words rather than added by a user.</summary>
    public bool Derived => DerivedFrom is not null;
    /// <summary>Who created it (a user name, or "system" for a derived commitment).</summary>
    public required string CreatedBy { get; set; }
    /// <summary>When.</summary>
    public Instant CreatedAt { get; set; }
    /// <summary>Last change.</summary>
    public Instant UpdatedAt { get; set; }
    /// <summary>Dated progress updates, oldest first.</summary>
    public List<CommitmentUpdateRecord> Updates { get; set; } = [];
    /// <summary>Evidence of what was done.</summary>
    public List<EvidenceRecord> Evidence { get; set; } = [];
    /// <summary>Measures of its progress.</summary>
    public List<IndicatorRecord> Indicators { get; set; } = [];
    /// <summary>Its compliance scores, every one kept.</summary>
    public List<ComplianceScoreRecord> Compliance { get; set; } = [];
    /// <summary>When an approver released it to the public (it is then shown without an account while UNCLASSIFIED // REL CAN UKR); null while not public.</summary>
    public Instant? ReleasedAt { get; set; }
    /// <summary>Who released it.</summary>
    public string? ReleasedBy { get; set; }
}

/// <summary>A dated progress update on a commitment: what was done, and the status it moved to, if any.</summary>
public sealed class CommitmentUpdateRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>The commitment.</summary>
    public Guid CommitmentId { get; set; }
    /// <summary>When it was recorded.</summary>
    public Instant At { get; set; }
    /// <summary>Who recorded it.</summary>
    public required string By { get; set; }
    /// <summary>What was done.</summary>
    public required string Text { get; set; }
    /// <summary>The status before.</summary>
    public CommitmentStatus StatusBefore { get; set; }
    /// <summary>The status after (the same when the update only reports progress).</summary>
    public CommitmentStatus StatusAfter { get; set; }
    /// <summary>The joint decision on the commitment's completion that this entry records the outcome of; null for a progress update.</summary>
    public Guid? DecisionId { get; set; }
}

/// <summary>How a commitment is stored, and the longest title it may have.</summary>
public sealed class CommitmentConfiguration : IEntityTypeConfiguration<CommitmentRecord>
{
    /// <summary>Longest title.</summary>
    public const int MaxTitle = 300;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<CommitmentRecord> builder)
    {
        MarkedRecordConfiguration.Configure(builder);
        builder.ToTable("commitments");
        builder.Property(c => c.AgreementId).HasMaxLength(Data.AgreementConfiguration.MaxId);
        builder.Property(c => c.Citation).HasMaxLength(Data.CitedRecordConfiguration.MaxCitation);
        builder.Property(c => c.Title).HasMaxLength(MaxTitle);
        builder.Property(c => c.CreatedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.HasOne<Data.AgreementRecord>().WithMany().HasForeignKey(c => c.AgreementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.LeadOrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Updates).WithOne().HasForeignKey(u => u.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        // Lists are read in the agreement's order, by provision; the filters narrow by these columns.
        builder.HasIndex(c => new { c.AgreementId, c.ProvisionOrdinal });
        builder.HasIndex(c => new { c.AgreementId, c.Citation });
        builder.Property(c => c.DerivedFrom).HasMaxLength(Data.CitedRecordConfiguration.MaxCitation);
        builder.HasIndex(c => new { c.AgreementId, c.DerivedFrom }).IsUnique();
        builder.HasIndex(c => new { c.AgreementId, c.Status });
        builder.Property(c => c.ReleasedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.HasIndex(c => new { c.AgreementId, c.ReleasedAt });
    }
}

/// <summary>How a progress update is stored, and the longest text it may have.</summary>
public sealed class CommitmentUpdateConfiguration : IEntityTypeConfiguration<CommitmentUpdateRecord>
{
    /// <summary>Longest text of an update.</summary>
    public const int MaxText = 4000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<CommitmentUpdateRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("commitment_updates");
        builder.Property(u => u.By).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.Property(u => u.Text).HasMaxLength(MaxText);
        builder.HasIndex(u => new { u.CommitmentId, u.At });
    }
}
