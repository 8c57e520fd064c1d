using System.CommandLine;
using System.Text.Json;
using Cussp.Agreements;
using Cussp.Features.Commitments;
using Cussp.Features.Obligations;
using Cussp.Identity;
using Cussp.Obligations;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Cli;

/// <summary>
/// <c>cussp consultations list</c> and <c>cussp consultations request</c>: the consultation requests the owner of the access token in
/// <c>CUSSP_TOKEN</c> may read, with each deadline in Kyiv, Ottawa and UTC, and a new request filed as that owner (a token with the
/// write scope), which starts the 24-hour clock and notifies the other side.
/// </summary>
internal static class ConsultationCommands
{
    public static Command Build(TextWriter output, TextWriter errors) => CusspCli.Group("consultations",
        $"Consultation requests (II.3, II.5), as the owner of the access token in {CommitmentCommands.TokenSetting}.",
        List(output, errors), Request(output, errors));

    private static Command List(TextWriter output, TextWriter errors)
    {
        var state = new Option<string?>("--state") { Description = "Only requests in this state: requested, acknowledged or held." };
        var json = new Option<bool>("--json") { Description = "Print the requests as JSON, as the API answers them." };
        var cmd = new Command("list", "The requests you may read, open ones first: when, why, the deadline and the time left.") { state, json };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            ConsultationState? wanted = null;
            if (pr.GetValue(state) is { Length: > 0 } text)
            {
                wanted = ConsultationNames.TryParse(text, out ConsultationState s)
                    ? s
                    : throw new CommandLineInputException($"--state \"{text}\": use requested, acknowledged or held");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await CommitmentCommands.ReaderAsync(scope.ServiceProvider, pr, ct);
            var (items, total) = await scope.ServiceProvider.GetRequiredService<Consultations>()
                .ListAsync(subject, AgreementRegister.CusspId, wanted, 1, Consultations.MaxPageSize, ct);
            var now = scope.ServiceProvider.GetRequiredService<IClock>().GetCurrentInstant();
            if (pr.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new ConsultationsApi.ConsultationPage(
                    [.. items.Select(c => ConsultationsApi.ConsultationDto.From(c, now))], total, 1, Consultations.MaxPageSize), CommitmentExport.JsonOptions));
                return;
            }
            foreach (var c in items)
            {
                var left = c.HeldAt is { } held ? (held <= c.DueAt ? "held on time" : "held late")
                    : now > c.DueAt ? $"overdue by {Hours(now - c.DueAt)}" : $"{Hours(c.DueAt - now)} left";
                await output.WriteLineAsync(string.Join("  ", c.Id, c.Citation.PadRight(5), c.Ground.Name().PadRight(22), c.State.Name().PadRight(12),
                    $"due {ObligationWords.InKyiv(c.DueAt)} Kyiv / {ObligationWords.In(c.DueAt, Time.Zones.Ottawa)} Ottawa / {ObligationWords.In(c.DueAt, DateTimeZone.Utc)} UTC",
                    left));
            }
            await errors.WriteLineAsync($"{items.Count} of {total} consultation requests you may read.");
        }));
        return cmd;
    }

    private static Command Request(TextWriter output, TextWriter errors)
    {
        var ground = new Option<string>("--ground") { Description = "renewed-aggression (II.3), significant-escalation or other (II.5).", Required = true };
        var summary = new Option<string>("--summary") { Description = "The situation, in words.", Required = true };
        var classification = new Option<string>("--classification")
        {
            Description = "UNCLASSIFIED, PROTECTED A, PROTECTED B, CONFIDENTIAL or SECRET; the request is always REL CAN UKR.",
            DefaultValueFactory = _ => "UNCLASSIFIED",
        };
        var area = new Option<string?>("--area") { Description = "The key component; by default the provision's." };
        var cmd = new Command("request", "Asks the other participant to consult: the 24-hour clock starts now. Prints the request's id and deadline.")
        {
            ground, summary, classification, area,
        };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            if (!ConsultationNames.TryParse(pr.GetValue(ground), out ConsultationGround g))
            {
                throw new CommandLineInputException($"--ground {ConsultationNames.UnknownGround(pr.GetValue(ground))}");
            }
            if (!MarkingLabels.TryParseClassification(pr.GetValue(classification), out var c))
            {
                throw new CommandLineInputException($"--classification \"{pr.GetValue(classification)}\": use UNCLASSIFIED, PROTECTED A, PROTECTED B, CONFIDENTIAL or SECRET");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await CommitmentCommands.ReaderAsync(scope.ServiceProvider, pr, ct);
            var filed = await scope.ServiceProvider.GetRequiredService<Consultations>().RequestAsync(subject, AgreementRegister.CusspId,
                new ConsultationRequestInput(g, pr.GetValue(summary), c, pr.GetValue(area)), ct);
            await output.WriteLineAsync(filed.Id.ToString());
            await errors.WriteLineAsync($"Filed under {filed.Citation}: the participants consult by {ObligationWords.InKyiv(filed.DueAt)} Kyiv, " +
                $"{ObligationWords.In(filed.DueAt, Time.Zones.Ottawa)} Ottawa, {ObligationWords.In(filed.DueAt, DateTimeZone.Utc)} UTC.");
        }));
        return cmd;
    }

    private static string Hours(Duration d) => $"{(long)d.TotalHours} h {d.Minutes:00} min";
}
