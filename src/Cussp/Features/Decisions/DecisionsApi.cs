using Cussp.Authorization;
using Cussp.Decisions;
using Cussp.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime.Text;

namespace Cussp.Features.Decisions;

/// <summary>
/// Two-party decisions under <c>/api/v1/decisions</c>: proposed by either side, approved by an authorised approver of each
/// participant, ended by either side's rejection.
/// </summary>
internal static class DecisionsApi
{
    internal sealed record VoteDto(string Participant, string UserName, bool Approve, string? Reason, string At);

    internal sealed record DecisionDto(Guid Id, string Kind, string Title, string Details, string Citation, string ProposedBy, string ProposedAt,
        string State, VoteDto[] Votes)
    {
        public static DecisionDto From(JointDecisionRecord d) => new(d.Id, d.Kind == DecisionKind.Amendment ? "amendment" : "third-state-invitation",
            d.Title, d.Details, d.Citation, d.ProposedBy, InstantPattern.General.Format(d.ProposedAt), d.State.ToString().ToLowerInvariant(),
            d.Votes.OrderBy(v => v.At).Select(v => new VoteDto(v.Participant.ToString(), v.UserName, v.Approve, v.Reason,
                InstantPattern.General.Format(v.At))).ToArray());
    }

    internal sealed record ProposalRequest(string? Kind, string? Title, string? Details);

    internal sealed record VoteRequest(string? Reason);

    public static IEndpointRouteBuilder MapDecisionsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/decisions").WithTags("Decisions").RequireAuthorization();
        api.MapPost("/", Propose).WithName("ProposeDecision").WithSummary("Proposes an amendment or a third-state invitation.");
        api.MapGet("/{id:guid}", Get).WithName("GetDecision").WithSummary("One decision with each side's vote.");
        api.MapPost("/{id:guid}/approve", (Guid id, VoteRequest? body, CurrentSubject current, JointDecisions decisions, CancellationToken ct) =>
            Vote(id, true, body?.Reason, current, decisions, ct)).WithName("ApproveDecision").WithSummary("Approves for the caller's own participant.");
        api.MapPost("/{id:guid}/reject", (Guid id, VoteRequest? body, CurrentSubject current, JointDecisions decisions, CancellationToken ct) =>
            Vote(id, false, body?.Reason, current, decisions, ct)).WithName("RejectDecision").WithSummary("Rejects for the caller's own participant.");
        return endpoints;
    }

    internal static async Task<Results<Created<DecisionDto>, ValidationProblem, ProblemHttpResult>> Propose(ProposalRequest request,
        CurrentSubject current, JointDecisions decisions, CancellationToken ct)
    {
        DecisionKind kind;
        switch (request.Kind)
        {
            case "amendment":
                kind = DecisionKind.Amendment;
                break;
            case "third-state-invitation":
                kind = DecisionKind.ThirdStateInvitation;
                break;
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["kind"] = [$"\"{request.Kind}\": use amendment or third-state-invitation"],
                });
        }
        if (await current.GetAsync(ct) is not { } subject)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: "Your account cannot propose decisions.");
        }
        try
        {
            var d = await decisions.ProposeAsync(subject, kind, request.Title ?? "", request.Details ?? "", ct);
            return TypedResults.Created($"/api/v1/decisions/{d.Id}", DecisionDto.From(d));
        }
        catch (DecisionRefusedException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: e.Message);
        }
    }

    internal static async Task<Results<Ok<DecisionDto>, ProblemHttpResult>> Get(Guid id, CurrentSubject current, JointDecisions decisions, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } subject || (subject.Roles & (AccessPolicy.Readers | Roles.Auditor)) == 0)
        {
            return NotFound(id);
        }
        var d = await decisions.GetAsync(id, ct);
        return d is null ? NotFound(id) : TypedResults.Ok(DecisionDto.From(d));
    }

    private static async Task<Results<Ok<DecisionDto>, ProblemHttpResult>> Vote(Guid id, bool approve, string? reason, CurrentSubject current,
        JointDecisions decisions, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } subject)
        {
            return NotFound(id);
        }
        try
        {
            return TypedResults.Ok(DecisionDto.From(await decisions.VoteAsync(subject, id, approve, reason, ct)));
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
}
