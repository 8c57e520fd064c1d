using Cussp.Agreements;
using Cussp.Api;
using Cussp.Authorization;
using Cussp.Identity;
using Cussp.Obligations;
using Cussp.Time;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Features.Obligations;

/// <summary>
/// The obligations clock under <c>/api/v1/obligations</c> and the meetings that meet its duties under <c>/api/v1/meetings</c>.
/// Meetings are marked records: every read goes through <see cref="AccessPolicy"/> inside the query, one the caller may not read
/// answers 404 exactly like one that does not exist, and each duty's status counts only the meetings the caller may read. Every
/// instant is given in UTC and in Kyiv and Ottawa time; every date of a duty is Kyiv's.
/// </summary>
internal static class ObligationsApi
{
    internal sealed record TimesDto(string Utc, string Kyiv, string Ottawa)
    {
        private static readonly OffsetDateTimePattern Local = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<+HH:mm>");

        public static TimesDto Of(Instant at) => new(InstantPattern.General.Format(at), Local.Format(at.InZone(Zones.Kyiv).ToOffsetDateTime()),
            Local.Format(at.InZone(Zones.Ottawa).ToOffsetDateTime()));
    }

    internal sealed record HeldDto(Guid Id, string Title, string HeldOn, TimesDto StartsAt)
    {
        public static HeldDto From(HeldMeeting h) => new(h.Id, h.Title, LocalDatePattern.Iso.Format(h.HeldOn), TimesDto.Of(h.StartsAt));
    }

    internal sealed record OccurrenceDto(int Year, string Opens, string Due, string Status, int Required, int HeldCount, bool Late, HeldDto[] Held,
        HeldDto[] Scheduled)
    {
        public static OccurrenceDto From(Occurrence o) => new(o.Year, LocalDatePattern.Iso.Format(o.Opens), LocalDatePattern.Iso.Format(o.Due),
            o.Status.Name(), o.Required, o.Held.Count, o.Late, [.. o.Held.Select(HeldDto.From)], [.. o.Scheduled.Select(HeldDto.From)]);
    }

    internal sealed record DutyDto(string Key, string Citation, string Kind, string? MeetingKind, int PerPeriod, string Actor, TimeRuleDto Rule,
        OccurrenceDto? Next, OccurrenceDto[] Occurrences)
    {
        public static DutyDto From(DutySchedule s) => new(s.Duty.Key, s.Duty.Citation, s.Duty.Kind.Name(), s.Duty.MeetingKind?.Name(), s.Duty.PerPeriod,
            s.Duty.Actor.Name(), TimeRuleDto.From(s.Duty.Rule), s.Next is { } n ? OccurrenceDto.From(n) : null, [.. s.Occurrences.Select(OccurrenceDto.From)]);
    }

    internal sealed record ObligationsDto(string Agreement, string Today, string Zone, int? Year, DutyDto[] Duties)
    {
        public static ObligationsDto From(ObligationsReport r) => new(r.AgreementId, LocalDatePattern.Iso.Format(r.Today), Zones.Kyiv.Id, r.Year,
            [.. r.Duties.Select(DutyDto.From)]);
    }

    internal sealed record MeetingDto(Guid Id, string Agreement, string Kind, string? Citation, string Title, string State, TimesDto StartsAt, string Place,
        string Classification, string Releasability, string Area, string Marking, string Originator, string RecordedBy, string RecordedAt, int Version,
        AgendaItemDto[] Agenda, AttendeeDto[] Attendees, string? Minutes, string[] Decisions, ActionItemDto[] Actions, string? MinutesBy, string? MinutesAt,
        string? CancelledAt, string? CancelledBy, string? CancelReason)
    {
        public static MeetingDto From(MeetingRecord m, Instant now)
        {
            var entries = m.Entries.OrderBy(e => e.Ordinal).ToList();
            return new(m.Id, m.AgreementId, m.Kind.Name(), m.Citation, m.Title, m.StateAt(now).Name(), TimesDto.Of(m.StartsAt), m.Place,
                m.Classification.Label(), m.Releasability.Label(), m.Area, Cussp.Identity.Marking.Of(m).ToString(), m.Originator.ToString(), m.RecordedBy,
                InstantPattern.General.Format(m.RecordedAt), m.Version,
                [.. entries.Where(e => e.Kind == MeetingEntryKind.Agenda).Select(e => new AgendaItemDto(e.Text, e.Citation, e.CommitmentId))],
                [.. entries.Where(e => e.Kind == MeetingEntryKind.Attendee).Select(e => new AttendeeDto(e.Text, SideName(e.Side)))],
                m.Minutes,
                [.. entries.Where(e => e.Kind == MeetingEntryKind.Decision).Select(e => e.Text)],
                [.. entries.Where(e => e.Kind == MeetingEntryKind.Action).Select(e => new ActionItemDto(e.Id, e.Text, e.Owner,
                    e.DueOn is { } due ? LocalDatePattern.Iso.Format(due) : null, e.DoneAt is { } done ? InstantPattern.General.Format(done) : null, e.DoneBy))],
                m.MinutesBy, m.MinutesAt is { } at ? InstantPattern.General.Format(at) : null,
                m.CancelledAt is { } off ? InstantPattern.General.Format(off) : null, m.CancelledBy, m.CancelReason);
        }
    }

