using System.Net;
using System.Text.Json;
using Cussp.Agreements;
using Cussp.Data;

namespace Cussp.Tests.Agreements;

/// <summary>The public contract of the register's API, on every configured database.</summary>
public sealed class AgreementsApiTests(SharedApps apps)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> ClientAsync(DatabaseProvider provider) => (await apps.For(provider)).CreateClient();

    private static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.Clone();
    }

    private static List<JsonElement> Items(JsonElement array) => array.EnumerateArray().ToList();

    [Theory, Databases]
    public async Task ListAgreements_OnFirstStart_ListsTheCussp(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        var agreements = Items(await JsonAsync(client, "/api/v1/agreements"));

        var cussp = Assert.Single(agreements, a => a.GetProperty("id").GetString() == "cussp");
        Assert.Equal("2024-02-24", cussp.GetProperty("signedOn").GetString());
    }

    [Theory, Databases]
    public async Task ListProvisions_Unfiltered_Gives161WithCitationTextActorModalityAndComponent(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        var provisions = Items(await JsonAsync(client, "/api/v1/agreements/cussp/provisions"));

        Assert.Equal(161, provisions.Count);
        Assert.Equal("PRE.1", provisions[0].GetProperty("citation").GetString());
        Assert.Equal("VIII.D.1", provisions[^1].GetProperty("citation").GetString());
        var actors = Enum.GetValues<Actor>().Select(a => a.Name()).ToHashSet();
        var modalities = Enum.GetValues<Modality>().Select(m => m.Name()).ToHashSet();
        var components = KeyComponents.Ids.ToHashSet();
        Assert.All(provisions, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("text").GetString()));
            Assert.Contains(p.GetProperty("actor").GetString()!, actors);
            Assert.Contains(p.GetProperty("modality").GetString()!, modalities);
            Assert.Contains(p.GetProperty("component").GetString()!, components);
        });
        Assert.Equal(161, provisions.Select(p => p.GetProperty("citation").GetString()).Distinct().Count());
    }

    [Theory, Databases]
    public async Task ListProvisions_ByActorModalityOrComponent_GivesOnlyMatches(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        var canada = Items(await JsonAsync(client, "/api/v1/agreements/cussp/provisions?actor=Canada"));
        var bestEffort = Items(await JsonAsync(client, "/api/v1/agreements/cussp/provisions?modality=best-effort"));
        var children = Items(await JsonAsync(client, "/api/v1/agreements/cussp/provisions?component=return-of-children"));
        var both = Items(await JsonAsync(client, "/api/v1/agreements/cussp/provisions?actor=Canada&modality=best-effort"));

        Assert.InRange(canada.Count, 1, 160);
        Assert.All(canada, p => Assert.Equal("Canada", p.GetProperty("actor").GetString()));
        Assert.InRange(bestEffort.Count, 1, 160);
        Assert.All(bestEffort, p => Assert.Equal("best-effort", p.GetProperty("modality").GetString()));
        Assert.InRange(children.Count, 1, 160);
        Assert.All(children, p => Assert.Equal("return-of-children", p.GetProperty("component").GetString()));
        Assert.Equal(
            canada.Select(p => p.GetProperty("citation").GetString()).Intersect(bestEffort.Select(p => p.GetProperty("citation").GetString())),
            both.Select(p => p.GetProperty("citation").GetString()));
    }

    [Theory, Databases]
    public async Task ListProvisions_ByComponent_FindsSecondaryComponentsToo_AndFrameworkIsAFilter(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        var assistance = Items(await JsonAsync(client, "/api/v1/agreements/cussp/provisions?component=economic-military-assistance"));
        var framework = Items(await JsonAsync(client, "/api/v1/agreements/cussp/provisions?component=Framework"));

        var ivA2 = Assert.Single(assistance, p => p.GetProperty("citation").GetString() == "IV.A.2");
        Assert.Equal("defence-security", ivA2.GetProperty("component").GetString());
        Assert.All(assistance, p => Assert.True(p.GetProperty("component").GetString() == "economic-military-assistance" ||
            p.GetProperty("secondaryComponents").EnumerateArray().Any(c => c.GetString() == "economic-military-assistance")));
        Assert.All(framework, p => Assert.Equal("framework", p.GetProperty("component").GetString()));
        Assert.Contains("VIII.D.1", framework.Select(p => p.GetProperty("citation").GetString()));
        Assert.Contains("VI.1", framework.Select(p => p.GetProperty("citation").GetString()));
    }

    [Theory, Databases]
    public async Task ListComponents_TheTenAndTheFrameworkAddUpTo161_AndEverySummaryLineHasProvisions(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        var components = Items(await JsonAsync(client, "/api/v1/agreements/cussp/components"));

        Assert.Equal(KeyComponents.Ids, components.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(161, components.Sum(c => c.GetProperty("provisions").GetInt32()));
        Assert.All(components, c => Assert.True(c.GetProperty("serving").GetInt32() >= c.GetProperty("provisions").GetInt32()));
        var framework = components[^1];
        Assert.Equal(JsonValueKind.Null, framework.GetProperty("number").ValueKind);
        Assert.Equal("Framework and final provisions", framework.GetProperty("title").GetString());
        Assert.Equal(0, framework.GetProperty("summaryLines").GetArrayLength());
        var lines = components.SelectMany(c => c.GetProperty("summaryLines").EnumerateArray()).ToList();
        Assert.Equal(24, lines.Count);
        Assert.All(lines, l => Assert.NotEqual(0, l.GetProperty("provisions").GetArrayLength()));
        var ii3 = await JsonAsync(client, "/api/v1/agreements/cussp/provisions/II.3");
        Assert.Contains("3.4", ii3.GetProperty("summaryLines").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory, Databases]
    public async Task ListComponents_UnknownAgreement_Is404ProblemDetails(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        using var response = await client.GetAsync(new Uri("/api/v1/agreements/nowhere/components", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory, Databases]
    public async Task ListProvisions_BySearch_GivesProvisionsContainingEveryWord(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        var demining = Items(await JsonAsync(client, "/api/v1/agreements/cussp/provisions?q=Demining"));
        var twoWords = Items(await JsonAsync(client, "/api/v1/agreements/cussp/provisions?q=demining%20children"));

        Assert.NotEmpty(demining);
        Assert.All(demining, p => Assert.Contains("demining", p.GetProperty("text").GetString()!, StringComparison.OrdinalIgnoreCase));
        Assert.All(twoWords, p => Assert.Contains("children", p.GetProperty("text").GetString()!, StringComparison.OrdinalIgnoreCase));
        Assert.True(twoWords.Count < demining.Count);
    }

    [Theory, Databases]
    public async Task GetProvision_II3_IsTheVerbatimText(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);
        var source = await File.ReadAllLinesAsync(Repo.Data("seeds", "cussp-agreement-2024.txt"), Ct);
        var partII = Array.FindIndex(source, l => l.StartsWith("Part II.", StringComparison.Ordinal));
        var expected = source.Skip(partII).First(l => l.TrimStart().StartsWith("3. ", StringComparison.Ordinal)).TrimStart()[3..];

        var provision = await JsonAsync(client, "/api/v1/agreements/cussp/provisions/II.3");

        Assert.Equal("II.3", provision.GetProperty("citation").GetString());
        Assert.Equal(expected, provision.GetProperty("text").GetString());
    }

    [Theory, Databases]
    public async Task GetProvision_UnknownCitation_Is404ProblemDetails(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        using var response = await client.GetAsync(new Uri("/api/v1/agreements/cussp/provisions/IX.9", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("IX.9", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task ListProvisions_BadFilter_Is400NamingTheField(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        using var response = await client.GetAsync(new Uri("/api/v1/agreements/cussp/provisions?actor=Russia&modality=maybe", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("Russia", errors.GetProperty("actor")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("maybe", errors.GetProperty("modality")[0].GetString(), StringComparison.Ordinal);
        Assert.False(errors.TryGetProperty("component", out _));
    }

    [Theory, Databases]
    public async Task ListObligations_IncludesTheReviewDueThreeYearsAfterSignature(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        var obligations = Items(await JsonAsync(client, "/api/v1/agreements/cussp/obligations"));

        var review = Assert.Single(obligations, o => o.GetProperty("citation").GetString() == "VIII.B.1");
        Assert.Equal("2027-02-24", review.GetProperty("dueDate").GetString());
    }

    [Theory, Databases]
    public async Task GetLifecycle_NoticeOn31August2025_TerminatesOn28February2026(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        var dates = Items(await JsonAsync(client, "/api/v1/agreements/cussp/lifecycle?noticeReceived=2025-08-31"));

        var termination = Assert.Single(dates, d => d.GetProperty("key").GetString() == "termination");
        Assert.Equal("2026-02-28", termination.GetProperty("date").GetString());
        Assert.Equal("VIII.D.1", termination.GetProperty("citation").GetString());
    }

    [Theory, Databases]
    public async Task OpenApi_DescribesTheRegisterEndpoints(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        var document = await JsonAsync(client, "/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/agreements", out _));
        Assert.True(paths.TryGetProperty("/api/v1/agreements/{id}/provisions/{citation}", out _));
    }

    [Theory, Databases]
    public async Task Healthz_WithTheDatabaseUp_IsHealthy(DatabaseProvider provider)
    {
        using var client = await ClientAsync(provider);

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }
}
