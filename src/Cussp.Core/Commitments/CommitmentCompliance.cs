using Cussp.Agreements;
using Cussp.Identity;
using Cussp.Time;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Commitments;

/// <summary>
/// A compliance score of a commitment for one calendar year: −1 (not kept), 0 (partly) or +1 (kept), with the assessor's reason. A
/// later score of the same year takes the place of an earlier one; every score stays, as the history.
/// </summary>
public sealed class ComplianceScoreRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>The commitment.</summary>
    public Guid CommitmentId { get; set; }
    /// <summary>The calendar year assessed.</summary>
    public int Year { get; set; }
    /// <summary>−1, 0 or +1.</summary>
    public int Score { get; set; }
    /// <summary>Why.</summary>
    public required string Reason { get; set; }
    /// <summary>The assessor.</summary>
    public required string By { get; set; }
    /// <summary>The assessor's participant.</summary>
    public Participant ByParticipant { get; set; }
    /// <summary>When.</summary>
    public Instant At { get; set; }
    /// <summary>The commitment's version this score made: of two scores of a year, the one with the higher version counts.</summary>
    public int CommitmentVersion { get; set; }
}

/// <summary>How compliance scores are stored.</summary>
public sealed class ComplianceScoreConfiguration : IEntityTypeConfiguration<ComplianceScoreRecord>
{
    /// <summary>Longest reason.</summary>
    public const int MaxReason = 2000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<ComplianceScoreRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("compliance_scores");
        builder.Property(s => s.Reason).HasMaxLength(MaxReason);
        builder.Property(s => s.By).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.HasOne<CommitmentRecord>().WithMany(c => c.Compliance).HasForeignKey(s => s.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.Year, s.CommitmentId, s.CommitmentVersion });
        builder.HasIndex(s => new { s.CommitmentId, s.Year });
    }
}

/// <summary>A score as an assessor sends it.</summary>
/// <param name="Year">The calendar year, from the signature's to this one.</param>
/// <param name="Score">−1, 0 or +1.</param>
/// <param name="Reason">Why, 1 to <see cref="ComplianceScoreConfiguration.MaxReason"/> characters.</param>
public sealed record ComplianceInput(int? Year, int? Score, string? Reason);

/// <summary>The compliance of a group of commitments in a year: how many were scored, and the share of the best score, (score + 1) / 2.</summary>
/// <param name="Key">What the group is: a lead (canada, ukraine, both), a key component's id, or a part (I to IX).</param>
/// <param name="Commitments">Commitments in the group the reader may see.</param>
/// <param name="Assessed">How many of them were scored for the year.</param>
/// <param name="Percent">The mean of (score + 1) / 2 over the scored ones, in percent, rounded; null when none was scored.</param>
public sealed record ComplianceGroup(string Key, int Commitments, int Assessed, int? Percent)
{
    /// <summary>The group <paramref name="key"/> of <paramref name="commitments"/> commitments, of which those scored have <paramref name="scores"/>.</summary>
    public static ComplianceGroup Of(string key, int commitments, IReadOnlyCollection<int> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return new(key, commitments, scores.Count,
            scores.Count == 0 ? null : (int)Math.Round(scores.Average(s => (s + 1) / 2.0) * 100, MidpointRounding.AwayFromZero));
    }
}

/// <summary>A year's compliance, overall and by lead, key component and part.</summary>
/// <param name="Year">The year.</param>
/// <param name="Overall">Every commitment the reader may see.</param>
/// <param name="ByLead">By who leads.</param>
/// <param name="ByComponent">By key component, in the agreement's order.</param>
/// <param name="ByPart">By part of the agreement.</param>
public sealed record ComplianceSummary(int Year, ComplianceGroup Overall, IReadOnlyList<ComplianceGroup> ByLead, IReadOnlyList<ComplianceGroup> ByComponent,
    IReadOnlyList<ComplianceGroup> ByPart);

