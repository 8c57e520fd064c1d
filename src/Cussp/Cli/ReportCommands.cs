using System.CommandLine;
using System.Globalization;
using System.Text;
using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Components;
using Cussp.Features.Commitments;
using Cussp.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Cussp.Cli;

/// <summary>
/// <c>cussp report stocktake</c>: the annual stock-take of Part II.1.ii as a Word document, a print-ready web page or Markdown, drawn
/// up over what the owner of the token in <c>CUSSP_TOKEN</c> may read, and in the audit log under that account.
/// </summary>
internal static class ReportCommands
{
    public static Command Build(TextWriter output, TextWriter errors) => CusspCli.Group("report",
        $"Draw up the partnership's reports, as the owner of the access token in {CommitmentCommands.TokenSetting}.",
        StockTakeCommand(output, errors),
        ReviewCommand(output, errors));

    // The options both reports take.
    private sealed record ReportOptions(Option<string> Agreement, Option<string> Format, Option<string> Lang, Option<FileInfo?> Out)
    {
        public static ReportOptions Create()
        {
            var format = new Option<string>("--format") { Description = "docx (with --out), html or md.", DefaultValueFactory = _ => "docx" };
            format.AcceptOnlyFromAmong([.. StockTakeFormats.Names]);
            var lang = new Option<string>("--lang") { Description = "The report's language: en, fr or uk.", DefaultValueFactory = _ => "en" };
            lang.AcceptOnlyFromAmong([.. Language.All.Select(l => l.Code)]);
            return new(new Option<string>("--agreement") { Description = "The agreement's id.", DefaultValueFactory = _ => AgreementRegister.CusspId },
                format, lang,
                new Option<FileInfo?>("--out") { Description = "The file to write (written whole or not at all); standard output without it (html and md)." });
        }

        public void AddTo(Command command)
        {
            command.Options.Add(Agreement);
            command.Options.Add(Format);
            command.Options.Add(Lang);
            command.Options.Add(Out);
        }

        // Checks the output before anything is read, and turns to the report's language.
        public (string Kind, FileInfo? Target) Prepare(ParseResult pr)
        {
            var target = pr.GetValue(Out);
            var kind = pr.GetRequiredValue(Format);
            if (target is not null)
            {
                OutputFile.CheckFolder(target);
            }
            else if (kind == "docx")
            {
                throw new CommandLineInputException("--format docx writes a Word document, not text: name the file with --out FILE");
            }
            var culture = new CultureInfo(pr.GetRequiredValue(Lang));
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, culture);
            return (kind, target);
        }
    }

    private static async Task WriteAsync(Document document, string kind, FileInfo? target, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        if (target is null)
        {
            await using var buffer = new MemoryStream();
            await StockTakeFormats.WriteAsync(document, kind, buffer, ct);
            await output.WriteAsync(Encoding.UTF8.GetString(buffer.ToArray()));
            return;
        }
        await OutputFile.WriteAsync(target, stream => StockTakeFormats.WriteAsync(document, kind, stream, ct));
        await errors.WriteLineAsync($"Wrote {target.FullName}");
    }

    private static Command ReviewCommand(TextWriter output, TextWriter errors)
    {
        var options = ReportOptions.Create();
        var cmd = new Command("review",
            "The comprehensive review (Part VIII.B.1, due three years after the signature): each key component's progress and compliance in every year of the term so far, then the latest year's stock-take.");
        options.AddTo(cmd);
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var (kind, target) = options.Prepare(pr);
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await CommitmentCommands.ReaderAsync(scope.ServiceProvider, pr, ct);
            var review = await scope.ServiceProvider.GetRequiredService<StockTake>().ReviewAsync(subject, pr.GetRequiredValue(options.Agreement), ct);
            var document = StockTakeDocument.BuildReview(review, scope.ServiceProvider.GetRequiredService<IStringLocalizer<CommitmentText>>(),
                scope.ServiceProvider.GetRequiredService<IStringLocalizer<Text>>());
            await WriteAsync(document, kind, target, output, errors, ct);
            await errors.WriteLineAsync($"Review of {review.Years[0].Year}–{review.Years[^1].Year} (due {review.Due:uuuu-MM-dd}): {review.Years[^1].Commitments} commitments; marked {document.Marking}.");
        }));
        return cmd;
    }

    private static Command StockTakeCommand(TextWriter output, TextWriter errors)
    {
        var options = ReportOptions.Create();
        var year = new Option<int?>("--year") { Description = "The calendar year; the last full year of the term when left out." };
        var cmd = new Command("stocktake",
            "The annual stock-take: for each key component and provision, the status of its commitments at the year's end, indicators against targets, compliance, gaps and challenges, and new areas proposed.")
            { year };
        options.AddTo(cmd);
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var (kind, target) = options.Prepare(pr);
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await CommitmentCommands.ReaderAsync(scope.ServiceProvider, pr, ct);
            var stockTake = scope.ServiceProvider.GetRequiredService<StockTake>();
            var agreementId = pr.GetRequiredValue(options.Agreement);
            var report = await stockTake.DrawUpAsync(subject, agreementId, pr.GetValue(year) ?? await stockTake.DefaultYearAsync(agreementId, ct), ct);
            var c = scope.ServiceProvider.GetRequiredService<IStringLocalizer<CommitmentText>>();
            var t = scope.ServiceProvider.GetRequiredService<IStringLocalizer<Text>>();
            await WriteAsync(StockTakeDocument.Build(report, c, t), kind, target, output, errors, ct);
            await errors.WriteLineAsync($"Stock-take of {report.Year}: {report.Commitments} commitments, {report.Gaps.Count} gaps and challenges, " +
                $"{report.NewAreas.Count} new areas; marked {report.Classification.Label()}.");
        }));
        return cmd;
    }
}
