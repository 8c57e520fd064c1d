using Cussp.Agreements;
using Cussp.Identity;
using Cussp.Time;

namespace Cussp.Obligations;

/// <summary>How a duty falls due.</summary>
public enum DutyKind
{
    /// <summary>Once in every period of the term (an annual meeting): an occurrence per calendar year.</summary>
    Recurring,
    /// <summary>Once, by a date counted from signature (the comprehensive review within three years).</summary>
    Deadline,
    /// <summary>Each time either participant asks (a consultation within 24 hours of a request).</summary>
    OnRequest,
    /// <summary>When a written notice is received (termination six months later).</summary>
    OnNotice,
    /// <summary>The end of the term (the agreement is valid for ten years).</summary>
    Expiry,
    /// <summary>Once an event recorded in the agreement's life calls for it (a decision on its future status once Ukraine joins NATO).</summary>
    OnEvent,
}

/// <summary>Where one occurrence of a duty stands on a day.</summary>
public enum OccurrenceStatus
{
    /// <summary>Its period has not begun.</summary>
    Upcoming,
    /// <summary>Its period is running and it is not met yet.</summary>
    Due,
    /// <summary>The meetings that meet it were held.</summary>
    Met,
    /// <summary>Its date has passed unmet, and it can still be met late.</summary>
    Overdue,
    /// <summary>Its period ended unmet: it can no longer be met.</summary>
    Missed,
    /// <summary>A date that is no duty to meet (the end of the term) has come.</summary>
    Passed,
}

/// <summary>A time-bound duty of an agreement.</summary>
/// <param name="Key">Its id: the citation and what meets it, such as <c>II.1.i/leaders-meeting</c>.</param>
/// <param name="Citation">The provision whose words state it.</param>
/// <param name="Kind">How it falls due.</param>
/// <param name="MeetingKind">The kind of meeting that meets it; null for a duty no meeting meets.</param>
/// <param name="PerPeriod">How many such meetings each occurrence needs.</param>
/// <param name="Rule">The time rule read from the words.</param>
/// <param name="Actor">Who owes it.</param>
public sealed record Duty(string Key, string Citation, DutyKind Kind, MeetingKind? MeetingKind, int PerPeriod, TimeRule Rule, Actor Actor);

/// <summary>A meeting counted towards an occurrence.</summary>
public sealed record HeldMeeting(Guid Id, string Title, Instant StartsAt, LocalDate HeldOn);

/// <summary>One occurrence of a duty.</summary>
/// <param name="Year">The calendar year it belongs to (for a dated duty, the year of its date).</param>
/// <param name="Opens">The first day it can be met, in Kyiv.</param>
/// <param name="Due">The last day it is met on time, in Kyiv.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Required">How many meetings it needs.</param>
/// <param name="Held">The meetings that count towards it, that the reader may read.</param>
/// <param name="Late">Met, but after its date.</param>
/// <param name="Request">For a duty on request, the request that started it.</param>
/// <param name="Scheduled">The meetings of its kind scheduled within it that have not begun, that the reader may read.</param>
public sealed record Occurrence(int Year, LocalDate Opens, LocalDate Due, OccurrenceStatus Status, int Required, IReadOnlyList<HeldMeeting> Held, bool Late,
    RequestRef? Request = null, IReadOnlyList<HeldMeeting>? Scheduled = null)
{
    /// <summary>The meetings scheduled within it that have not begun; none when not given.</summary>
    public IReadOnlyList<HeldMeeting> Scheduled { get; init; } = Scheduled ?? [];
}

/// <summary>The request an occurrence of a duty on request answers: filed at <paramref name="RequestedAt"/>, to be met by <paramref name="DueAt"/>.</summary>
public sealed record RequestRef(Guid Id, ConsultationGround Ground, string Citation, Participant From, Instant RequestedAt, Instant DueAt);

/// <summary>A duty with its occurrences (of one year when asked so) and the next one still to be met.</summary>
public sealed record DutySchedule(Duty Duty, IReadOnlyList<Occurrence> Occurrences, Occurrence? Next);

/// <summary>The obligations of an agreement on a day, as the meetings a reader may read show them.</summary>
/// <param name="AgreementId">The agreement.</param>
/// <param name="Today">The day, in Kyiv.</param>
/// <param name="Year">The one year asked for, if any.</param>
/// <param name="Duties">Each duty in the agreement's order.</param>
public sealed record ObligationsReport(string AgreementId, LocalDate Today, int? Year, IReadOnlyList<DutySchedule> Duties);

