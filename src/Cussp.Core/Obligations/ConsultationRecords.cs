using Cussp.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Obligations;

/// <summary>Why a participant asks the other to consult (II.3 and II.5).</summary>
public enum ConsultationGround
{
    /// <summary>Renewed Russian aggression or attacks against Ukraine after the cessation of current hostilities (II.3).</summary>
    RenewedAggression,
    /// <summary>A significant escalation of the ongoing war (II.5).</summary>
    SignificantEscalation,
    /// <summary>Another reason to consult during the war (II.5).</summary>
    Other,
}

/// <summary>The measures a consultation decided (II.4 and IV.K.5).</summary>
[Flags]
public enum ConsultationMeasures
{
    /// <summary>None recorded.</summary>
    None = 0,
    /// <summary>Swift and sustained security, military and economic assistance to Ukraine (II.4).</summary>
    Assistance = 1,
    /// <summary>Economic and other costs imposed on Russia (II.4).</summary>
    CostsOnRussia = 2,
    /// <summary>Sanctions coordinated between the participants (IV.K.5.i).</summary>
    SanctionsCoordination = 4,
    /// <summary>Lifted sanctions re-imposed (IV.K.5.ii).</summary>
    ReimposeSanctions = 8,
}

/// <summary>Where a consultation request stands.</summary>
public enum ConsultationState
{
    /// <summary>Filed; the other side has not acknowledged it.</summary>
    Requested,
    /// <summary>The other side acknowledged it; the consultation is not recorded yet.</summary>
    Acknowledged,
    /// <summary>The consultation was held and recorded.</summary>
    Held,
}

/// <summary>
/// A request by one participant that the participants consult, with the 24-hour clock it starts (II.3): the instant it was filed,
/// its deadline, the other side's acknowledgement, the escalations sent while it stayed unacknowledged, and the consultation held —
/// when, who took part, the measures decided and what follows. A marked record, always releasable to both participants.
/// </summary>
public sealed class ConsultationRecord : MarkedRecord
{
    /// <summary>The agreement.</summary>
    public required string AgreementId { get; set; }
    /// <summary>Why.</summary>
    public ConsultationGround Ground { get; set; }
    /// <summary>The provision it is filed under: II.3 for renewed aggression, II.5 otherwise.</summary>
    public required string Citation { get; set; }
    /// <summary>What the requesting side says of the situation.</summary>
    public required string Summary { get; set; }
    /// <summary>Who filed it.</summary>
    public required string RequestedBy { get; set; }
    /// <summary>The account that filed it.</summary>
    public Guid RequestedById { get; set; }
    /// <summary>When it was filed: the clock starts at this instant.</summary>
    public Instant RequestedAt { get; set; }
    /// <summary>When the participants must have consulted: 24 hours after <see cref="RequestedAt"/>.</summary>
    public Instant DueAt { get; set; }
    /// <summary>When the other side acknowledged it.</summary>
    public Instant? AcknowledgedAt { get; set; }
    /// <summary>Who acknowledged it.</summary>
    public string? AcknowledgedBy { get; set; }
    /// <summary>How many escalations were sent (at 12 and at 20 hours unacknowledged): 0, 1 or 2.</summary>
    public int Escalations { get; set; }
    /// <summary>When the consultation was held.</summary>
    public Instant? HeldAt { get; set; }
    /// <summary>Who took part.</summary>
    public string? Attendees { get; set; }
    /// <summary>The measures decided.</summary>
    public ConsultationMeasures Measures { get; set; }
    /// <summary>What was decided, in words.</summary>
    public string? Outcome { get; set; }
    /// <summary>Who recorded the consultation.</summary>
    public string? RecordedBy { get; set; }
    /// <summary>When it was recorded.</summary>
    public Instant? RecordedAt { get; set; }
    /// <summary>The follow-up actions.</summary>
    public List<ConsultationTaskRecord> Tasks { get; set; } = [];

    /// <summary>Where it stands.</summary>
    public ConsultationState State => HeldAt is not null ? ConsultationState.Held
        : AcknowledgedAt is not null ? ConsultationState.Acknowledged
        : ConsultationState.Requested;

    /// <summary>The participant asked to consult.</summary>
    public Participant Other => Originator == Participant.Canada ? Participant.Ukraine : Participant.Canada;
}

/// <summary>A follow-up action of a consultation: what, who owns it, by when, and when it was done.</summary>
public sealed class ConsultationTaskRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>The consultation.</summary>
    public Guid ConsultationId { get; set; }
    /// <summary>What is to be done.</summary>
    public required string Title { get; set; }
    /// <summary>Who owns it: a person or an organisation.</summary>
    public required string Owner { get; set; }
    /// <summary>The last day to do it, in Kyiv.</summary>
    public LocalDate DueOn { get; set; }
    /// <summary>When it was done.</summary>
    public Instant? DoneAt { get; set; }
    /// <summary>Who marked it done.</summary>
    public string? DoneBy { get; set; }
}

