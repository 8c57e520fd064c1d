using Cussp.Decisions;
using Cussp.Identity;

namespace Cussp.Commitments;

/// <summary>
/// Completing a commitment: its writers ask, on its evidence, and the two-party mechanism of joint decisions settles it, an
/// approver of each participant approving (never the one who asked). Approved, the commitment is complete; rejected, it stays as it
/// was, and its history says why. Either way, the history names the decision.
/// </summary>
public sealed class CommitmentCompletion(CusspDbContext db, IClock clock, AuditTrail audit) : IDecisionOutcome
{
    /// <inheritdoc />
    public DecisionKind Kind => DecisionKind.CommitmentCompletion;

    /// <summary>
    /// Asks for <paramref name="commitmentId"/> to be recorded as complete, based on <paramref name="version"/>: a joint decision,
    /// under the commitment's marking, that approvers of both participants review.
    /// </summary>
    /// <exception cref="NotFoundException">No such commitment that the subject may see.</exception>
    /// <exception cref="RefusedException">The subject may not write.</exception>
    /// <exception cref="ConflictException">
    /// It is complete already, a request is pending, it has no evidence, or its marking keeps it from one participant.
    /// </exception>
    /// <exception cref="InvalidInputException">Details too long or unreadable.</exception>
    /// <exception cref="StaleWriteException">The commitment changed since <paramref name="version"/>.</exception>
    public async Task<JointDecisionRecord> RequestAsync(AccessSubject subject, Guid commitmentId, string? details, int version,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var commitment = await CommitmentTracker.WritableAsync(db, subject, commitmentId,
            "Only contributors ask for a commitment to be recorded as complete.", ct);
        TextInput.Ensure("details", details, TextShape.MultiLine);
        var why = TextInput.Normalise(details ?? "").Trim();
        if (why.Length > JointDecisionConfiguration.MaxDetails)
        {
            throw new InvalidInputException("details", $"At most {JointDecisionConfiguration.MaxDetails} characters.");
        }
        MarkingChanges.EnsureVersion(commitment, version, "commitment");
        if (commitment.Status == CommitmentStatus.Complete)
        {
            throw new ConflictException("The commitment is complete already.");
        }
        if (commitment.Releasability != Releasability.RelCanUkr)
        {
            throw new ConflictException(
                $"The commitment is {commitment.Releasability.Label()}: the other participant cannot read it to review its completion. Its originator may release it to both first.");
        }
        if (!await db.Evidence.AnyAsync(e => e.CommitmentId == commitmentId, ct))
        {
            throw new ConflictException("Add evidence of what was done first: a commitment is recorded as complete on its evidence.");
        }
        if (await db.JointDecisions.AnyAsync(d => d.CommitmentId == commitmentId && d.State == DecisionState.Pending, ct))
        {
            throw new ConflictException("Its completion is already waiting for review.");
        }
        var now = clock.GetCurrentInstant();
        var decision = new JointDecisionRecord
        {
            Id = Guid.NewGuid(),
            Kind = DecisionKind.CommitmentCompletion,
            CommitmentId = commitmentId,
            // The citation names it in any language; the pages say what kind of decision it is in the reader's.
            Title = commitment.Citation,
            Details = why,
            Citation = commitment.Citation,
            Classification = commitment.Classification,
            Releasability = commitment.Releasability,
            Area = commitment.Area,
            ProposedBy = subject.Name,
            ProposedById = subject.UserId,
            Originator = subject.Participant,
            ProposedAt = now,
            State = DecisionState.Pending,
        };
        db.JointDecisions.Add(decision);
        // The commitment's version moves, so that a page showing it without the request is refreshed before acting on it.
        commitment.Version++;
        commitment.UpdatedAt = now;
        audit.Changed("commitment.completion-request", CommitmentTracker.RecordType, commitmentId.ToString(), Marking.Of(commitment),
            new { Version = version }, new { commitment.Version, decision = decision.Id, detailsHmac = why.Length > 0 ? audit.Digest(why) : null });
        await CommitmentTracker.SaveAsync(db, version, "ask again", ct);
        return decision;
    }

    /// <inheritdoc />
    public async Task SettleAsync(JointDecisionRecord decision, AccessSubject by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(by);
        if (decision.CommitmentId is not { } id)
        {
            return;
        }
        var commitment = await db.Commitments.SingleAsync(c => c.Id == id, ct);
        var approved = decision.State == DecisionState.Approved;
        // The entry names the decision, which the pages describe in the reader's language; its text is the rejection's reason, if any.
        var update = new CommitmentUpdateRecord
        {
            Id = Guid.NewGuid(),
            CommitmentId = id,
            At = clock.GetCurrentInstant(),
            By = by.Name,
            DecisionId = decision.Id,
            Text = approved ? "" : decision.Votes.LastOrDefault(v => !v.Approve)?.Reason ?? "",
            StatusBefore = commitment.Status,
            StatusAfter = approved ? CommitmentStatus.Complete : commitment.Status,
        };
        db.CommitmentUpdates.Add(update);
        var before = new { status = commitment.Status.Name(), commitment.Version };
        commitment.Status = update.StatusAfter;
        commitment.Version++;
        commitment.UpdatedAt = update.At;
        audit.Changed(approved ? "commitment.complete" : "commitment.completion-rejected", CommitmentTracker.RecordType, id.ToString(),
            Marking.Of(commitment), before, new { status = commitment.Status.Name(), commitment.Version, decision = decision.Id });
    }
}
