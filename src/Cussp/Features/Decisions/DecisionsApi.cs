using Cussp.Authorization;
using Cussp.Decisions;
using Cussp.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace Cussp.Features.Decisions;

/// <summary>
/// Two-party decisions under <c>/api/v1/decisions</c>: proposed by either side, approved by an authorised approver of each
/// participant, ended by either side's rejection. Decisions are marked records: every read goes through <see cref="AccessPolicy"/>
/// inside the query, and one the caller may not read answers 404, exactly like one that does not exist.
/// </summary>
internal static class DecisionsApi
{
    internal sealed record VoteDto(string Participant, string UserName, bool Approve, string? Reason, string At);

    internal sealed record DecisionDto(Guid Id, string Kind, string Title, string Details, string Citation, string Classification,
        string Releasability, string Area, string Marking, string ProposedBy, string ProposedAt, string State, string? DecidedAt, VoteDto[] Votes)
    {
        public static DecisionDto From(JointDecisionRecord d) => new(d.Id, KindName(d.Kind), d.Title, d.Details, d.Citation,
            d.Classification.Label(), d.Releasability.Label(), d.Area, Cussp.Identity.Marking.Of(d).ToString(), d.ProposedBy,
            InstantPattern.General.Format(d.ProposedAt), StateName(d.State), d.DecidedAt is { } at ? InstantPattern.General.Format(at) : null,
            d.Votes.OrderBy(v => v.At).Select(v => new VoteDto(v.Participant.ToString(), v.UserName, v.Approve, v.Reason,
                InstantPattern.General.Format(v.At))).ToArray());
    }

    internal sealed record DecisionPage(DecisionDto[] Items, int Total, int Page, int PageSize);

    internal sealed record ProposalRequest(string? Kind, string? Title, string? Details, string? Classification, string? Releasability, string? Area);

    internal sealed record VoteRequest(string? Reason);

    public static IEndpointRouteBuilder MapDecisionsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/decisions").WithTags("Decisions").RequireAuthorization();
        api.MapGet("/", List).WithName("ListDecisions")
            .WithSummary("The decisions the caller may read, pending first, then newest first; ?state=pending|approved|rejected.");
        api.MapPost("/", Propose).WithName("ProposeDecision").WithSummary("Proposes an amendment or a third-state invitation, marked REL CAN UKR.");
        api.MapGet("/{id:guid}", Get).WithName("GetDecision").WithSummary("One decision with each side's vote.");
        api.MapPost("/{id:guid}/approve", (Guid id, VoteRequest? body, CurrentSubject current, JointDecisions decisions, CancellationToken ct) =>
            Vote(id, true, body?.Reason, current, decisions, ct)).WithName("ApproveDecision").WithSummary("Approves for the caller's own participant.");
        api.MapPost("/{id:guid}/reject", (Guid id, VoteRequest? body, CurrentSubject current, JointDecisions decisions, CancellationToken ct) =>
            Vote(id, false, body?.Reason, current, decisions, ct)).WithName("RejectDecision")
            .WithSummary("Rejects for the caller's own participant, with a reason; the decision ends.");
        return endpoints;
    }

    internal static string KindName(DecisionKind kind) => kind == DecisionKind.Amendment ? "amendment" : "third-state-invitation";

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

    internal static async Task<Results<Ok<DecisionPage>, ValidationProblem>> List(CurrentSubject current, JointDecisions decisions, CancellationToken ct,
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
            return TypedResults.ValidationProblem(errors);
        }
        var (items, total) = await decisions.ListAsync(await current.GetAsync(ct), wanted, page, pageSize, ct);
        return TypedResults.Ok(new DecisionPage(items.Select(DecisionDto.From).ToArray(), total, page, pageSize));
    }

    internal static async Task<Results<Created<DecisionDto>, ValidationProblem, ProblemHttpResult>> Propose(ProposalRequest request,
        CurrentSubject current, JointDecisions decisions, CancellationToken ct)
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
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (await current.GetAsync(ct) is not { } subject)
        {
            return Forbidden("Your account cannot propose decisions.");
        }
        try
        {
            var d = await decisions.ProposeAsync(subject,
                new DecisionProposal(kind, request.Title, request.Details, classification, releasability, request.Area), ct);
            return TypedResults.Created($"/api/v1/decisions/{d.Id}", DecisionDto.From(d));
        }
        catch (DecisionInputException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary(kv => kv.Key, kv => kv.Value));
        }
        catch (UnauthorizedAccessException e)
        {
            return Forbidden(e.Message);
        }
    }

    internal static async Task<Results<Ok<DecisionDto>, ProblemHttpResult>> Get(Guid id, CurrentSubject current, JointDecisions decisions, CancellationToken ct)
    {
        var d = await decisions.GetAsync(await current.GetAsync(ct), id, ct);
        return d is null ? NotFound(id) : TypedResults.Ok(DecisionDto.From(d));
    }

    private static async Task<Results<Ok<DecisionDto>, ValidationProblem, ProblemHttpResult>> Vote(Guid id, bool approve, string? reason,
        CurrentSubject current, JointDecisions decisions, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } subject)
        {
            return Forbidden("Your account cannot approve or reject decisions.");
        }
        try
        {
            return TypedResults.Ok(DecisionDto.From(await decisions.VoteAsync(subject, id, approve, reason, ct)));
        }
        catch (UnauthorizedAccessException e)
        {
            return Forbidden(e.Message);
        }
        catch (DecisionInputException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary(kv => kv.Key, kv => kv.Value));
        }
        catch (KeyNotFoundException)
        {
            return NotFound(id);
        }
        catch (DecisionRefusedException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Refused", detail: e.Message);
        }
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such decision", detail: $"There is no decision {id} that you may see.");

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: detail);
}
