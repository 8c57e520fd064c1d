using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Commitments;

/// <summary>
/// The annual stock-take: a year's report of the commitments a reader may see, as they stood at the end of the year — its status then,
/// the year's updates, indicators against targets, the year's score — with the gaps and challenges; as a Word document that the Open
/// XML SDK validates, print-ready HTML and Markdown, in the reader's language; and the commitments as an Excel workbook.
/// </summary>
public class StockTakeTests
{
    private const string Demining = "humanitarian-demining";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Two demining commitments with a 2024 and 2025 history, and a third kept for Canada's eyes only.</summary>
    internal sealed record History(CommitmentRecord Tracked, CommitmentRecord Idle, CommitmentRecord Hidden);

    internal static async Task<History> SeedAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var demining = await db.Commitments.Where(c => c.Area == Demining).OrderBy(c => c.ProvisionOrdinal).Take(3).ToListAsync(Ct);
        var (tracked, idle, hidden) = (demining[0], demining[1], demining[2]);
        hidden.Releasability = Releasability.CanEyesOnly;
        hidden.Title = "Canada-only survey of the Kharkiv front";
        tracked.Classification = SecurityClassification.ProtectedA;
        static Instant On(int y, int m, int d) => Instant.FromUtc(y, m, d, 9, 0);
        void Update(Instant at, CommitmentStatus before, CommitmentStatus after, string text) => db.CommitmentUpdates.Add(new CommitmentUpdateRecord
        {
            Id = Guid.NewGuid(),
            CommitmentId = tracked.Id,
            At = at,
            By = "writer",
            Text = text,
            StatusBefore = before,
            StatusAfter = after,
        });
        Update(On(2024, 5, 1), CommitmentStatus.NotStarted, CommitmentStatus.Started, "Survey teams deployed to Kharkiv oblast.");
        Update(On(2024, 10, 1), CommitmentStatus.Started, CommitmentStatus.AtRisk, "Winter halts clearance in two districts.");
        Update(On(2025, 3, 1), CommitmentStatus.AtRisk, CommitmentStatus.Substantial, "Clearance resumed; 800 ha released.");
        tracked.Status = CommitmentStatus.Substantial;
        var indicator = new IndicatorRecord
        {
            Id = Guid.NewGuid(),
            CommitmentId = tracked.Id,
            Name = "Land released",
            Unit = IndicatorUnit.Hectares,
            Baseline = 0,
            Target = 1000,
            TargetDate = new LocalDate(2024, 12, 1),
            AddedBy = "writer",
            AddedAt = On(2024, 5, 1),
        };
        indicator.Measurements.Add(new MeasurementRecord { Id = Guid.NewGuid(), On = new LocalDate(2024, 6, 30), Value = 400, By = "writer", At = On(2024, 7, 1) });
        indicator.Measurements.Add(new MeasurementRecord { Id = Guid.NewGuid(), On = new LocalDate(2025, 3, 1), Value = 800, By = "writer", At = On(2025, 3, 1) });
        db.Indicators.Add(indicator);
        db.ComplianceScores.Add(new ComplianceScoreRecord
        {
            Id = Guid.NewGuid(),
            CommitmentId = tracked.Id,
            Year = 2024,
            Score = 0,
            Reason = "Half the districts surveyed.",
            By = "approver",
            ByParticipant = Participant.Ukraine,
            At = On(2025, 1, 10),
            CommitmentVersion = 2,
        });
        await db.SaveChangesAsync(Ct);
        return new(tracked, idle, hidden);
    }

    private static async Task<HttpClient> ReaderAsync(CusspApp app, string name) => app.TokenClient(await app.IssueTokenAsync(
        await app.CreateUserAsync(name, Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer, [Demining], password: null), TokenScopes.Read));

    private static string WordText(byte[] docx)
    {
        using var word = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return word.MainDocumentPart!.Document.Body!.InnerText;
    }

    private static IReadOnlyList<ValidationErrorInfo> Validate(OpenXmlPackage package) => [.. new OpenXmlValidator().Validate(package, Ct)];

    [Theory, Databases]
    public async Task TheYearsReport_ShowsEachCommitmentAsItStoodAtTheYearsEnd_AndOnlyWhatTheReaderMaySee(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 6, 1, 12, 0));
        var history = await SeedAsync(app);
        var reader = await ReaderAsync(app, "olena");

        var docx = await reader.GetAsync(new Uri("/api/v1/commitments/stocktake?year=2024&format=docx", UriKind.Relative), Ct);
        Assert.True(docx.StatusCode == HttpStatusCode.OK, await docx.Content.ReadAsStringAsync(Ct));
        Assert.Equal("cussp-stocktake-2024.docx", docx.Content.Headers.ContentDisposition!.FileNameStar ?? docx.Content.Headers.ContentDisposition.FileName);
        var bytes = await docx.Content.ReadAsByteArrayAsync(Ct);
        using (var word = WordprocessingDocument.Open(new MemoryStream(bytes), false))
        {
            var errors = Validate(word);
            Assert.True(errors.Count == 0, string.Join("\n", errors.Take(5).Select(e => $"{e.Path?.XPath}: {e.Description}")));
            // The marking of the most sensitive row heads and closes every page.
            Assert.Equal("PROTECTED A // REL CAN UKR", word.MainDocumentPart!.HeaderParts.Single().Header.InnerText);
            Assert.Equal("PROTECTED A // REL CAN UKR", word.MainDocumentPart.FooterParts.Single().Footer.InnerText);
            Assert.Equal("Title", word.MainDocumentPart.Document.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().First()
                .ParagraphProperties!.ParagraphStyleId!.Val);
        }
        var text = WordText(bytes);
        Assert.Contains("Annual stock-take 2024", text, StringComparison.Ordinal);
        Assert.Contains(history.Tracked.Title, text, StringComparison.Ordinal);
        Assert.DoesNotContain(history.Hidden.Title, text, StringComparison.Ordinal);
        // At the end of 2024 the commitment was at risk (it is substantial now), and its indicator was behind its December target.
        Assert.Contains("Land released: 400 of 1,000 hectares (40 % of the way)", text, StringComparison.Ordinal);
        Assert.Contains("2 updates; latest on", text, StringComparison.Ordinal);
        Assert.Contains("Winter halts clearance in two districts.", text, StringComparison.Ordinal);
        Assert.Contains("0 partly kept: Half the districts surveyed.", text, StringComparison.Ordinal);
        Assert.Contains("at risk at the end of the year; an indicator's target date has passed without the target reached", text, StringComparison.Ordinal);
        Assert.Contains("no progress update in the year", text, StringComparison.Ordinal);

        var md = await (await reader.GetAsync(new Uri("/api/v1/commitments/stocktake?year=2024&format=md", UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("**PROTECTED A // REL CAN UKR**\n\n# Annual stock-take 2024\n", md, StringComparison.Ordinal);
        var row = md.Split('\n').Single(l => l.StartsWith("| " + history.Tracked.Title[..20], StringComparison.Ordinal));
        Assert.Contains("| At risk |", row, StringComparison.Ordinal);
        Assert.EndsWith("| PROTECTED A // REL CAN UKR |", row, StringComparison.Ordinal);

        // This year so far: the commitment has moved on, and the report says the year is not over.
        var now = await (await reader.GetAsync(new Uri("/api/v1/commitments/stocktake?year=2025&format=md", UriKind.Relative), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("2025 is not over yet", now, StringComparison.Ordinal);
        Assert.Contains("| Substantial progress |", now.Split('\n').Single(l => l.StartsWith("| " + history.Tracked.Title[..20], StringComparison.Ordinal)), StringComparison.Ordinal);

        using var french = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/commitments/stocktake?year=2024&format=html", UriKind.Relative));
        french.Headers.AcceptLanguage.ParseAdd("fr");
        var html = await (await reader.SendAsync(french, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"fr\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Bilan annuel 2024</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Lacunes et difficultés", html, StringComparison.Ordinal);

        await using var scope = app.Services.CreateAsyncScope();
        var reads = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.RecordType == CommitmentTracker.RecordType && e.Action == "read" && e.RecordId == history.Tracked.Id.ToString()).CountAsync(Ct);
        Assert.Equal(4, reads);
    }

    [Theory, Databases]
    public async Task TheReview_ShowsEveryYearOfTheTerm_ThenTheLatestStockTake(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 6, 1, 12, 0));
        var history = await SeedAsync(app);
        var reader = await ReaderAsync(app, "olena");

        var docx = await reader.GetAsync(new Uri("/api/v1/commitments/review?format=docx", UriKind.Relative), Ct);
        var md = await reader.GetStringAsync(new Uri("/api/v1/commitments/review?format=md", UriKind.Relative), Ct);
        var bad = await reader.GetAsync(new Uri("/api/v1/commitments/review?format=odt", UriKind.Relative), Ct);

        Assert.True(docx.StatusCode == HttpStatusCode.OK, await docx.Content.ReadAsStringAsync(Ct));
        Assert.Equal("cussp-review-2024-2025.docx", docx.Content.Headers.ContentDisposition!.FileNameStar ?? docx.Content.Headers.ContentDisposition.FileName);
        using (var word = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync(Ct)), false))
        {
            var errors = Validate(word);
            Assert.True(errors.Count == 0, string.Join("\n", errors.Take(5).Select(e => $"{e.Path?.XPath}: {e.Description}")));
        }
        Assert.StartsWith("**PROTECTED A // REL CAN UKR**\n\n# Comprehensive review, 2024–2025\n", md, StringComparison.Ordinal);
        Assert.Contains("by 24 February 2027", md, StringComparison.Ordinal);
        Assert.Contains("| Key component | 2024 | 2025 |", md, StringComparison.Ordinal);
        // The compliance of 2024 (one commitment scored 0: 50 %) and none yet in 2025.
        Assert.Contains("| All key components | 50 % | not scored |", md, StringComparison.Ordinal);
        // The detail is the latest year's: the commitment as it stands in 2025.
        Assert.Contains("| Substantial progress |", md.Split('\n').Single(l => l.StartsWith("| " + history.Tracked.Title[..20], StringComparison.Ordinal)),
            StringComparison.Ordinal);
        Assert.DoesNotContain(history.Hidden.Title, md, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory, Databases]
    public async Task BadYearsAndFormats_AreRefusedAsProblems(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 6, 1, 12, 0));
        var reader = await ReaderAsync(app, "olena");

        var year = await reader.GetAsync(new Uri("/api/v1/commitments/stocktake?year=2031", UriKind.Relative), Ct);
        var format = await reader.GetAsync(new Uri("/api/v1/commitments/stocktake?year=2024&format=pdf", UriKind.Relative), Ct);
        var anonymous = await app.CreateClient().GetAsync(new Uri("/api/v1/commitments/stocktake", UriKind.Relative), Ct);
        var byDefault = await reader.GetAsync(new Uri("/api/v1/commitments/stocktake", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, year.StatusCode);
        Assert.Contains("2024 to 2025", (await year.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("year")[0].GetString(),
            StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Equal("\"pdf\": use docx, html, md",
            (await format.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").GetProperty("format")[0].GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", byDefault.Content.Headers.ContentType!.MediaType);
        Assert.Equal("cussp-stocktake-2024.docx", byDefault.Content.Headers.ContentDisposition!.FileNameStar ?? byDefault.Content.Headers.ContentDisposition.FileName);
    }

    [Theory, Databases]
    public async Task ThePage_ShowsTheReportWithItsDownloads_InTheReadersLanguage(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 6, 1, 12, 0));
        var history = await SeedAsync(app);
        var user = await app.CreateUserAsync("mykola", Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer, [Demining], password: null);
        var session = await app.SessionAsync(user);

        var (response, page) = await session.GetPageAsync("/commitments/stocktake?year=2024");
        var (wrong, fallback) = await session.GetPageAsync("/commitments/stocktake?year=1999");
        var (_, list) = await session.GetPageAsync("/commitments");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = page.QuerySelector("article.stocktake")!;
        Assert.Equal("PROTECTED A // REL CAN UKR", report.QuerySelector("p.marking")!.TextContent);
        Assert.Contains(history.Tracked.Title, report.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(history.Hidden.Title, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(report.QuerySelector("h1"));
        Assert.Equal(["/api/v1/commitments/stocktake?year=2024&format=docx", "/api/v1/commitments/stocktake?year=2024&format=html",
            "/api/v1/commitments/stocktake?year=2024&format=md", "/api/v1/commitments/review?format=docx", "/api/v1/commitments/review?format=html",
            "/api/v1/commitments/review?format=md"], page.QuerySelectorAll(".downloads a").Select(a => a.GetAttribute("href")));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("2024", fallback.QuerySelector("#s-year option[selected]")!.GetAttribute("value"));
        Assert.NotNull(list.QuerySelector("a[href='/commitments/stocktake']"));
        Assert.NotNull(list.QuerySelector("a[href='/api/v1/commitments/export.xlsx']"));
    }

    [Theory, Databases]
    public async Task TheWorkbook_HoldsTheSameRowsAsTheCsv_EachWithItsMarking(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var history = await SeedAsync(app);
        var reader = await ReaderAsync(app, "olena");

        var csv = await reader.GetStringAsync(new Uri("/api/v1/commitments/export.csv", UriKind.Relative), Ct);
        var response = await reader.GetAsync(new Uri("/api/v1/commitments/export.xlsx", UriKind.Relative), Ct);

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        using var book = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)), false);
        var errors = Validate(book);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(5).Select(e => $"{e.Path?.XPath}: {e.Description}")));
        var rows = book.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
        await using var parsed = CsvHelper.CsvReader.Create(new StringReader(csv), new CsvHelper.CsvReaderOptions { HasHeader = false });
        var expected = new List<List<string>>();
        while (await parsed.ReadAsync(Ct))
        {
            expected.Add([.. parsed.Current.ToArray()]);
        }
        Assert.Equal(expected, rows);
        Assert.DoesNotContain(rows, r => r.Contains(history.Hidden.Id.ToString()));
        Assert.Contains(rows, r => r.Contains(history.Tracked.Id.ToString()) && r.Contains("PROTECTED A // REL CAN UKR // humanitarian-demining"));
    }
}
