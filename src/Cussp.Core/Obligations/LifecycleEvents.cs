using System.Globalization;
using Cussp.Agreements;
using Cussp.Decisions;
using Cussp.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Obligations;

/// <summary>A step in an agreement's life that someone records: the facts its words turn on.</summary>
public enum LifecycleEventKind
{
    /// <summary>A participant's written notice of termination was received (VIII.D.1): the agreement ends six months later.</summary>
    TerminationNotice,
    /// <summary>Ukraine became a member of NATO (VIII.A.3): the participants are to decide on the agreement's future status.</summary>
    NatoMembership,
    /// <summary>The participants decided on the agreement's future status (VIII.A.3).</summary>
    FutureStatusDecided,
    /// <summary>A comprehensive review began (VIII.B.1).</summary>
    ReviewOpened,
    /// <summary>The review ended.</summary>
    ReviewClosed,
}

/// <summary>Where an agreement stands on a day; more than one can hold at once (amended and under review, say).</summary>
public enum AgreementState
{
    /// <summary>Signed and neither terminated nor expired.</summary>
    InEffect,
    /// <summary>A review is open.</summary>
    UnderReview,
    /// <summary>An amendment both participants approved is in force.</summary>
    Amended,
    /// <summary>A notice of termination was received; the agreement ends six calendar months after its receipt.</summary>
    TerminationNotified,
    /// <summary>Ended by notice.</summary>
    Terminated,
    /// <summary>Its term ran out.</summary>
    Expired,
}

/// <summary>A recorded step of an agreement's life. The agreement is public, and so are these: when, what, which side, and a note.</summary>
public sealed class LifecycleEventRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>The agreement.</summary>
    public required string AgreementId { get; set; }
    /// <summary>What happened.</summary>
    public LifecycleEventKind Kind { get; set; }
    /// <summary>The day it happened, in Kyiv (for a notice, the day it was received).</summary>
    public LocalDate OccurredOn { get; set; }
    /// <summary>For a notice, the participant that gave it.</summary>
    public Participant? By { get; set; }
    /// <summary>What the recorder says of it.</summary>
    public required string Note { get; set; }
    /// <summary>Who recorded it.</summary>
    public required string RecordedBy { get; set; }
    /// <summary>When.</summary>
    public Instant RecordedAt { get; set; }
}

/// <summary>How lifecycle events are stored.</summary>
public sealed class LifecycleEventConfiguration : IEntityTypeConfiguration<LifecycleEventRecord>
{
    /// <summary>Longest note.</summary>
    public const int MaxNote = 2000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<LifecycleEventRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("lifecycle_events");
        builder.Property(e => e.AgreementId).HasMaxLength(AgreementConfiguration.MaxId);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Note).HasMaxLength(MaxNote);
        builder.Property(e => e.RecordedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.HasIndex(e => new { e.AgreementId, e.OccurredOn });
    }
}

/// <summary>What someone recording a step sends.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="OccurredOn">The day, in Kyiv.</param>
/// <param name="By">For a notice, the side that gave it.</param>
/// <param name="Note">A note, at most <see cref="LifecycleEventConfiguration.MaxNote"/> characters.</param>
public sealed record LifecycleEventInput(LifecycleEventKind Kind, LocalDate OccurredOn, Participant? By, string? Note);

/// <summary>An agreement's standing on a day: its states, the dates of its life, and the steps recorded.</summary>
/// <param name="AgreementId">The agreement.</param>
/// <param name="On">The day, in Kyiv.</param>
/// <param name="States">Every state that holds, the first the one to name it by.</param>
/// <param name="Ends">The day it ends (by notice or by expiry), the first day it is no longer in effect.</param>
/// <param name="Events">The steps recorded, oldest first.</param>
public sealed record AgreementStanding(string AgreementId, LocalDate On, IReadOnlyList<AgreementState> States, LocalDate? Ends,
    IReadOnlyList<LifecycleEventRecord> Events);

/// <summary>The API names of lifecycle events and states.</summary>
public static class LifecycleNames
{
    private static readonly EnumNames<LifecycleEventKind> Kinds = new(name => name.ToUpperInvariant(),
        (LifecycleEventKind.TerminationNotice, "termination-notice"), (LifecycleEventKind.NatoMembership, "nato-membership"),
        (LifecycleEventKind.FutureStatusDecided, "future-status-decided"), (LifecycleEventKind.ReviewOpened, "review-opened"),
        (LifecycleEventKind.ReviewClosed, "review-closed"));

