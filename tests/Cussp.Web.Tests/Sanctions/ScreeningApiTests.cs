using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Sanctions;
using Cussp.Screening;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Sanctions;

public class ScreeningApiTests
{
    private static async Task<HttpClient> ViewerAsync(CusspApp app)
    {
        var user = await app.CreateUserAsync("screener", password: null);
        await using var scope = app.Services.CreateAsyncScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<AccessTokens>()
            .IssueAsync(user.Id, "t", TokenScopes.Read, Duration.FromDays(1), TestContext.Current.CancellationToken);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task ImportSemaAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var list = ListReader.Read(ListFormat.Sema, Repo.Data("sanctions", "sema-lmes-2020.xml"));
        await scope.ServiceProvider.GetRequiredService<SanctionsRegister>().ImportAsync(list, "sema-lmes-2020.xml", "h", ct: TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> ScreenAsync(HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync("/api/v1/screening/", request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private static IEnumerable<JsonElement> Hits(JsonElement result) => result.GetProperty("hits").EnumerateArray();

    private static bool Alert(JsonElement hit) => hit.GetProperty("alert").GetBoolean();

    private static string Id(JsonElement hit) => hit.GetProperty("entityId").GetString()!;

    [Theory, Databases]
    public async Task Screening_ListedName_ReturnsTheHitWithItsExplanation(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var client = await ViewerAsync(app);
        await ImportSemaAsync(app);

        var body = await ScreenAsync(client, new { name = "Віктор Медведчук" });

        Assert.Equal(ScreeningOptions.DefaultThreshold, body.GetProperty("threshold").GetDouble());
        var result = Assert.Single(body.GetProperty("results").EnumerateArray());
        Assert.Equal("Віктор Медведчук", result.GetProperty("query").GetString());
        var hit = Assert.Single(Hits(result), h => h.GetProperty("entityId").GetString() == "sema-ukraine-1-3");
        Assert.True(hit.GetProperty("alert").GetBoolean());
        Assert.Equal("Viktor Volodymyrovich MEDVEDCHUK", hit.GetProperty("listedName").GetString());
        var explanation = hit.GetProperty("explanation").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.StartsWith("listed name \u201cViktor Volodymyrovich MEDVEDCHUK\u201d", explanation[0], StringComparison.Ordinal);
        Assert.Contains(explanation, l => l.StartsWith("query compared as", StringComparison.Ordinal));
        Assert.Contains(explanation, l => l.StartsWith("medvedchuk \u2194 medvedchuk", StringComparison.Ordinal));
    }

    [Theory, Databases]
    public async Task Screening_Batch_AnswersEachNameInOrder(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var client = await ViewerAsync(app);
        await ImportSemaAsync(app);
        string[] names = ["Camille Fontaine", "Nicolás Maduro Moros", "Viktor Medvedchuk", "Maple Bicycles Ltd.", "Glazyev Sergei"];

        var body = await ScreenAsync(client, new { names = names.Select(n => new { name = n }) });

        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(names, results.Select(r => r.GetProperty("query").GetString()));
        Assert.Empty(Hits(results[0]));
        // Maduro is listed twice, under the Venezuela regulations and under the JVCFOR.
        Assert.Equal(["sema-jvcfor-1-1", "sema-venezuela-na-1"], Hits(results[1]).Where(Alert).Select(Id).Order(StringComparer.Ordinal));
        Assert.Equal("sema-ukraine-1-3", Id(Assert.Single(Hits(results[2]), Alert)));
        Assert.Empty(Hits(results[3]));
        Assert.Equal("sema-russia-1-1", Id(Assert.Single(Hits(results[4]), Alert)));
        Assert.All(results.SelectMany(Hits), h => Assert.NotEmpty(h.GetProperty("explanation").EnumerateArray()));
    }

    [Fact]
    public async Task Screening_ThresholdSetting_ChangesWhatAlerts()
    {
        await using var strict = await CusspApp.StartAsync(DatabaseProvider.Sqlite, [new("Screening:Threshold", "0.99")]);
        await using var usual = await CusspApp.StartAsync(DatabaseProvider.Sqlite);
        await ImportSemaAsync(strict);
        await ImportSemaAsync(usual);
        var request = new { name = "Viktor Medvedchuck" };

        var usualBody = await ScreenAsync(await ViewerAsync(usual), request);
        var strictBody = await ScreenAsync(await ViewerAsync(strict), request);

        var usualHit = Assert.Single(Hits(usualBody.GetProperty("results")[0]), h => h.GetProperty("entityId").GetString() == "sema-ukraine-1-3");
        Assert.True(usualHit.GetProperty("alert").GetBoolean());
        Assert.InRange(usualHit.GetProperty("score").GetDouble(), ScreeningOptions.DefaultThreshold, 0.98);
        Assert.Equal(0.99, strictBody.GetProperty("threshold").GetDouble());
        Assert.DoesNotContain(Hits(strictBody.GetProperty("results")[0]), h => h.GetProperty("alert").GetBoolean());
    }

    [Fact]
    public async Task Screening_BadInput_MeetsClearLimits()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite);
        var client = await ViewerAsync(app);

        var ok = await client.PostAsJsonAsync("/api/v1/screening/", new { name = "Volodymyr Zelenskyy" }, ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var tooMany = await client.PostAsJsonAsync("/api/v1/screening/", new { names = Enumerable.Range(0, 1001).Select(i => new { name = $"Name {i}" }) }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("1,000", await tooMany.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var control = await client.PostAsJsonAsync("/api/v1/screening/", new { name = "Ivan\u0000Petrov" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, control.StatusCode);
        var huge = await client.PostAsJsonAsync("/api/v1/screening/", new { name = new string('a', 5000) }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        var badType = await client.PostAsJsonAsync("/api/v1/screening/", new { name = "Ivan Petrov", identifiers = new[] { new { type = "shoe-size", value = "44" } } }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Contains("identifiers[0].type", await badType.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var anonymous = await app.CreateClient().PostAsJsonAsync("/api/v1/screening/", new { name = "Ivan Petrov" }, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
