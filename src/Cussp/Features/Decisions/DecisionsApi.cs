using Cussp.Agreements;
using Cussp.Api;
using Cussp.Authorization;
using Cussp.Decisions;
using Cussp.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Features.Decisions;

/// <summary>
/// Two-party decisions under <c>/api/v1/decisions</c>: proposed by either side, approved by an authorised approver of each
/// participant, ended by either side's rejection. Decisions are marked records: every read goes through <see cref="AccessPolicy"/>
/// inside the query, and one the caller may not read answers 404, exactly like one that does not exist. Every answer about one
/// decision carries its version as the <c>ETag</c>; a vote or a downgrade must send it back in <c>If-Match</c>.
/// </summary>
internal static class DecisionsApi
{
    internal sealed record VoteDto(string Participant, string UserName, bool Approve, string? Reason, string At);

    internal sealed record DecisionDto(Guid Id, string Kind, string Title, string Details, string Citation, string Classification,
        string Releasability, string Area, string Marking, string ProposedBy, string Originator, string ProposedAt, string State, string? DecidedAt,
        VoteDto[] Votes, int Version, Guid? CommitmentId, string? EffectiveOn, ChangeDto[] Changes)
    {
        public static DecisionDto From(JointDecisionRecord d) => new(d.Id, KindName(d.Kind), d.Title, d.Details, d.Citation,
            d.Classification.Label(), d.Releasability.Label(), d.Area, Cussp.Identity.Marking.Of(d).ToString(), d.ProposedBy, d.Originator.ToString(),
            InstantPattern.General.Format(d.ProposedAt), StateName(d.State), d.DecidedAt is { } at ? InstantPattern.General.Format(at) : null,
            d.Votes.OrderBy(v => v.At).Select(v => new VoteDto(v.Participant.ToString(), v.UserName, v.Approve, v.Reason,
                InstantPattern.General.Format(v.At))).ToArray(), d.Version, d.CommitmentId,
            d.EffectiveOn is { } on ? LocalDatePattern.Iso.Format(on) : null,
            d.Changes.OrderBy(c => c.Ordinal).Select(c => new ChangeDto(c.Action.Name(), c.Citation, c.Text)).ToArray());
    }

    internal sealed record ChangeDto(string? Action, string? Citation, string? Text);

    internal sealed record DecisionPage(DecisionDto[] Items, int Total, int Page, int PageSize);

    internal sealed record ProposalRequest(string? Kind, string? Title, string? Details, string? Classification, string? Releasability, string? Area,
        ChangeDto[]? Changes = null, string? EffectiveOn = null);

    internal sealed record VoteRequest(string? Reason);

    internal sealed record DowngradeRequest(string? Classification, string? Reason);

