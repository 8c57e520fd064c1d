using Cussp.Agreements;
using Cussp.Api;
using Cussp.Authorization;
using Cussp.Identity;
using Cussp.Notifications;
using Cussp.Obligations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Features.Obligations;

/// <summary>
/// Consultation requests under <c>/api/v1/consultations</c> (II.3, II.5) and each account's notices under <c>/api/v1/notifications</c>.
/// A request is a marked record: every read goes through <see cref="AccessPolicy"/> inside the query, one the caller may not read
/// answers 404 exactly like one that does not exist. Its ETag is its version; acknowledging, recording and closing a follow-up action
/// send it back in <c>If-Match</c>. Every instant is given in UTC and in Kyiv and Ottawa time.
/// </summary>
internal static class ConsultationsApi
{
    internal sealed record TaskDto(Guid Id, string Title, string Owner, string DueOn, string? DoneAt, string? DoneBy, bool Overdue);

    internal sealed record ConsultationDto(Guid Id, string Agreement, string Ground, string Citation, string State, string Summary, string Requester,
        string RequestedBy, ObligationsApi.TimesDto RequestedAt, ObligationsApi.TimesDto DueAt, long SecondsLeft, bool OnTime,
        ObligationsApi.TimesDto? AcknowledgedAt, string? AcknowledgedBy, int Escalations, ObligationsApi.TimesDto? HeldAt, string? Attendees,
        string[] Measures, string? Outcome, string? RecordedBy, TaskDto[] FollowUps, string Classification, string Releasability, string Area,
        string Marking, int Version, InvitationDto[]? Invitations = null)
    {
        public static ConsultationDto From(ConsultationRecord c, Instant now) => new(c.Id, c.AgreementId, c.Ground.Name(), c.Citation, c.State.Name(),
            c.Summary, c.Originator.ToString(), c.RequestedBy, ObligationsApi.TimesDto.Of(c.RequestedAt), ObligationsApi.TimesDto.Of(c.DueAt),
            c.HeldAt is null ? Math.Max(0, (long)(c.DueAt - now).TotalSeconds) : 0, (c.HeldAt ?? now) <= c.DueAt,
            c.AcknowledgedAt is { } a ? ObligationsApi.TimesDto.Of(a) : null, c.AcknowledgedBy, c.Escalations,
            c.HeldAt is { } h ? ObligationsApi.TimesDto.Of(h) : null, c.Attendees, c.Measures.Names(), c.Outcome, c.RecordedBy,
            [.. c.Tasks.OrderBy(t => t.DueOn).ThenBy(t => t.Title, StringComparer.Ordinal).Select(t => new TaskDto(t.Id, t.Title, t.Owner, LocalDatePattern.Iso.Format(t.DueOn),
                t.DoneAt is { } d ? InstantPattern.General.Format(d) : null, t.DoneBy, t.DoneAt is null && t.DueOn < now.InZone(Time.Zones.Kyiv).Date))],
            c.Classification.Label(), c.Releasability.Label(), c.Area, Cussp.Identity.Marking.Of(c).ToString(), c.Version);
    }

    internal sealed record InvitationDto(Guid Decision, Guid? State, string? StateName, string DecisionState);

    internal sealed record ThirdStateDto(Guid Id, string Name, string Arrangement, string SignedOn, string AddedBy)
    {
        public static ThirdStateDto From(ThirdStateRecord s) => new(s.Id, s.Name, s.Arrangement, LocalDatePattern.Iso.Format(s.SignedOn), s.AddedBy);
    }

    internal sealed record ThirdStateRequest(string? Name, string? Arrangement, string? SignedOn);

    internal sealed record InviteRequest(Guid? State);

    internal sealed record ConsultationPage(ConsultationDto[] Items, int Total, int Page, int PageSize);

    internal sealed record ConsultationRequest(string? Agreement, string? Ground, string? Summary, string? Classification, string? Area);

    internal sealed record FollowUpRequest(string? Title, string? Owner, string? DueOn);

