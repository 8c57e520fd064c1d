using Cussp.Data;
using Cussp.Identity;
using Cussp.Web.Tests.Identity;

namespace Cussp.Tests.Pages;

/// <summary>Values the pages used to show as code gives them (a sum, a place, a period, a scope, an instant), in French and Ukrainian.</summary>
public sealed class TranslatedValuesTests(SharedApps apps)
{
    private static async Task<HttpClient> InAsync(HttpClient client, string language)
    {
        await client.GetAsync(new Uri($"/?lang={language}", UriKind.Relative), TestContext.Current.CancellationToken);
        return client;
    }

    [Theory]
    [InlineData("fr", "Signé le 24 février 2024 à Kyiv", "3,02 milliards de dollars en 2024")]
    [InlineData("uk", "Підписано 24 лютого 2024 р., місце підписання — Київ", "3,02 млрд доларів у 2024 році")]
    public async Task Home_KeyFacts_SayThePlaceAndTheSumInThePageLanguage(string language, string signature, string funding)
    {
        using var client = await InAsync((await apps.For(DatabaseProvider.Sqlite)).Browser(), language);

        var (_, page) = await client.GetPageAsync("/");

        var facts = page.QuerySelectorAll(".facts .fact").Select(f => f.TextContent).ToList();
        Assert.Contains(signature, facts);
        Assert.Contains(funding, facts);
    }

    [Theory]
    [InlineData("fr", "ses propres termes : « This Agreement will »", "10 ans")]
    [InlineData("uk", "власні слова положення: «This Agreement will»", "10 років")]
    public async Task ProvisionPage_BasisAndPeriod_AreInThePageLanguageWithTheAgreementsWordsQuotedInEnglish(string language, string basis, string period)
    {
        using var client = await InAsync((await apps.For(DatabaseProvider.Sqlite)).Browser(), language);

        var (_, page) = await client.GetPageAsync("/agreements/cussp/provisions/VIII.A.1");

        var shown = page.QuerySelector(".basis")!;
        Assert.Equal(basis, shown.TextContent);
        Assert.Equal("en", shown.QuerySelector(".quote")!.GetAttribute("lang"));
        var data = page.QuerySelector(".rules data")!;
        Assert.Equal((period, "P10Y"), (data.TextContent, data.GetAttribute("value")));
    }

    [Theory, Databases]
    public async Task TokensPage_ScopeAndDates_AreInThePageLanguageInKyivAndOttawa(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("olena", Participant.Ukraine, password: null);
        await app.IssueTokenAsync(user, TokenScopes.Read | TokenScopes.Write, days: 30);
        var client = await InAsync(await app.SessionAsync(user), "uk");

        var (_, page) = await client.GetPageAsync("/account/tokens");

        var cells = page.QuerySelectorAll("tbody tr td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains("читання і запис", cells);
        Assert.Contains("25 березня 2024 р., 12:00 за київським часом · 25 березня 2024 р., 06:00 за оттавським часом", cells);
        Assert.Equal("2024-03-25T10:00:00Z", page.QuerySelector("tbody time")!.GetAttribute("datetime"));
    }
}
