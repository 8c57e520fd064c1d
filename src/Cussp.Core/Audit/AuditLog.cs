using Cussp.Identity;

namespace Cussp.Audit;

/// <summary>What an auditor asks of the log; every filter is optional and they combine.</summary>
/// <param name="Actor">Entries by this actor id (<c>user:42</c>, <c>system</c>, <c>cli:alice</c>).</param>
/// <param name="RecordType">Entries about this kind of record.</param>
/// <param name="RecordId">Entries about this record (with <paramref name="RecordType"/>, or of any type).</param>
/// <param name="From">Entries at or after this instant.</param>
/// <param name="To">Entries before this instant.</param>
/// <param name="Before">Entries older than this sequence number: the <see cref="AuditPage.Next"/> of the previous page.</param>
/// <param name="Limit">Page size, 1–500.</param>
public sealed record AuditQuery(string? Actor = null, string? RecordType = null, string? RecordId = null, Instant? From = null,
    Instant? To = null, long? Before = null, int Limit = 100);

/// <summary>One page of the log, newest first.</summary>
/// <param name="Entries">The entries.</param>
/// <param name="Next">The <see cref="AuditQuery.Before"/> that fetches the next page, or null on the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditEntryRecord> Entries, long? Next);

/// <summary>
/// Reads the log for auditors: filtered by actor, record and time, newest first, paged by sequence number. An entry about a marked
/// record carries its marking and is shown only to an auditor whose participant, clearance and areas cover it, by the same rule
/// as the record itself (<see cref="AccessPolicy"/>), inside the query; entries without a marking are shown to every auditor.
/// </summary>
public sealed class AuditLog(CusspDbContext db)
{
    /// <summary>Largest page served.</summary>
    public const int MaxLimit = 500;

    /// <summary>
    /// The actor id an auditor means by <paramref name="text"/>: a user name becomes <c>user:ID</c> of that account; an actor id as the
    /// log writes it (<c>user:…</c>, <c>cli:…</c>, <c>system</c>, <c>anonymous</c>) is kept as it is. Null when it is neither, so that
    /// the auditor is told the name is unknown rather than shown an empty log.
    /// </summary>
    public async Task<string?> ActorIdAsync(string text, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var wanted = text.Trim();
        var normalized = wanted.ToUpperInvariant();
        var account = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (account is { } id)
        {
            return AuditActor.User(id.ToString(), wanted).Id;
        }
        // User names cannot hold ':', so an id with a prefix is never mistaken for one.
        return wanted.Contains(':', StringComparison.Ordinal) || wanted is "system" or "anonymous" ? wanted : null;
    }

    /// <summary>One page of the entries matching <paramref name="query"/> that <paramref name="auditor"/> may see.</summary>
    /// <exception cref="RefusedException">The subject is not an auditor.</exception>
    public async Task<AuditPage> SearchAsync(AccessSubject? auditor, AuditQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!Permissions.CanAudit(auditor))
        {
            throw new RefusedException("Only auditors read the audit log.");
        }
        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        // At most 5 classifications × 2 releasabilities × 10 areas: a short list the database tests on each entry it reads.
        var covered = AccessPolicy.CoveredMarkings(auditor);
        var q = db.AuditEntries.AsNoTracking().Where(e => e.Marking == null || covered.Contains(e.Marking));
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            q = q.Where(e => e.Actor == query.Actor);
        }
        if (!string.IsNullOrWhiteSpace(query.RecordType))
        {
            q = q.Where(e => e.RecordType == query.RecordType);
        }
        if (!string.IsNullOrWhiteSpace(query.RecordId))
        {
            q = q.Where(e => e.RecordId == query.RecordId);
        }
        if (query.From is { } from)
        {
            q = q.Where(e => e.At >= from);
        }
        if (query.To is { } to)
        {
            q = q.Where(e => e.At < to);
        }
        if (query.Before is { } before)
        {
            q = q.Where(e => e.Seq < before);
        }
        var entries = await q.OrderByDescending(e => e.Seq).Take(limit + 1).ToListAsync(ct);
        return entries.Count > limit ? new AuditPage(entries[..limit], entries[limit - 1].Seq) : new AuditPage(entries, null);
    }
}
