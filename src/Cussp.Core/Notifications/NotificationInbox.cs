using Cussp.Identity;
using Cussp.Obligations;

namespace Cussp.Notifications;

/// <summary>A notice in an account's inbox, with what of its record the reader may see.</summary>
/// <param name="Notice">The notice.</param>
/// <param name="Consultation">The consultation request it is about.</param>
public sealed record InboxItem(NotificationRecord Notice, ConsultationRecord Consultation);

/// <summary>
/// An account's notices, newest first. A notice shows only while its reader may read its record: the record is joined through the
/// access policy inside the query, so a notice whose record was since marked beyond the reader's reach is neither listed nor counted.
/// </summary>
public sealed class NotificationInbox(CusspDbContext db, IClock clock, AuditTrail audit)
{
    /// <summary>Largest page.</summary>
    public const int MaxPageSize = 100;

    private IQueryable<NotificationRecord> Visible(AccessSubject subject)
    {
        var readable = db.Consultations.AsNoTracking().Where(AccessPolicy.Readable<ConsultationRecord>(subject));
        return db.Notifications.AsNoTracking().Where(n => n.RecipientId == subject.UserId && n.SubjectType == Consultations.RecordType
            && readable.Any(c => c.Id == n.SubjectId));
    }

    /// <summary>How many notices the subject has not read.</summary>
    public Task<int> UnreadAsync(AccessSubject? subject, CancellationToken ct = default) =>
        subject is null ? Task.FromResult(0) : Visible(subject).CountAsync(n => n.ReadAt == null, ct);

    /// <summary>A page of the subject's notices, newest first; the protected records they show are logged as read.</summary>
    public async Task<(IReadOnlyList<InboxItem> Items, int Total)> ListAsync(AccessSubject subject, int page, int pageSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var q = Visible(subject);
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var notices = await q.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id).Skip((Math.Max(page, 1) - 1) * size).Take(size).ToListAsync(ct);
        var ids = notices.Select(n => n.SubjectId).Distinct().ToList();
        var records = await db.Consultations.AsNoTracking().Where(AccessPolicy.Readable<ConsultationRecord>(subject)).Where(c => ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, ct);
        await audit.ReadAsync(Consultations.RecordType, records.Values, c => c.Id, ct);
        return ([.. notices.Where(n => records.ContainsKey(n.SubjectId)).Select(n => new InboxItem(n, records[n.SubjectId]))], total);
    }

    /// <summary>Marks the subject's notices read: one, or all when <paramref name="id"/> is null; returns how many.</summary>
    public async Task<int> MarkReadAsync(AccessSubject subject, Guid? id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var now = clock.GetCurrentInstant();
        var ids = await Visible(subject).Where(n => n.ReadAt == null && (id == null || n.Id == id)).Select(n => n.Id).ToListAsync(ct);
        if (id is { } one && ids.Count == 0 && !await Visible(subject).AnyAsync(n => n.Id == one, ct))
        {
            throw new NotFoundException($"You have no notice {one}.");
        }
        return ids.Count == 0 ? 0 : await db.Notifications.Where(n => ids.Contains(n.Id)).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}