/// <summary>
/// The obligations clock: the agreement's duties read from its time rules, each recurring one with an occurrence per calendar
/// year of the term, each dated one with its date, and the status of each from the meetings held. Dates are Kyiv's, where the
/// agreement was signed and where its term is counted; a meeting counts on the day it began in Kyiv.
/// </summary>
public static class ObligationSchedule
{
    // The duties the CUSSP's words give to more than one kind of meeting, or to a kind a citation alone does not name.
    private static readonly Dictionary<string, (MeetingKind Kind, int PerPeriod)[]> Meetings = new(StringComparer.Ordinal)
    {
        // "hold annual meetings at the Canadian Head of Government level and the Ukrainian Head of State, and more frequent
        // meetings at the ministerial level": one leaders' meeting a year, and ministerial meetings more often than that.
        ["II.1.i"] = [(MeetingKind.LeadersMeeting, 1), (MeetingKind.MinisterialMeeting, 2)],
        ["IV.A.7.i"] = [(MeetingKind.DefencePolicyDialogue, 1)],
    };

    /// <summary>The duties of the agreement in <paramref name="snapshot"/>, in the order of its provisions.</summary>
    public static IReadOnlyList<Duty> DutiesOf(RegisterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var duties = new List<Duty>();
        foreach (var p in snapshot.Provisions)
        {
            foreach (var rule in p.TimeRules)
            {
                switch (rule.Kind, rule.Anchor)
                {
                    case (TimeRuleKind.Recurrence, _):
                        foreach (var (kind, per) in Meetings.GetValueOrDefault(p.Citation) ?? [(MeetingKind.Other, 1)])
                        {
                            duties.Add(new Duty($"{p.Citation}/{kind.Name()}", p.Citation, DutyKind.Recurring, kind, per, rule, p.Actor));
                        }
                        break;
                    case (TimeRuleKind.Deadline, TimeAnchor.Signature):
                        duties.Add(new Duty($"{p.Citation}/{MeetingKind.Review.Name()}", p.Citation, DutyKind.Deadline, MeetingKind.Review, 1, rule, p.Actor));
                        break;
                    case (TimeRuleKind.Validity, _):
                        duties.Add(new Duty($"{p.Citation}/expiry", p.Citation, DutyKind.Expiry, null, 0, rule, p.Actor));
                        break;
                    case (TimeRuleKind.Delay, _):
                        duties.Add(new Duty($"{p.Citation}/on-notice", p.Citation, DutyKind.OnNotice, null, 0, rule, p.Actor));
                        break;
                    default:
                        duties.Add(new Duty($"{p.Citation}/on-request", p.Citation, DutyKind.OnRequest, null, 0, rule, p.Actor));
                        break;
                }
            }
        }
        return duties;
    }