    internal sealed record AgendaItemDto(string? Text, string? Citation, Guid? Commitment);

    internal sealed record AttendeeDto(string? Name, string? Side);

    internal sealed record ActionItemDto(Guid Id, string? Text, string? Owner, string? Due, string? DoneAt, string? DoneBy);

    internal sealed record ActionRequest(string? Text, string? Owner, string? Due);

    internal sealed record MinutesRequest(AgendaItemDto[]? Agenda, AttendeeDto[]? Attendees, string? Minutes, string[]? Decisions, ActionRequest[]? Actions);

    /// <summary>Reads an attendee's side: canada, ukraine, or other (or nothing) for neither.</summary>
    internal static bool TryParseSide(string? text, out Participant? side)
    {
        (var ok, side) = text?.Trim().ToLowerInvariant() switch
        {
            "canada" => (true, Participant.Canada),
            "ukraine" => (true, Participant.Ukraine),
            "other" or null or "" => (true, (Participant?)null),
            _ => (false, null),
        };
        return ok;
    }

    internal static string SideName(Participant? side) => side switch
    {
        Participant.Canada => "canada",
        Participant.Ukraine => "ukraine",
        _ => "other",
    };

    internal sealed record MeetingPage(MeetingDto[] Items, int Total, int Page, int PageSize);

    internal sealed record MeetingRequest(string? Agreement, string? Kind, string? Title, string? StartsAt, string? Place, string? Classification,
        string? Releasability, string? Area, string? Citation);

