using Cussp.Audit;
using Cussp.Data;
using Cussp.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Cussp.Decisions;

/// <summary>A decision the agreement gives to both participants.</summary>
public enum DecisionKind
{
    /// <summary>Amending the agreement by mutual written consent (VIII.C.1, II.6).</summary>
    Amendment,
    /// <summary>Inviting another state with arrangements under the G7 Joint Declaration to a consultation (II.3).</summary>
    ThirdStateInvitation,
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

/// <summary>A stored joint decision.</summary>
public sealed class JointDecisionRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
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
    /// <summary>When.</summary>
    public Instant ProposedAt { get; set; }
    /// <summary>Pending, approved or rejected.</summary>
    public DecisionState State { get; set; }
    /// <summary>When it became final.</summary>
    public Instant? DecidedAt { get; set; }
    /// <summary>Each side's vote: at most one per participant (a unique index says so).</summary>
    public List<DecisionVoteRecord> Votes { get; set; } = [];
    /// <summary>Optimistic concurrency: two approvers acting at once cannot both think they decided.</summary>
    public int Version { get; set; }
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

/// <summary>A rule of two-party decisions was broken; the message says which.</summary>
public sealed class DecisionRefusedException : Exception
{
    /// <summary>Creates the error.</summary>
    public DecisionRefusedException(string message) : base(message)
    {
    }

    /// <summary>Creates the error (serializers only).</summary>
    public DecisionRefusedException()
    {
    }

    /// <summary>Creates the error with a cause.</summary>
    public DecisionRefusedException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>
/// Two-party decisions: an authorised approver of each participant must approve, in either order; a rejection by either side
/// ends the decision; nobody votes for the other side (a vote always speaks for the voter's own participant) or twice.
/// </summary>
public sealed class JointDecisions(CusspDbContext db, IClock clock, AuditTrail audit)
{
    /// <summary>The provision each kind of decision rests on.</summary>
    public static string CitationOf(DecisionKind kind) => kind == DecisionKind.Amendment ? "VIII.C.1" : "II.3";

    /// <summary>Proposes a decision; contributors and approvers may propose.</summary>
    public async Task<JointDecisionRecord> ProposeAsync(AccessSubject subject, DecisionKind kind, string title, string details,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!subject.Has(Roles.Contributor) && !subject.Has(Roles.Approver))
        {
            throw new DecisionRefusedException("Only contributors and approvers may propose a joint decision.");
        }
        if (string.IsNullOrWhiteSpace(title) || title.Length > 300)
        {
            throw new DecisionRefusedException("title: say what is to be decided in 1–300 characters.");
        }
        var record = new JointDecisionRecord
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            Title = title.Trim(),
            Details = (details ?? "").Trim(),
            Citation = CitationOf(kind),
            ProposedBy = subject.Name,
            ProposedAt = clock.GetCurrentInstant(),
            State = DecisionState.Pending,
        };
        db.JointDecisions.Add(record);
        audit.Changed("decision.propose", "JointDecision", record.Id.ToString(), null,
            new { record.Kind, record.Title, record.Details, record.Citation });
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>One decision with its votes, or null.</summary>
    public Task<JointDecisionRecord?> GetAsync(Guid id, CancellationToken ct = default) =>
        db.JointDecisions.AsNoTracking().Include(d => d.Votes).FirstOrDefaultAsync(d => d.Id == id, ct);

    /// <summary>Records the subject's side's approval or rejection and settles the decision when it can be settled.</summary>
    public async Task<JointDecisionRecord> VoteAsync(AccessSubject subject, Guid id, bool approve, string? reason, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!subject.Has(Roles.Approver))
        {
            throw new DecisionRefusedException("Only an authorised approver may approve or reject a joint decision.");
        }
        if (!approve && string.IsNullOrWhiteSpace(reason))
        {
            throw new DecisionRefusedException("reason: say why the decision is rejected.");
        }
        var decision = await db.JointDecisions.Include(d => d.Votes).FirstOrDefaultAsync(d => d.Id == id, ct)
            ?? throw new KeyNotFoundException($"There is no decision {id}.");
        if (decision.State != DecisionState.Pending)
        {
            throw new DecisionRefusedException($"The decision is already {decision.State.ToString().ToLowerInvariant()}.");
        }
        if (decision.Votes.FirstOrDefault(v => v.Participant == subject.Participant) is { } mine)
        {
            throw new DecisionRefusedException(
                $"{subject.Participant} has already {(mine.Approve ? "approved" : "rejected")} this decision ({mine.UserName}).");
        }
        var now = clock.GetCurrentInstant();
        decision.Votes.Add(new DecisionVoteRecord
        {
            DecisionId = id,
            Participant = subject.Participant,
            UserId = subject.UserId,
            UserName = subject.Name,
            Approve = approve,
            Reason = reason?.Trim(),
            At = now,
        });
        if (!approve)
        {
            decision.State = DecisionState.Rejected;
            decision.DecidedAt = now;
        }
        else if (decision.Votes.Where(v => v.Approve).Select(v => v.Participant).Distinct().Count() == 2)
        {
            decision.State = DecisionState.Approved;
            decision.DecidedAt = now;
        }
        decision.Version++;
        audit.Changed(approve ? "decision.approve" : "decision.reject", "JointDecision", id.ToString(), new { State = DecisionState.Pending },
            new { decision.State, Side = subject.Participant, Reason = reason?.Trim() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            throw new DecisionRefusedException("Another approver acted on this decision at the same moment; reload and try again.", e);
        }
        return decision;
    }
}