    /// <summary>
    /// Every duty of <paramref name="snapshot"/> with its occurrences on <paramref name="today"/> (Kyiv), met by
    /// <paramref name="meetings"/>; with <paramref name="year"/>, only that year's occurrences are listed (the next one is
    /// still the next one). Each consultation request of <paramref name="consultations"/> is an occurrence of the duty to consult
    /// within 24 hours, due or overdue at <paramref name="now"/> (the start of <paramref name="today"/> in Kyiv when not given).
    /// </summary>
    public static ObligationsReport Build(RegisterSnapshot snapshot, IEnumerable<MeetingRecord> meetings, LocalDate today, int? year = null,
        IEnumerable<ConsultationRecord>? consultations = null, Instant? now = null, IReadOnlyList<LifecycleEventRecord>? events = null)
    {
        events ??= [];
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(meetings);
        var requests = (consultations ?? []).OrderBy(c => c.RequestedAt).ThenBy(c => c.Id).ToList();
        var instant = now ?? Zones.StartOfDayInKyiv(today);
        var consulted = false;
        // A meeting scheduled for later is in the calendar but meets no duty until it has begun; one called off meets none.
        var begun = now ?? Zones.StartOfDayInKyiv(today.PlusDays(1));
        var standing = meetings.Where(m => m.CancelledAt is null).ToList();
        var held = ByDuty(standing.Where(m => m.StartsAt <= begun));
        var planned = ByDuty(standing.Where(m => m.StartsAt > begun));
        var term = TermOf(snapshot);
        var duties = new List<DutySchedule>();
        foreach (var duty in DutiesOf(snapshot))
        {
            var mine = duty.MeetingKind is { } kind ? held.GetValueOrDefault((duty.Citation, kind)) ?? [] : [];
            var later = duty.MeetingKind is { } k2 ? planned.GetValueOrDefault((duty.Citation, k2)) ?? [] : [];
            var all = duty.Kind == DutyKind.OnRequest && duty.Rule.Period.HasTimeComponent && !consulted
                ? Requested(requests, instant)
                : duty.Kind == DutyKind.OnNotice ? Noticed(duty, events, today)
                : Occurrences(duty, term, mine, later, today);
            consulted |= duty.Kind == DutyKind.OnRequest && duty.Rule.Period.HasTimeComponent;
            var next = all.FirstOrDefault(o => o.Status is OccurrenceStatus.Due or OccurrenceStatus.Overdue or OccurrenceStatus.Upcoming);
            duties.Add(new DutySchedule(duty, year is { } y ? [.. all.Where(o => o.Year == y)] : all, next));
        }
        // "In the event that Ukraine becomes a member of NATO before the expiry of this Agreement, the Participants will decide on its
        // future status" (VIII.A.3): a duty once the membership is recorded, met by the decision, due by the end of the term.
        if (events.FirstOrDefault(e => e.Kind == LifecycleEventKind.NatoMembership) is { } member && term is { } t && snapshot.Find("VIII.A.3") is { } p)
        {
            var decided = events.FirstOrDefault(e => e.Kind == LifecycleEventKind.FutureStatusDecided && e.OccurredOn >= member.OccurredOn);
            var status = decided is not null ? OccurrenceStatus.Met : today <= t.End ? OccurrenceStatus.Due : OccurrenceStatus.Overdue;
            var occurrence = new Occurrence(member.OccurredOn.Year, member.OccurredOn, t.End, status, 0, [], false);
            duties.Add(new DutySchedule(new Duty("VIII.A.3/future-status", p.Citation, DutyKind.OnEvent, null, 0,
                new TimeRule(TimeRuleKind.Deadline, TimeAnchor.None, Period.Zero, "before the expiry of this Agreement"), p.Actor),
                year is { } only && only != occurrence.Year ? [] : [occurrence], status == OccurrenceStatus.Met ? null : occurrence));
        }
        return new ObligationsReport(snapshot.Agreement.Id, today, year, duties);
    }

    private static Dictionary<(string? Citation, MeetingKind Kind), List<HeldMeeting>> ByDuty(IEnumerable<MeetingRecord> meetings) =>
        meetings.Select(m => (m.Citation, m.Kind, Meeting: new HeldMeeting(m.Id, m.Title, m.StartsAt, m.StartsAt.InZone(Zones.Kyiv).Date)))
            .GroupBy(m => (m.Citation, m.Kind))
            .ToDictionary(g => g.Key, g => g.Select(m => m.Meeting).OrderBy(m => m.StartsAt).ToList());

    /// <summary>A notice of termination recorded: the day the agreement ends, six months after its receipt, upcoming then passed.</summary>
    private static List<Occurrence> Noticed(Duty duty, IReadOnlyList<LifecycleEventRecord> events, LocalDate today)
    {
        if (events.FirstOrDefault(e => e.Kind == LifecycleEventKind.TerminationNotice) is not { } notice || duty.Rule.DueFrom(notice.OccurredOn) is not { } ends)
        {
            return [];
        }
        return [new Occurrence(ends.Year, notice.OccurredOn, ends, today < ends ? OccurrenceStatus.Upcoming : OccurrenceStatus.Passed, 0, [], false)];
    }

    /// <summary>Each request as an occurrence: met when the consultation was held (late after its deadline), else due, then overdue.</summary>
    private static List<Occurrence> Requested(List<ConsultationRecord> requests, Instant now) =>
    [
        .. requests.Select(c =>
        {
            var opened = c.RequestedAt.InZone(Zones.Kyiv).Date;
            var status = c.HeldAt is not null ? OccurrenceStatus.Met : now <= c.DueAt ? OccurrenceStatus.Due : OccurrenceStatus.Overdue;
            IReadOnlyList<HeldMeeting> held = c.HeldAt is { } at ? [new HeldMeeting(c.Id, c.Citation, at, at.InZone(Zones.Kyiv).Date)] : [];
            return new Occurrence(opened.Year, opened, c.DueAt.InZone(Zones.Kyiv).Date, status, 1, held, c.HeldAt > c.DueAt,
                new RequestRef(c.Id, c.Ground, c.Citation, c.Originator, c.RequestedAt, c.DueAt));
        }),
    ];