    public static IEndpointRouteBuilder MapObligationsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/v1/obligations").WithTags("Obligations").RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized)
            .MapGet("/", List).WithName("ListObligationStatus")
            .WithSummary("Every duty of the agreement with its occurrences (of ?year= when given), each due, met, overdue, missed or upcoming by the meetings the caller may read, and the next one.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        var meetings = endpoints.MapGroup("/api/v1/meetings").WithTags("Obligations").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        meetings.MapGet("/", ListMeetings).WithName("ListMeetings")
            .WithSummary("The meetings the caller may read, latest first; ?kind=, ?state=scheduled|held|cancelled.")
            .ProducesValidationProblem();
        meetings.MapPost("/", Record).WithName("RecordMeeting")
            .WithSummary("Records a meeting held: its kind names the duty it meets; its ETag is its version.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        meetings.MapGet("/{id:guid}", GetMeeting).WithName("GetMeeting").WithSummary("One meeting with its record; its ETag is its version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        meetings.MapPost("/{id:guid}/minutes", WriteMinutes).WithName("WriteMeetingMinutes")
            .WithSummary("Writes the meeting's record in place of the last one, with If-Match: agenda items (each with the provision or commitment it is about), attendees (canada, ukraine or other), minutes, decisions and action items (owner and due day).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        meetings.MapPost("/{id:guid}/schedule", Reschedule).WithName("RescheduleMeeting")
            .WithSummary("Moves a meeting that stands to another time (startsAt, with its offset) or place, with If-Match; a held one whose time was recorded wrongly too.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        meetings.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelMeeting")
            .WithSummary("Calls off a meeting that has not begun, with the reason, with If-Match; it stays on record as cancelled and meets no duty.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        meetings.MapPost("/{id:guid}/actions/{actionId:guid}/done", CompleteAction).WithName("CompleteMeetingAction")
            .WithSummary("Marks an action of the meeting done, with If-Match.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        endpoints.MapGet("/api/v1/agreements/{id}/standing", Standing).WithTags("Obligations").WithName("GetAgreementStanding")
            .WithSummary("The agreement's states today (in effect, under review, amended, termination notified, terminated, expired), the day it ends and the steps recorded in its life.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapPost("/api/v1/agreements/{id}/lifecycle/events", RecordEvent).WithTags("Obligations").RequireAuthorization().WithName("RecordLifecycleEvent")
            .WithSummary("Records a step in the agreement's life (approvers): a notice of termination received, Ukraine's membership of NATO, the decision on the future status, a review opened or closed.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/api/v1/calendar.ics", Calendar).WithTags("Obligations").RequireAuthorization().WithName("GetCalendar")
            .WithSummary("The caller's calendar (RFC 5545, VTIMEZONE for Europe/Kyiv and America/Toronto): the meetings they may read, the dates still to meet and the open consultations; ?duty=KEY for one duty's.")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar").ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    internal sealed record LifecycleEventDto(Guid Id, string Kind, string OccurredOn, string? By, string Note, string RecordedBy, string RecordedAt)
    {
        public static LifecycleEventDto From(LifecycleEventRecord e) => new(e.Id, e.Kind.Name(), LocalDatePattern.Iso.Format(e.OccurredOn),
            e.By?.ToString(), e.Note, e.RecordedBy, InstantPattern.General.Format(e.RecordedAt));
    }

    internal sealed record StandingDto(string Agreement, string On, string State, string[] States, string? Ends, LifecycleEventDto[] Events);

    internal sealed record LifecycleEventRequest(string? Kind, string? OccurredOn, string? By, string? Note);

    internal static async Task<Ok<StandingDto>> Standing(string id, CurrentSubject current, AgreementLifecycle lifecycle, CancellationToken ct)
    {
        var s = await lifecycle.StandingAsync(await current.GetAsync(ct), id, ct);
        return TypedResults.Ok(new StandingDto(s.AgreementId, LocalDatePattern.Iso.Format(s.On), s.States.Count > 0 ? s.States[0].Name() : "not-in-effect",
            [.. s.States.Select(x => x.Name())], s.Ends is { } e ? LocalDatePattern.Iso.Format(e) : null, [.. s.Events.Select(LifecycleEventDto.From)]));
    }

    internal static async Task<Created<LifecycleEventDto>> RecordEvent(string id, LifecycleEventRequest request, CurrentSubject current,
        AgreementLifecycle lifecycle, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!LifecycleNames.TryParse(request.Kind, out var kind))
        {
            errors["kind"] = [LifecycleNames.Unknown(request.Kind)];
        }
        var on = LocalDatePattern.Iso.Parse(request.OccurredOn?.Trim() ?? "");
        if (!on.Success)
        {
            errors["occurredOn"] = [$"\"{request.OccurredOn}\": give a day such as 2026-08-31"];
        }
        Participant? by = null;
        if (!string.IsNullOrWhiteSpace(request.By))
        {
            if (request.By.Trim().All(char.IsLetter) && Enum.TryParse<Participant>(request.By.Trim(), ignoreCase: true, out var p))
            {
                by = p;
            }
            else
            {
                errors["by"] = [$"\"{request.By}\": use canada or ukraine"];
            }
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot record steps in the agreement's life.");
        var e = await lifecycle.RecordAsync(subject, id, new LifecycleEventInput(kind, on.Value, by, request.Note), ct);
        return TypedResults.Created($"/api/v1/agreements/{e.AgreementId}/standing", LifecycleEventDto.From(e));
    }

    internal static async Task<FileContentHttpResult> Calendar(CurrentSubject current, ObligationClock clock, IClock now,
        Microsoft.Extensions.Localization.IStringLocalizer<ObligationText> text, CancellationToken ct, [FromQuery] string? agreement = null,
        [FromQuery] string? duty = null)
    {
        var key = string.IsNullOrWhiteSpace(duty) ? null : duty.Trim();
        var (report, shown) = await clock.CalendarAsync(await current.GetAsync(ct), agreement ?? AgreementRegister.CusspId, key, ct);
        var name = key is null ? "cussp" : "cussp-" + key.Replace('/', '-');
        var body = System.Text.Encoding.UTF8.GetBytes(CalendarFeed.Write(shown, report, now.GetCurrentInstant(), text.Duty));
        return TypedResults.File(body, "text/calendar; charset=utf-8", name + ".ics");
    }

    internal static async Task<Ok<ObligationsDto>> List(CurrentSubject current, ObligationClock clock, CancellationToken ct,
        [FromQuery] string? agreement = null, [FromQuery] string? year = null)
    {
        var y = ParseYear(year);
        var report = await clock.ReportAsync(await current.GetAsync(ct), agreement ?? AgreementRegister.CusspId, y, ct);
        return TypedResults.Ok(ObligationsDto.From(report));
    }

    /// <summary>Reads a year from 1900 to 2200, or none; says what is wrong otherwise.</summary>
    internal static int? ParseYear(string? year)
    {
        if (string.IsNullOrWhiteSpace(year))
        {
            return null;
        }
        return TryReadYear(year, out var y) ? y : throw new InvalidInputException("year", $"\"{year}\": give a year such as 2025");
    }

    /// <summary>Reads a year from 1900 to 2200, written in digits alone.</summary>
    internal static bool TryReadYear(string? text, out int year) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out year) && year is >= 1900 and <= 2200;

    internal static async Task<Ok<MeetingPage>> ListMeetings(CurrentSubject current, Meetings meetings, IClock clock, CancellationToken ct,
        [FromQuery] string? agreement = null, [FromQuery] string? kind = null, [FromQuery] string? state = null, [FromQuery] int page = 1,
        [FromQuery] int pageSize = 50)
    {
        var errors = new Dictionary<string, string[]>();
        MeetingKind? wanted = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (MeetingKinds.TryParse(kind, out var k))
            {
                wanted = k;
            }
            else
            {
                errors["kind"] = [MeetingKinds.Unknown(kind)];
            }
        }
        MeetingState? only = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (MeetingStates.TryParse(state, out var st))
            {
                only = st;
            }
            else
            {
                errors["state"] = [MeetingStates.Unknown(state)];
            }
        }
        if (page < 1 || pageSize < 1 || pageSize > Meetings.MaxPageSize)
        {
            errors["page"] = [$"page from 1, pageSize from 1 to {Meetings.MaxPageSize}"];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var (items, total) = await meetings.ListAsync(await current.GetAsync(ct), agreement ?? AgreementRegister.CusspId, wanted, only, page, pageSize, ct);
        return TypedResults.Ok(new MeetingPage([.. items.Select(m => MeetingDto.From(m, clock.GetCurrentInstant()))], total, page, pageSize));
    }

    internal static async Task<Ok<MeetingDto>> GetMeeting(Guid id, CurrentSubject current, Meetings meetings, IClock clock, HttpResponse response, CancellationToken ct)
    {
        var m = await meetings.GetAsync(await current.GetAsync(ct), id, ct) ?? throw Meetings.NotFound(id);
        response.SetETag(m.Version);
        return TypedResults.Ok(MeetingDto.From(m, clock.GetCurrentInstant()));
    }

    internal static async Task<Ok<MeetingDto>> WriteMinutes(Guid id, MinutesRequest request, CurrentSubject current, Meetings meetings, IClock clock, HttpRequest http,
        CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        var errors = new Dictionary<string, string[]>();
        var attendees = new List<AttendeeInput>();
        foreach (var (a, i) in (request.Attendees ?? []).Select((a, i) => (a, i)))
        {
            if (!TryParseSide(a?.Side, out var side))
            {
                errors[$"attendees[{i}].side"] = [$"\"{a?.Side}\": use canada, ukraine or other"];
                continue;
            }
            attendees.Add(new AttendeeInput(a?.Name, side));
        }
        var actions = new List<ActionItemInput>();
        foreach (var (a, i) in (request.Actions ?? []).Select((a, i) => (a, i)))
        {
            LocalDate? due = null;
            if (!string.IsNullOrWhiteSpace(a?.Due))
            {
                var parsed = LocalDatePattern.Iso.Parse(a.Due.Trim());
                if (!parsed.Success)
                {
                    errors[$"actions[{i}].due"] = [$"\"{a.Due}\" is not a day; write it as YYYY-MM-DD."];
                    continue;
                }
                due = parsed.Value;
            }
            actions.Add(new ActionItemInput(a?.Text, a?.Owner, due));
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot write the record of a meeting.");
        var m = await meetings.WriteMinutesAsync(subject, id, new MeetingMinutesInput(
            [.. (request.Agenda ?? []).Select(a => new AgendaItemInput(a?.Text, a?.Citation, a?.Commitment))], attendees, request.Minutes,
            [.. request.Decisions ?? []], actions), version, ct);
        http.HttpContext.Response.SetETag(m.Version);
        return TypedResults.Ok(MeetingDto.From(m, clock.GetCurrentInstant()));
    }

    internal static async Task<Ok<MeetingDto>> CompleteAction(Guid id, Guid actionId, CurrentSubject current, Meetings meetings, IClock clock, HttpRequest http,
        CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot mark actions done.");
        var m = await meetings.CompleteActionAsync(subject, id, actionId, version, ct);
        http.HttpContext.Response.SetETag(m.Version);
        return TypedResults.Ok(MeetingDto.From(m, clock.GetCurrentInstant()));
    }

    internal static async Task<Created<MeetingDto>> Record(MeetingRequest request, CurrentSubject current, Meetings meetings, IClock clock, HttpResponse response,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!MeetingKinds.TryParse(request.Kind, out var kind))
        {
            errors["kind"] = [MeetingKinds.Unknown(request.Kind)];
        }
        if (!TryParseInstant(request.StartsAt, out var startsAt))
        {
            errors["startsAt"] = [$"\"{request.StartsAt}\": give the instant it began with its offset, such as 2025-03-14T10:00:00Z or 2025-03-14T12:00:00+02:00"];
        }
        if (!MarkingLabels.TryParseClassification(request.Classification, out var classification))
        {
            errors["classification"] = [$"\"{request.Classification}\": use UNCLASSIFIED, PROTECTED A, PROTECTED B, CONFIDENTIAL or SECRET"];
        }
        var releasability = Releasability.RelCanUkr;
        if (request.Releasability is not null && !MarkingLabels.TryParseReleasability(request.Releasability, out releasability))
        {
            errors["releasability"] = [$"\"{request.Releasability}\": use REL CAN UKR, CAN EYES ONLY or UKR EYES ONLY"];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot record meetings.");
        var m = await meetings.RecordAsync(subject, request.Agreement ?? AgreementRegister.CusspId,
            new MeetingInput(kind, request.Title, startsAt, request.Place, classification, releasability, request.Area, request.Citation), ct);
        response.SetETag(m.Version);
        return TypedResults.Created($"/api/v1/meetings/{m.Id}", MeetingDto.From(m, clock.GetCurrentInstant()));
    }

    internal sealed record ScheduleRequest(string? StartsAt, string? Place);

    internal sealed record CancelRequest(string? Reason);

    internal static async Task<Ok<MeetingDto>> Reschedule(Guid id, ScheduleRequest request, CurrentSubject current, Meetings meetings, IClock clock,
        HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        if (!TryParseInstant(request.StartsAt, out var startsAt))
        {
            throw new InvalidInputException("startsAt",
                $"\"{request.StartsAt}\": give the instant it begins with its offset, such as 2025-03-14T10:00:00Z or 2025-03-14T12:00:00+02:00");
        }
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot move meetings.");
        var m = await meetings.RescheduleAsync(subject, id, startsAt, request.Place, version, ct);
        http.HttpContext.Response.SetETag(m.Version);
        return TypedResults.Ok(MeetingDto.From(m, clock.GetCurrentInstant()));
    }

    internal static async Task<Ok<MeetingDto>> Cancel(Guid id, CancelRequest request, CurrentSubject current, Meetings meetings, IClock clock,
        HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot call meetings off.");
        var m = await meetings.CancelAsync(subject, id, request.Reason, version, ct);
        http.HttpContext.Response.SetETag(m.Version);
        return TypedResults.Ok(MeetingDto.From(m, clock.GetCurrentInstant()));
    }

    /// <summary>Reads an instant written with its offset (Z or ±hh:mm).</summary>
    internal static bool TryParseInstant(string? text, out Instant instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var parsed = OffsetDateTimePattern.ExtendedIso.Parse(text.Trim());
        if (parsed.Success)
        {
            instant = parsed.Value.ToInstant();
            return true;
        }
        return false;
    }
}
