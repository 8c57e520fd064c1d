using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Commitments;

/// <summary>Compliance over the API and on the commitment page: approvers score a year, the history shows both scores, the year's shares sum it up.</summary>
public class ComplianceApiTests
{
    private const string Demining = "humanitarian-demining";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body, int? version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (version is { } v)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        }
        return await client.SendAsync(request, Ct);
    }

    [Theory, Databases]
    public async Task Approvers_ScoreAYear_AndTheSharesOfTheYearFollow(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 6, 1, 12, 0));
        var approverAccount = await app.CreateUserAsync("ua-approver", Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer | Roles.Approver,
            [Demining], password: null, totpKey: TotpCodes.NewKey());
        var approver = app.TokenClient(await app.IssueTokenAsync(approverAccount, TokenScopes.Read | TokenScopes.Write));
        var writer = app.TokenClient(await app.IssueTokenAsync(await app.CreateUserAsync("ua-writer", Participant.Ukraine, SecurityClassification.Secret,
            Roles.Viewer | Roles.Contributor, [Demining], password: null), TokenScopes.Read | TokenScopes.Write));
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Commitments.AsNoTracking().Where(c => c.Area == Demining)
                .OrderBy(c => c.ProvisionOrdinal).Select(c => c.Id).FirstAsync(Ct);
        }
        var url = $"/api/v1/commitments/{id}/compliance";

        var scored = await PostAsync(approver, url, new { year = 2024, score = 1, reason = "All districts surveyed." }, 1);
        Assert.True(scored.StatusCode == HttpStatusCode.Created, await scored.Content.ReadAsStringAsync(Ct));
        Assert.Equal("\"2\"", scored.Headers.ETag!.Tag);
        var history = (await scored.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("compliance");
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal("Ukraine", history[0].GetProperty("byParticipant").GetString());
        var future = await PostAsync(approver, url, new { year = 2026, score = 1, reason = "Early." }, 2);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.True((await future.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("year", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(writer, url, new { year = 2024, score = 0, reason = "x" }, 2)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PostAsync(approver, url, new { year = 2024, score = 0, reason = "x" }, 1)).StatusCode);

        var summary = await (await writer.GetAsync(new Uri("/api/v1/commitments/compliance?year=2024", UriKind.Relative), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(1, summary.GetProperty("overall").GetProperty("assessed").GetInt32());
        Assert.Equal(100, summary.GetProperty("overall").GetProperty("percent").GetInt32());
        Assert.Equal(2024, summary.GetProperty("firstYear").GetInt32());
        Assert.Equal(2025, summary.GetProperty("lastYear").GetInt32());
        var thisYear = await (await writer.GetAsync(new Uri("/api/v1/commitments/compliance", UriKind.Relative), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2025, thisYear.GetProperty("year").GetInt32());
        Assert.Equal(JsonValueKind.Null, thisYear.GetProperty("overall").GetProperty("percent").ValueKind);
        Assert.Equal(HttpStatusCode.BadRequest, (await writer.GetAsync(new Uri("/api/v1/commitments/compliance?year=2030", UriKind.Relative), Ct)).StatusCode);

        // On the page: the approver's form, and the history with the score that counts.
        var (page, _) = await app.SignedInWithCodeAsync("ua-page-approver", Participant.Ukraine, Roles.Viewer | Roles.Approver, areas: [Demining]);
        var (bad, badPage) = await page.SubmitAsync($"/commitments/{id}", "compliance", ("Score.Year", "2025"), ("Score.Score", "0"), ("Score.Reason", ""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull(badPage.QuerySelector("#s-reason-error"));
        var (ok, _) = await page.SubmitAsync($"/commitments/{id}", "compliance", ("Score.Year", "2024"), ("Score.Score", "-1"), ("Score.Reason", "Survey withdrawn."));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var (_, shown) = await page.GetPageAsync($"/commitments/{id}");
        var rows = shown.QuerySelectorAll("table.compliance tbody tr").Select(r => r.ClassName).ToList();
        Assert.Equal(["counts", "replaced"], rows);
        Assert.Contains("−1 not kept", shown.QuerySelector("table.compliance tbody tr")!.TextContent, StringComparison.Ordinal);
        var (_, asWriter) = await (await app.SessionAsync(await app.CreateUserAsync("ua-writer2", Participant.Ukraine, roles: Roles.Viewer | Roles.Contributor,
            areas: [Demining], password: null))).GetPageAsync($"/commitments/{id}");
        Assert.Null(asWriter.QuerySelector("input[name=_handler][value='compliance']"));

        // The year's report: the chart has a bar per year with its figures in a table, and the groups follow the latest score.
        var (_, report) = await page.GetPageAsync("/commitments/compliance?year=2024");
        Assert.StartsWith("1 of ", report.QuerySelector("p.count")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, report.QuerySelectorAll("svg.chart rect").Length);
        Assert.Equal("Compliance over the years", report.QuerySelector("svg.chart title")!.TextContent);
        Assert.Equal(["2024", "2025"], report.QuerySelectorAll("table.chart-data tbody th").Select(th => th.TextContent));
        var demining = report.QuerySelectorAll("#by-component ~ div table tbody tr").Single(r => r.TextContent.Contains("Demining", StringComparison.Ordinal));
        Assert.Equal("0 %", demining.QuerySelectorAll("td")[^1].TextContent);
        var (wrongYear, _) = await page.GetPageAsync("/commitments/compliance?year=1990");
        Assert.Equal(HttpStatusCode.BadRequest, wrongYear.StatusCode);
    }
}
