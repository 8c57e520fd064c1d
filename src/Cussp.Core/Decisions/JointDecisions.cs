using System.Globalization;
using System.Runtime.CompilerServices;
using Cussp.Agreements;
using Cussp.Identity;

namespace Cussp.Decisions;

/// <summary>What a proposer sends.</summary>
/// <param name="Kind">Amendment or third-state invitation.</param>
/// <param name="Title">What is to be decided, in a line of at most <see cref="JointDecisionConfiguration.MaxTitle"/> characters.</param>
/// <param name="Details">The proposal in full, at most <see cref="JointDecisionConfiguration.MaxDetails"/> characters.</param>
/// <param name="Classification">Classification, up to the proposer's clearance.</param>
/// <param name="Releasability">Must be REL CAN UKR.</param>
/// <param name="Area">Area (key component id); null or empty for the key component of the cited provision.</param>
/// <param name="Changes">For an amendment, the changes it makes to the text, in order; none for an amendment recorded without them.</param>
/// <param name="EffectiveOn">For an amendment that changes the text, the day in Kyiv it asks to be in force from; null for the day both sides approved.</param>
public sealed record DecisionProposal(DecisionKind Kind, string? Title, string? Details, SecurityClassification Classification,
    Releasability Releasability = Releasability.RelCanUkr, string? Area = null, IReadOnlyList<AmendmentChange>? Changes = null,
    LocalDate? EffectiveOn = null);