/// <summary>How consultation requests are stored, and the longest texts they hold.</summary>
public sealed class ConsultationConfiguration : IEntityTypeConfiguration<ConsultationRecord>
{
    /// <summary>Longest summary.</summary>
    public const int MaxSummary = 4000;

    /// <summary>Longest list of attendees.</summary>
    public const int MaxAttendees = 2000;

    /// <summary>Longest outcome.</summary>
    public const int MaxOutcome = 8000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<ConsultationRecord> builder)
    {
        MarkedRecordConfiguration.Configure(builder);
        builder.ToTable("consultations");
        builder.Ignore(c => c.State);
        builder.Ignore(c => c.Other);
        builder.Property(c => c.AgreementId).HasMaxLength(AgreementConfiguration.MaxId);
        builder.Property(c => c.Citation).HasMaxLength(CitedRecordConfiguration.MaxCitation);
        builder.Property(c => c.Summary).HasMaxLength(MaxSummary);
        builder.Property(c => c.RequestedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.Property(c => c.AcknowledgedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.Property(c => c.RecordedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.Property(c => c.Attendees).HasMaxLength(MaxAttendees);
        builder.Property(c => c.Outcome).HasMaxLength(MaxOutcome);
        builder.HasMany(c => c.Tasks).WithOne().HasForeignKey(t => t.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.AgreementId, c.RequestedAt });
        // The escalation job's scan: requests still open, oldest first.
        builder.HasIndex(c => new { c.HeldAt, c.AcknowledgedAt, c.Escalations, c.RequestedAt });
        builder.HasIndex(c => new { c.Area, c.Classification, c.Releasability });
    }
}

/// <summary>How follow-up actions are stored.</summary>
public sealed class ConsultationTaskConfiguration : IEntityTypeConfiguration<ConsultationTaskRecord>
{
    /// <summary>Longest title.</summary>
    public const int MaxTitle = 300;

    /// <summary>Longest owner.</summary>
    public const int MaxOwner = 200;

    /// <summary>Most follow-up actions on one consultation.</summary>
    public const int MaxTasks = 50;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<ConsultationTaskRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("consultation_tasks");
        builder.Property(t => t.Title).HasMaxLength(MaxTitle);
        builder.Property(t => t.Owner).HasMaxLength(MaxOwner);
        builder.Property(t => t.DoneBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.HasIndex(t => new { t.ConsultationId, t.DueOn });
    }
}

/// <summary>The API names of grounds, measures and states.</summary>
public static class ConsultationNames
{
    private static readonly EnumNames<ConsultationGround> Grounds = new(name => name.ToUpperInvariant(),
        (ConsultationGround.RenewedAggression, "renewed-aggression"), (ConsultationGround.SignificantEscalation, "significant-escalation"),
        (ConsultationGround.Other, "other"));

    private static readonly EnumNames<ConsultationState> States = new(name => name.ToUpperInvariant(),
        (ConsultationState.Requested, "requested"), (ConsultationState.Acknowledged, "acknowledged"), (ConsultationState.Held, "held"));

    private static readonly (ConsultationMeasures Measure, string Name)[] MeasureNames =
    [
        (ConsultationMeasures.Assistance, "assistance"), (ConsultationMeasures.CostsOnRussia, "costs-on-russia"),
        (ConsultationMeasures.SanctionsCoordination, "sanctions-coordination"), (ConsultationMeasures.ReimposeSanctions, "reimpose-sanctions"),
    ];

    /// <summary>Each measure alone, in order.</summary>
    public static IReadOnlyList<ConsultationMeasures> EachMeasure { get; } = [.. MeasureNames.Select(m => m.Measure)];

    /// <summary>The API name of a ground.</summary>
    public static string Name(this ConsultationGround ground) => Grounds[ground];

    /// <summary>The API name of a state.</summary>
    public static string Name(this ConsultationState state) => States[state];

    /// <summary>The API names of the measures in <paramref name="measures"/>.</summary>
    public static string[] Names(this ConsultationMeasures measures) => [.. MeasureNames.Where(m => measures.HasFlag(m.Measure)).Select(m => m.Name)];

    /// <summary>Reads a ground by its API name, ignoring case.</summary>
    public static bool TryParse(string? text, out ConsultationGround ground) => Grounds.TryParse(text?.Trim(), out ground);

    /// <summary>Reads a state by its API name, ignoring case.</summary>
    public static bool TryParse(string? text, out ConsultationState state) => States.TryParse(text?.Trim(), out state);

    /// <summary>Reads a measure by its API name, ignoring case.</summary>
    public static bool TryParseMeasure(string? text, out ConsultationMeasures measure)
    {
        var found = MeasureNames.FirstOrDefault(m => string.Equals(m.Name, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        measure = found.Measure;
        return found.Name is not null;
    }

    /// <summary>What is said of a ground that is not one.</summary>
    public static string UnknownGround(string? text) => $"\"{text}\": use {string.Join(", ", Enum.GetValues<ConsultationGround>().Select(g => g.Name()))}";

    /// <summary>What is said of a measure that is not one.</summary>
    public static string UnknownMeasure(string? text) => $"\"{text}\": use {string.Join(", ", MeasureNames.Select(m => m.Name))}";
}