    public static IEndpointRouteBuilder MapDecisionsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/decisions").WithTags("Decisions").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/", List).WithName("ListDecisions")
            .WithSummary("The decisions the caller may read, pending first, then newest first; ?state=pending|approved|rejected.")
            .ProducesValidationProblem();
        api.MapPost("/", Propose).WithName("ProposeDecision").WithSummary("Proposes an amendment or a third-state invitation, marked REL CAN UKR.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/{id:guid}", Get).WithName("GetDecision").WithSummary("One decision with each side's vote; its ETag is its version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        Voting(api.MapPost("/{id:guid}/approve", Approve).WithName("ApproveDecision")
            .WithSummary("Approves for the caller's own participant, with If-Match; never the proposer's own proposal."));
        Voting(api.MapPost("/{id:guid}/reject", Reject).WithName("RejectDecision")
            .WithSummary("Rejects for the caller's own participant, with a reason and If-Match; the decision ends."));
        Voting(api.MapPost("/{id:guid}/downgrade", Downgrade).WithName("DowngradeDecision")
            .WithSummary("Lowers the classification, with a reason and If-Match: the proposer's participant, cleared for it."));
        return endpoints;
    }

    private static void Voting(RouteHandlerBuilder route) =>
        route.ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    internal static string KindName(DecisionKind kind) => kind switch
    {
        DecisionKind.Amendment => "amendment",
        DecisionKind.ThirdStateInvitation => "third-state-invitation",
        _ => "commitment-completion",
    };

    internal static string StateName(DecisionState state) => state.ToString().ToLowerInvariant();

    internal static bool TryParseKind(string? text, out DecisionKind kind)
    {
        (var ok, kind) = text?.Trim().ToLowerInvariant() switch
        {
            "amendment" => (true, DecisionKind.Amendment),
            "third-state-invitation" => (true, DecisionKind.ThirdStateInvitation),
            _ => (false, default),
        };
        return ok;
    }

    internal static bool TryParseState(string? text, out DecisionState? state)
    {
        state = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        foreach (var s in Enum.GetValues<DecisionState>())
        {
            if (string.Equals(StateName(s), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                state = s;
                return true;
            }
        }
        return false;
    }

    internal static async Task<Ok<DecisionPage>> List(CurrentSubject current, JointDecisions decisions, CancellationToken ct,
        [FromQuery] string? state = null, [FromQuery] int page = 1, [FromQuery] int pageSize = 50)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TryParseState(state, out var wanted))
        {
            errors["state"] = [$"\"{state}\": use pending, approved or rejected"];
        }
        if (page < 1 || pageSize < 1 || pageSize > JointDecisions.MaxPageSize)
        {
            errors["page"] = [$"page from 1, pageSize from 1 to {JointDecisions.MaxPageSize}"];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var (items, total) = await decisions.ListAsync(await current.GetAsync(ct), wanted, page, pageSize, ct);
        return TypedResults.Ok(new DecisionPage(items.Select(DecisionDto.From).ToArray(), total, page, pageSize));
    }

    internal static async Task<Created<DecisionDto>> Propose(ProposalRequest request, CurrentSubject current, JointDecisions decisions,
        HttpResponse response, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TryParseKind(request.Kind, out var kind))
        {
            errors["kind"] = [$"\"{request.Kind}\": use amendment or third-state-invitation"];
        }
        if (!MarkingLabels.TryParseClassification(request.Classification, out var classification))
        {
            errors["classification"] = [$"\"{request.Classification}\": use UNCLASSIFIED, PROTECTED A, PROTECTED B, CONFIDENTIAL or SECRET"];
        }
        var releasability = Releasability.RelCanUkr;
        if (request.Releasability is not null && !MarkingLabels.TryParseReleasability(request.Releasability, out releasability))
        {
            errors["releasability"] = [$"\"{request.Releasability}\": a joint decision is REL CAN UKR"];
        }
        var changes = new List<AmendmentChange>();
        foreach (var (c, i) in (request.Changes ?? []).Select((c, i) => (c, i)))
        {
            if (c is null || !AmendmentActions.TryParse(c.Action, out var action))
            {
                errors[$"changes[{i}].action"] = [AmendmentActions.Unknown(c?.Action)];
                continue;
            }
            changes.Add(new AmendmentChange(action, c.Citation, c.Text));
        }
        LocalDate? effectiveOn = null;
        if (!string.IsNullOrWhiteSpace(request.EffectiveOn))
        {
            var parsed = LocalDatePattern.Iso.Parse(request.EffectiveOn.Trim());
            if (parsed.Success)
            {
                effectiveOn = parsed.Value;
            }
            else
            {
                errors["effectiveOn"] = [$"\"{request.EffectiveOn}\" is not a day; write it as YYYY-MM-DD."];
            }
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot propose decisions.");
        var d = await decisions.ProposeAsync(subject, new DecisionProposal(kind, request.Title, request.Details, classification, releasability, request.Area,
            changes, effectiveOn), ct);
        return Versioned(response, d, TypedResults.Created($"/api/v1/decisions/{d.Id}", DecisionDto.From(d)));
    }

    internal static async Task<Ok<DecisionDto>> Get(Guid id, CurrentSubject current, JointDecisions decisions, HttpResponse response, CancellationToken ct)
    {
        var d = await decisions.GetAsync(await current.GetAsync(ct), id, ct) ?? throw JointDecisions.NotFound(id);
        return Versioned(response, d, TypedResults.Ok(DecisionDto.From(d)));
    }

    // The body is read by hand: an approval may come with no body at all, which a bound body parameter would turn away at routing.
    internal static Task<Ok<DecisionDto>> Approve(Guid id, CurrentSubject current, JointDecisions decisions, HttpRequest http, CancellationToken ct) =>
        VoteAsync(id, true, current, decisions, http, ct);

    internal static Task<Ok<DecisionDto>> Reject(Guid id, CurrentSubject current, JointDecisions decisions, HttpRequest http, CancellationToken ct) =>
        VoteAsync(id, false, current, decisions, http, ct);

    internal static async Task<Ok<DecisionDto>> Downgrade(Guid id, DowngradeRequest request, CurrentSubject current, JointDecisions decisions,
        HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        if (!MarkingLabels.TryParseClassification(request.Classification, out var classification))
        {
            throw new InvalidInputException("classification",
                $"\"{request.Classification}\": use UNCLASSIFIED, PROTECTED A, PROTECTED B, CONFIDENTIAL or SECRET");
        }
        var subject = await current.GetAsync(ct) ?? throw JointDecisions.NotFound(id);
        var d = await decisions.DowngradeAsync(subject, id, classification, request.Reason, version, ct);
        return Versioned(http.HttpContext.Response, d, TypedResults.Ok(DecisionDto.From(d)));
    }

    private static async Task<Ok<DecisionDto>> VoteAsync(Guid id, bool approve, CurrentSubject current, JointDecisions decisions,
        HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        var reason = (await Bodies.OptionalJsonAsync<VoteRequest>(http, ct))?.Reason;
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot approve or reject decisions.");
        var d = await decisions.VoteAsync(subject, id, approve, reason, version, ct);
        return Versioned(http.HttpContext.Response, d, TypedResults.Ok(DecisionDto.From(d)));
    }

    private static T Versioned<T>(HttpResponse response, JointDecisionRecord d, T result)
    {
        response.SetETag(d.Version);
        return result;
    }
}