    private static readonly EnumNames<AgreementState> States = new(name => name.ToUpperInvariant(),
        (AgreementState.InEffect, "in-effect"), (AgreementState.UnderReview, "under-review"), (AgreementState.Amended, "amended"),
        (AgreementState.TerminationNotified, "termination-notified"), (AgreementState.Terminated, "terminated"), (AgreementState.Expired, "expired"));

    /// <summary>The API name of an event kind.</summary>
    public static string Name(this LifecycleEventKind kind) => Kinds[kind];

    /// <summary>The API name of a state.</summary>
    public static string Name(this AgreementState state) => States[state];

    /// <summary>Reads an event kind by its API name.</summary>
    public static bool TryParse(string? text, out LifecycleEventKind kind) => Kinds.TryParse(text?.Trim(), out kind);

    /// <summary>What is said of a kind that is not one.</summary>
    public static string Unknown(string? text) => $"\"{text}\": use {string.Join(", ", Enum.GetValues<LifecycleEventKind>().Select(k => k.Name()))}";
}

/// <summary>
/// The agreement's lifecycle: its states on a day from its dates (signature, expiry), the steps recorded (a notice of termination,
/// Ukraine's membership of NATO and the decision it calls for, reviews) and the amendments approved by both sides that the reader may
/// read. Approvers record steps, each written to the audit log; anyone reads the standing.
/// </summary>
public sealed class AgreementLifecycle(CusspDbContext db, IClock clock, AuditTrail audit, AgreementRegister register)
{
    /// <summary>The record type of lifecycle entries in the audit log.</summary>
    public const string RecordType = "LifecycleEvent";

    /// <summary>The steps recorded for <paramref name="agreementId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<LifecycleEventRecord>> EventsAsync(string agreementId, CancellationToken ct = default) =>
        await db.LifecycleEvents.AsNoTracking().Where(e => e.AgreementId == agreementId).OrderBy(e => e.OccurredOn).ThenBy(e => e.RecordedAt).ToListAsync(ct);

    /// <summary>The standing of <paramref name="agreementId"/> today in Kyiv, counting the approved amendments <paramref name="subject"/> may read.</summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    public async Task<AgreementStanding> StandingAsync(AccessSubject? subject, string agreementId, CancellationToken ct = default)
    {
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var events = await EventsAsync(snapshot.Agreement.Id, ct);
        var today = clock.GetCurrentInstant().InZone(Time.Zones.Kyiv).Date;
        var amended = snapshot.Version.Number > 1 || snapshot.Agreement.Id == AgreementRegister.CusspId && await db.JointDecisions.AsNoTracking()
            .Where(AccessPolicy.Readable<JointDecisionRecord>(subject))
            .AnyAsync(d => d.Kind == DecisionKind.Amendment && d.State == DecisionState.Approved, ct);
        return Standing(snapshot, events, amended, today);
    }

    /// <summary>The states of the agreement in <paramref name="snapshot"/> on <paramref name="today"/>.</summary>
    public static AgreementStanding Standing(RegisterSnapshot snapshot, IReadOnlyList<LifecycleEventRecord> events, bool amended, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(events);
        var notice = events.Where(e => e.Kind == LifecycleEventKind.TerminationNotice).OrderBy(e => e.OccurredOn).FirstOrDefault();
        var dates = Lifecycle.For(snapshot, notice?.OccurredOn);
        var expiry = dates.FirstOrDefault(d => d.Key == "expiry")?.Date;
        var terminates = dates.FirstOrDefault(d => d.Key == "termination")?.Date;
        var ends = terminates is { } t && (expiry is null || t < expiry) ? terminates : expiry;
        var states = new List<AgreementState>();
        if (terminates is { } end && today >= end && (expiry is null || end <= expiry))
        {
            states.Add(AgreementState.Terminated);
        }
        else if (expiry is { } e && today >= e)
        {
            states.Add(AgreementState.Expired);
        }
        else if (snapshot.Agreement.SignedOn is { } signed && today >= signed)
        {
            states.Add(AgreementState.InEffect);
            if (notice is not null && notice.OccurredOn <= today)
            {
                states.Add(AgreementState.TerminationNotified);
            }
            var opened = events.LastOrDefault(x => x.Kind == LifecycleEventKind.ReviewOpened && x.OccurredOn <= today);
            if (opened is not null && !events.Any(x => x.Kind == LifecycleEventKind.ReviewClosed && x.OccurredOn >= opened.OccurredOn && x.OccurredOn <= today))
            {
                states.Add(AgreementState.UnderReview);
            }
            if (amended)
            {
                states.Add(AgreementState.Amended);
            }
        }
        return new AgreementStanding(snapshot.Agreement.Id, today, states, ends, events);
    }

