namespace Cussp.Notifications;

/// <summary>
/// Sends the deliveries that are due. Each is claimed first by an update that only one node's can win (the row is unclaimed, or its
/// claim ran out), so with several nodes on one database each is sent by one; a delivery that fails waits longer before each next
/// try (1, 2, 4 … minutes, at most an hour) and is given up after <see cref="NotificationSettings.MaxAttempts"/> tries.
/// </summary>
public sealed class NoticeDelivery(CusspDbContext db, IClock clock, NotificationSettings settings, IEnumerable<INoticeSender> senders)
{
    /// <summary>How long a node holds a delivery it is sending.</summary>
    public static readonly Duration Claim = Duration.FromMinutes(2);

    /// <summary>Most deliveries sent in one run.</summary>
    public const int Batch = 50;

    /// <summary>Sends what is due now; returns how many were delivered and how many failed this time.</summary>
    public async Task<(int Delivered, int Failed)> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var due = await db.Deliveries.AsNoTracking()
            .Where(d => d.DeliveredAt == null && d.FailedAt == null && d.NextAttemptAt <= now && (d.ClaimedUntil == null || d.ClaimedUntil < now))
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id).Take(Batch).ToListAsync(ct);
        var (delivered, failed) = (0, 0);
        foreach (var d in due)
        {
            var until = now + Claim;
            var claimed = await db.Deliveries
                .Where(x => x.Id == d.Id && x.DeliveredAt == null && x.FailedAt == null && (x.ClaimedUntil == null || x.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimedUntil, until).SetProperty(x => x.Attempts, x => x.Attempts + 1), ct);
            if (claimed == 0)
            {
                continue;
            }
            var attempts = d.Attempts + 1;
            try
            {
                var sender = senders.FirstOrDefault(s => s.Channel == d.Channel)
                    ?? throw new InvalidOperationException($"Nothing sends {d.Channel} notices.");
                await sender.SendAsync(d.Id, Notice.FromJson(d.Payload), d.Participant, ct);
                var at = clock.GetCurrentInstant();
                await db.Deliveries.Where(x => x.Id == d.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.DeliveredAt, at).SetProperty(x => x.ClaimedUntil, (Instant?)null)
                        .SetProperty(x => x.LastError, (string?)null), ct);
                delivered++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var error = e.Message.Length > DeliveryConfiguration.MaxError ? e.Message[..DeliveryConfiguration.MaxError] : e.Message;
                var at = clock.GetCurrentInstant();
                var next = at + Duration.FromMinutes(Math.Min(60, 1 << Math.Min(attempts - 1, 6)));
                Instant? gaveUp = attempts >= settings.MaxAttempts ? at : null;
                await db.Deliveries.Where(x => x.Id == d.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextAttemptAt, next).SetProperty(x => x.ClaimedUntil, (Instant?)null)
                        .SetProperty(x => x.LastError, error).SetProperty(x => x.FailedAt, gaveUp), CancellationToken.None);
                failed++;
            }
        }
        return (delivered, failed);
    }

    /// <summary>The deliveries of a record, oldest first: what was sent where, and what failed.</summary>
    public async Task<IReadOnlyList<DeliveryRecord>> OfAsync(string subjectType, Guid subjectId, CancellationToken ct = default) =>
        await db.Deliveries.AsNoTracking().Where(d => d.SubjectType == subjectType && d.SubjectId == subjectId)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Channel).ToListAsync(ct);
}
