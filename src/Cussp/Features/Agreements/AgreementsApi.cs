using System.Runtime.CompilerServices;
using System.Text.Json;
using Cussp.Agreements;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Features.Agreements;

/// <summary>The public API of the agreement register under <c>/api/v1/agreements</c>. The agreements are public: no login.</summary>
internal static class AgreementsApi
{
    // The unfiltered provisions list is the register's hottest read: serialise and compress it once per snapshot.
    private static readonly ConditionalWeakTable<RegisterSnapshot, PreparedJson> FullList = [];

    public static IEndpointRouteBuilder MapAgreementsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1/agreements").WithTags("Agreements");
        api.MapGet("/", ListAgreements).WithName("ListAgreements").WithSummary("Lists the agreements in the register.");
        api.MapGet("/{id}", GetAgreement).WithName("GetAgreement").WithSummary("One agreement with its parts and sections.");
        api.MapGet("/{id}/provisions", ListProvisions).WithName("ListProvisions")
            .WithSummary("Every provision, optionally filtered by actor, modality, component and words of the text.")
            .Produces<ProvisionDto[]>();
        api.MapGet("/{id}/provisions/{citation}", GetProvision).WithName("GetProvision").WithSummary("One provision by its citation.");
        api.MapGet("/{id}/components", ListComponents).WithName("ListComponents")
            .WithSummary("The ten key components and the framework group: provisions counted by primary component, those each serves, and the summary's lines.");
        api.MapGet("/{id}/obligations", ListObligations).WithName("ListObligations")
            .WithSummary("The time-bound duties derived from the text, with their due dates where the text fixes them.");
        api.MapGet("/{id}/lifecycle", GetLifecycle).WithName("GetLifecycle")
            .WithSummary("Signature, entry into effect, review due, expiry and, given a notice date, when termination takes effect.");
        api.MapGet("/{id}/versions", ListVersions).WithName("ListAgreementVersions")
            .WithSummary("The consolidated versions of the text: as signed, then one for each approved amendment that changed it, with the day each is in force from.");
        api.MapGet("/{id}/diff", Diff).WithName("DiffAgreementVersions")
            .WithSummary("What changed between two versions (?from=N&to=M; by default the newest and the one before it), provision by provision and word by word.")
            .ProducesValidationProblem();
        api.MapGet("/{id}/export", Export).WithName("ExportAgreement").WithSummary("The agreement as Akoma Ntoso XML, JSON or Markdown.");
        return endpoints;
    }

    internal static async Task<Ok<AgreementDto[]>> ListAgreements(AgreementRegister register, CancellationToken ct) =>
        TypedResults.Ok((await register.ListAsync(ct)).Select(AgreementDto.From).ToArray());

    internal static async Task<Results<Ok<AgreementDocumentDto>, ProblemHttpResult>> GetAgreement(string id, AgreementRegister register, CancellationToken ct)
    {
        var s = await register.GetAsync(id, ct);
        if (s is null)
        {
            return NoAgreement(id);
        }
        return TypedResults.Ok(AgreementDocumentDto.From(s) with { Provisions = [] });
    }

    internal static async Task<IResult> ListProvisions(
        string id, RegisterCache register, RegisterReading reading, CancellationToken ct,
        [FromQuery] string? actor = null, [FromQuery] string? modality = null, [FromQuery] string? component = null, [FromQuery] string? q = null)
    {
        var errors = new Dictionary<string, string[]>();
        Actor? a = null;
        Modality? m = null;
        if (actor is not null)
        {
            if (Vocabulary.TryParseActor(actor, out var pa))
            {
                a = pa;
            }
            else
            {
                errors["actor"] = [$"\"{actor}\" is not an actor; use {string.Join(", ", Enum.GetValues<Actor>().Select(x => x.Name()))}"];
            }
        }
        if (modality is not null)
        {
            if (Vocabulary.TryParseModality(modality, out var pm))
            {
                m = pm;
            }
            else
            {
                errors["modality"] = [$"\"{modality}\" is not a modality; use {string.Join(", ", Enum.GetValues<Modality>().Select(x => x.Name()))}"];
            }
        }
        if (component is not null && KeyComponents.Known(component) is null)
        {
            errors["component"] = [$"\"{component}\" is not a key component; use {string.Join(", ", KeyComponents.Ids)}"];
        }
        if (q is { Length: > SearchText.MaxQueryLength })
        {
            errors["q"] = [$"the search is {q.Length} characters long; at most {SearchText.MaxQueryLength} are allowed"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var s = await register.GetAsync(id, reading.AsOf, ct);
        if (s is null)
        {
            return NoAgreement(id);
        }
        if (a is null && m is null && component is null && string.IsNullOrWhiteSpace(q))
        {
            return FullList.GetValue(s, snap =>
                new PreparedJson(JsonSerializer.SerializeToUtf8Bytes(snap.Provisions.Select(ProvisionDto.From).ToArray(), AgreementJson.Options)))
                .ToResult();
        }
        return TypedResults.Ok(s.Filter(a, m, component, q).Select(ProvisionDto.From).ToArray());
    }

    internal static async Task<Results<Ok<ProvisionDto>, ProblemHttpResult>> GetProvision(string id, string citation, AgreementRegister register, CancellationToken ct)
    {
        var s = await register.GetAsync(id, ct);
        if (s is null)
        {
            return NoAgreement(id);
        }
        var p = s.Find(citation);
        return p is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such provision",
                detail: $"\"{citation}\" is not a citation of agreement \"{id}\". Citations look like II.3, IV.A.7.iii.A or PRE.1.")
            : TypedResults.Ok(ProvisionDto.From(p));
    }

    internal static async Task<Results<Ok<ComponentDto[]>, ProblemHttpResult>> ListComponents(string id, AgreementRegister register, CancellationToken ct)
    {
        var s = await register.GetAsync(id, ct);
        return s is null ? NoAgreement(id) : TypedResults.Ok(ComponentDto.ListFrom(s).ToArray());
    }

    internal static async Task<Results<Ok<ObligationDto[]>, ProblemHttpResult>> ListObligations(string id, AgreementRegister register, IClock clock, CancellationToken ct)
    {
        var s = await register.GetAsync(id, ct);
        if (s is null)
        {
            return NoAgreement(id);
        }
        var today = clock.GetCurrentInstant().InZone(Time.Zones.Kyiv).Date;
        return TypedResults.Ok(Cussp.Agreements.Obligations.For(s, today).Select(ObligationDto.From).ToArray());
    }

    internal sealed record LifecycleDateDto(string Key, string Date, string? Citation, string Rule, string StartsInKyiv, string StartsInOttawa);

    internal static async Task<Results<Ok<LifecycleDateDto[]>, ProblemHttpResult, ValidationProblem>> GetLifecycle(
        string id, AgreementRegister register, CancellationToken ct, [FromQuery] string? noticeReceived = null)
    {
        LocalDate? notice = null;
        if (noticeReceived is not null)
        {
            var parsed = LocalDatePattern.Iso.Parse(noticeReceived);
            if (!parsed.Success)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["noticeReceived"] = [$"\"{noticeReceived}\" is not a date in the form YYYY-MM-DD"],
                });
            }
            notice = parsed.Value;
        }
        var s = await register.GetAsync(id, ct);
        if (s is null)
        {
            return NoAgreement(id);
        }
        return TypedResults.Ok(Lifecycle.For(s, notice).Select(d =>
        {
            var start = Time.Zones.StartOfDayInKyiv(d.Date);
            return new LifecycleDateDto(d.Key, LocalDatePattern.Iso.Format(d.Date), d.Citation, d.Rule,
                OffsetDateTimePattern.ExtendedIso.Format(start.InZone(Time.Zones.Kyiv).ToOffsetDateTime()),
                OffsetDateTimePattern.ExtendedIso.Format(start.InZone(Time.Zones.Ottawa).ToOffsetDateTime()));
        }).ToArray());
    }

    internal static async Task<IResult> Export(string id, AgreementRegister register, CancellationToken ct, [FromQuery] string format = "json")
    {
        if (!Enum.TryParse<ExportFormat>(format, ignoreCase: true, out var f) || !Enum.IsDefined(f))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"\"{format}\" is not an export format; use akn, json or md"] });
        }
        var s = await register.GetAsync(id, ct);
        if (s is null)
        {
            return NoAgreement(id);
        }
        var (mediaType, extension) = AgreementExport.Describe(f);
        var buffer = new MemoryStream();
        AgreementExport.Write(s, f, buffer);
        return TypedResults.File(buffer.ToArray(), mediaType, $"{id}.{extension}");
    }

    internal static async Task<Results<Ok<AgreementVersionDto[]>, ProblemHttpResult>> ListVersions(string id, AgreementRegister register, CancellationToken ct)
    {
        var history = await register.HistoryAsync(id, ct);
        return history is null ? NoAgreement(id) : TypedResults.Ok(history.Versions.Select(v => AgreementVersionDto.From(v.Version)).ToArray());
    }

    internal static async Task<Results<Ok<VersionDiffDto>, ProblemHttpResult, ValidationProblem>> Diff(string id, AgreementRegister register,
        CancellationToken ct, [FromQuery] string? from = null, [FromQuery] string? to = null)
    {
        var history = await register.HistoryAsync(id, ct);
        if (history is null)
        {
            return NoAgreement(id);
        }
        var (older, newer, errors) = Versions(history, from, to);
        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(new VersionDiffDto(AgreementVersionDto.From(older!.Version), AgreementVersionDto.From(newer!.Version),
                RegisterDiff.Between(older, newer).Select(ProvisionDiffDto.From).ToArray()));
    }

    /// <summary>
    /// The two versions a diff compares: <paramref name="to"/> (by default the newest) and <paramref name="from"/> (by default the one
    /// before it), each a version number; errors keyed by parameter when either is not one.
    /// </summary>
    internal static (RegisterSnapshot? From, RegisterSnapshot? To, Dictionary<string, string[]> Errors) Versions(RegisterHistory history,
        string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>();
        var (older, newer) = history.Compared(from, to);
        foreach (var (name, text, picked) in new[] { ("from", from, older), ("to", to, newer) })
        {
            if (picked is null)
            {
                errors[name] = [history.Versions.Count == 1
                    ? $"\"{text}\" is not a version: the agreement has one, 1, the text as signed."
                    : $"\"{text}\" is not a version: give a number from 1 to {history.Versions.Count}."];
            }
        }
        return (older, newer, errors);
    }

    private static ProblemHttpResult NoAgreement(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such agreement", detail: $"There is no agreement with id \"{id}\".");
}