    /// <summary>Records a step; approvers only.</summary>
    /// <exception cref="RefusedException">The subject is not an approver.</exception>
    /// <exception cref="InvalidInputException">The step breaks a rule (a day outside the agreement's life, a second notice …).</exception>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    public async Task<LifecycleEventRecord> RecordAsync(AccessSubject subject, string agreementId, LifecycleEventInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        if (!Permissions.CanVote(subject))
        {
            throw new RefusedException("Only an authorised approver records a step in the agreement's life.");
        }
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var events = await EventsAsync(snapshot.Agreement.Id, ct);
        var today = clock.GetCurrentInstant().InZone(Time.Zones.Kyiv).Date;
        var errors = new Dictionary<string, string[]>();
        var signed = snapshot.Agreement.SignedOn;
        var expiry = Lifecycle.For(snapshot, null).FirstOrDefault(d => d.Key == "expiry")?.Date;
        if (!Enum.IsDefined(input.Kind))
        {
            errors["kind"] = [LifecycleNames.Unknown(input.Kind.ToString())];
        }
        if (signed is { } s && input.OccurredOn < s || input.OccurredOn > today || expiry is { } e && input.OccurredOn >= e)
        {
            errors["occurredOn"] = [string.Create(CultureInfo.InvariantCulture,
                $"{input.OccurredOn:uuuu-MM-dd}: a step is recorded once it happened, within the agreement's life ({signed:uuuu-MM-dd} to {expiry:uuuu-MM-dd}), not after today ({today:uuuu-MM-dd}).")];
        }
        switch (input.Kind)
        {
            case LifecycleEventKind.TerminationNotice when events.Any(x => x.Kind == LifecycleEventKind.TerminationNotice):
                errors["kind"] = ["A notice of termination is already recorded; the agreement ends six months after the first."];
                break;
            case LifecycleEventKind.TerminationNotice when input.By is not (Participant.Canada or Participant.Ukraine):
                errors["by"] = ["Say which participant gave the notice: canada or ukraine."];
                break;
            case LifecycleEventKind.NatoMembership when events.Any(x => x.Kind == LifecycleEventKind.NatoMembership):
                errors["kind"] = ["Ukraine's membership of NATO is already recorded."];
                break;
            case LifecycleEventKind.FutureStatusDecided when !events.Any(x => x.Kind == LifecycleEventKind.NatoMembership && x.OccurredOn <= input.OccurredOn):
                errors["kind"] = ["The decision on the future status follows Ukraine's membership of NATO (VIII.A.3): record the membership first."];
                break;
            case LifecycleEventKind.ReviewClosed when events.LastOrDefault(x => x.Kind is LifecycleEventKind.ReviewOpened or LifecycleEventKind.ReviewClosed)?.Kind
                != LifecycleEventKind.ReviewOpened:
                errors["kind"] = ["No review is open to close."];
                break;
            case LifecycleEventKind.ReviewOpened when events.LastOrDefault(x => x.Kind is LifecycleEventKind.ReviewOpened or LifecycleEventKind.ReviewClosed)?.Kind
                == LifecycleEventKind.ReviewOpened:
                errors["kind"] = ["A review is already open."];
                break;
            default:
                break;
        }
        var note = TextInput.Normalise(input.Note ?? "")!.Trim();
        if (note.Length > LifecycleEventConfiguration.MaxNote)
        {
            errors["note"] = [string.Create(CultureInfo.InvariantCulture, $"The note has {note.Length:N0} characters; at most {LifecycleEventConfiguration.MaxNote:N0} are allowed.")];
        }
        TextInput.Check(errors, "note", input.Note, TextShape.MultiLine);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var record = new LifecycleEventRecord
        {
            Id = Guid.NewGuid(),
            AgreementId = snapshot.Agreement.Id,
            Kind = input.Kind,
            OccurredOn = input.OccurredOn,
            By = input.Kind == LifecycleEventKind.TerminationNotice ? input.By : input.Kind == LifecycleEventKind.NatoMembership ? Participant.Ukraine : null,
            Note = note,
            RecordedBy = subject.Name,
            RecordedAt = clock.GetCurrentInstant(),
        };
        db.LifecycleEvents.Add(record);
        audit.Changed("lifecycle.record", RecordType, record.Id.ToString(), null, new
        {
            agreement = record.AgreementId,
            kind = record.Kind.Name(),
            occurredOn = record.OccurredOn.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
            by = record.By?.ToString(),
            note = record.Note,
        });
        await db.SaveChangesAsync(ct);
        return record;
    }
}
