using System.CommandLine;
using System.Text.Json;
using Cussp.Agreements;
using Cussp.Features.Commitments;
using Cussp.Features.Obligations;
using Cussp.Obligations;
using Cussp.Time;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Cli;

/// <summary><c>cussp meetings list</c>: the meetings the owner of the access token in <c>CUSSP_TOKEN</c> may read, latest first.</summary>
internal static class MeetingCommands
{
    public static Command Build(TextWriter output, TextWriter errors) => CusspCli.Group("meetings",
        $"The meetings of the agreement, as the owner of the access token in {CommitmentCommands.TokenSetting}.",
        List(output, errors));

    private static Command List(TextWriter output, TextWriter errors)
    {
        var agreement = new Option<string>("--agreement") { Description = "The agreement's id.", DefaultValueFactory = _ => AgreementRegister.CusspId };
        var state = new Option<string?>("--state") { Description = "Only the meetings scheduled (not yet begun), held, or cancelled." };
        var json = new Option<bool>("--json") { Description = "Print the meetings as JSON, as the API answers them." };
        var cmd = new Command("list", "Every meeting you may read, latest first: when (Kyiv and Ottawa), state, kind, title, place.") { agreement, state, json };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            MeetingState? only = null;
            if (pr.GetValue(state) is { } text)
            {
                only = MeetingStates.TryParse(text, out var s) ? s : throw new CommandLineInputException($"--state {MeetingStates.Unknown(text)}");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await CommitmentCommands.ReaderAsync(scope.ServiceProvider, pr, ct);
            var meetings = scope.ServiceProvider.GetRequiredService<Meetings>();
            var now = scope.ServiceProvider.GetRequiredService<IClock>().GetCurrentInstant();
            var all = new List<MeetingRecord>();
            for (var page = 1; ; page++)
            {
                var (items, total) = await meetings.ListAsync(subject, pr.GetRequiredValue(agreement), null, only, page, Meetings.MaxPageSize, ct);
                all.AddRange(items);
                if (items.Count == 0 || all.Count >= total)
                {
                    break;
                }
            }
            if (pr.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(all.Select(m => ObligationsApi.MeetingDto.From(m, now)), CommitmentExport.JsonOptions));
                return;
            }
            foreach (var m in all)
            {
                await output.WriteLineAsync(string.Join("  ", ObligationWords.InKyiv(m.StartsAt) + " Kyiv", ObligationWords.In(m.StartsAt, Zones.Ottawa) + " Ottawa",
                    m.StateAt(now).Name().PadRight(9), m.Kind.Name().PadRight(23), m.Title + (string.IsNullOrEmpty(m.Place) ? "" : $" ({m.Place})")));
            }
            await errors.WriteLineAsync($"{all.Count} meetings{(only is { } o ? " " + o.Name() : "")} that you may read.");
        }));
        return cmd;
    }
}
