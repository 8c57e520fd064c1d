using Cussp.Agreements;
using Cussp.Api;
using Cussp.Authorization;
using Cussp.Commitments;
using Cussp.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Features.Commitments;

/// <summary>
/// Commitments under <c>/api/v1/commitments</c>: what each provision promised and how it stands. Commitments are marked records:
/// every read goes through <see cref="AccessPolicy"/> inside the query, and one the caller may not read answers 404, exactly like
/// one that does not exist. Every answer about one commitment carries its version as the <c>ETag</c>; a progress update must send
/// it back in <c>If-Match</c>.
/// </summary>
internal static class CommitmentsApi
{
    internal sealed record UpdateDto(Guid Id, string At, string By, string Text, string StatusBefore, string StatusAfter, Guid? DecisionId)
    {
        public static UpdateDto From(CommitmentUpdateRecord u) =>
            new(u.Id, InstantPattern.General.Format(u.At), u.By, u.Text, u.StatusBefore.Name(), u.StatusAfter.Name(), u.DecisionId);
    }

    internal sealed record EvidenceDto(Guid Id, string Kind, string Title, string? Url, string? Text, string? FileName, string? ContentType,
        long? Length, string? Sha256, string? Download, string AddedBy, string AddedAt)
    {
        public static EvidenceDto From(EvidenceRecord e) => new(e.Id, e.Kind.ToString().ToLowerInvariant(), e.Title, e.Url, e.Text, e.FileName,
            e.ContentType, e.Length, e.Sha256, e.Kind == EvidenceKind.File ? DownloadHref(e.CommitmentId, e.Id) : null, e.AddedBy,
            InstantPattern.General.Format(e.AddedAt));
    }

    internal sealed record MeasurementDto(Guid Id, string On, decimal Value, string? Note, string By, string At)
    {
        public static MeasurementDto From(MeasurementRecord m) =>
            new(m.Id, LocalDatePattern.Iso.Format(m.On), m.Value.Plain(), m.Note, m.By, InstantPattern.General.Format(m.At));
    }

    internal sealed record IndicatorDto(Guid Id, string Name, string Unit, decimal Baseline, decimal Target, string? TargetDate, decimal? Latest,
        string? LatestOn, int? PercentOfTarget, string AddedBy, string AddedAt, MeasurementDto[] Measurements)
    {
        public static IndicatorDto From(IndicatorRecord i) => new(i.Id, i.Name, i.Unit.Name(), i.Baseline.Plain(), i.Target.Plain(),
            i.TargetDate is { } d ? LocalDatePattern.Iso.Format(d) : null, i.Latest?.Value.Plain(), i.Latest is { } l ? LocalDatePattern.Iso.Format(l.On) : null,
            i.PercentOfTarget, i.AddedBy, InstantPattern.General.Format(i.AddedAt),
            [.. i.Measurements.OrderBy(m => m.On).ThenBy(m => m.At).Select(MeasurementDto.From)]);
    }

    internal sealed record ComplianceDto(Guid Id, int Year, int Score, string Reason, string By, string ByParticipant, string At)
    {
        public static ComplianceDto From(ComplianceScoreRecord s) =>
            new(s.Id, s.Year, s.Score, s.Reason, s.By, s.ByParticipant.ToString(), InstantPattern.General.Format(s.At));
    }

    internal sealed record CommitmentDto(Guid Id, string AgreementId, string Citation, string Title, string Lead, Guid? LeadOrganisationId,
        string Status, bool Derived, string Classification, string Releasability, string Area, string Marking, string Originator,
        string CreatedBy, string CreatedAt, string UpdatedAt, int Version, UpdateDto[]? Updates, EvidenceDto[]? Evidence,
        IndicatorDto[]? Indicators, ComplianceDto[]? Compliance, string? ReleasedAt)
    {
        public static CommitmentDto From(CommitmentRecord c, bool withUpdates) => new(c.Id, c.AgreementId, c.Citation, c.Title, c.Lead().Name(),
            c.LeadOrganisationId, c.Status.Name(), c.Derived, c.Classification.Label(), c.Releasability.Label(), c.Area,
            Cussp.Identity.Marking.Of(c).ToString(), c.Originator.ToString(), c.CreatedBy, InstantPattern.General.Format(c.CreatedAt),
            InstantPattern.General.Format(c.UpdatedAt), c.Version, withUpdates ? [.. c.Updates.OrderBy(u => u.At).Select(UpdateDto.From)] : null,
            withUpdates ? [.. c.Evidence.OrderBy(e => e.AddedAt).Select(EvidenceDto.From)] : null,
            withUpdates ? [.. c.Indicators.OrderBy(i => i.AddedAt).Select(IndicatorDto.From)] : null,
            withUpdates ? [.. c.Compliance.OrderBy(s => s.CommitmentVersion).Select(ComplianceDto.From)] : null,
            c.ReleasedAt is { } released ? InstantPattern.General.Format(released) : null);
    }

