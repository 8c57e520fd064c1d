using System.Text.Json;
using Cussp.Identity;

namespace Cussp.Notifications;

/// <summary>
/// What a notice says outside the app: the event, the record it is about, its dates and marking, and a link — never the record's own
/// words, which stay behind the access policy. It is the webhook's body and what an e-mail is written from.
/// </summary>
/// <param name="Event">What happened.</param>
/// <param name="Level">For an escalation, its level.</param>
/// <param name="SubjectType">The record's type.</param>
/// <param name="SubjectId">The record.</param>
/// <param name="Agreement">The agreement.</param>
/// <param name="Citation">The provision.</param>
/// <param name="Ground">Why (an API name).</param>
/// <param name="From">The participant that asked.</param>
/// <param name="Classification">The record's classification, as printed.</param>
/// <param name="RequestedAt">When the clock started (UTC, ISO 8601).</param>
/// <param name="DueAt">When it runs out (UTC, ISO 8601).</param>
/// <param name="Url">Where the record is read.</param>
public sealed record Notice(string Event, int Level, string SubjectType, Guid SubjectId, string Agreement, string Citation, string Ground,
    string From, string Classification, string RequestedAt, string DueAt, string Url)
{
    /// <summary>How notices are written as JSON.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The notice as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a notice written by <see cref="ToJson"/>.</summary>
    public static Notice FromJson(string json) => JsonSerializer.Deserialize<Notice>(json, Json)
        ?? throw new InvalidOperationException("A delivery holds no notice.");
}

/// <summary>Who hears of an event: in the app, the accounts of some participants holding some roles who may read the record; outside, participants' mailboxes and webhooks.</summary>
/// <param name="InApp">The participants whose accounts are notified in the app.</param>
/// <param name="Roles">The roles, any of which makes an account of those participants a recipient.</param>
/// <param name="Outside">The participants whose duty mailboxes and webhooks receive the notice.</param>
/// <param name="Also">Accounts notified in the app whatever their roles (the requester), when they may read the record.</param>
public sealed record Audience(IReadOnlyList<Participant> InApp, Roles Roles, IReadOnlyList<Participant> Outside, IReadOnlyList<Guid>? Also = null);

/// <summary>
/// Writes notices into the scope's unit of work: the in-app notices and the deliveries to send, saved with the change they tell of
/// by the caller's <c>SaveChangesAsync</c>, so a notice exists exactly when its change does.
/// </summary>
public sealed class Notifier(CusspDbContext db, NotificationSettings settings, IClock clock)
{
    /// <summary>Adds the notices of <paramref name="notice"/> about <paramref name="record"/> for <paramref name="audience"/>; returns how many accounts and deliveries.</summary>
    public async Task<(int Accounts, int Deliveries)> AddAsync(Notice notice, IMarked record, Audience audience, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(audience);
        var now = clock.GetCurrentInstant();
        var sides = audience.InApp.ToList();
        var also = audience.Also ?? [];
        var roles = audience.Roles;
        var candidates = await db.Users.AsNoTracking()
            .Where(u => !u.Disabled && ((sides.Contains(u.Participant) && (u.Roles & roles) != 0) || also.Contains(u.Id)))
            .ToListAsync(ct);
        var recipients = candidates.Where(u => AccessPolicy.Allows(u.ToSubject(), record, AccessAction.Read)).Select(u => u.Id).Distinct().ToList();
        foreach (var id in recipients)
        {
            db.Notifications.Add(new NotificationRecord
            {
                Id = Guid.NewGuid(),
                RecipientId = id,
                Event = notice.Event,
                Level = notice.Level,
                SubjectType = notice.SubjectType,
                SubjectId = notice.SubjectId,
                CreatedAt = now,
            });
        }
        var deliveries = 0;
        foreach (var side in audience.Outside.Distinct())
        {
            var contacts = settings.Of(side);
            if (settings.SendsEmail && contacts.Mailboxes.Count > 0)
            {
                Add(DeliveryChannel.Email, side);
            }
            if (!string.IsNullOrWhiteSpace(contacts.WebhookUrl))
            {
                Add(DeliveryChannel.Webhook, side);
            }
        }
        return (recipients.Count, deliveries);

        void Add(DeliveryChannel channel, Participant side)
        {
            db.Deliveries.Add(new DeliveryRecord
            {
                Id = Guid.NewGuid(),
                Channel = channel,
                Participant = side,
                Event = notice.Event,
                SubjectType = notice.SubjectType,
                SubjectId = notice.SubjectId,
                Payload = notice.ToJson(),
                CreatedAt = now,
                NextAttemptAt = now,
            });
            deliveries++;
        }
    }
}
