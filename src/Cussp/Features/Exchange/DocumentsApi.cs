using Cussp.Api;
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
/// Every answer about one document carries its version as the <c>ETag</c>; a change must send it back in <c>If-Match</c>.
/// </summary>
internal static class DocumentsApi
{
    internal sealed record DocumentDto(Guid Id, string Title, string Body, string Classification, string Releasability, string Area,
        string Marking, string Originator, string CreatedBy, string CreatedAt, string UpdatedAt, int Version)
    {
        public static DocumentDto From(SharedDocumentRecord d) => new(d.Id, d.Title, d.Body, d.Classification.Label(), d.Releasability.Label(), d.Area,
            Cussp.Identity.Marking.Of(d).ToString(), d.Originator.ToString(), d.CreatedBy,
            InstantPattern.General.Format(d.CreatedAt), InstantPattern.General.Format(d.UpdatedAt), d.Version);
    }

    internal sealed record DocumentPage(DocumentDto[] Items, int Total, int Page, int PageSize);

    internal sealed record CountDto(int Count);

    internal sealed record DocumentRequest(string? Title, string? Body, string? Classification, string? Releasability, string? Area);

    internal sealed record DowngradeRequest(string? Classification, string? Releasability, string? Reason);

    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/documents").WithTags("Documents").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/", List).WithName("ListDocuments").WithSummary("The documents the caller may read, newest first, optionally matching words.")
            .ProducesValidationProblem();
        api.MapGet("/count", Count).WithName("CountDocuments").WithSummary("How many documents the caller may read.");
        api.MapGet("/{id:guid}", Get).WithName("GetDocument").WithSummary("One document the caller may read; its ETag is its version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/", Create).WithName("CreateDocument").WithSummary("Shares a document under a marking the caller could read.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPut("/{id:guid}", Update).WithName("UpdateDocument")
            .WithSummary("Changes a document the caller may write, with If-Match; only the originator changes its marking, never lowering it.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id:guid}/downgrade", Downgrade).WithName("DowngradeDocument")
            .WithSummary("Lowers the classification or widens the releasability, with a reason: the originator's writers cleared for it, with If-Match.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return endpoints;
    }

    internal static async Task<Ok<DocumentPage>> List(CurrentSubject current, SharedDocuments documents, CancellationToken ct,
        [FromQuery] string? q = null, [FromQuery] int page = 1, [FromQuery] int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > SharedDocuments.MaxPageSize)
        {
            throw new InvalidInputException("page", $"page from 1, pageSize from 1 to {SharedDocuments.MaxPageSize}");
        }
        var (items, total) = await documents.ListAsync(await current.GetAsync(ct), q, page, pageSize, ct);
        return TypedResults.Ok(new DocumentPage(items.Select(DocumentDto.From).ToArray(), total, page, pageSize));
    }

    internal static async Task<Ok<CountDto>> Count(CurrentSubject current, SharedDocuments documents, CancellationToken ct) =>
        TypedResults.Ok(new CountDto(await documents.CountAsync(await current.GetAsync(ct), ct)));

    internal static async Task<Ok<DocumentDto>> Get(Guid id, CurrentSubject current, SharedDocuments documents, HttpResponse response,
        CancellationToken ct)
    {
        var d = await documents.GetAsync(await current.GetAsync(ct), id, ct) ?? throw SharedDocuments.NotFound(id);
        return Versioned(response, d, TypedResults.Ok(DocumentDto.From(d)));
    }

    internal static async Task<Created<DocumentDto>> Create(DocumentRequest request, CurrentSubject current, SharedDocuments documents,
        HttpResponse response, CancellationToken ct)
    {
        var input = Parse(request);
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Your account cannot share documents.");
        var d = await documents.CreateAsync(subject, input, ct);
        return Versioned(response, d, TypedResults.Created($"/api/v1/documents/{d.Id}", DocumentDto.From(d)));
    }

    internal static async Task<Ok<DocumentDto>> Update(Guid id, DocumentRequest request, CurrentSubject current, SharedDocuments documents,
        HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        var input = Parse(request);
        var subject = await current.GetAsync(ct) ?? throw SharedDocuments.NotFound(id);
        var d = await documents.UpdateAsync(subject, id, input, version, ct);
        return Versioned(http.HttpContext.Response, d, TypedResults.Ok(DocumentDto.From(d)));
    }

    internal static async Task<Ok<DocumentDto>> Downgrade(Guid id, DowngradeRequest request, CurrentSubject current, SharedDocuments documents,
        HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        var (classification, releasability) = ParseMarking(request.Classification, request.Releasability);
        var subject = await current.GetAsync(ct) ?? throw SharedDocuments.NotFound(id);
        var d = await documents.DowngradeAsync(subject, id, new DowngradeInput(classification, releasability, request.Reason), version, ct);
        return Versioned(http.HttpContext.Response, d, TypedResults.Ok(DocumentDto.From(d)));
    }

    private static T Versioned<T>(HttpResponse response, SharedDocumentRecord d, T result)
    {
        response.SetETag(d.Version);
        return result;
    }

    private static DocumentInput Parse(DocumentRequest request)
    {
        var (c, r) = ParseMarking(request.Classification, request.Releasability);
        return new DocumentInput(request.Title, request.Body, c, r, request.Area);
    }

    /// <summary>Reads a classification and a releasability as printed (<c>PROTECTED B</c>, <c>REL CAN UKR</c>), naming each that is not one.</summary>
    internal static (SecurityClassification, Releasability) ParseMarking(string? classification, string? releasability)
    {
        var errors = new Dictionary<string, string[]>();
        if (!MarkingLabels.TryParseClassification(classification, out var c))
        {
            errors["classification"] = [$"\"{classification}\": use UNCLASSIFIED, PROTECTED A, PROTECTED B, CONFIDENTIAL or SECRET"];
        }
        if (!MarkingLabels.TryParseReleasability(releasability, out var r))
        {
            errors["releasability"] = [$"\"{releasability}\": use REL CAN UKR, CAN EYES ONLY or UKR EYES ONLY"];
        }
        return errors.Count > 0 ? throw new InvalidInputException(errors) : (c, r);
    }
}