    /// <summary>Where a file given as evidence is downloaded, by the API's token or a browser's session alike.</summary>
    internal static string DownloadHref(Guid commitmentId, Guid evidenceId) => $"/api/v1/commitments/{commitmentId}/evidence/{evidenceId}/content";

    internal sealed record EvidenceRequest(string? Kind, string? Title, string? Url, string? Text);

    internal sealed record CompletionRequest(string? Details);

    internal sealed record CompletionDto(Guid Decision, string State, string Location);

    internal sealed record CommitmentPage(CommitmentDto[] Items, int Total, int Page, int PageSize);

    internal sealed record ChangedCommitmentDto(Guid Id, string Citation, string Title, string Marking);

    internal sealed record ChangeDto(string At, string Kind, string By, ChangedCommitmentDto Commitment, string? Text, string? StatusBefore,
        string? StatusAfter, decimal? Value, string? Unit, int? Year, int? Score)
    {
        public static ChangeDto From(CommitmentChange c) => new(InstantPattern.General.Format(c.At), c.Kind.ToString().ToLowerInvariant(), c.By,
            new(c.Commitment.Id, c.Commitment.Citation, c.Commitment.Title, Marking.Of(c.Commitment).ToString()), c.Text, c.Before?.Name(),
            c.After?.Name(), c.Value, c.Unit?.Name(), c.Year, c.Score);
    }

    internal sealed record ChangePage(string Since, ChangeDto[] Items, int Total, int Page, int PageSize);

    internal sealed record UpdateRequest(string? Text, string? Status);

    internal sealed record AddRequest(string? Agreement, string? Citation, string? Title, string? Lead, Guid? LeadOrganisationId, string? Classification,
        string? Releasability);

    internal sealed record LeadRequest(string? Lead, Guid? LeadOrganisationId);

    internal sealed record ReleaseRequest(bool? Released);

    internal sealed record IndicatorRequest(string? Name, string? Unit, decimal? Baseline, decimal? Target, string? TargetDate);

    internal sealed record MeasurementRequest(string? On, decimal? Value, string? Unit, string? Note);

    internal sealed record ComplianceRequest(int? Year, int? Score, string? Reason);

    internal sealed record ComplianceSummaryDto(int Year, int FirstYear, int LastYear, ComplianceGroup Overall, IReadOnlyList<ComplianceGroup> ByLead,
        IReadOnlyList<ComplianceGroup> ByComponent, IReadOnlyList<ComplianceGroup> ByPart);