    internal sealed record HeldRequest(string? HeldAt, string? Attendees, string[]? Measures, string? Outcome, FollowUpRequest[]? FollowUps);

    internal sealed record NotificationDto(Guid Id, string Event, int Level, string SubjectType, Guid SubjectId, string Ground, string Citation,
        string From, string CreatedAt, bool Read, string Url);

    internal sealed record NotificationPage(NotificationDto[] Items, int Total, int Unread, int Page, int PageSize);

    internal sealed record ReadRequest(Guid? Id);

    internal sealed record ReadResult(int Marked);

    public static IEndpointRouteBuilder MapConsultationsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/consultations").WithTags("Consultations").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/", List).WithName("ListConsultations")
            .WithSummary("The consultation requests the caller may read, open ones first; ?state=requested|acknowledged|held.")
            .ProducesValidationProblem();
        api.MapPost("/", Request).WithName("RequestConsultation")
            .WithSummary("Asks the other participant to consult: the 24-hour clock starts now and the other side is notified; its ETag is its version.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}", Get).WithName("GetConsultation").WithSummary("One request with its deadline, the consultation held and its follow-up actions; its ETag is its version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/acknowledge", Acknowledge).WithName("AcknowledgeConsultation")
            .WithSummary("The side asked acknowledges the request, with If-Match; its escalations stop.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id:guid}/record", Record).WithName("RecordConsultation")
            .WithSummary("Records the consultation held — when, who, the measures decided, follow-up actions with owners and due dates — with If-Match.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id:guid}/tasks/{taskId:guid}/done", Done).WithName("CompleteConsultationTask")
            .WithSummary("Marks a follow-up action done, with the request's If-Match.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id:guid}/invitations", Invite).WithName("InviteToConsultation")
            .WithSummary("Proposes, with If-Match, to invite a state of the G7 registry to the consultation: a joint decision both participants approve (II.3).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        var states = endpoints.MapGroup("/api/v1/third-states").WithTags("Consultations");
        states.MapGet("/", ThirdStatesList).WithName("ListThirdStates")
            .WithSummary("The states with arrangements with Ukraine under the G7 Joint Declaration, whose representatives may join a consultation (II.3).");
        states.MapPost("/", AddThirdState).RequireAuthorization().WithName("AddThirdState").WithSummary("Adds a state to the registry (approvers).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        var inbox = endpoints.MapGroup("/api/v1/notifications").WithTags("Consultations").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        inbox.MapGet("/", Notices).WithName("ListNotifications").WithSummary("The caller's notices, newest first, with the number unread.")
            .ProducesValidationProblem();
        inbox.MapPost("/read", MarkRead).WithName("MarkNotificationsRead").WithSummary("Marks one notice ({\"id\": …}) or all of them read.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    internal static async Task<Ok<ConsultationPage>> List(CurrentSubject current, Consultations consultations, IClock clock, CancellationToken ct,
        [FromQuery] string? agreement = null, [FromQuery] string? state = null, [FromQuery] int page = 1, [FromQuery] int pageSize = 50)
    {
        var errors = new Dictionary<string, string[]>();
        ConsultationState? wanted = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (ConsultationNames.TryParse(state, out ConsultationState s))
            {
                wanted = s;
            }
            else
            {
                errors["state"] = [$"\"{state}\": use requested, acknowledged or held"];
            }
        }
        if (page < 1 || pageSize < 1 || pageSize > Consultations.MaxPageSize)
        {
            errors["page"] = [$"page from 1, pageSize from 1 to {Consultations.MaxPageSize}"];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var (items, total) = await consultations.ListAsync(await current.GetAsync(ct), agreement ?? AgreementRegister.CusspId, wanted, page, pageSize, ct);
        var now = clock.GetCurrentInstant();
        return TypedResults.Ok(new ConsultationPage([.. items.Select(c => ConsultationDto.From(c, now))], total, page, pageSize));
    }

    internal static async Task<Ok<ConsultationDto>> Get(Guid id, CurrentSubject current, Consultations consultations, IClock clock,
        HttpResponse response, CancellationToken ct)
    {
        var subject = await current.GetAsync(ct);
        var c = await consultations.GetAsync(subject, id, ct) ?? throw Consultations.NotFound(id);
        var invitations = await consultations.InvitationsAsync(subject, id, ct);
        response.SetETag(c.Version);
        return TypedResults.Ok(ConsultationDto.From(c, clock.GetCurrentInstant()) with
        {
            Invitations = [.. invitations.Select(i => new InvitationDto(i.Decision.Id, i.State?.Id, i.State?.Name, i.Decision.State.ToString().ToLowerInvariant()))],
        });
    }

    internal static async Task<Created<ConsultationDto>> Request(ConsultationRequest request, CurrentSubject current, Consultations consultations,
        IClock clock, HttpResponse response, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ConsultationNames.TryParse(request.Ground, out ConsultationGround ground))
        {
            errors["ground"] = [ConsultationNames.UnknownGround(request.Ground)];
        }
        if (!MarkingLabels.TryParseClassification(request.Classification, out var classification))
        {
            errors["classification"] = [$"\"{request.Classification}\": use UNCLASSIFIED, PROTECTED A, PROTECTED B, CONFIDENTIAL or SECRET"];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot ask to consult.");
        var c = await consultations.RequestAsync(subject, request.Agreement ?? AgreementRegister.CusspId,
            new ConsultationRequestInput(ground, request.Summary, classification, request.Area), ct);
        response.SetETag(c.Version);
        return TypedResults.Created($"/api/v1/consultations/{c.Id}", ConsultationDto.From(c, clock.GetCurrentInstant()));
    }

    internal static async Task<Ok<ConsultationDto>> Acknowledge(Guid id, CurrentSubject current, Consultations consultations, IClock clock,
        HttpContext http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http.Request);
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot acknowledge consultation requests.");
        var c = await consultations.AcknowledgeAsync(subject, id, version, ct);
        http.Response.SetETag(c.Version);
        return TypedResults.Ok(ConsultationDto.From(c, clock.GetCurrentInstant()));
    }

    internal static async Task<Ok<ConsultationDto>> Record(Guid id, HeldRequest request, CurrentSubject current, Consultations consultations,
        IClock clock, HttpContext http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http.Request);
        var input = ParseHeld(request);
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot record consultations.");
        var c = await consultations.RecordAsync(subject, id, input, version, ct);
        http.Response.SetETag(c.Version);
        return TypedResults.Ok(ConsultationDto.From(c, clock.GetCurrentInstant()));
    }

    internal static async Task<Ok<ConsultationDto>> Done(Guid id, Guid taskId, CurrentSubject current, Consultations consultations, IClock clock,
        HttpContext http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http.Request);
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot change follow-up actions.");
        var c = await consultations.CompleteTaskAsync(subject, id, taskId, version, ct);
        http.Response.SetETag(c.Version);
        return TypedResults.Ok(ConsultationDto.From(c, clock.GetCurrentInstant()));
    }

    internal static async Task<Created<InvitationDto>> Invite(Guid id, InviteRequest request, CurrentSubject current, Consultations consultations,
        HttpContext http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http.Request);
        if (request.State is not { } state)
        {
            throw new InvalidInputException("state", "Name the state to invite by its id in the registry (GET /api/v1/third-states).");
        }
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot propose invitations.");
        var d = await consultations.InviteAsync(subject, id, state, version, ct);
        http.Response.SetETag(version + 1);
        return TypedResults.Created($"/api/v1/decisions/{d.Id}", new InvitationDto(d.Id, state, d.Title, d.State.ToString().ToLowerInvariant()));
    }

    internal static async Task<Ok<ThirdStateDto[]>> ThirdStatesList(ThirdStates states, CancellationToken ct) =>
        TypedResults.Ok((await states.ListAsync(ct)).Select(ThirdStateDto.From).ToArray());

    internal static async Task<Created<ThirdStateDto>> AddThirdState(ThirdStateRequest request, CurrentSubject current, ThirdStates states, CancellationToken ct)
    {
        var on = LocalDatePattern.Iso.Parse(request.SignedOn?.Trim() ?? "");
        if (!on.Success)
        {
            throw new InvalidInputException("signedOn", $"\"{request.SignedOn}\": give a day such as 2024-06-13");
        }
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot add states to the registry.");
        var s = await states.AddAsync(subject, new ThirdStateInput(request.Name, request.Arrangement, on.Value), ct);
        return TypedResults.Created($"/api/v1/third-states/{s.Id}", ThirdStateDto.From(s));
    }

    /// <summary>Reads what a recorder sends; says of each field what is wrong.</summary>
    internal static ConsultationHeldInput ParseHeld(HeldRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!ObligationsApi.TryParseInstant(request.HeldAt, out var heldAt))
        {
            errors["heldAt"] = [$"\"{request.HeldAt}\": give the instant it began with its offset, such as 2026-03-14T10:00:00Z or 2026-03-14T12:00:00+02:00"];
        }
        var measures = ConsultationMeasures.None;
        foreach (var m in request.Measures ?? [])
        {
            if (ConsultationNames.TryParseMeasure(m, out var one))
            {
                measures |= one;
            }
            else
            {
                errors["measures"] = [ConsultationNames.UnknownMeasure(m)];
            }
        }
        var followUps = new List<FollowUpInput>();
        var given = request.FollowUps ?? [];
        for (var i = 0; i < given.Length; i++)
        {
            var due = LocalDatePattern.Iso.Parse(given[i]?.DueOn?.Trim() ?? "");
            if (!due.Success)
            {
                errors[$"followUps[{i}].dueOn"] = [$"\"{given[i]?.DueOn}\": give a day such as 2026-04-30"];
            }
            followUps.Add(new FollowUpInput(given[i]?.Title, given[i]?.Owner, due.Success ? due.Value : default));
        }
        return errors.Count > 0 ? throw new InvalidInputException(errors) : new ConsultationHeldInput(heldAt, request.Attendees, measures, request.Outcome, followUps);
    }

    internal static async Task<Ok<NotificationPage>> Notices(CurrentSubject current, NotificationInbox inbox, NotificationSettings settings,
        CancellationToken ct, [FromQuery] int page = 1, [FromQuery] int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > NotificationInbox.MaxPageSize)
        {
            throw new InvalidInputException("page", $"page from 1, pageSize from 1 to {NotificationInbox.MaxPageSize}");
        }
        var subject = await current.GetAsync(ct);
        if (subject is null)
        {
            return TypedResults.Ok(new NotificationPage([], 0, 0, page, pageSize));
        }
        var (items, total) = await inbox.ListAsync(subject, page, pageSize, ct);
        var unread = await inbox.UnreadAsync(subject, ct);
        var root = settings.PublicUrl.TrimEnd('/');
        return TypedResults.Ok(new NotificationPage([.. items.Select(i => new NotificationDto(i.Notice.Id, i.Notice.Event, i.Notice.Level,
            i.Notice.SubjectType, i.Notice.SubjectId, i.Consultation.Ground.Name(), i.Consultation.Citation, i.Consultation.Originator.ToString(),
            InstantPattern.General.Format(i.Notice.CreatedAt), i.Notice.ReadAt is not null, $"{root}/consultations/{i.Consultation.Id}"))],
            total, unread, page, pageSize));
    }

    internal static async Task<Ok<ReadResult>> MarkRead(ReadRequest? request, CurrentSubject current, NotificationInbox inbox, CancellationToken ct)
    {
        var subject = await current.GetAsync(ct) ?? throw new NotFoundException("You have no notices.");
        return TypedResults.Ok(new ReadResult(await inbox.MarkReadAsync(subject, request?.Id, ct)));
    }
}
