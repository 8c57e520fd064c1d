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
        StockTakeCommand(output, errors));

    private static Command StockTakeCommand(TextWriter output, TextWriter errors)
    {
        var agreement = new Option<string>("--agreement") { Description = "The agreement's id.", DefaultValueFactory = _ => AgreementRegister.CusspId };
        var year = new Option<int?>("--year") { Description = "The calendar year; the last full year of the term when left out." };
        var format = new Option<string>("--format") { Description = "docx (with --out), html or md.", DefaultValueFactory = _ => "docx" };
        format.AcceptOnlyFromAmong([.. StockTakeFormats.Names]);
        var lang = new Option<string>("--lang") { Description = "The report's language: en, fr or uk.", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong([.. Language.All.Select(l => l.Code)]);
        var outFile = new Option<FileInfo?>("--out") { Description = "The file to write (written whole or not at all); standard output without it (html and md)." };
        var cmd = new Command("stocktake",
            "The annual stock-take: for each key component and provision, the status of its commitments at the year's end, indicators against targets, compliance, gaps and challenges, and new areas proposed.")
            { agreement, year, format, lang, outFile };
        cmd.SetAction((pr, ct) => CusspCli.Run(errors, async () =>
        {
            var target = pr.GetValue(outFile);
            var kind = pr.GetRequiredValue(format);
            if (target is not null)
            {
                OutputFile.CheckFolder(target);
            }
            else if (kind == "docx")
            {
                throw new CommandLineInputException("--format docx writes a Word document, not text: name the file with --out FILE");
            }
            var culture = new CultureInfo(pr.GetRequiredValue(lang));
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, culture);
            await using var services = await CusspCli.ServicesAsync(pr, ct);
            await using var scope = services.CreateAsyncScope();
            var subject = await CommitmentCommands.ReaderAsync(scope.ServiceProvider, pr, ct);
            var stockTake = scope.ServiceProvider.GetRequiredService<StockTake>();
            var agreementId = pr.GetRequiredValue(agreement);
            var report = await stockTake.DrawUpAsync(subject, agreementId, pr.GetValue(year) ?? await stockTake.DefaultYearAsync(agreementId, ct), ct);
            var c = scope.ServiceProvider.GetRequiredService<IStringLocalizer<CommitmentText>>();
            var t = scope.ServiceProvider.GetRequiredService<IStringLocalizer<Text>>();
            if (target is null)
            {
                await using var buffer = new MemoryStream();
                await StockTakeFormats.WriteAsync(report, kind, buffer, c, t, ct);
                await output.WriteAsync(Encoding.UTF8.GetString(buffer.ToArray()));
            }
            else
            {
                await OutputFile.WriteAsync(target, stream => StockTakeFormats.WriteAsync(report, kind, stream, c, t, ct));
                await errors.WriteLineAsync($"Wrote {target.FullName}");
            }
            await errors.WriteLineAsync($"Stock-take of {report.Year}: {report.Commitments} commitments, {report.Gaps.Count} gaps and challenges, " +
                $"{report.NewAreas.Count} new areas; marked {report.Classification.Label()}.");
        }));
        return cmd;
    }
}
