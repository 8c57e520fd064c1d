using Cussp.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Obligations;

/// <summary>What kind of meeting was held: each kind meets one of the agreement's duties to meet.</summary>
public enum MeetingKind
{
    /// <summary>The annual meeting of Canada's Head of Government and Ukraine's Head of State (II.1.i).</summary>
    LeadersMeeting,
    /// <summary>A meeting at the ministerial level, more frequent than the leaders' (II.1.i).</summary>
    MinisterialMeeting,
    /// <summary>The annual senior-level Strategic Defence Policy Dialogue (IV.A.7.i).</summary>
    DefencePolicyDialogue,
    /// <summary>A comprehensive review of the CUSSP (VIII.B.1).</summary>
    Review,
    /// <summary>Any other meeting of the participants; it meets no duty of the clock.</summary>
    Other,
}

/// <summary>
/// A meeting held by the participants: when it began (an instant, shown in Kyiv and Ottawa time), where, and the provision
/// whose duty it meets. It is a marked record like any other, read only through the access policy.
/// </summary>
public sealed class MeetingRecord : MarkedRecord
{
    /// <summary>The agreement.</summary>
    public required string AgreementId { get; set; }
    /// <summary>Which duty it meets, by kind.</summary>
    public MeetingKind Kind { get; set; }
    /// <summary>The provision whose duty it meets; null for another meeting.</summary>
    public string? Citation { get; set; }
    /// <summary>Its name, in a line.</summary>
    public required string Title { get; set; }
    /// <summary>When it began.</summary>
    public Instant StartsAt { get; set; }
    /// <summary>Where it was held (a city, or "video conference").</summary>
    public required string Place { get; set; }
    /// <summary>Who recorded it.</summary>
    public required string RecordedBy { get; set; }
    /// <summary>When it was recorded.</summary>
    public Instant RecordedAt { get; set; }
    /// <summary>What was said and agreed, in the words of the record; null until written.</summary>
    public string? Minutes { get; set; }
    /// <summary>Who last wrote the record of the meeting (agenda, attendees, minutes, decisions, actions).</summary>
    public string? MinutesBy { get; set; }
    /// <summary>When.</summary>
    public Instant? MinutesAt { get; set; }
    /// <summary>The agenda items, attendees, decisions and action items, each in its order.</summary>
    public List<MeetingEntryRecord> Entries { get; set; } = [];
    /// <summary>When it was called off, before it began; null for a meeting that stands.</summary>
    public Instant? CancelledAt { get; set; }
    /// <summary>Who called it off.</summary>
    public string? CancelledBy { get; set; }
    /// <summary>Why.</summary>
    public string? CancelReason { get; set; }

    /// <summary>Where the meeting stands at <paramref name="now"/>: called off, still to begin, or begun.</summary>
    public MeetingState StateAt(Instant now) => CancelledAt is not null ? MeetingState.Cancelled : StartsAt > now ? MeetingState.Scheduled : MeetingState.Held;
}

/// <summary>Where a meeting stands.</summary>
public enum MeetingState
{
    /// <summary>It has not begun: it is in the calendar but meets no duty yet.</summary>
    Scheduled,
    /// <summary>It has begun (or been held); it counts towards the duty of its kind.</summary>
    Held,
    /// <summary>It was called off before it began; it meets no duty.</summary>
    Cancelled,
}

/// <summary>What a line of a meeting's record is.</summary>
public enum MeetingEntryKind
{
    /// <summary>An item of the agenda, linked to the provision or commitment it is about.</summary>
    Agenda,
    /// <summary>Someone who attended, for Canada, for Ukraine, or for neither (another state, an observer).</summary>
    Attendee,
    /// <summary>A decision taken.</summary>
    Decision,
    /// <summary>An action to take, with its owner and due date, tracked until done.</summary>
    Action,
}

/// <summary>One line of a meeting's record.</summary>
public sealed class MeetingEntryRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>The meeting.</summary>
    public Guid MeetingId { get; set; }
    /// <summary>Agenda item, attendee, decision or action.</summary>
    public MeetingEntryKind Kind { get; set; }
    /// <summary>Its place among the entries of its kind.</summary>
    public int Ordinal { get; set; }
    /// <summary>The item, the attendee's name and office, the decision or the action.</summary>
    public required string Text { get; set; }
    /// <summary>An agenda item's provision.</summary>
    public string? Citation { get; set; }
    /// <summary>An agenda item's commitment.</summary>
    public Guid? CommitmentId { get; set; }
    /// <summary>An attendee's side; null for another state or an observer.</summary>
    public Participant? Side { get; set; }
    /// <summary>An action's owner.</summary>
    public string? Owner { get; set; }
    /// <summary>An action's due date (in Kyiv).</summary>
    public LocalDate? DueOn { get; set; }
    /// <summary>When an action was marked done.</summary>
    public Instant? DoneAt { get; set; }
    /// <summary>Who marked it done.</summary>
    public string? DoneBy { get; set; }
}

