using Cussp.Authorization;
using Cussp.Identity;
using Cussp.Sanctions;
using Cussp.Screening;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cussp.Features.Sanctions;

/// <summary>
/// <c>POST /api/v1/screening</c>: screens one name or a batch of up to 1,000 against the stored sanctions lists; every hit
/// carries its score and explanation, and a batch is answered name by name in the order asked. The alert threshold comes from
/// <c>Screening:Threshold</c>, checked when the server starts.
/// </summary>
internal static class ScreeningApi
{
    public const int MaxBatch = 1000;

    public static IEndpointRouteBuilder MapScreeningApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/screening").WithTags("Screening").RequireAuthorization();
        // A POST only because a batch does not fit in a query string: it changes nothing, so a read-only token may screen.
        api.MapPost("/", Screen).WithName("Screen").WithMetadata(new ReadScopeRequest())
            .WithSummary("Screens one name (name) or up to 1,000 (names) against the sanctions lists, with an explanation of every hit.");
        return endpoints;
    }

    /// <summary>One name to screen.</summary>
    internal sealed record QueryDto(string? Name, string? Kind = null, int? BirthYear = null, IdentifierDto[]? Identifiers = null);

    /// <summary>An identifier given with a query: its type (passport, inn, ogrn, imo …), value and, when known, issuing country.</summary>
    internal sealed record IdentifierDto(string? Type, string? Value, string? Country = null);

    /// <summary>The request: one <c>name</c> (with its optional fields) or a batch of <c>names</c>.</summary>
    internal sealed record ScreeningRequest(string? Name = null, string? Kind = null, int? BirthYear = null, IdentifierDto[]? Identifiers = null, QueryDto[]? Names = null);

    internal sealed record HitDto(
        string EntityId, string Source, string Kind, string Caption, double Score, bool Alert, string ListedName, string NameKind,
        string[] BirthDates, string[] Nationalities, string[] LegalBasis, IReadOnlyList<string> Explanation);

    internal sealed record ResultDto(string Query, HitDto[] Hits);

    internal sealed record ScreeningResponse(double Threshold, int ListedSubjects, ResultDto[] Results);

    internal static async Task<Results<Ok<ScreeningResponse>, ValidationProblem, ProblemHttpResult>> Screen(
        ScreeningRequest request, ScreeningService screening, CurrentSubject current, CancellationToken ct)
    {
        // The names a participant screens say whom it is looking at: only accounts with a reading role may ask.
        if (!Permissions.CanScreen(await current.GetAsync(ct)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
                detail: "Screening needs an account with the viewer, contributor, approver or administrator role.");
        }
        var errors = new Dictionary<string, string[]>();
        var queries = new List<ScreeningQuery>();
        if (request.Names is { } names)
        {
            if (request.Name is not null)
            {
                errors["name"] = ["give either name or names, not both"];
            }
            if (names.Length == 0)
            {
                errors["names"] = ["the batch is empty"];
            }
            else if (names.Length > MaxBatch)
            {
                errors["names"] = [$"a batch holds at most {MaxBatch:N0} names; this one has {names.Length:N0}"];
            }
            else
            {
                for (var i = 0; i < names.Length; i++)
                {
                    Add(names[i], $"names[{i}]");
                }
            }
        }
        else
        {
            Add(new QueryDto(request.Name, request.Kind, request.BirthYear, request.Identifiers), "");
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var index = await screening.IndexAsync(ct);
        var options = index.Options with { ReportFrom = index.Options.Threshold };
        var results = queries.Select(q => new ResultDto(q.Name, [.. index.Screen(q, options).Select(Hit)])).ToArray();
        return TypedResults.Ok(new ScreeningResponse(options.Threshold, index.EntityCount, results));

        void Add(QueryDto? q, string prefix)
        {
            var field = prefix.Length == 0 ? "name" : prefix + ".name";
            if (q is null)
            {
                errors[prefix] = ["a query object is required"];
                return;
            }
            if (ScreeningQuery.Problem(q.Name) is { } problem)
            {
                errors[field] = [problem];
                return;
            }
            EntityKind? kind = null;
            if (q.Kind is not null)
            {
                if (Enum.TryParse<EntityKind>(q.Kind, ignoreCase: true, out var k) && Enum.IsDefined(k))
                {
                    kind = k;
                }
                else
                {
                    errors[prefix.Length == 0 ? "kind" : prefix + ".kind"] = [$"\"{q.Kind}\" is not a kind; use person, organization, company, vessel or aircraft"];
                    return;
                }
            }
            if (q.BirthYear is { } y && y is < 1800 or > 2200)
            {
                errors[prefix.Length == 0 ? "birthYear" : prefix + ".birthYear"] = [$"{y} is not a plausible year of birth"];
                return;
            }
            var identifiers = new List<Identifier>();
            for (var i = 0; i < (q.Identifiers?.Length ?? 0); i++)
            {
                var id = q.Identifiers![i];
                var at = (prefix.Length == 0 ? "" : prefix + ".") + $"identifiers[{i}]";
                if (IdentifierTypes.Canonical(id?.Type) is not { } type)
                {
                    errors[at + ".type"] = [$"\"{id?.Type}\" is not an identifier type; use one of {string.Join(", ", IdentifierTypes.All)}"];
                    return;
                }
                if (string.IsNullOrWhiteSpace(id!.Value) || Identifier.Canonical(id.Value).Length == 0)
                {
                    errors[at + ".value"] = ["the identifier has no letters or digits"];
                    return;
                }
                identifiers.Add(new Identifier(type, id.Value, id.Country));
            }
            queries.Add(new ScreeningQuery(q.Name!, kind, q.BirthYear, identifiers));
        }
    }

    private static HitDto Hit(ScreeningHit h) => new(
        h.Entity.Id, h.Entity.Source, h.Entity.Kind.ToString().ToLowerInvariant(), h.Entity.Caption, h.Score, h.Alert, h.Name.Value,
        h.Name.Kind.ToString().ToLowerInvariant(), [.. h.Entity.BirthDates.Select(d => d.ToString())], [.. h.Entity.Nationalities],
        [.. h.Entity.LegalBasis.Select(b => b.ToString())], h.Explain());
}