    public static IEndpointRouteBuilder MapCommitmentsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/commitments").WithTags("Commitments").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapGet("/", List).WithName("ListCommitments")
            .WithSummary("The commitments the caller may read, in the agreement's order; ?agreement=cussp&component=&part=&lead=canada|ukraine|both&status=.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/", Add).WithName("AddCommitment")
            .WithSummary("Adds a commitment on any provision (more than the text sets out, or one provision's promises split into several): citation, title, lead (canada, ukraine or both), an optional leadOrganisationId of the lead participant's, and a marking the caller could read (UNCLASSIFIED and REL CAN UKR when left out).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/export.csv", ExportCsv).WithName("ExportCommitments")
            .WithSummary("Every commitment the caller may read, as CSV (each row with its marking), with the list's filters; an attachment.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/export.xlsx", ExportXlsx).WithName("ExportCommitmentsXlsx")
            .WithSummary("Every commitment the caller may read, as an Excel workbook (each row with its marking), with the list's filters; an attachment.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/changes", Changes).WithName("CommitmentChanges")
            .WithSummary("What changed in the commitments the caller may read since a date, newest first: progress updates, evidence, indicators, measurements, scores and added commitments; ?since=YYYY-MM-DD (30 days ago when left out)&page=&pageSize=.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/stocktake", StockTakeFile).WithName("CommitmentStockTake")
            .WithSummary("The annual stock-take (Part II.1.ii) of what the caller may read, as an attachment: ?year=YYYY (the last full year when left out)&format=docx|html|md (docx when left out), in the request's language (its language cookie or Accept-Language).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/review", ReviewFile).WithName("CommitmentReview")
            .WithSummary("The comprehensive review (Part VIII.B.1, due three years after the signature) of what the caller may read, as an attachment: each key component's progress and compliance in every year of the term so far, then the latest year's stock-take; ?format=docx|html|md, in the request's language.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}", Get).WithName("GetCommitment").WithSummary("One commitment with its progress updates; its ETag is its version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/updates", RecordUpdate).WithName("RecordCommitmentUpdate")
            .WithSummary("Records a dated progress update, optionally moving the status (never to complete), with If-Match.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id:guid}/release", Release).WithName("ReleaseCommitment")
            .WithSummary("Releases the commitment to the public, or withdraws it, with If-Match: {\"released\": true|false}; approvers only, and only an UNCLASSIFIED // REL CAN UKR commitment is released.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id:guid}/lead", SetLead).WithName("SetCommitmentLead")
            .WithSummary("Sets who leads, with If-Match: lead (canada, ukraine or both) and an optional leadOrganisationId, one of the lead participant's organisations.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id:guid}/evidence", AddEvidence).WithName("AddCommitmentEvidence")
            .WithSummary($"Adds evidence, with If-Match: a link or a note as JSON, or a file as multipart/form-data (fields title and file; {EvidenceFiles.Accepted}, at most 10 MB).")
            .Accepts<EvidenceRequest>("application/json", "multipart/form-data")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapGet("/{id:guid}/evidence/{evidenceId:guid}/content", Download).WithName("DownloadCommitmentEvidence")
            .WithSummary("A file given as evidence, as an attachment; every download is in the audit log.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/completion", RequestCompletion).WithName("RequestCommitmentCompletion")
            .WithSummary("Asks, with If-Match, for the commitment to be recorded as complete on its evidence: a joint decision that approvers of both participants review.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id:guid}/compliance", Assess).WithName("ScoreCommitmentCompliance")
            .WithSummary("Scores, with If-Match, how well the commitment was kept in a calendar year: {\"year\": 2025, \"score\": -1|0|1, \"reason\": \"…\"}; approvers only. Every score is kept; the latest of a year counts.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapGet("/compliance", Compliance).WithName("CommitmentCompliance")
            .WithSummary("A year's compliance over the commitments the caller may read: the share (score + 1) / 2 overall, by lead, key component and part; ?year=YYYY (this year when left out).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/{id:guid}/indicators", AddIndicator).WithName("AddCommitmentIndicator")
            .WithSummary("Adds an indicator, with If-Match: name, unit (count, people, hectares, km, percent, days, CAD, USD, EUR, UAH), baseline, target and an optional targetDate inside the agreement's term.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        api.MapPost("/{id:guid}/indicators/{indicatorId:guid}/measurements", AddMeasurement).WithName("AddIndicatorMeasurement")
            .WithSummary("Records a dated measurement of an indicator, with If-Match: on (a date inside the agreement's term, not in the future), value, and optionally its unit (checked against the indicator's) and a note.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return endpoints;
    }

    /// <summary>Reads a unit by its API name: true with null for none given.</summary>
    internal static bool TryParseUnit(string? text, out IndicatorUnit? unit)
    {
        unit = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var known = IndicatorUnits.TryParse(text, out var u);
        unit = known ? u : null;
        return known;
    }

    /// <summary>Reads an optional ISO date (YYYY-MM-DD): true with null for none given.</summary>
    internal static bool TryParseDate(string? text, out LocalDate? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        date = parsed.Success ? parsed.Value : null;
        return parsed.Success;
    }

    /// <summary>
    /// An indicator's words as the API, the pages and the command line send them, read into an input; a unit or a date that cannot be
    /// read is named with the field it came in.
    /// </summary>
    internal static IndicatorInput IndicatorInputOf(string? name, string? unit, decimal? baseline, decimal? target, string? targetDate)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TryParseUnit(unit, out var u) || u is null)
        {
            errors["unit"] = [IndicatorUnits.Unknown(unit)];
        }
        if (!TryParseDate(targetDate, out var date))
        {
            errors["targetDate"] = [$"\"{targetDate}\": give a date as YYYY-MM-DD, or none."];
        }
        return errors.Count > 0 ? throw new InvalidInputException(errors) : new IndicatorInput(name, u, baseline, target, date);
    }

