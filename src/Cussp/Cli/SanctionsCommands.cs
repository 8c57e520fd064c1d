using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Cussp.Features.Sanctions;
using Cussp.Sanctions;
using Cussp.Screening;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Cli;

/// <summary><c>cussp sanctions import|export</c> and <c>cussp screen</c>.</summary>
internal static class SanctionsCommands
{
    public static IEnumerable<Command> Build(TextWriter output, TextWriter errors)
    {
        yield return CusspCli.Group("sanctions", "Import and export the sanctions lists screening uses.", Import(output, errors), Export(output, errors));
        yield return Screen(output, errors);
    }

    private static Command Import(TextWriter output, TextWriter errors)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The list file." };
        var format = new Option<string>("--format") { Description = "sema (Canada, XML), un (UN consolidated, XML), ofac (SDN CSV) or ftm (FollowTheMoney JSON lines).", Required = true };
        format.AcceptOnlyFromAmong("sema", "un", "ofac", "ftm");
        var source = new Option<string?>("--source")
        {
            Description = $"The name of the list the file holds (lower-case letters, digits, '_', '-'; at most {ListReader.MaxSourceLength}). Default: sema, un or ofac; for ftm, the dataset every entity names.",
        };
        var allowMassRemoval = new Option<bool>("--allow-mass-removal")
        {
            Description = $"Import even if the file would remove more than {Configuration.MaxRemovalShareKey} (default {SanctionsImportOptions.DefaultMaxRemovalShare:P0}) of the list's subjects.",
        };
        var cmd = new Command("import", "Read a list file and bring the stored list of that source up to date: additions, changes and removals, with history.")
        {
            file, format, source, allowMassRemoval,
        };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var path = pr.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new CommandLineInputException($"{path.FullName}: no such file");
            }
            if (!ListReader.TryParseFormat(pr.GetRequiredValue(format), out var f))
            {
                throw new CommandLineInputException($"--format {pr.GetRequiredValue(format)}: use sema, un, ofac or ftm");
            }
            var share = ScreeningSettings.MaxRemovalShare(CusspCli.ConfigurationFor(null));
            var bytes = await File.ReadAllBytesAsync(path.FullName, ct);
            var list = ListReader.Read(f, new MemoryStream(bytes), path.Name, pr.GetValue(source));
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var options = new SanctionsImportOptions { MaxRemovalShare = share, AllowMassRemoval = pr.GetValue(allowMassRemoval) };
            var report = await scope.ServiceProvider.GetRequiredService<SanctionsRegister>().ImportAsync(list, path.Name, SanctionsRegister.Hash(bytes), options, ct);
            await output.WriteLineAsync($"Imported {path.Name} ({report.Source}, {list.Entities.Count} subjects): {report.Added} added, {report.Changed} changed, {report.Removed} removed, {report.Unchanged} unchanged."
                + (report.SameFile ? " The same file was imported before." : ""));
        }));
        return cmd;
    }

    private static Command Export(TextWriter output, TextWriter errors)
    {
        var format = new Option<string>("--format") { Description = "ftm (FollowTheMoney JSON lines) or csv (one row a name).", Required = true };
        format.AcceptOnlyFromAmong("ftm", "csv");
        var source = new Option<string?>("--source") { Description = "Only this list (sema, un, ofac, ftm)." };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output." };
        var cmd = new Command("export", "Write the stored lists (subjects listed now).") { format, source, outFile };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var entities = await scope.ServiceProvider.GetRequiredService<SanctionsRegister>().ListedAsync(pr.GetValue(source), ct);
            var csv = pr.GetRequiredValue(format) == "csv";
            await OutputFile.WriteTextAsync(pr.GetValue(outFile), output, errors, w =>
            {
                if (csv)
                {
                    ListWriter.WriteCsv(entities, w);
                }
                else
                {
                    ListWriter.WriteFtm(entities, w);
                }
            });
        }));
        return cmd;
    }

    private static Command Screen(TextWriter output, TextWriter errors)
    {
        var name = new Argument<string?>("NAME") { Description = "The name to screen, in any script.", Arity = ArgumentArity.ZeroOrOne };
        var batch = new Option<FileInfo?>("--batch") { Description = "A CSV file of names (first column; an optional second column birth_year; a header row is allowed)." };
        var outFile = new Option<FileInfo?>("--out") { Description = "With --batch: where to write the hits as CSV (default standard output)." };
        var birthYear = new Option<int?>("--birth-year") { Description = "The year of birth, which qualifies a name match." };
        var threshold = new Option<double?>("--threshold") { Description = $"The alert threshold (default {ScreeningOptions.DefaultThreshold}, or {Configuration.ScreeningThresholdKey})." };
        var all = new Option<bool>("--all") { Description = "Also show hits below the threshold, down to 0.6." };
        var cmd = new Command("screen", "Screen a name, or a file of names, against the stored sanctions lists, with an explanation of every hit.")
        {
            name, batch, outFile, birthYear, threshold, all,
        };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var options = Options(pr.GetValue(threshold), pr.GetValue(all));
            var single = pr.GetValue(name);
            var file = pr.GetValue(batch);
            if ((single is null) == (file is null))
            {
                throw new CommandLineInputException("screen: give either a NAME or --batch FILE");
            }
            var queries = file is null ? [(1, new ScreeningQuery(single!, BirthYear: pr.GetValue(birthYear)))] : await ReadBatchAsync(file, ct);
            if (file is null && ScreeningQuery.Problem(single) is { } problem)
            {
                throw new CommandLineInputException($"NAME: {problem}");
            }
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            var index = await services.GetRequiredService<ScreeningService>().IndexAsync(ct);
            if (index.EntityCount == 0)
            {
                throw new CommandLineInputException("no sanctions list is stored yet: run 'cussp sanctions import --format … FILE' first");
            }
            if (file is null)
            {
                await PrintAsync(output, single!, index.Screen(queries[0].Query, options), options);
                return;
            }
            await OutputFile.WriteTextAsync(pr.GetValue(outFile), output, errors, w => ScreenBatch(index, options, queries, w, errors));
        }));
        return cmd;
    }

    private static ScreeningOptions Options(double? threshold, bool all)
    {
        var t = threshold ?? ScreeningSettings.Threshold(CusspCli.ConfigurationFor(null));
        if (t is <= 0 or > 1)
        {
            throw new CommandLineInputException($"--threshold {t.ToString(CultureInfo.InvariantCulture)}: must be above 0 and at most 1");
        }
        return new ScreeningOptions { Threshold = t, ReportFrom = all ? Math.Min(t, 0.6) : t };
    }

    private static async Task PrintAsync(TextWriter output, string name, IReadOnlyList<ScreeningHit> hits, ScreeningOptions options)
    {
        if (hits.Count == 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"No hits for \u201c{name}\u201d at threshold {options.Threshold}."));
            return;
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{hits.Count} hit(s) for \u201c{name}\u201d (alert threshold {options.Threshold}):"));
        foreach (var hit in hits)
        {
            var e = hit.Entity;
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{hit.Score:0.000} {(hit.Alert ? "ALERT" : "below")}  {e.Caption}  [{e.Source} {e.Id}, {e.Kind.ToString().ToLowerInvariant()}]"));
            var facts = new List<string>();
            if (e.BirthDates.Count > 0)
            {
                facts.Add("born/founded " + string.Join(", ", e.BirthDates));
            }
            if (e.Nationalities.Count > 0)
            {
                facts.Add(string.Join(", ", e.Nationalities));
            }
            if (e.LegalBasis.Count > 0)
            {
                facts.Add(string.Join("; ", e.LegalBasis));
            }
            if (facts.Count > 0)
            {
                await output.WriteLineAsync("      " + string.Join(" | ", facts));
            }
            foreach (var line in hit.Explain())
            {
                await output.WriteLineAsync("      - " + line);
            }
        }
    }

    private static async Task<List<(int Line, ScreeningQuery Query)>> ReadBatchAsync(FileInfo file, CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new CommandLineInputException($"{file.FullName}: no such file");
        }
        var queries = new List<(int, ScreeningQuery)>();
        // A name file as people write it: one record a line, blank lines skipped, a stray quote inside a name kept as it is; a quote
        // that opens a field and is not closed on its line is refused.
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            Separator = ',',
            AllowLineBreaksInQuotes = false,
            TrackLineNumbers = true,
            OnMalformedRecord = r =>
            {
                if (r.Reason is CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.LineBreakInQuotes)
                {
                    throw new CommandLineInputException($"{file.Name}:{r.LineNumber}: a quoted field is not closed");
                }
            },
        };
        await using var csv = CsvReader.FromFile(file.FullName, options);
        while (await csv.ReadAsync(ct))
        {
            var lineNo = (int)csv.LineNumber;
            var fields = csv.Current.ToArray();
            if (lineNo == 1 && fields[0].Trim().Equals("name", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (ScreeningQuery.Problem(fields[0]) is { } problem)
            {
                throw new CommandLineInputException($"{file.Name}:{lineNo}: {problem}");
            }
            int? year = null;
            if (fields.Length > 1 && fields[1].Trim().Length > 0)
            {
                year = int.TryParse(fields[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is > 1800 and < 2200
                    ? y
                    : throw new CommandLineInputException($"{file.Name}:{lineNo}: birth year \"{fields[1]}\" is not a year");
            }
            queries.Add((lineNo, new ScreeningQuery(fields[0].Trim(), BirthYear: year)));
        }
        return queries;
    }

    private static void ScreenBatch(ScreeningIndex index, ScreeningOptions options, List<(int Line, ScreeningQuery Query)> queries, TextWriter w, TextWriter errors)
    {
        w.WriteLine("line,query,rank,score,alert,entity_id,source,caption,listed_name,name_kind,explanation");
        var done = 0;
        var shown = -1;
        foreach (var (line, query) in queries)
        {
            var hits = index.Screen(query, options);
            var rank = 0;
            foreach (var hit in hits)
            {
                string[] row =
                [
                    line.ToString(CultureInfo.InvariantCulture), query.Name, (++rank).ToString(CultureInfo.InvariantCulture),
                    hit.Score.ToString("0.000", CultureInfo.InvariantCulture), hit.Alert ? "true" : "false", hit.Entity.Id, hit.Entity.Source,
                    hit.Entity.Caption, hit.Name.Value, hit.Name.Kind.ToString(), string.Join(" | ", hit.Explain()),
                ];
                w.WriteLine(string.Join(',', row.Select(ListWriter.Csv)));
            }
            done++;
            var percent = done * 100 / queries.Count;
            if (percent != shown)
            {
                shown = percent;
                var bar = new string('#', percent / 4).PadRight(25, '.');
                errors.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{bar}] {percent,3}% {done}/{queries.Count}"));
            }
        }
        errors.WriteLine();
    }
}
