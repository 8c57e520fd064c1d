using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Commitments;

/// <summary>
/// What changed since a date: every kind of change to the commitments a reader may see, newest first and paged, on the API, the page
/// and the command line; a change to a commitment the reader may not see is not among them, nor counted.
/// </summary>
public class ChangesTests : Cli.CliTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<StockTakeTests.History> SeedAsync(CusspApp app)
    {
        var history = await StockTakeTests.SeedAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        db.CommitmentUpdates.Add(new CommitmentUpdateRecord
        {
            Id = Guid.NewGuid(),
            CommitmentId = history.Hidden.Id,
            At = Instant.FromUtc(2025, 4, 1, 9, 0),
            By = "canada-writer",
            Text = "Canada-only progress.",
            StatusBefore = CommitmentStatus.NotStarted,
            StatusAfter = CommitmentStatus.Started,
        });
        await db.SaveChangesAsync(Ct);
        return history;
    }

    [Theory, Databases]
    public async Task Changes_SinceADate_AreNewestFirst_PagedAndOnlyWhatTheReaderMaySee(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 6, 1, 12, 0));
        var history = await SeedAsync(app);
        var reader = app.TokenClient(await app.IssueTokenAsync(await app.CreateUserAsync("olena", Participant.Ukraine, SecurityClassification.Secret,
            Roles.Viewer, ["humanitarian-demining"], password: null), TokenScopes.Read));
        async Task<JsonElement> GetAsync(string query) =>
            await (await reader.GetAsync(new Uri("/api/v1/commitments/changes" + query, UriKind.Relative), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        var year = await GetAsync("?since=2025-01-01");
        var all = await GetAsync("?since=2024-01-01");
        var second = await GetAsync("?since=2024-01-01&page=2&pageSize=2");
        var recent = await GetAsync("");
        var badDate = await reader.GetAsync(new Uri("/api/v1/commitments/changes?since=2025-13-01", UriKind.Relative), Ct);
        var future = await reader.GetAsync(new Uri("/api/v1/commitments/changes?since=2025-06-02", UriKind.Relative), Ct);

        Assert.Equal(3, year.GetProperty("total").GetInt32());
        var items = year.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["update", "measurement", "score"], items.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal(("at-risk", "substantial"), (items[0].GetProperty("statusBefore").GetString(), items[0].GetProperty("statusAfter").GetString()));
        Assert.Equal((800m, "hectares"), (items[1].GetProperty("value").GetDecimal(), items[1].GetProperty("unit").GetString()));
        Assert.Equal((2024, 0), (items[2].GetProperty("year").GetInt32(), items[2].GetProperty("score").GetInt32()));
        Assert.All(items, i => Assert.Equal(history.Tracked.Id, i.GetProperty("commitment").GetProperty("id").GetGuid()));
        Assert.Equal("PROTECTED A // REL CAN UKR // humanitarian-demining", items[0].GetProperty("commitment").GetProperty("marking").GetString());
        Assert.Equal(7, all.GetProperty("total").GetInt32());
        Assert.Equal(["2025-03-01T09:00:00Z", "2025-03-01T09:00:00Z", "2025-01-10T09:00:00Z", "2024-10-01T09:00:00Z", "2024-07-01T09:00:00Z",
            "2024-05-01T09:00:00Z", "2024-05-01T09:00:00Z"], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("at").GetString()));
        Assert.Equal(["2025-01-10T09:00:00Z", "2024-10-01T09:00:00Z"], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("at").GetString()));
        Assert.Equal("2025-05-02", recent.GetProperty("since").GetString());
        Assert.Equal(0, recent.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.True((await badDate.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("since", out _));
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);

        // The page, in French.
        var user = await app.CreateUserAsync("mykola", Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer, ["humanitarian-demining"], password: null);
        var session = await app.SessionAsync(user);
        session.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        var (response, page) = await session.GetPageAsync("/commitments/changes?since=2025-01-01");
        var (bad, badPage) = await session.GetPageAsync("/commitments/changes?since=hier");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("3 changements depuis le", page.QuerySelector("p.count")!.TextContent, StringComparison.Ordinal);
        var rows = page.QuerySelectorAll("table.changes tbody tr").ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains("Menacé → Progrès importants", rows[0].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Canada-only progress.", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull(badPage.QuerySelector("#ch-since-error"));

        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking()
            .AnyAsync(e => e.Action == "read" && e.RecordId == history.Tracked.Id.ToString(), Ct));
    }

    [Theory, Databases]
    public async Task TheCommandLine_ListsTheChanges_AndRefusesABadDate(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await SeedAsync(app);
        await app.CreateUserAsync("olena", Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer, ["humanitarian-demining"], password: null);
        var issued = await RunOnAsync(app, "tokens", "add", "olena", "--scope", "read", "--days", "1");
        Assert.True(issued.Exit == 0, issued.Err);
        KeyValuePair<string, string?>[] token = [new("CUSSP_TOKEN", issued.Out.Trim())];

        var listed = await RunOnAsync(app, token, "commitments", "changes", "--since", "2025-01-01");
        var json = await RunOnAsync(app, token, "commitments", "changes", "--since", "2024-01-01", "--json");
        var bad = await RunOnAsync(app, token, "commitments", "changes", "--since", "01/01/2025");

        Assert.True(listed.Exit == 0, listed.Err);
        var lines = listed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("(at-risk -> substantial) Clearance resumed; 800 ha released.", lines[0], StringComparison.Ordinal);
        Assert.Contains("Changes 1–3 of 3 since 2025-01-01", listed.Err, StringComparison.Ordinal);
        Assert.True(json.Exit == 0, json.Err);
        Assert.Equal(7, JsonDocument.Parse(json.Out).RootElement.GetProperty("total").GetInt32());
        Assert.Equal(2, bad.Exit);
        Assert.Contains("YYYY-MM-DD", bad.Err, StringComparison.Ordinal);
    }
}
