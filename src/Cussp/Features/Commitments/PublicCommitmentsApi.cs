using Cussp.Agreements;
using Cussp.Commitments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime.Text;

namespace Cussp.Features.Commitments;

/// <summary>
/// <c>/api/v1/public/commitments</c>: the commitments released to the public, read without an account — what was promised, where
/// it stands, the progress updates and indicators, and not who wrote them.
/// </summary>
internal static class PublicCommitmentsApi
{
    internal sealed record PublicUpdateDto(string At, string Text, string StatusBefore, string StatusAfter);

    internal sealed record PublicMeasurementDto(string On, decimal Value);

    internal sealed record PublicIndicatorDto(string Name, string Unit, decimal Baseline, decimal Target, string? TargetDate, int? PercentOfTarget,
        PublicMeasurementDto[] Measurements);

    internal sealed record PublicCommitmentDto(Guid Id, string AgreementId, string Citation, string Title, string Lead, string Status, string ReleasedAt,
        string UpdatedAt, PublicUpdateDto[]? Updates, PublicIndicatorDto[]? Indicators)
    {
        public static PublicCommitmentDto From(CommitmentRecord c, bool whole) => new(c.Id, c.AgreementId, c.Citation, c.Title, c.Lead().Name(),
            c.Status.Name(), InstantPattern.General.Format(c.ReleasedAt!.Value), InstantPattern.General.Format(c.UpdatedAt),
            whole ? [.. c.Updates.OrderBy(u => u.At).Select(u => new PublicUpdateDto(InstantPattern.General.Format(u.At), u.Text, u.StatusBefore.Name(),
                u.StatusAfter.Name()))] : null,
            whole ? [.. c.Indicators.OrderBy(i => i.AddedAt).Select(i => new PublicIndicatorDto(i.Name, i.Unit.Name(), i.Baseline.Plain(), i.Target.Plain(),
                i.TargetDate is { } d ? LocalDatePattern.Iso.Format(d) : null, i.PercentOfTarget,
                [.. i.Measurements.OrderBy(m => m.On).ThenBy(m => m.At).Select(m => new PublicMeasurementDto(LocalDatePattern.Iso.Format(m.On), m.Value.Plain()))]))]
                : null);
    }

    internal sealed record PublicPage(PublicCommitmentDto[] Items, int Total, int Page, int PageSize);

    public static IEndpointRouteBuilder MapPublicCommitmentsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/public/commitments").WithTags("Public").AllowAnonymous();
        api.MapGet("/", List).WithName("ListPublicCommitments")
            .WithSummary("The commitments released to the public, in the agreement's order; no account needed. ?agreement=cussp&page=&pageSize=.")
            .ProducesValidationProblem();
        api.MapGet("/{id:guid}", Get).WithName("GetPublicCommitment")
            .WithSummary("One commitment released to the public, with its progress updates and indicators; no account needed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    internal static async Task<Ok<PublicPage>> List(CommitmentRelease release, CancellationToken ct, [FromQuery] string? agreement = null,
        [FromQuery] int page = 1, [FromQuery] int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > CommitmentRelease.MaxPageSize)
        {
            throw new InvalidInputException("page", $"page from 1, pageSize from 1 to {CommitmentRelease.MaxPageSize}");
        }
        var (items, total) = await release.ListAsync(string.IsNullOrWhiteSpace(agreement) ? AgreementRegister.CusspId : agreement.Trim(), page, pageSize, ct);
        return TypedResults.Ok(new PublicPage([.. items.Select(c => PublicCommitmentDto.From(c, whole: false))], total, page, pageSize));
    }

    internal static async Task<Ok<PublicCommitmentDto>> Get(Guid id, CommitmentRelease release, CancellationToken ct) =>
        TypedResults.Ok(PublicCommitmentDto.From(await release.GetAsync(id, ct)
            ?? throw new NotFoundException($"There is no commitment {id} released to the public."), whole: true));
}