/// <summary>How a meeting's entries are stored, and the limits a record meets.</summary>
public sealed class MeetingEntryConfiguration : IEntityTypeConfiguration<MeetingEntryRecord>
{
    /// <summary>Longest entry.</summary>
    public const int MaxText = 2000;

    /// <summary>Longest owner.</summary>
    public const int MaxOwner = 200;

    /// <summary>Longest minutes.</summary>
    public const int MaxMinutes = 50_000;

    /// <summary>Most entries of one kind.</summary>
    public const int MaxEntries = 200;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<MeetingEntryRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("meeting_entries");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Side).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.Text).HasMaxLength(MaxText);
        builder.Property(e => e.Citation).HasMaxLength(CitedRecordConfiguration.MaxCitation);
        builder.Property(e => e.Owner).HasMaxLength(MaxOwner);
        builder.Property(e => e.DoneBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.HasIndex(e => new { e.MeetingId, e.Kind, e.Ordinal });
        builder.HasOne<MeetingRecord>().WithMany(m => m.Entries).HasForeignKey(e => e.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>How a meeting is stored, and the longest title and place it may have.</summary>
public sealed class MeetingConfiguration : IEntityTypeConfiguration<MeetingRecord>
{
    /// <summary>Longest title.</summary>
    public const int MaxTitle = 300;

    /// <summary>Longest place.</summary>
    public const int MaxPlace = 200;

    /// <summary>Longest reason for calling a meeting off.</summary>
    public const int MaxReason = 1000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<MeetingRecord> builder)
    {
        MarkedRecordConfiguration.Configure(builder);
        builder.ToTable("meetings");
        builder.Property(m => m.AgreementId).HasMaxLength(AgreementConfiguration.MaxId);
        builder.Property(m => m.Citation).HasMaxLength(CitedRecordConfiguration.MaxCitation);
        builder.Property(m => m.Title).HasMaxLength(MaxTitle);
        builder.Property(m => m.Place).HasMaxLength(MaxPlace);
        builder.Property(m => m.RecordedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.Property(m => m.MinutesBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.Property(m => m.Minutes).HasMaxLength(MeetingEntryConfiguration.MaxMinutes);
        builder.Property(m => m.CancelledBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.Property(m => m.CancelReason).HasMaxLength(MaxReason);
        builder.HasIndex(m => new { m.AgreementId, m.Kind, m.StartsAt });
        builder.HasIndex(m => new { m.Area, m.Classification, m.Releasability });
    }
}

/// <summary>The API names of meeting kinds.</summary>
public static class MeetingKinds
{
    private static readonly EnumNames<MeetingKind> Names = new(name => name.ToUpperInvariant(),
        (MeetingKind.LeadersMeeting, "leaders-meeting"), (MeetingKind.MinisterialMeeting, "ministerial-meeting"),
        (MeetingKind.DefencePolicyDialogue, "defence-policy-dialogue"), (MeetingKind.Review, "review"), (MeetingKind.Other, "other"));

    /// <summary>The API name of a kind.</summary>
    public static string Name(this MeetingKind kind) => Names[kind];

    /// <summary>Reads a kind by its API name, ignoring case.</summary>
    public static bool TryParse(string? text, out MeetingKind kind) => Names.TryParse(text?.Trim(), out kind);

    /// <summary>What is said of a kind that is not one.</summary>
    public static string Unknown(string? text) => $"\"{text}\": use {string.Join(", ", Enum.GetValues<MeetingKind>().Select(k => k.Name()))}";
}

/// <summary>The API names of meeting states.</summary>
public static class MeetingStates
{
    private static readonly EnumNames<MeetingState> Names = new(name => name.ToUpperInvariant(),
        (MeetingState.Scheduled, "scheduled"), (MeetingState.Held, "held"), (MeetingState.Cancelled, "cancelled"));

    /// <summary>The API name of a state.</summary>
    public static string Name(this MeetingState state) => Names[state];

    /// <summary>Reads a state by its API name, ignoring case.</summary>
    public static bool TryParse(string? text, out MeetingState state) => Names.TryParse(text?.Trim(), out state);

    /// <summary>What is said of a state that is not one.</summary>
    public static string Unknown(string? text) => $"\"{text}\": use {string.Join(", ", Enum.GetValues<MeetingState>().Select(k => k.Name()))}";
}