    /// <summary>A measurement as it is sent, read into an input; a unit or a date that cannot be read is named with its field.</summary>
    internal static MeasurementInput MeasurementInputOf(string? on, decimal? value, string? unit, string? note)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TryParseUnit(unit, out var u))
        {
            errors["unit"] = [IndicatorUnits.Unknown(unit)];
        }
        if (!TryParseDate(on, out var date) || date is null)
        {
            errors["on"] = [$"\"{on}\": give the date the measurement was taken, as YYYY-MM-DD."];
        }
        return errors.Count > 0 ? throw new InvalidInputException(errors) : new MeasurementInput(date, value, u, note);
    }

    /// <summary>Reads an optional status by its API name: true with null for none given.</summary>
    internal static bool TryParseStatus(string? text, out CommitmentStatus? status)
    {
        status = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        var known = CommitmentVocabulary.TryParseStatus(text.Trim(), out var s);
        status = known ? s : null;
        return known;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static async Task<Ok<CommitmentPage>> List(CurrentSubject current, CommitmentTracker tracker, CancellationToken ct,
        [FromQuery] string? agreement = null, [FromQuery] string? component = null, [FromQuery] string? part = null,
        [FromQuery] string? lead = null, [FromQuery] string? status = null, [FromQuery] int page = 1, [FromQuery] int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > CommitmentTracker.MaxPageSize)
        {
            throw new InvalidInputException("page", $"page from 1, pageSize from 1 to {CommitmentTracker.MaxPageSize}");
        }
        var agreementId = Blank(agreement) ?? AgreementRegister.CusspId;
        var filter = await tracker.ReadFilterAsync(agreementId, component, part, lead, status, ct);
        var (items, total) = await tracker.ListAsync(await current.GetAsync(ct), agreementId, filter, page, pageSize, ct);
        return TypedResults.Ok(new CommitmentPage([.. items.Select(c => CommitmentDto.From(c, withUpdates: false))], total, page, pageSize));
    }

    internal static async Task<Ok<ChangePage>> Changes(CurrentSubject current, CommitmentChanges changes, CancellationToken ct,
        [FromQuery] string? agreement = null, [FromQuery] string? since = null, [FromQuery] int page = 1, [FromQuery] int pageSize = 50)
    {
        if (page < 1 || pageSize < 1 || pageSize > CommitmentChanges.MaxPageSize)
        {
            throw new InvalidInputException("page", $"page from 1, pageSize from 1 to {CommitmentChanges.MaxPageSize}");
        }
        if (!TryParseDate(since, out var date))
        {
            throw new InvalidInputException("since", $"\"{since}\": write the date as YYYY-MM-DD");
        }
        var from = date ?? changes.DefaultSince();
        var (items, total) = await changes.SinceAsync(await current.GetAsync(ct), Blank(agreement) ?? AgreementRegister.CusspId, from, page, pageSize, ct);
        return TypedResults.Ok(new ChangePage(LocalDatePattern.Iso.Format(from), [.. items.Select(ChangeDto.From)], total, page, pageSize));
    }

    internal static async Task<FileContentHttpResult> ExportCsv(CurrentSubject current, CommitmentTracker tracker, CancellationToken ct,
        [FromQuery] string? agreement = null, [FromQuery] string? component = null, [FromQuery] string? part = null,
        [FromQuery] string? lead = null, [FromQuery] string? status = null)
    {
        var agreementId = Blank(agreement) ?? AgreementRegister.CusspId;
        var filter = await tracker.ReadFilterAsync(agreementId, component, part, lead, status, ct);
        var subject = await current.GetAsync(ct);
        using var buffer = new MemoryStream();
        await using (var writer = new StreamWriter(buffer, new System.Text.UTF8Encoding(false), leaveOpen: true))
        {
            await CommitmentExport.WriteCsvAsync(CommitmentExport.ReadAllAsync(tracker, subject, agreementId, filter, ct), writer, ct);
        }
        return TypedResults.File(buffer.ToArray(), "text/csv; charset=utf-8", $"commitments-{agreementId}.csv");
    }

    internal static async Task<FileContentHttpResult> ExportXlsx(CurrentSubject current, CommitmentTracker tracker, CancellationToken ct,
        [FromQuery] string? agreement = null, [FromQuery] string? component = null, [FromQuery] string? part = null,
        [FromQuery] string? lead = null, [FromQuery] string? status = null)
    {
        var agreementId = Blank(agreement) ?? AgreementRegister.CusspId;
        var filter = await tracker.ReadFilterAsync(agreementId, component, part, lead, status, ct);
        using var buffer = new MemoryStream();
        await CommitmentExport.WriteXlsxAsync(CommitmentExport.ReadAllAsync(tracker, await current.GetAsync(ct), agreementId, filter, ct), buffer, ct);
        return TypedResults.File(buffer.ToArray(), CommitmentExport.XlsxMediaType, $"commitments-{agreementId}.xlsx");
    }

    internal static async Task<FileContentHttpResult> StockTakeFile(CurrentSubject current, StockTake stockTake, IStringLocalizer<CommitmentText> c,
        IStringLocalizer<Text> t, CancellationToken ct, [FromQuery] string? agreement = null, [FromQuery] int? year = null, [FromQuery] string? format = null)
    {
        var agreementId = Blank(agreement) ?? AgreementRegister.CusspId;
        var chosen = ReportFormat(format);
        var report = await stockTake.DrawUpAsync(await current.GetAsync(ct), agreementId, year ?? await stockTake.DefaultYearAsync(agreementId, ct), ct);
        using var buffer = new MemoryStream();
        await StockTakeFormats.WriteAsync(StockTakeDocument.Build(report, c, t), chosen, buffer, ct);
        return TypedResults.File(buffer.ToArray(), StockTakeFormats.MediaType(chosen), StockTakeDocument.FileName(agreementId, report.Year, chosen));
    }

    // The format a report is asked for: docx when left out; anything else the formats do not know is bad input.
    private static string ReportFormat(string? format)
    {
        var chosen = Blank(format)?.ToLowerInvariant() ?? "docx";
        return StockTakeFormats.Known(chosen) ? chosen
            : throw new InvalidInputException("format", $"\"{format}\": use {string.Join(", ", StockTakeFormats.Names)}");
    }

    internal static async Task<FileContentHttpResult> ReviewFile(CurrentSubject current, StockTake stockTake, IStringLocalizer<CommitmentText> c,
        IStringLocalizer<Text> t, CancellationToken ct, [FromQuery] string? agreement = null, [FromQuery] string? format = null)
    {
        var agreementId = Blank(agreement) ?? AgreementRegister.CusspId;
        var chosen = ReportFormat(format);
        var review = await stockTake.ReviewAsync(await current.GetAsync(ct), agreementId, ct);
        using var buffer = new MemoryStream();
        await StockTakeFormats.WriteAsync(StockTakeDocument.BuildReview(review, c, t), chosen, buffer, ct);
        return TypedResults.File(buffer.ToArray(), StockTakeFormats.MediaType(chosen), StockTakeDocument.ReviewFileName(agreementId, review, chosen));
    }

    internal static async Task<Ok<CommitmentDto>> Get(Guid id, CurrentSubject current, CommitmentTracker tracker, HttpResponse response,
        CancellationToken ct)
    {
        var c = await tracker.GetAsync(await current.GetAsync(ct), id, ct) ?? throw CommitmentTracker.NotFound(id);
        response.SetETag(c.Version);
        return TypedResults.Ok(CommitmentDto.From(c, withUpdates: true));
    }

    internal static async Task<Created<CommitmentDto>> Add(AddRequest request, CurrentSubject current, CommitmentAuthoring authoring,
        CommitmentTracker tracker, HttpRequest http, CancellationToken ct)
    {
        var subject = await current.GetAsync(ct) ?? throw new RefusedException("Only contributors add commitments.");
        var added = await authoring.AddAsync(subject, Blank(request.Agreement) ?? AgreementRegister.CusspId, new CommitmentInput(request.Citation,
            request.Title, request.Lead, request.LeadOrganisationId, request.Classification, request.Releasability), ct);
        return await CreatedAsync(added.Id, subject, tracker, http, ct);
    }

    internal static async Task<Ok<CommitmentDto>> Release(Guid id, ReleaseRequest request, CurrentSubject current, CommitmentRelease release,
        CommitmentTracker tracker, HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        if (request.Released is not { } released)
        {
            throw new InvalidInputException("released", "say true to release the commitment to the public, false to withdraw it");
        }
        var subject = await current.GetAsync(ct) ?? throw CommitmentTracker.NotFound(id);
        await release.SetAsync(subject, id, released, version, ct);
        var c = await tracker.GetAsync(subject, id, ct) ?? throw CommitmentTracker.NotFound(id);
        http.HttpContext.Response.SetETag(c.Version);
        return TypedResults.Ok(CommitmentDto.From(c, withUpdates: true));
    }

    internal static async Task<Ok<CommitmentDto>> SetLead(Guid id, LeadRequest request, CurrentSubject current, CommitmentAuthoring authoring,
        CommitmentTracker tracker, HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        var subject = await current.GetAsync(ct) ?? throw CommitmentTracker.NotFound(id);
        await authoring.SetLeadAsync(subject, id, new LeadInput(request.Lead, request.LeadOrganisationId), version, ct);
        var c = await tracker.GetAsync(subject, id, ct) ?? throw CommitmentTracker.NotFound(id);
        http.HttpContext.Response.SetETag(c.Version);
        return TypedResults.Ok(CommitmentDto.From(c, withUpdates: true));
    }

    internal static async Task<Created<CommitmentDto>> RecordUpdate(Guid id, UpdateRequest request, CurrentSubject current,
        CommitmentTracker tracker, HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        if (!TryParseStatus(request.Status, out var status))
        {
            throw new InvalidInputException("status", CommitmentVocabulary.UnknownStatus(request.Status));
        }
        var subject = await current.GetAsync(ct) ?? throw CommitmentTracker.NotFound(id);
        await tracker.RecordUpdateAsync(subject, id, new CommitmentUpdateInput(request.Text, status), version, ct);
        return await CreatedAsync(id, subject, tracker, http, ct);
    }

    internal static async Task<Created<CommitmentDto>> AddEvidence(Guid id, CurrentSubject current, CommitmentTracker tracker, CommitmentEvidence evidence,
        HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        EvidenceInput input;
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(ct);
            var file = form.Files.GetFile("file");
            input = new EvidenceInput(EvidenceKind.File, form["title"], FileName: file?.FileName, Content: file is null ? null : await ReadAsync(file, ct));
        }
        else
        {
            var body = await Bodies.OptionalJsonAsync<EvidenceRequest>(http, ct)
                ?? throw new InvalidInputException("kind", "Send a link or a note as JSON ({\"kind\": \"link\", \"title\": …, \"url\": …}), or a file as multipart/form-data.");
            var kind = body.Kind?.Trim().ToLowerInvariant() switch
            {
                "link" => EvidenceKind.Link,
                "note" => EvidenceKind.Note,
                _ => throw new InvalidInputException("kind", $"\"{body.Kind}\": use link or note as JSON; a file is sent as multipart/form-data."),
            };
            input = new EvidenceInput(kind, body.Title, body.Url, body.Text);
        }
        var subject = await current.GetAsync(ct) ?? throw CommitmentTracker.NotFound(id);
        await evidence.AddAsync(subject, id, input, version, ct);
        return await CreatedAsync(id, subject, tracker, http, ct);
    }

    /// <summary>A file's bytes, refusing one over the limit before reading it.</summary>
    internal static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken ct)
    {
        if (file.Length > EvidenceFiles.MaxBytes)
        {
            throw new InvalidInputException("file", EvidenceFiles.TooLarge(file.Length));
        }
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }

    internal static async Task<FileContentHttpResult> Download(Guid id, Guid evidenceId, CurrentSubject current, CommitmentEvidence evidence,
        CancellationToken ct)
    {
        var (record, content) = await evidence.OpenFileAsync(await current.GetAsync(ct), id, evidenceId, ct) ?? throw CommitmentEvidence.NotFound(evidenceId);
        return TypedResults.File(content, record.ContentType, record.FileName);
    }

    internal static async Task<Created<CommitmentDto>> AddIndicator(Guid id, IndicatorRequest request, CurrentSubject current,
        CommitmentTracker tracker, CommitmentIndicators indicators, HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        var input = IndicatorInputOf(request.Name, request.Unit, request.Baseline, request.Target, request.TargetDate);
        var subject = await current.GetAsync(ct) ?? throw CommitmentTracker.NotFound(id);
        await indicators.AddIndicatorAsync(subject, id, input, version, ct);
        return await CreatedAsync(id, subject, tracker, http, ct);
    }

    internal static async Task<Created<CommitmentDto>> AddMeasurement(Guid id, Guid indicatorId, MeasurementRequest request, CurrentSubject current,
        CommitmentTracker tracker, CommitmentIndicators indicators, HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        var input = MeasurementInputOf(request.On, request.Value, request.Unit, request.Note);
        var subject = await current.GetAsync(ct) ?? throw CommitmentTracker.NotFound(id);
        await indicators.AddMeasurementAsync(subject, id, indicatorId, input, version, ct);
        return await CreatedAsync(id, subject, tracker, http, ct);
    }

    internal static async Task<Created<CommitmentDto>> Assess(Guid id, ComplianceRequest request, CurrentSubject current, CommitmentTracker tracker,
        CommitmentCompliance compliance, HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        var subject = await current.GetAsync(ct) ?? throw CommitmentTracker.NotFound(id);
        await compliance.AssessAsync(subject, id, new ComplianceInput(request.Year, request.Score, request.Reason), version, ct);
        return await CreatedAsync(id, subject, tracker, http, ct);
    }

    internal static async Task<Ok<ComplianceSummaryDto>> Compliance(CurrentSubject current, CommitmentCompliance compliance, CancellationToken ct,
        [FromQuery] string? agreement = null, [FromQuery] int? year = null)
    {
        var agreementId = Blank(agreement) ?? AgreementRegister.CusspId;
        var (first, last) = await compliance.YearsAsync(agreementId, ct);
        var chosen = year ?? last;
        if (chosen < first || chosen > last)
        {
            throw new InvalidInputException("year", $"{chosen}: choose a year from {first} to {last}");
        }
        var s = await compliance.SummaryAsync(await current.GetAsync(ct), agreementId, chosen, ct);
        return TypedResults.Ok(new ComplianceSummaryDto(s.Year, first, last, s.Overall, s.ByLead, s.ByComponent, s.ByPart));
    }

    // The commitment as it stands after a change, with its new version as the ETag.
    private static async Task<Created<CommitmentDto>> CreatedAsync(Guid id, AccessSubject subject, CommitmentTracker tracker, HttpRequest http,
        CancellationToken ct)
    {
        var c = await tracker.GetAsync(subject, id, ct) ?? throw CommitmentTracker.NotFound(id);
        http.HttpContext.Response.SetETag(c.Version);
        return TypedResults.Created($"/api/v1/commitments/{id}", CommitmentDto.From(c, withUpdates: true));
    }

    internal static async Task<Created<CompletionDto>> RequestCompletion(Guid id, CurrentSubject current, CommitmentCompletion completion,
        HttpRequest http, CancellationToken ct)
    {
        var version = Versions.IfMatch(http);
        var body = await Bodies.OptionalJsonAsync<CompletionRequest>(http, ct);
        var subject = await current.GetAsync(ct) ?? throw CommitmentTracker.NotFound(id);
        var decision = await completion.RequestAsync(subject, id, body?.Details, version, ct);
        var location = $"/api/v1/decisions/{decision.Id}";
        http.HttpContext.Response.SetETag(decision.Version);
        return TypedResults.Created(location, new CompletionDto(decision.Id, "pending", location));
    }
}
