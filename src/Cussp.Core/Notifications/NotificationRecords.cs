using Cussp.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Notifications;

/// <summary>
/// A notice to one account in the app: an event about a record (a consultation requested, escalated, acknowledged, held). It holds
/// no words of the record; it is shown only while its reader may still read the record.
/// </summary>
public sealed class NotificationRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>The account notified.</summary>
    public Guid RecipientId { get; set; }
    /// <summary>What happened: <c>consultation.requested</c>, <c>consultation.escalated</c> …</summary>
    public required string Event { get; set; }
    /// <summary>For an escalation, its level (1 at 12 hours, 2 at 20 hours); otherwise 0.</summary>
    public int Level { get; set; }
    /// <summary>The record's type.</summary>
    public required string SubjectType { get; set; }
    /// <summary>The record.</summary>
    public Guid SubjectId { get; set; }
    /// <summary>When.</summary>
    public Instant CreatedAt { get; set; }
    /// <summary>When its reader marked it read.</summary>
    public Instant? ReadAt { get; set; }
}

/// <summary>How a notice leaves the app.</summary>
public enum DeliveryChannel
{
    /// <summary>An e-mail to a participant's duty mailbox.</summary>
    Email,
    /// <summary>A signed HTTP POST to a participant's webhook.</summary>
    Webhook,
}

/// <summary>
/// A notice waiting to leave the app, or sent: written in the same transaction as the change it tells of, then delivered by the
/// background job with retries, so that a restart loses none and no node sends one twice.
/// </summary>
public sealed class DeliveryRecord
{
    /// <summary>Id; the webhook's delivery id.</summary>
    public Guid Id { get; set; }
    /// <summary>E-mail or webhook.</summary>
    public DeliveryChannel Channel { get; set; }
    /// <summary>The participant whose mailbox or webhook receives it.</summary>
    public Participant Participant { get; set; }
    /// <summary>What happened.</summary>
    public required string Event { get; set; }
    /// <summary>The record's type.</summary>
    public required string SubjectType { get; set; }
    /// <summary>The record.</summary>
    public Guid SubjectId { get; set; }
    /// <summary>What is sent, as JSON: never the record's words, only what the notice says (kind, dates, marking, link).</summary>
    public required string Payload { get; set; }
    /// <summary>When it was written.</summary>
    public Instant CreatedAt { get; set; }
    /// <summary>How many times delivery was tried.</summary>
    public int Attempts { get; set; }
    /// <summary>When to try next.</summary>
    public Instant NextAttemptAt { get; set; }
    /// <summary>A node sending it holds it until then; another node takes it over only after.</summary>
    public Instant? ClaimedUntil { get; set; }
    /// <summary>When it was delivered.</summary>
    public Instant? DeliveredAt { get; set; }
    /// <summary>When delivery was given up.</summary>
    public Instant? FailedAt { get; set; }
    /// <summary>Why the last try failed.</summary>
    public string? LastError { get; set; }
}

/// <summary>How notices are stored.</summary>
public sealed class NotificationConfiguration : IEntityTypeConfiguration<NotificationRecord>
{
    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<NotificationRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("notifications");
        builder.Property(n => n.Event).HasMaxLength(64);
        builder.Property(n => n.SubjectType).HasMaxLength(64);
        builder.HasIndex(n => new { n.RecipientId, n.CreatedAt });
        builder.HasIndex(n => new { n.SubjectType, n.SubjectId });
    }
}

/// <summary>How deliveries are stored.</summary>
public sealed class DeliveryConfiguration : IEntityTypeConfiguration<DeliveryRecord>
{
    /// <summary>Longest error kept.</summary>
    public const int MaxError = 500;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<DeliveryRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("deliveries");
        builder.Property(d => d.Event).HasMaxLength(64);
        builder.Property(d => d.SubjectType).HasMaxLength(64);
        builder.Property(d => d.LastError).HasMaxLength(MaxError);
        builder.HasIndex(d => new { d.DeliveredAt, d.FailedAt, d.NextAttemptAt });
        builder.HasIndex(d => new { d.SubjectType, d.SubjectId });
    }
}
