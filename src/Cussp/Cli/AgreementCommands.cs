using System.CommandLine;
using System.Text.Json;
using Cussp.Agreements;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Cli;

/// <summary><c>cussp agreement import|export|lifecycle|override|versions|diff</c>.</summary>
internal static class AgreementCommands
{
    public static Command Build(TextWriter output, TextWriter errors) => CusspCli.Group("agreement", "Work with the agreement register.",
        Import(output, errors),
        Export(output, errors),
        LifecycleCommand(output, errors),
        Override(output, errors),
        VersionsCommand(output, errors),
        DiffCommand(output, errors));

    private static Option<string?> AsOfOption() => new("--as-of")
    {
        Description = "Read the text as in force on this day (YYYY-MM-DD, in Kyiv); by default today.",
    };

    private static Option<string> IdOption(bool required) => new("--id")
    {
        Description = "The agreement's id (lower-case letters, digits, hyphens).",
        Required = required,
        DefaultValueFactory = required ? null! : _ => AgreementRegister.CusspId,
    };

    private static Command Import(TextWriter output, TextWriter errors)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The agreement's plain text, in the published layout." };
        var id = IdOption(required: true);
        var cmd = new Command("import", "Parse an agreement's text, derive its classifications and add it to the register.") { file, id };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var path = pr.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new CommandLineInputException($"{path.FullName}: no such file");
            }
            var text = await File.ReadAllTextAsync(path.FullName, ct);
            try
            {
                // Checked before the data folder is opened: a bad file must not even create the database.
                AgreementRegister.Validate(pr.GetRequiredValue(id), text);
            }
            catch (AgreementFormatException e)
            {
                throw new CommandLineInputException($"{path.Name}: {e.Message}");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var summary = await scope.ServiceProvider.GetRequiredService<AgreementRegister>().ImportAsync(pr.GetRequiredValue(id), text, ct);
            await output.WriteLineAsync($"Imported \"{summary.Title}\" as {summary.Id}: {summary.ProvisionCount} provisions.");
        }));
        return cmd;
    }

    private static Command Export(TextWriter output, TextWriter errors)
    {
        var id = IdOption(required: false);
        var format = new Option<string>("--format") { Description = "akn (Akoma Ntoso 3.0), json or md.", Required = true };
        format.AcceptOnlyFromAmong("akn", "json", "md");
        var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output." };
        var asOf = AsOfOption();
        var cmd = new Command("export", "Write an agreement as Akoma Ntoso XML, JSON or Markdown.") { id, format, outFile, asOf };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var f = Enum.Parse<ExportFormat>(pr.GetRequiredValue(format), ignoreCase: true);
            var snapshot = await SnapshotAsync(pr, pr.GetRequiredValue(id), ct, CusspCli.IsoDate("--as-of", pr.GetValue(asOf)));
            var target = pr.GetValue(outFile);
            if (target is null)
            {
                using var buffer = new MemoryStream();
                AgreementExport.Write(snapshot, f, buffer);
                await output.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                return;
            }
            await OutputFile.WriteAsync(target, stream =>
            {
                AgreementExport.Write(snapshot, f, stream);
                return Task.CompletedTask;
            });
            await errors.WriteLineAsync($"Wrote {target.FullName}");
        }));
        return cmd;
    }

    private static Command LifecycleCommand(TextWriter output, TextWriter errors)
    {
        var id = IdOption(required: false);
        var notice = new Option<string?>("--notice-received") { Description = "Date written notice of termination was received (YYYY-MM-DD)." };
        var cmd = new Command("lifecycle", "Print the agreement's dates: signature, entry into effect, review due, expiry, termination.") { id, notice };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var noticeDate = CusspCli.IsoDate("--notice-received", pr.GetValue(notice));
            var snapshot = await SnapshotAsync(pr, pr.GetRequiredValue(id), ct);
            var dates = Lifecycle.For(snapshot, noticeDate);
            await output.WriteLineAsync(snapshot.Agreement.Title);
            foreach (var d in dates)
            {
                var cite = d.Citation is null ? "" : $"  ({d.Citation}: {d.Rule})";
                await output.WriteLineAsync($"{Label(d.Key),-26}{LocalDatePattern.Iso.Format(d.Date)}{cite}");
            }
        }));
        return cmd;
    }

    private static Command Override(TextWriter output, TextWriter errors)
    {
        var citation = new Argument<string>("CITATION") { Description = "The provision, e.g. IV.N.3." };
        var id = IdOption(required: false);
        var actor = new Option<string?>("--actor") { Description = "Canada, Ukraine or Participants." };
        var modality = new Option<string?>("--modality") { Description = "commitment, best-effort, permission or declaration." };
        var component = new Option<string?>("--component") { Description = "A key component id, or framework." };
        var reason = new Option<string?>("--reason") { Description = "Why the derived classification is wrong." };
        var clear = new Option<bool>("--clear") { Description = "Remove the override and show what the rules derived." };
        var cmd = new Command("override", "Correct a provision's derived actor, modality or component; shown as an override.")
            { citation, id, actor, modality, component, reason, clear };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            Actor? a = null;
            Modality? m = null;
            if (pr.GetValue(actor) is { } at)
            {
                a = Vocabulary.TryParseActor(at, out var pa) ? pa : throw new CommandLineInputException($"--actor \"{at}\": use Canada, Ukraine or Participants");
            }
            if (pr.GetValue(modality) is { } mt)
            {
                m = Vocabulary.TryParseModality(mt, out var pm) ? pm
                    : throw new CommandLineInputException($"--modality \"{mt}\": use commitment, best-effort, permission or declaration");
            }
            var comp = pr.GetValue(component);
            if (pr.GetValue(clear) && (a is not null || m is not null || comp is not null))
            {
                throw new CommandLineInputException("--clear removes the override; give it without --actor, --modality or --component");
            }
            if (!pr.GetValue(clear) && a is null && m is null && comp is null)
            {
                throw new CommandLineInputException("say what to override with --actor, --modality or --component, or remove it with --clear");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AgreementRegister>().SetOverrideAsync(pr.GetRequiredValue(id), pr.GetRequiredValue(citation),
                a, m, comp, pr.GetValue(reason) ?? "", $"cli:{Environment.UserName}", ct);
            await output.WriteLineAsync(pr.GetValue(clear) ? $"Override of {pr.GetRequiredValue(citation)} removed." : $"Override of {pr.GetRequiredValue(citation)} stored.");
        }));
        return cmd;
    }

    private static Command VersionsCommand(TextWriter output, TextWriter errors)
    {
        var id = IdOption(required: false);
        var json = new Option<bool>("--json") { Description = "Print the versions as JSON, as the API answers them." };
        var cmd = new Command("versions", "List the consolidated versions of the text: as signed, then one per approved amendment that changed it.") { id, json };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var history = await HistoryAsync(pr, pr.GetRequiredValue(id), ct);
            if (pr.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(history.Versions.Select(v => AgreementVersionDto.From(v.Version)), AgreementJson.Options));
                return;
            }
            foreach (var v in history.Versions.Select(s => s.Version))
            {
                var made = v.DecisionId is null ? "as signed" : $"{v.Title} ({v.Changes} provision{(v.Changes == 1 ? "" : "s")} changed; amendment {v.DecisionId})";
                await output.WriteLineAsync($"{v.Number,3}  in force from {LocalDatePattern.Iso.Format(v.EffectiveOn)}  {made}");
            }
        }));
        return cmd;
    }

    private static Command DiffCommand(TextWriter output, TextWriter errors)
    {
        var id = IdOption(required: false);
        var from = new Option<string?>("--from") { Description = "The earlier version's number; by default the one before --to." };
        var to = new Option<string?>("--to") { Description = "The later version's number; by default the newest." };
        var json = new Option<bool>("--json") { Description = "Print the differences as JSON, as the API answers them." };
        var cmd = new Command("diff", "Print what changed between two versions of the text: [-removed words-] and {+added words+}.") { id, from, to, json };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var history = await HistoryAsync(pr, pr.GetRequiredValue(id), ct);
            var (older, newer, problems) = Features.Agreements.AgreementsApi.Versions(history, pr.GetValue(from), pr.GetValue(to));
            if (problems.Count > 0)
            {
                throw new CommandLineInputException(string.Join("; ", problems.Select(p => $"--{p.Key} {p.Value[0]}")));
            }
            var diff = RegisterDiff.Between(older!, newer!);
            if (pr.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new VersionDiffDto(AgreementVersionDto.From(older!.Version),
                    AgreementVersionDto.From(newer!.Version), diff.Select(ProvisionDiffDto.From).ToList()), AgreementJson.Options));
                return;
            }
            foreach (var d in diff)
            {
                var words = d.Change switch
                {
                    ProvisionChangeKind.Added => "{+" + d.After + "+}",
                    ProvisionChangeKind.Removed => "[-" + d.Before + "-]",
                    _ => string.Concat(d.Pieces.Select(p => p.Run switch { DiffRun.Added => "{+" + p.Text + "+}", DiffRun.Removed => "[-" + p.Text + "-]", _ => p.Text })),
                };
                await output.WriteLineAsync($"{d.Citation} ({d.Change.ToString().ToLowerInvariant()}): {words}");
            }
            await errors.WriteLineAsync($"{diff.Count} provision{(diff.Count == 1 ? "" : "s")} differ between version {older!.Version.Number} and version {newer!.Version.Number}.");
        }));
        return cmd;
    }

    private static async Task<RegisterHistory> HistoryAsync(ParseResult pr, string id, CancellationToken ct)
    {
        await using var services = await CusspCli.ServicesAsync(pr, ct);
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AgreementRegister>().HistoryAsync(id, ct)
            ?? throw new CommandLineInputException($"--id \"{id}\": no such agreement");
    }

    private static async Task<RegisterSnapshot> SnapshotAsync(ParseResult pr, string id, CancellationToken ct, LocalDate? asOf = null)
    {
        await using var services = await CusspCli.ServicesAsync(pr, ct);
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RegisterReading>().AsOf = asOf;
        try
        {
            return await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync(id, ct)
                ?? throw new CommandLineInputException($"--id \"{id}\": no such agreement");
        }
        catch (InvalidInputException e) when (e.Field == "asOf")
        {
            throw new CommandLineInputException($"--as-of: {e.Errors["asOf"][0]}");
        }
    }

    private static string Label(string key) => key switch
    {
        "signature" => "Signed",
        "entry-into-effect" => "In effect from",
        "review-due" => "Review due by",
        "expiry" => "Expires",
        "termination" => "Termination takes effect",
        _ => key,
    };
}
