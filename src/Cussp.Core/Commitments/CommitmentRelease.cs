using Cussp.Identity;

namespace Cussp.Commitments;

/// <summary>
/// The public view of the commitments: an approver of either participant releases an UNCLASSIFIED // REL CAN UKR commitment to the
/// public, or withdraws it; anyone then reads it without an account — its status, progress updates and indicators, not who wrote
/// them — through <see cref="AccessPolicy.Public{T}"/>, the one rule for readers without an account.
/// </summary>
public sealed class CommitmentRelease(CusspDbContext db, IClock clock, AuditTrail audit)
{
    /// <summary>Largest page of the public list.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Releases the commitment to the public (<paramref name="release"/> true) or withdraws it, based on its <paramref name="version"/>.</summary>
    /// <exception cref="NotFoundException">No such commitment that the subject may see.</exception>
    /// <exception cref="RefusedException">The subject is not an approver.</exception>
    /// <exception cref="ConflictException">A release of a commitment marked above UNCLASSIFIED // REL CAN UKR.</exception>
    /// <exception cref="StaleWriteException">The commitment changed since <paramref name="version"/>.</exception>
    public async Task<CommitmentRecord> SetAsync(AccessSubject subject, Guid id, bool release, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var record = await db.Commitments.Where(AccessPolicy.Readable<CommitmentRecord>(subject)).FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw CommitmentTracker.NotFound(id);
        if (!Permissions.CanAssess(subject))
        {
            throw new RefusedException("Only approvers release commitments to the public or withdraw them.");
        }
        if (release && (record.Classification != SecurityClassification.Unclassified || record.Releasability != Releasability.RelCanUkr))
        {
            throw new ConflictException($"Only an UNCLASSIFIED // REL CAN UKR commitment may be released to the public; this one is {Marking.Of(record)}.");
        }
        MarkingChanges.EnsureVersion(record, version, "commitment");
        if (release == record.ReleasedAt is not null)
        {
            return record;
        }
        var now = clock.GetCurrentInstant();
        var before = new { released = record.ReleasedAt is not null, record.Version };
        record.ReleasedAt = release ? now : null;
        record.ReleasedBy = release ? subject.Name : null;
        CommitmentTracker.Touch(record, now);
        audit.Changed(release ? "commitment.release" : "commitment.withdraw", CommitmentTracker.RecordType, record.Id.ToString(), Marking.Of(record),
            before, new { released = release, record.Version });
        await CommitmentTracker.SaveAsync(db, version, release ? "release it again" : "withdraw it again", ct);
        return record;
    }

    /// <summary>A page of the commitments of <paramref name="agreementId"/> released to the public, in the agreement's order, and how many there are.</summary>
    public async Task<(IReadOnlyList<CommitmentRecord> Items, int Total)> ListAsync(string agreementId, int page, int pageSize, CancellationToken ct = default)
    {
        var q = db.Commitments.AsNoTracking().Where(AccessPolicy.Public<CommitmentRecord>()).Where(c => c.AgreementId == agreementId);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(c => c.ProvisionOrdinal).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Skip((Math.Max(page, 1) - 1) * size).Take(size).ToListAsync(ct);
        return (items, total);
    }

    /// <summary>One commitment released to the public, with its progress updates and indicators; null when there is none such.</summary>
    public Task<CommitmentRecord?> GetAsync(Guid id, CancellationToken ct = default) =>
        db.Commitments.AsNoTracking().Where(AccessPolicy.Public<CommitmentRecord>())
            .Include(c => c.Updates.OrderBy(u => u.At))
            .Include(c => c.Indicators.OrderBy(i => i.AddedAt)).ThenInclude(i => i.Measurements.OrderBy(m => m.On).ThenBy(m => m.At))
            .AsSplitQuery().FirstOrDefaultAsync(c => c.Id == id, ct);
}
