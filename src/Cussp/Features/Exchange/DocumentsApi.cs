using Cussp.Authorization;
using Cussp.Exchange;
using Cussp.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace Cussp.Features.Exchange;

/// <summary>
/// Shared documents under <c>/api/v1/documents</c>. Every route needs a signed-in user or a token, and every read goes through
/// <see cref="AccessPolicy"/> inside the query: a document the caller may not see answers 404, exactly like one that does not exist.
/// </summary>
internal static class DocumentsApi
{
    internal sealed record DocumentDto(Guid Id, string Title, string Body, string Classification, string Releasability, string Area,
        string Marking, string Originator, string CreatedBy, string CreatedAt, string UpdatedAt)
    {
        public static DocumentDto From(SharedDocumentRecord d) => new(d.Id, d.Title, d.Body, d.Classification.Label(), d.Releasability.Label(), d.Area,
            new Marking(d.Classification, d.Releasability, d.Area).ToString(), d.Originator.ToString(), d.CreatedBy,
            InstantPattern.General.Format(d.CreatedAt), InstantPattern.General.Format(d.UpdatedAt));
    }

    internal sealed record DocumentPage(DocumentDto[] Items, int Total, int Page, int PageSize);

    internal sealed record CountDto(int Count);

    internal sealed record DocumentRequest(string? Title, string? Body, string? Classification, string? Releasability, string? Area);

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/documents").WithTags("Documents").RequireAuthorization();
        api.MapGet("/", List).WithName("ListDocuments").WithSummary("The documents the caller may read, newest first, optionally matching words.");
        api.MapGet("/count", Count).WithName("CountDocuments").WithSummary("How many documents the caller may read.");
        api.MapGet("/{id:guid}", Get).WithName("GetDocument").WithSummary("One document the caller may read.");
        api.MapPost("/", Create).WithName("CreateDocument").WithSummary("Shares a document under a marking the caller could read.");
        api.MapPut("/{id:guid}", Update).WithName("UpdateDocument").WithSummary("Changes a document the caller may write.");
        return endpoints;
    }

    internal static async Task<Results<Ok<DocumentPage>, ValidationProblem>> List(CurrentSubject current, SharedDocuments documents, CancellationToken ct,
        [FromQuery] string? q = null, [FromQuery] int page = 1, [FromQuery] int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > SharedDocuments.MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["page"] = [$"page from 1, pageSize from 1 to {SharedDocuments.MaxPageSize}"],
            });
        }
        var (items, total) = await documents.ListAsync(await current.GetAsync(ct), q, page, pageSize, ct);
        return TypedResults.Ok(new DocumentPage(items.Select(DocumentDto.From).ToArray(), total, page, pageSize));
    }

    internal static async Task<Ok<CountDto>> Count(CurrentSubject current, SharedDocuments documents, CancellationToken ct) =>
        TypedResults.Ok(new CountDto(await documents.CountAsync(await current.GetAsync(ct), ct)));

    internal static async Task<Results<Ok<DocumentDto>, ProblemHttpResult>> Get(Guid id, CurrentSubject current, SharedDocuments documents,
        CancellationToken ct)
    {
        var d = await documents.GetAsync(await current.GetAsync(ct), id, ct);
        return d is null ? NotFound(id) : TypedResults.Ok(DocumentDto.From(d));
    }

    internal static async Task<Results<Created<DocumentDto>, ValidationProblem, ProblemHttpResult>> Create(DocumentRequest request,
        CurrentSubject current, SharedDocuments documents, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } subject)
        {
            return Forbidden("Your account cannot share documents.");
        }
        if (Parse(request, out var input) is { } invalid)
        {
            return invalid;
        }
        try
        {
            var d = await documents.CreateAsync(subject, input, ct);
            return TypedResults.Created($"/api/v1/documents/{d.Id}", DocumentDto.From(d));
        }
        catch (DocumentInputException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary(kv => kv.Key, kv => kv.Value));
        }
        catch (UnauthorizedAccessException e)
        {
            return Forbidden(e.Message);
        }
    }

    internal static async Task<Results<Ok<DocumentDto>, ValidationProblem, ProblemHttpResult>> Update(Guid id, DocumentRequest request,
        CurrentSubject current, SharedDocuments documents, CancellationToken ct)
    {
        if (await current.GetAsync(ct) is not { } subject)
        {
            return NotFound(id);
        }
        if (Parse(request, out var input) is { } invalid)
        {
            return invalid;
        }
        try
        {
            var d = await documents.UpdateAsync(subject, id, input, ct);
            return d is null ? NotFound(id) : TypedResults.Ok(DocumentDto.From(d));
        }
        catch (DocumentInputException e)
        {
            return TypedResults.ValidationProblem(e.Errors.ToDictionary(kv => kv.Key, kv => kv.Value));
        }
        catch (UnauthorizedAccessException e)
        {
            return Forbidden(e.Message);
        }
    }

    private static ValidationProblem? Parse(DocumentRequest request, out DocumentInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (!MarkingLabels.TryParseClassification(request.Classification, out var c))
        {
            errors["classification"] = [$"\"{request.Classification}\": use UNCLASSIFIED, PROTECTED A, PROTECTED B, CONFIDENTIAL or SECRET"];
        }
        if (!MarkingLabels.TryParseReleasability(request.Releasability, out var r))
        {
            errors["releasability"] = [$"\"{request.Releasability}\": use REL CAN UKR, CAN EYES ONLY or UKR EYES ONLY"];
        }
        input = new DocumentInput(request.Title, request.Body, c, r, request.Area);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : null;
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such document", detail: $"There is no document {id} that you may see.");

    private static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: detail);
}