/// <summary>
/// Compliance of commitments per calendar year, scored by approvers of either participant on the commitments they may read, and
/// summed up over what the reader may see — the filter inside the query, as for every read of a marked record.
/// </summary>
public sealed class CommitmentCompliance(CusspDbContext db, IClock clock, AuditTrail audit, RegisterCache register)
{
    /// <summary>Records a score for a year, based on the commitment's <paramref name="version"/>.</summary>
    /// <exception cref="NotFoundException">No such commitment that the subject may see.</exception>
    /// <exception cref="RefusedException">The subject is not an approver.</exception>
    /// <exception cref="InvalidInputException">What is wrong, by field: year, score, reason.</exception>
    /// <exception cref="StaleWriteException">The commitment changed since <paramref name="version"/>.</exception>
    public async Task<ComplianceScoreRecord> AssessAsync(AccessSubject subject, Guid commitmentId, ComplianceInput input, int version,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        var commitment = await db.Commitments.Where(AccessPolicy.Readable<CommitmentRecord>(subject)).FirstOrDefaultAsync(c => c.Id == commitmentId, ct)
            ?? throw CommitmentTracker.NotFound(commitmentId);
        if (!Permissions.CanAssess(subject))
        {
            throw new RefusedException("Only approvers score compliance.");
        }
        var (first, last) = await YearsAsync(commitment.AgreementId, ct);
        var errors = new Dictionary<string, string[]>();
        if (input.Year is not { } year || year < first || year > last)
        {
            errors["year"] = [$"Choose a year from {first} to {last}: the agreement's term, up to this year."];
        }
        if (input.Score is not (-1 or 0 or 1))
        {
            errors["score"] = ["Score −1 (not kept), 0 (partly kept) or +1 (kept)."];
        }
        var reason = input.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > ComplianceScoreConfiguration.MaxReason)
        {
            errors["reason"] = [$"Give the reason for the score, in 1–{ComplianceScoreConfiguration.MaxReason} characters."];
        }
        TextInput.Check(errors, "reason", input.Reason, TextShape.MultiLine);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        MarkingChanges.EnsureVersion(commitment, version, "commitment");
        var score = new ComplianceScoreRecord
        {
            Id = Guid.NewGuid(),
            CommitmentId = commitmentId,
            Year = input.Year!.Value,
            Score = input.Score!.Value,
            Reason = TextInput.Normalise(reason)!,
            By = subject.Name,
            ByParticipant = subject.Participant,
            At = clock.GetCurrentInstant(),
            CommitmentVersion = commitment.Version + 1,
        };
        db.ComplianceScores.Add(score);
        var before = CommitmentTracker.Touch(commitment, score.At);
        audit.Changed("commitment.compliance", CommitmentTracker.RecordType, commitmentId.ToString(), Marking.Of(commitment), new { Version = before },
            new { commitment.Version, entry = score.Id, score.Year, score.Score, reasonHmac = audit.Digest(score.Reason) });
        await CommitmentTracker.SaveAsync(db, version, "score it again", ct);
        return score;
    }

    /// <summary>The years that may be scored: from the signature's to this one (in Kyiv), within the agreement's term.</summary>
    public async Task<(int First, int Last)> YearsAsync(string agreementId, CancellationToken ct = default)
    {
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var term = Term.Of(snapshot);
        var thisYear = clock.GetCurrentInstant().InZone(Zones.Kyiv).Year;
        var first = term.From?.Year ?? thisYear;
        var last = Math.Min(thisYear, term.To?.Year ?? thisYear);
        return (first, Math.Max(first, last));
    }

    /// <summary>
    /// A year's compliance over the commitments of <paramref name="agreementId"/> that <paramref name="subject"/> may read: for each, the
    /// latest score of the year; grouped by lead, key component and part. Like the progress bars, it shows counts and shares, not the
    /// scores' reasons, so it is not a read of any one commitment.
    /// </summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    public async Task<ComplianceSummary> SummaryAsync(AccessSubject? subject, string agreementId, int year, CancellationToken ct = default) =>
        (await SummariesAsync(subject, agreementId, year, year, ct))[0];

    /// <summary>
    /// The compliance of every year from <paramref name="from"/> to <paramref name="to"/>, as <see cref="SummaryAsync"/> gives one: the
    /// commitments the reader may see and their scores are read once for all the years.
    /// </summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    public async Task<IReadOnlyList<ComplianceSummary>> SummariesAsync(AccessSubject? subject, string agreementId, int from, int to,
        CancellationToken ct = default)
    {
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var visible = db.Commitments.AsNoTracking().Where(AccessPolicy.Readable<CommitmentRecord>(subject)).Where(c => c.AgreementId == agreementId);
        var commitments = await visible.Select(c => new { c.Id, c.Citation, c.LeadParticipant, c.Area }).ToListAsync(ct);
        var scores = (await db.ComplianceScores.AsNoTracking().Where(s => s.Year >= from && s.Year <= to).Where(s => visible.Any(c => c.Id == s.CommitmentId))
                .Select(s => new { s.CommitmentId, s.Year, s.CommitmentVersion, s.Score }).ToListAsync(ct))
            .GroupBy(s => (s.Year, s.CommitmentId)).ToDictionary(g => g.Key, g => g.MaxBy(s => s.CommitmentVersion)!.Score);
        var parts = snapshot.Provisions.ToDictionary(p => p.Citation, p => p.DivisionCitation.Split('.')[0], StringComparer.Ordinal);
        var order = snapshot.Divisions.Select((d, i) => (d.Citation, i)).ToDictionary(d => d.Citation, d => d.i, StringComparer.Ordinal);
        var byLead = Enum.GetValues<CommitmentLead>()
            .Select(lead => (Key: lead.Name(), Ids: commitments.Where(c => CommitmentVocabulary.LeadOf(c.LeadParticipant) == lead).Select(c => c.Id).ToList())).ToList();
        var byComponent = KeyComponents.Ids.Select(id => (Key: id, Ids: commitments.Where(c => c.Area == id).Select(c => c.Id).ToList())).ToList();
        var byPart = commitments.GroupBy(c => parts.GetValueOrDefault(c.Citation) ?? "").Where(g => g.Key.Length > 0)
            .OrderBy(g => order.GetValueOrDefault(g.Key, int.MaxValue)).Select(g => (Key: g.Key, Ids: g.Select(c => c.Id).ToList())).ToList();
        var all = commitments.Select(c => c.Id).ToList();
        return [.. Enumerable.Range(from, Math.Max(0, to - from + 1)).Select(year =>
        {
            ComplianceGroup Group((string Key, List<Guid> Ids) group)
            {
                var scored = group.Ids.Select(id => scores.TryGetValue((year, id), out var score) ? (int?)score : null).OfType<int>().ToList();
                return ComplianceGroup.Of(group.Key, group.Ids.Count, scored);
            }
            return new ComplianceSummary(year, Group(("all", all)), [.. byLead.Select(Group)], [.. byComponent.Select(Group)], [.. byPart.Select(Group)]);
        })];
    }
}
