using System.CommandLine;
using System.Text.Json;
using Cussp.Agreements;
using Cussp.Features.Commitments;
using Cussp.Features.Obligations;
using Cussp.Obligations;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Cli;

/// <summary>
/// <c>cussp obligations list</c>: every duty of the agreement with its next occurrence and its status, as the meetings the owner of
/// the access token in <c>CUSSP_TOKEN</c> may read show them.
/// </summary>
internal static class ObligationCommands
{
    public static Command Build(TextWriter output, TextWriter errors) => CusspCli.Group("obligations",
        $"The obligations clock, as the owner of the access token in {CommitmentCommands.TokenSetting}.",
        List(output, errors));

    private static Command List(TextWriter output, TextWriter errors)
    {
        var agreement = new Option<string>("--agreement") { Description = "The agreement's id.", DefaultValueFactory = _ => AgreementRegister.CusspId };
        var year = new Option<string?>("--year") { Description = "Show each duty's occurrence of this calendar year (YYYY) besides its next one." };
        var json = new Option<bool>("--json") { Description = "Print the duties as JSON, as the API answers them." };
        var cmd = new Command("list", "Every duty with its next occurrence and status (dates in Kyiv), one per line.") { agreement, year, json };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            int? y;
            try
            {
                y = ObligationsApi.ParseYear(pr.GetValue(year));
            }
            catch (InvalidInputException)
            {
                throw new CommandLineInputException($"--year \"{pr.GetValue(year)}\": give a year such as 2025");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await CommitmentCommands.ReaderAsync(scope.ServiceProvider, pr, ct);
            var report = await scope.ServiceProvider.GetRequiredService<ObligationClock>().ReportAsync(subject, pr.GetRequiredValue(agreement), y, ct);
            if (pr.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(ObligationsApi.ObligationsDto.From(report), CommitmentExport.JsonOptions));
                return;
            }
            foreach (var d in report.Duties)
            {
                var shown = y is null ? d.Next is { } n ? [n] : [] : d.Occurrences;
                var when = shown.Count == 0
                    ? (d.Duty.Kind is DutyKind.OnRequest or DutyKind.OnNotice ? $"{d.Duty.Kind.Name()}: {d.Duty.Rule.Phrase}" : "nothing still to meet")
                    : string.Join("; ", shown.Select(o => $"{o.Year} due {o.Due:yyyy-MM-dd} {o.Status.Name()}" +
                        (o.Required > 0 ? $" ({o.Held.Count} of {o.Required} held)" : "") + (o.Scheduled.Count > 0 ? $", {o.Scheduled.Count} scheduled" : "")));
                await output.WriteLineAsync(string.Join("  ", d.Duty.Citation.PadRight(10), (d.Duty.MeetingKind?.Name() ?? d.Duty.Kind.Name()).PadRight(24), when));
            }
            await errors.WriteLineAsync($"{report.Duties.Count} duties of {report.AgreementId} on {report.Today:yyyy-MM-dd} (Kyiv), as the meetings you may read show them.");
        }));
        return cmd;
    }
}
