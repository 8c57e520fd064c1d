using Cussp.Agreements;
using Cussp.Identity;
using Cussp.Time;

namespace Cussp.Commitments;

/// <summary>What kind of change was made to a commitment.</summary>
public enum CommitmentChangeKind
{
    /// <summary>A user added the commitment.</summary>
    Added,
    /// <summary>A progress update, which may have moved the status.</summary>
    Update,
    /// <summary>Evidence was added.</summary>
    Evidence,
    /// <summary>An indicator was added.</summary>
    Indicator,
    /// <summary>An indicator was measured.</summary>
    Measurement,
    /// <summary>A compliance score was given.</summary>
    Score,
}

/// <summary>One change to a commitment, as the list of what changed since a date shows it.</summary>
/// <param name="At">When it was recorded.</param>
/// <param name="Kind">What kind of change.</param>
/// <param name="By">Who made it.</param>
/// <param name="Commitment">The commitment: its id, citation, title and marking.</param>
/// <param name="Text">What it says: the update's text, the evidence's or indicator's title, the score's reason.</param>
/// <param name="Before">For an update, the status before.</param>
/// <param name="After">For an update, the status after.</param>
/// <param name="Value">For a measurement, its value (in <paramref name="Unit"/>).</param>
/// <param name="Unit">For a measurement, its indicator's unit.</param>
/// <param name="Year">For a score, the year scored.</param>
/// <param name="Score">For a score, −1, 0 or +1.</param>
public sealed record CommitmentChange(Instant At, CommitmentChangeKind Kind, string By, ChangedCommitment Commitment, string? Text,
    CommitmentStatus? Before = null, CommitmentStatus? After = null, decimal? Value = null, IndicatorUnit? Unit = null, int? Year = null, int? Score = null);

/// <summary>The commitment a change was made to.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Citation">Its provision.</param>
/// <param name="Title">What was promised.</param>
/// <param name="Derived">True when derived from the provision's words.</param>
/// <param name="Classification">Its classification.</param>
/// <param name="Releasability">Its releasability.</param>
/// <param name="Area">Its key component.</param>
public sealed record ChangedCommitment(Guid Id, string Citation, string Title, bool Derived, SecurityClassification Classification,
    Releasability Releasability, string Area) : IMarked;

/// <summary>
/// What changed in the commitments a reader may see since a date: progress updates, evidence, indicators, measurements, scores and
/// the commitments users added, newest first, read from each record's own time — filtered inside each query by the access policy.
/// </summary>
public sealed class CommitmentChanges(CusspDbContext db, IClock clock, AuditTrail audit, RegisterCache register)
{
    /// <summary>Largest page.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Furthest a list reaches: pages beyond this many changes are refused (narrow the date instead).</summary>
    public const int MaxReach = 10_000;

    /// <summary>The date a list starts from when none is named: thirty days ago, in Kyiv.</summary>
    public LocalDate DefaultSince() => clock.GetCurrentInstant().InZone(Zones.Kyiv).Date.PlusDays(-30);