    /// <summary>The first and the last day of the agreement's term: from signature to the day before it expires.</summary>
    private static (LocalDate Start, LocalDate End)? TermOf(RegisterSnapshot snapshot)
    {
        if (snapshot.Agreement.SignedOn is not { } signed)
        {
            return null;
        }
        var validity = snapshot.Provisions.SelectMany(p => p.TimeRules).FirstOrDefault(r => r.Kind == TimeRuleKind.Validity && !r.Period.HasTimeComponent);
        return (signed, validity is null ? signed.PlusYears(10).PlusDays(-1) : signed.Plus(validity.Period).PlusDays(-1));
    }

    private static List<Occurrence> Occurrences(Duty duty, (LocalDate Start, LocalDate End)? term, List<HeldMeeting> held, List<HeldMeeting> planned,
        LocalDate today)
    {
        if (term is not { } t)
        {
            return [];
        }
        switch (duty.Kind)
        {
            case DutyKind.Recurring when !duty.Rule.Period.HasTimeComponent:
                var list = new List<Occurrence>();
                // Periods counted from 1 January of the year of signature; a period counts when it ends within the term (the
                // CUSSP's annual duties fall in 2024 to 2033), and the first begins on the day of signature.
                for (var start = new LocalDate(t.Start.Year, 1, 1); ; start = start.Plus(duty.Rule.Period))
                {
                    var end = start.Plus(duty.Rule.Period).PlusDays(-1);
                    if (end > t.End || end < start)
                    {
                        break;
                    }
                    var opens = start < t.Start ? t.Start : start;
                    var counted = held.Where(m => m.HeldOn >= opens && m.HeldOn <= end).ToList();
                    var met = counted.Count >= duty.PerPeriod;
                    var status = met ? OccurrenceStatus.Met
                        : today < opens ? OccurrenceStatus.Upcoming
                        : today <= end ? OccurrenceStatus.Due
                        : OccurrenceStatus.Missed;
                    list.Add(new Occurrence(start.Year, opens, end, status, duty.PerPeriod, counted, false,
                        Scheduled: [.. planned.Where(m => m.HeldOn >= opens && m.HeldOn <= end)]));
                }
                return list;
            case DutyKind.Deadline when duty.Rule.DueFrom(t.Start) is { } due:
                var first = held.FirstOrDefault(m => m.HeldOn >= t.Start);
                var reviewStatus = first is not null ? OccurrenceStatus.Met : today <= due ? OccurrenceStatus.Due : OccurrenceStatus.Overdue;
                return [new Occurrence(due.Year, t.Start, due, reviewStatus, 1, first is null ? [] : [first], first is not null && first.HeldOn > due,
                    Scheduled: first is null ? [.. planned.Where(m => m.HeldOn <= t.End)] : [])];
            case DutyKind.Expiry:
                var expires = t.End.PlusDays(1);
                return [new Occurrence(expires.Year, t.Start, expires, today < expires ? OccurrenceStatus.Upcoming : OccurrenceStatus.Passed, 0, [], false)];
            default:
                return [];
        }
    }
}

/// <summary>The API names of duty kinds and occurrence statuses.</summary>
public static class ObligationNames
{
    private static readonly EnumNames<DutyKind> Kinds = new(name => name.ToUpperInvariant(),
        (DutyKind.Recurring, "recurring"), (DutyKind.Deadline, "deadline"), (DutyKind.OnRequest, "on-request"), (DutyKind.OnNotice, "on-notice"),
        (DutyKind.Expiry, "expiry"), (DutyKind.OnEvent, "on-event"));

    private static readonly EnumNames<OccurrenceStatus> Statuses = new(name => name.ToUpperInvariant(),
        (OccurrenceStatus.Upcoming, "upcoming"), (OccurrenceStatus.Due, "due"), (OccurrenceStatus.Met, "met"), (OccurrenceStatus.Overdue, "overdue"),
        (OccurrenceStatus.Missed, "missed"), (OccurrenceStatus.Passed, "passed"));

    /// <summary>The API name of a duty kind.</summary>
    public static string Name(this DutyKind kind) => Kinds[kind];

    /// <summary>The API name of a status.</summary>
    public static string Name(this OccurrenceStatus status) => Statuses[status];
}
