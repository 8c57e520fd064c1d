using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Commitments;
using Cussp.Web.Tests.Identity;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Cussp.Web.Tests.Cli;

/// <summary>
/// <c>cussp report stocktake</c> and <c>cussp commitments export --format xlsx</c>: files drawn up as the owner of the token in
/// <c>CUSSP_TOKEN</c>, in the language asked for; a binary format without <c>--out</c> is bad input, and nothing is written.
/// </summary>
public sealed class ReportCommandsTests : CliTest
{
    [Theory, Databases]
    public async Task StockTake_IsWrittenInTheLanguageAskedFor_AsAWordDocumentThatValidates(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var history = await StockTakeTests.SeedAsync(app);
        await app.CreateUserAsync("olena", Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer, ["humanitarian-demining"], password: null);
        var issued = await RunOnAsync(app, "tokens", "add", "olena", "--scope", "read", "--days", "1");
        Assert.True(issued.Exit == 0, issued.Err);
        KeyValuePair<string, string?>[] token = [new("CUSSP_TOKEN", issued.Out.Trim())];
        Directory.CreateDirectory(DataFolder);
        var docx = Path.Combine(DataFolder, "stocktake.docx");
        var xlsx = Path.Combine(DataFolder, "commitments.xlsx");

        var ukrainian = await RunOnAsync(app, token, "report", "stocktake", "--year", "2024", "--format", "md", "--lang", "uk");
        var word = await RunOnAsync(app, token, "report", "stocktake", "--year", "2024", "--out", docx);
        var noOut = await RunOnAsync(app, token, "report", "stocktake", "--year", "2024");
        var badYear = await RunOnAsync(app, token, "report", "stocktake", "--year", "2023", "--format", "md");
        var noToken = await RunOnAsync(app, "report", "stocktake", "--year", "2024", "--format", "md");
        var book = await RunOnAsync(app, token, "commitments", "export", "--format", "xlsx", "--out", xlsx);
        var review = await RunOnAsync(app, token, "report", "review", "--format", "md", "--lang", "fr");
        var bookNoOut = await RunOnAsync(app, token, "commitments", "export", "--format", "xlsx");

        Assert.True(ukrainian.Exit == 0, ukrainian.Err);
        Assert.Contains("# Щорічний огляд виконання 2024", ukrainian.Out, StringComparison.Ordinal);
        Assert.Contains("Прогалини та виклики", ukrainian.Out, StringComparison.Ordinal);
        Assert.Contains(history.Tracked.Title[..20], ukrainian.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(history.Hidden.Title, ukrainian.Out, StringComparison.Ordinal);
        Assert.Contains("marked PROTECTED A", ukrainian.Err, StringComparison.Ordinal);
        Assert.True(word.Exit == 0, word.Err);
        using (var document = WordprocessingDocument.Open(docx, false))
        {
            Assert.Empty(new OpenXmlValidator().Validate(document, TestContext.Current.CancellationToken));
            Assert.Contains("Annual stock-take 2024", document.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
        }
        Assert.Equal(2, noOut.Exit);
        Assert.Contains("--out FILE", noOut.Err, StringComparison.Ordinal);
        Assert.Equal(2, badYear.Exit);
        Assert.Contains("choose a year from 2024", badYear.Err, StringComparison.Ordinal);
        Assert.Equal(2, noToken.Exit);
        Assert.True(book.Exit == 0, book.Err);
        using (var workbook = SpreadsheetDocument.Open(xlsx, false))
        {
            Assert.Empty(new OpenXmlValidator().Validate(workbook, TestContext.Current.CancellationToken));
        }
        Assert.Equal(2, bookNoOut.Exit);
        Assert.True(review.Exit == 0, review.Err);
        Assert.Contains("# Examen complet, 2024–", review.Out, StringComparison.Ordinal);
        Assert.Contains("due 2027-02-24", review.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(DataFolder, "*.partial"));
    }
}
