using Cussp.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Decisions;

/// <summary>A decision the agreement gives to both participants.</summary>
public enum DecisionKind
{
    /// <summary>Amending the agreement by mutual written consent (VIII.C.1, II.6).</summary>
    Amendment,
    /// <summary>Inviting another state with arrangements under the G7 Joint Declaration to a consultation (II.3).</summary>
    ThirdStateInvitation,
    /// <summary>Recording a commitment as complete, on its evidence: asked for by its writers, reviewed by approvers of both participants.</summary>
    CommitmentCompletion,
}

/// <summary>Where a decision stands.</summary>
public enum DecisionState
{
    /// <summary>Waiting for one or both sides.</summary>
    Pending,
    /// <summary>Approved by an authorised approver of each participant.</summary>
    Approved,
    /// <summary>Rejected by either side; final.</summary>
    Rejected,
}

/// <summary>
/// A stored joint decision. It is a marked record like any other: its releasability is always REL CAN UKR, because both
/// participants must be able to read what both must approve; the proposer chooses its classification and area (by default the
/// key component of the cited provision), and its version keeps two approvers acting at once from both thinking they decided.
/// </summary>
public sealed class JointDecisionRecord : MarkedRecord
{
    /// <summary>Amendment or invitation.</summary>
    public DecisionKind Kind { get; set; }
    /// <summary>What is to be decided, in a line.</summary>
    public required string Title { get; set; }
    /// <summary>The proposal in full.</summary>
    public required string Details { get; set; }
    /// <summary>The provision that gives the decision to both participants.</summary>
    public required string Citation { get; set; }
    /// <summary>Who proposed it.</summary>
    public required string ProposedBy { get; set; }
    /// <summary>The proposer's account, which never approves its own proposal.</summary>
    public Guid ProposedById { get; set; }
    /// <summary>When.</summary>
    public Instant ProposedAt { get; set; }
    /// <summary>Pending, approved or rejected.</summary>
    public DecisionState State { get; set; }
    /// <summary>When it became final.</summary>
    public Instant? DecidedAt { get; set; }
    /// <summary>Each side's vote: at most one per participant (a unique index says so).</summary>
    public List<DecisionVoteRecord> Votes { get; set; } = [];
    /// <summary>The commitment a completion decision is about; null for the other kinds.</summary>
    public Guid? CommitmentId { get; set; }
    /// <summary>The consultation an invitation is to; null for the other kinds and for an invitation proposed on its own.</summary>
    public Guid? ConsultationId { get; set; }
    /// <summary>The state an invitation asks to, from the registry; null for the other kinds.</summary>
    public Guid? ThirdStateId { get; set; }
    /// <summary>The day (in Kyiv) an amendment asks to be in force from; null for the other kinds, and for an amendment in force once approved.</summary>
    public LocalDate? EffectiveOn { get; set; }
    /// <summary>The changes an amendment makes to the text, in order; none for the other kinds.</summary>
    public List<Agreements.AmendmentChangeRecord> Changes { get; set; } = [];
}

/// <summary>What follows from a decision of one kind once it is settled, saved with the decision itself.</summary>
public interface IDecisionOutcome
{
    /// <summary>The kind of decision it follows.</summary>
    DecisionKind Kind { get; }

    /// <summary>Applies the outcome of <paramref name="decision"/>, just approved or rejected by <paramref name="by"/>, on the same unit of work.</summary>
    Task SettleAsync(JointDecisionRecord decision, AccessSubject by, CancellationToken ct);

    /// <summary>Refuses an approval that would settle <paramref name="decision"/> when its outcome cannot follow, before anything is recorded.</summary>
    /// <exception cref="ConflictException">The outcome cannot follow now.</exception>
    Task CheckApprovalAsync(JointDecisionRecord decision, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Runs after the decision and its outcome are saved.</summary>
    void Saved(JointDecisionRecord decision)
    {
    }
}

/// <summary>One side's approval or rejection.</summary>
public sealed class DecisionVoteRecord
{
    /// <summary>Id.</summary>
    public int Id { get; set; }
    /// <summary>The decision.</summary>
    public Guid DecisionId { get; set; }
    /// <summary>The side this vote speaks for: always the voter's own participant.</summary>
    public Participant Participant { get; set; }
    /// <summary>The approver.</summary>
    public Guid UserId { get; set; }
    /// <summary>The approver's user name.</summary>
    public required string UserName { get; set; }
    /// <summary>True to approve, false to reject.</summary>
    public bool Approve { get; set; }
    /// <summary>Why (required for a rejection).</summary>
    public string? Reason { get; set; }
    /// <summary>When.</summary>
    public Instant At { get; set; }
}

/// <summary>How a joint decision is stored, and the longest title and details a proposal may have.</summary>
public sealed class JointDecisionConfiguration : IEntityTypeConfiguration<JointDecisionRecord>
{
    /// <summary>Longest title.</summary>
    public const int MaxTitle = 300;

    /// <summary>Longest details.</summary>
    public const int MaxDetails = 20_000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<JointDecisionRecord> builder)
    {
        MarkedRecordConfiguration.Configure(builder);
        builder.ToTable("joint_decisions");
        builder.Property(d => d.Title).HasMaxLength(MaxTitle);
        builder.Property(d => d.Details).HasMaxLength(MaxDetails);
        builder.Property(d => d.Citation).HasMaxLength(CitedRecordConfiguration.MaxCitation);
        builder.Property(d => d.ProposedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.HasIndex(d => new { d.Area, d.Classification, d.Releasability });
        builder.HasIndex(d => new { d.State, d.ProposedAt });
        builder.HasMany(d => d.Votes).WithOne().HasForeignKey(v => v.DecisionId).OnDelete(DeleteBehavior.Cascade);
        // Commitments are never deleted, and SQLite adds a foreign key to a table only by rebuilding it: the link is an indexed column.
        builder.HasIndex(d => new { d.CommitmentId, d.State });
        builder.HasIndex(d => new { d.ConsultationId, d.ThirdStateId });
    }
}

/// <summary>How a vote is stored, and the longest reason it may give.</summary>
public sealed class DecisionVoteConfiguration : IEntityTypeConfiguration<DecisionVoteRecord>
{
    /// <summary>Longest reason.</summary>
    public const int MaxReason = 2000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<DecisionVoteRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("decision_votes");
        builder.Property(v => v.UserName).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.Property(v => v.Reason).HasMaxLength(MaxReason);
        // One vote per side: the database refuses a second, whatever the application does.
        builder.HasIndex(v => new { v.DecisionId, v.Participant }).IsUnique();
    }
}