    /// <summary>
    /// A page of the changes since the start of <paramref name="since"/> (in Kyiv) to the commitments of <paramref name="agreementId"/>
    /// that <paramref name="subject"/> may read, newest first, and how many there are in all.
    /// </summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    /// <exception cref="InvalidInputException">A date after today, or a page beyond <see cref="MaxReach"/>.</exception>
    public async Task<(IReadOnlyList<CommitmentChange> Items, int Total)> SinceAsync(AccessSubject? subject, string agreementId, LocalDate since,
        int page, int pageSize, CancellationToken ct = default)
    {
        _ = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var today = clock.GetCurrentInstant().InZone(Zones.Kyiv).Date;
        if (since > today)
        {
            throw new InvalidInputException("since", $"{since:uuuu-MM-dd} is after today ({today:uuuu-MM-dd} in Kyiv): choose a date up to today");
        }
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var reach = Math.Max(page, 1) * size;
        if (reach > MaxReach)
        {
            throw new InvalidInputException("page", $"page {page} reaches beyond the {MaxReach:N0} latest changes: choose a later date to see older ones");
        }
        var from = since.AtStartOfDayInZone(Zones.Kyiv).ToInstant();
        var visible = db.Commitments.AsNoTracking().Where(AccessPolicy.Readable<CommitmentRecord>(subject)).Where(c => c.AgreementId == agreementId);

        // Each kind of change is read newest first, as far as the page reaches, and the kinds merged; the total is counted apart.
        var added = visible.Where(c => c.DerivedFrom == null && c.CreatedAt >= from);
        var updates = db.CommitmentUpdates.AsNoTracking().Where(u => u.At >= from && visible.Any(c => c.Id == u.CommitmentId));
        var evidence = db.Evidence.AsNoTracking().Where(e => e.AddedAt >= from && visible.Any(c => c.Id == e.CommitmentId));
        var indicators = db.Indicators.AsNoTracking().Where(i => i.AddedAt >= from && visible.Any(c => c.Id == i.CommitmentId));
        var measurements = db.Measurements.AsNoTracking().Where(m => m.At >= from)
            .Join(db.Indicators.AsNoTracking(), m => m.IndicatorId, i => i.Id, (m, i) => new { m, i })
            .Where(x => visible.Any(c => c.Id == x.i.CommitmentId));
        var scores = db.ComplianceScores.AsNoTracking().Where(s => s.At >= from && visible.Any(c => c.Id == s.CommitmentId));
        var total = await added.CountAsync(ct) + await updates.CountAsync(ct) + await evidence.CountAsync(ct) + await indicators.CountAsync(ct)
            + await measurements.CountAsync(ct) + await scores.CountAsync(ct);

        var rows = new List<(Instant At, Guid Id, CommitmentChangeKind Kind, string By, string? Text, CommitmentStatus? Before, CommitmentStatus? After,
            decimal? Value, IndicatorUnit? Unit, int? Year, int? Score)>();
        rows.AddRange((await added.OrderByDescending(c => c.CreatedAt).Take(reach).Select(c => new { c.CreatedAt, c.Id, c.CreatedBy }).ToListAsync(ct))
            .Select(c => (c.CreatedAt, c.Id, CommitmentChangeKind.Added, c.CreatedBy, (string?)null, (CommitmentStatus?)null, (CommitmentStatus?)null,
                (decimal?)null, (IndicatorUnit?)null, (int?)null, (int?)null)));
        rows.AddRange((await updates.OrderByDescending(u => u.At).Take(reach)
                .Select(u => new { u.At, u.CommitmentId, u.By, u.Text, u.StatusBefore, u.StatusAfter }).ToListAsync(ct))
            .Select(u => (u.At, u.CommitmentId, CommitmentChangeKind.Update, u.By, (string?)u.Text, (CommitmentStatus?)u.StatusBefore,
                (CommitmentStatus?)u.StatusAfter, (decimal?)null, (IndicatorUnit?)null, (int?)null, (int?)null)));
        rows.AddRange((await evidence.OrderByDescending(e => e.AddedAt).Take(reach).Select(e => new { e.AddedAt, e.CommitmentId, e.AddedBy, e.Title })
                .ToListAsync(ct))
            .Select(e => (e.AddedAt, e.CommitmentId, CommitmentChangeKind.Evidence, e.AddedBy, (string?)e.Title, (CommitmentStatus?)null,
                (CommitmentStatus?)null, (decimal?)null, (IndicatorUnit?)null, (int?)null, (int?)null)));
        rows.AddRange((await indicators.OrderByDescending(i => i.AddedAt).Take(reach).Select(i => new { i.AddedAt, i.CommitmentId, i.AddedBy, i.Name })
                .ToListAsync(ct))
            .Select(i => (i.AddedAt, i.CommitmentId, CommitmentChangeKind.Indicator, i.AddedBy, (string?)i.Name, (CommitmentStatus?)null,
                (CommitmentStatus?)null, (decimal?)null, (IndicatorUnit?)null, (int?)null, (int?)null)));
        rows.AddRange((await measurements.OrderByDescending(x => x.m.At).Take(reach)
                .Select(x => new { x.m.At, x.i.CommitmentId, x.m.By, x.i.Name, x.m.Value, x.i.Unit }).ToListAsync(ct))
            .Select(m => (m.At, m.CommitmentId, CommitmentChangeKind.Measurement, m.By, (string?)m.Name, (CommitmentStatus?)null,
                (CommitmentStatus?)null, (decimal?)m.Value.Plain(), (IndicatorUnit?)m.Unit, (int?)null, (int?)null)));
        rows.AddRange((await scores.OrderByDescending(s => s.At).Take(reach).Select(s => new { s.At, s.CommitmentId, s.By, s.Reason, s.Year, s.Score })
                .ToListAsync(ct))
            .Select(s => (s.At, s.CommitmentId, CommitmentChangeKind.Score, s.By, (string?)s.Reason, (CommitmentStatus?)null, (CommitmentStatus?)null,
                (decimal?)null, (IndicatorUnit?)null, (int?)s.Year, (int?)s.Score)));
        var shown = rows.OrderByDescending(r => r.At).ThenBy(r => r.Kind).Skip(reach - size).Take(size).ToList();

        var ids = shown.Select(r => r.Id).Distinct().ToList();
        var commitments = await visible.Where(c => ids.Contains(c.Id))
            .Select(c => new ChangedCommitment(c.Id, c.Citation, c.Title, c.DerivedFrom != null, c.Classification, c.Releasability, c.Area))
            .ToDictionaryAsync(c => c.Id, ct);
        await audit.ReadAsync(CommitmentTracker.RecordType, commitments.Values, c => c.Id, ct);
        return ([.. shown.Select(r => new CommitmentChange(r.At, r.Kind, r.By, commitments[r.Id], r.Text, r.Before, r.After, r.Value, r.Unit, r.Year,
            r.Score))], total);
    }
}
