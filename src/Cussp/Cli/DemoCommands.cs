using System.CommandLine;
using Cussp.Commitments;

namespace Cussp.Cli;

/// <summary><c>cussp demo --commitments | --remove</c>: a synthetic history for a newcomer to look at, and its removal.</summary>
internal static class DemoCommands
{
    public static Command Build(TextWriter output, TextWriter errors)
    {
        var commitments = new Option<bool>("--commitments")
        {
            Description = "Add a synthetic history of the commitments for 2024 to today (updates, indicators, evidence), labelled as demonstration data.",
        };
        var remove = new Option<bool>("--remove") { Description = "Remove the demonstration data, putting each commitment back to the status its own history gives it." };
        var cmd = new Command("demo", "Demonstration data: add it for a newcomer to see a living system, or take it out again.") { commitments, remove };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var (add, take) = (pr.GetValue(commitments), pr.GetValue(remove));
            if (add == take)
            {
                throw new CommandLineInputException("say what to do: --commitments adds the demonstration data, --remove takes it out");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var demo = scope.ServiceProvider.GetRequiredService<CommitmentDemo>();
            if (add)
            {
                var added = await demo.AddAsync(ct);
                await output.WriteLineAsync($"Added a synthetic history to {added.Commitments} commitments: {added.Updates} progress updates, " +
                    $"{added.Evidence} evidence notes, {added.Indicators} indicators with {added.Measurements} measurements, each by \"{CommitmentDemo.Author}\".");
                await output.WriteLineAsync("Every page now says that demonstration data is present. Take it out with: cussp demo --remove");
                return;
            }
            if (await demo.RemoveAsync(ct) is { } removed)
            {
                await output.WriteLineAsync($"Removed the demonstration data from {removed.Commitments} commitments: {removed.Updates} progress updates, " +
                    $"{removed.Evidence} evidence notes, {removed.Indicators} indicators with {removed.Measurements} measurements.");
            }
            else
            {
                await output.WriteLineAsync("No demonstration data is present: nothing to remove.");
            }
        }));
        return cmd;
    }
}
