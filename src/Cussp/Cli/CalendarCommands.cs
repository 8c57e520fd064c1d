using System.CommandLine;
using System.Text;
using Cussp.Agreements;
using Cussp.Obligations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Cussp.Cli;

/// <summary>
/// <c>cussp calendar export --out FILE.ics</c>: the meetings the owner of the access token in <c>CUSSP_TOKEN</c> may read and the
/// dates the agreement's duties still fall due, as an iCalendar file any calendar client imports.
/// </summary>
internal static class CalendarCommands
{
    public static Command Build(TextWriter output, TextWriter errors) => CusspCli.Group("calendar",
        $"The obligations calendar, as the owner of the access token in {CommitmentCommands.TokenSetting}.",
        Export(output, errors));

    private static Command Export(TextWriter output, TextWriter errors)
    {
        var agreement = new Option<string>("--agreement") { Description = "The agreement's id.", DefaultValueFactory = _ => AgreementRegister.CusspId };
        var outFile = new Option<FileInfo?>("--out") { Description = "The .ics file to write (written whole or not at all); standard output without it." };
        var cmd = new Command("export", "Write the meetings you may read and the dates still to meet as an iCalendar file (RFC 5545).") { agreement, outFile };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            if (pr.GetValue(outFile) is { } target)
            {
                OutputFile.CheckFolder(target);
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await CommitmentCommands.ReaderAsync(scope.ServiceProvider, pr, ct);
            var id = pr.GetRequiredValue(agreement);
            var (report, meetings) = await scope.ServiceProvider.GetRequiredService<ObligationClock>().CalendarAsync(subject, id, ct: ct);
            var o = scope.ServiceProvider.GetRequiredService<IStringLocalizer<ObligationText>>();
            var text = CalendarFeed.Write(meetings, report, scope.ServiceProvider.GetRequiredService<IClock>().GetCurrentInstant(), o.Duty);
            if (pr.GetValue(outFile) is { } path)
            {
                await OutputFile.WriteAsync(path, stream => stream.WriteAsync(Encoding.UTF8.GetBytes(text), ct).AsTask());
            }
            else
            {
                await output.WriteAsync(text);
            }
            await errors.WriteLineAsync($"{meetings.Count} meetings and {text.Split("BEGIN:VEVENT").Length - 1 - meetings.Count} dates still to meet.");
        }));
        return cmd;
    }
}