/// <summary>
/// Two-party decisions: an authorised approver of each participant must approve, in either order; a rejection by either side
/// ends the decision; nobody votes for the other side (a vote always speaks for the voter's own participant) or twice, and the
/// proposer never approves their own proposal. A vote or a downgrade is based on the version the voter read.
/// Every read goes through <see cref="AccessPolicy.Readable{T}"/> inside the query, so a decision the caller may not read is
/// reported exactly as one that does not exist; reads above UNCLASSIFIED are logged.
/// </summary>
public sealed class JointDecisions(CusspDbContext db, IClock clock, AuditTrail audit, AgreementRegister register, IEnumerable<IDecisionOutcome> outcomes,
    AgreementAmendments amendments)
{
    /// <summary>Largest page of a list.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The record type of decision entries in the audit log.</summary>
    public const string RecordType = "JointDecision";

    /// <summary>The provision each kind of decision rests on.</summary>
    public static string CitationOf(DecisionKind kind) => kind == DecisionKind.Amendment ? "VIII.C.1" : "II.3";

    /// <summary>The area a decision of <paramref name="kind"/> gets unless the proposer chooses one: the cited provision's key component.</summary>
    public async Task<string> DefaultAreaAsync(DecisionKind kind, CancellationToken ct = default)
    {
        var snapshot = await register.GetAsync(AgreementRegister.CusspId, ct);
        return snapshot?.Find(CitationOf(kind))?.Component
            ?? throw new InvalidOperationException($"The register has no provision {CitationOf(kind)} to take the decision's area from.");
    }

    private IQueryable<JointDecisionRecord> Visible(AccessSubject? subject) =>
        db.JointDecisions.AsNoTracking().Where(AccessPolicy.Readable<JointDecisionRecord>(subject));

    /// <summary>A page of the decisions <paramref name="subject"/> may read, pending ones first, then newest first; optionally in one state.</summary>
    public async Task<(IReadOnlyList<JointDecisionRecord> Items, int Total)> ListAsync(AccessSubject? subject, DecisionState? state, int page,
        int pageSize, CancellationToken ct = default)
    {
        var q = Visible(subject);
        if (state is { } wanted)
        {
            q = q.Where(d => d.State == wanted);
        }
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await q.OrderBy(d => d.State == DecisionState.Pending ? 0 : 1).ThenByDescending(d => d.ProposedAt).ThenBy(d => d.Id)
            .Skip((Math.Max(page, 1) - 1) * size).Take(size).Include(d => d.Votes).Include(d => d.Changes).AsSplitQuery().ToListAsync(ct);
        await audit.ReadAsync(RecordType, items, r => r.Id, ct);
        return (items, total);
    }

    /// <summary>One decision with its votes, or null when it does not exist or <paramref name="subject"/> may not read it.</summary>
    public async Task<JointDecisionRecord?> GetAsync(AccessSubject? subject, Guid id, CancellationToken ct = default)
    {
        var d = await Visible(subject).Include(d => d.Votes).Include(d => d.Changes).AsSplitQuery().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (d is not null)
        {
            await audit.ReadAsync(RecordType, [d], r => r.Id, ct);
        }
        return d;
    }

    /// <summary>Proposes a decision; contributors and approvers may propose, under a marking they could read themselves.</summary>
    /// <exception cref="RefusedException">The subject may not propose, or not under that marking.</exception>
    /// <exception cref="InvalidInputException">The proposal breaks a rule.</exception>
    public async Task<JointDecisionRecord> ProposeAsync(AccessSubject subject, DecisionProposal proposal, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(proposal);
        if (!Permissions.CanPropose(subject))
        {
            throw new RefusedException("Only contributors and approvers may propose a joint decision.");
        }
        var area = string.IsNullOrWhiteSpace(proposal.Area) ? await DefaultAreaAsync(proposal.Kind, ct) : proposal.Area.Trim();
        Validate(proposal, area, clock.GetCurrentInstant().InZone(Time.Zones.Kyiv).Date);
        var changes = proposal.Changes ?? [];
        if (changes.Count > 0)
        {
            await amendments.PreviewAsync(changes, ct);
        }
        var marking = new Marking(proposal.Classification, proposal.Releasability, area);
        MarkingChanges.EnsureSettable(subject, marking);
        var record = new JointDecisionRecord
        {
            Id = Guid.NewGuid(),
            Kind = proposal.Kind,
            Title = proposal.Title!.Trim(),
            Details = TextInput.Normalise(proposal.Details ?? "").Trim(),
            Citation = CitationOf(proposal.Kind),
            Classification = proposal.Classification,
            Releasability = proposal.Releasability,
            Area = area,
            ProposedBy = subject.Name,
            ProposedById = subject.UserId,
            Originator = subject.Participant,
            ProposedAt = clock.GetCurrentInstant(),
            State = DecisionState.Pending,
            EffectiveOn = changes.Count > 0 ? proposal.EffectiveOn : null,
            Changes = changes.Select((c, i) => new AmendmentChangeRecord
            {
                Ordinal = i,
                Action = c.Action,
                Citation = c.Citation!.Trim(),
                Text = c.Action == AmendmentAction.Repeal ? null : TextInput.Normalise(c.Text)!.Trim(),
            }).ToList(),
        };
        db.JointDecisions.Add(record);
        audit.Changed("decision.propose", RecordType, record.Id.ToString(), marking, null, Trace(record));
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>
    /// Records the subject's side's approval or rejection, based on <paramref name="version"/>, and settles the decision when it can
    /// be settled.
    /// </summary>
    /// <exception cref="RefusedException">The subject is not an approver, or approves their own proposal.</exception>
    /// <exception cref="InvalidInputException">A rejection without a reason.</exception>
    /// <exception cref="NotFoundException">No such decision that the subject may read.</exception>
    /// <exception cref="StaleWriteException">The decision changed since <paramref name="version"/>.</exception>
    /// <exception cref="ConflictException">The decision is settled, or the subject's side has already voted.</exception>
    public async Task<JointDecisionRecord> VoteAsync(AccessSubject subject, Guid id, bool approve, string? reason, int version,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var seen = new StrongBox<JointDecisionRecord?>();
        JointDecisionRecord decision;
        string? why;
        try
        {
            (decision, why) = await CheckVoteAsync(subject, id, approve, reason, version, seen, ct);
        }
        catch (Exception e) when (e is RefusedException or InvalidInputException or ConflictException or StaleWriteException)
        {
            // A refused vote changes nothing, but who tried to decide what, and why it was refused, is kept.
            audit.Changed((approve ? "decision.approve" : "decision.reject") + ".refused", RecordType, id.ToString(),
                seen.Value is { } known ? Marking.Of(known) : null, null,
                new { error = e.GetType().Name.Replace("Exception", "", StringComparison.Ordinal), message = e.Message, side = subject.Participant });
            await audit.SaveAsync(ct);
            throw;
        }
        var now = clock.GetCurrentInstant();
        decision.Votes.Add(new DecisionVoteRecord
        {
            DecisionId = id,
            Participant = subject.Participant,
            UserId = subject.UserId,
            UserName = subject.Name,
            Approve = approve,
            Reason = why,
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
        audit.Changed(approve ? "decision.approve" : "decision.reject", RecordType, id.ToString(), Marking.Of(decision), new { State = DecisionState.Pending },
            new { decision.State, Side = subject.Participant, reasonHmac = why is null ? null : audit.Digest(why) });
        if (decision.State != DecisionState.Pending)
        {
            foreach (var outcome in outcomes.Where(o => o.Kind == decision.Kind))
            {
                await outcome.SettleAsync(decision, subject, ct);
            }
        }
        await SaveAsync(version, ct);
        if (decision.State != DecisionState.Pending)
        {
            foreach (var outcome in outcomes.Where(o => o.Kind == decision.Kind))
            {
                outcome.Saved(decision);
            }
        }
        return decision;
    }

    /// <summary>
    /// Lowers a decision's classification, with the reason: a contributor of the proposer's participant whose clearance covers the
    /// present marking. A decision stays REL CAN UKR.
    /// </summary>
    /// <exception cref="NotFoundException">No such decision that the subject may read.</exception>
    /// <exception cref="RefusedException">The subject may not downgrade it, or not to that marking.</exception>
    /// <exception cref="InvalidInputException">No reason, or a classification that lowers nothing.</exception>
    /// <exception cref="StaleWriteException">The decision changed since <paramref name="version"/>.</exception>
    public async Task<JointDecisionRecord> DowngradeAsync(AccessSubject subject, Guid id, SecurityClassification classification, string? reason,
        int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var why = MarkingChanges.DowngradeReason(reason);
        if (!Enum.IsDefined(classification))
        {
            throw new InvalidInputException("classification", "Unknown classification.");
        }
        var decision = await TrackedAsync(subject, id, ct);
        MarkingChanges.EnsureVersion(decision, version, "decision");
        var was = Marking.Of(decision);
        MarkingChanges.Check(subject, decision, was with { Classification = classification }, downgrade: true);
        var before = Trace(decision);
        decision.Classification = classification;
        decision.Version++;
        audit.Changed("decision.downgrade", RecordType, id.ToString(), was, before, new { after = Trace(decision), reason = why });
        await SaveAsync(version, ct);
        return decision;
    }

    /// <summary>Refuses a vote that breaks a rule; otherwise the decision to vote on and the reason as it is kept (null when none).</summary>
    private async Task<(JointDecisionRecord Decision, string? Why)> CheckVoteAsync(AccessSubject subject, Guid id, bool approve, string? reason,
        int version, StrongBox<JointDecisionRecord?> seen, CancellationToken ct)
    {
        if (!Permissions.CanVote(subject))
        {
            throw new RefusedException("Only an authorised approver may approve or reject a joint decision.");
        }
        TextInput.Ensure("reason", reason, TextShape.MultiLine);
        var why = TextInput.Normalise(reason)?.Trim();
        if (!approve && string.IsNullOrEmpty(why))
        {
            throw new InvalidInputException("reason", "Say why the decision is rejected.");
        }
        if (why is { Length: > DecisionVoteConfiguration.MaxReason })
        {
            throw new InvalidInputException("reason", string.Create(CultureInfo.InvariantCulture,
                $"The reason has {why.Length} characters; at most {DecisionVoteConfiguration.MaxReason:N0} are allowed."));
        }
        var decision = await TrackedAsync(subject, id, ct);
        seen.Value = decision;
        if (!Permissions.CanVote(subject, decision.ProposedById, approve))
        {
            throw new RefusedException(
                $"You proposed this decision: another approver of {subject.Participant} must approve it for {subject.Participant}.");
        }
        MarkingChanges.EnsureVersion(decision, version, "decision");
        if (decision.State != DecisionState.Pending)
        {
            throw new ConflictException($"The decision is already {decision.State.ToString().ToLowerInvariant()}.");
        }
        if (decision.Votes.FirstOrDefault(v => v.Participant == subject.Participant) is { } mine)
        {
            throw new ConflictException(
                $"{subject.Participant} has already {(mine.Approve ? "approved" : "rejected")} this decision ({mine.UserName}); the other participant's approver decides for the other side.");
        }
        if (approve && decision.Votes.Any(v => v.Approve))
        {
            foreach (var outcome in outcomes.Where(o => o.Kind == decision.Kind))
            {
                await outcome.CheckApprovalAsync(decision, ct);
            }
        }
        return (decision, string.IsNullOrEmpty(why) ? null : why);
    }

    private async Task<JointDecisionRecord> TrackedAsync(AccessSubject subject, Guid id, CancellationToken ct) =>
        await db.JointDecisions.Where(AccessPolicy.Readable<JointDecisionRecord>(subject)).Include(d => d.Votes).Include(d => d.Changes).AsSplitQuery()
            .FirstOrDefaultAsync(d => d.Id == id, ct)
        ?? throw NotFound(id);

    private async Task SaveAsync(int version, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new StaleWriteException(
                $"Someone acted on this decision at the same moment (version {version} is no longer current): reload it and try again.", e);
        }
        catch (DbUpdateException e)
        {
            throw new ConflictException("Another approver of your participant voted on this decision at the same moment; reload it.", e);
        }
    }

    /// <summary>The answer for a decision that does not exist and for one the caller may not see: the same, word for word.</summary>
    public static NotFoundException NotFound(Guid id) => new($"There is no decision {id} that you may see.");

    /// <summary>
    /// What the log keeps of a proposal: kind, citation, marking and a keyed digest of its words. The words themselves stay out of
    /// the log; the digest shows whether they changed without letting anyone test a guess.
    /// </summary>
    private object Trace(JointDecisionRecord d) => new
    {
        d.Kind,
        d.Citation,
        marking = Marking.Of(d).ToString(),
        d.Version,
        contentHmac = audit.Digest(d.Title + "\n" + d.Details),
    };

    private static void Validate(DecisionProposal proposal, string area, LocalDate today)
    {
        var errors = new Dictionary<string, string[]>();
        if (proposal.Kind != DecisionKind.Amendment && proposal.Changes is { Count: > 0 })
        {
            errors["changes"] = ["Only an amendment changes the agreement's text."];
        }
        if (proposal.EffectiveOn is not null && proposal.Changes is not { Count: > 0 })
        {
            errors["effectiveOn"] = ["Only an amendment that changes the text has a day it is in force from."];
        }
        else if (proposal.EffectiveOn is { } from && from < today)
        {
            errors["effectiveOn"] = [string.Create(CultureInfo.InvariantCulture,
                $"{from:uuuu-MM-dd} has passed; an amendment is in force from today ({today:uuuu-MM-dd}) at the earliest, or leave it empty for the day both sides approve.")];
        }
        if (!Enum.IsDefined(proposal.Kind) || proposal.Kind == DecisionKind.CommitmentCompletion)
        {
            errors["kind"] = ["Choose an amendment or a third-state invitation."];
        }
        if (string.IsNullOrWhiteSpace(proposal.Title) || proposal.Title.Trim().Length > JointDecisionConfiguration.MaxTitle)
        {
            errors["title"] = [$"Say what is to be decided in 1–{JointDecisionConfiguration.MaxTitle} characters."];
        }
        if (proposal.Details is { Length: > JointDecisionConfiguration.MaxDetails })
        {
            errors["details"] = [string.Create(CultureInfo.InvariantCulture,
                $"The details have {proposal.Details.Length} characters; at most {JointDecisionConfiguration.MaxDetails:N0} are allowed.")];
        }
        TextInput.Check(errors, "title", proposal.Title, TextShape.SingleLine);
        TextInput.Check(errors, "details", proposal.Details, TextShape.MultiLine);
        if (!Enum.IsDefined(proposal.Classification))
        {
            errors["classification"] = ["Unknown classification."];
        }
        if (proposal.Releasability != Releasability.RelCanUkr)
        {
            errors["releasability"] = ["A joint decision is always REL CAN UKR: both participants must be able to read what both must approve."];
        }
        if (KeyComponents.Known(area) is null)
        {
            errors["area"] = [$"\"{area}\" is not an area; use one of {string.Join(", ", KeyComponents.Ids)}."];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
    }
}
