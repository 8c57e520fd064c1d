using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Cussp.Data;

namespace Cussp.Tests.Pages;

/// <summary>What every page shares: landmarks, labels, headings and the language switcher.</summary>
public sealed class LayoutTests(SharedApps apps)
{
    public static TheoryData<string> EveryPage() =>
        ["/", "/agreements", "/agreements/cussp", "/agreements/cussp?q=children", "/agreements/cussp?actor=nobody",
         "/agreements/cussp/provisions/IV.K.1.ii", "/agreements/cussp/provisions/IX.9", "/agreementz"];

    private async Task<HttpClient> BrowserAsync() => (await apps.For(DatabaseProvider.Sqlite)).Browser();

    [Theory, MemberData(nameof(EveryPage))]
    public async Task Page_EveryFormControl_HasALabel(string url)
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync(url);

        Assert.All(page.QuerySelectorAll("input:not([type=hidden]), select, textarea"), control =>
        {
            var label = page.QuerySelector($"label[for='{control.Id}']");
            Assert.False(string.IsNullOrWhiteSpace(label?.TextContent), $"{control.OuterHtml} has no label");
        });
    }

    [Theory, MemberData(nameof(EveryPage))]
    public async Task Page_HasLandmarksSkipLinkOneH1AndNoSkippedHeadingLevel(string url)
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync(url);

        Assert.NotNull(page.QuerySelector("body > header"));
        Assert.NotNull(page.QuerySelector("body > main#main"));
        Assert.NotNull(page.QuerySelector("body > footer"));
        Assert.Equal("#main", page.QuerySelector("body > a")!.GetAttribute("href"));
        Assert.Single(page.QuerySelectorAll("h1"));
        var levels = page.QuerySelectorAll("h1, h2, h3, h4, h5, h6").Select(h => h.LocalName[1] - '0').ToList();
        Assert.Equal(1, levels[0]);
        Assert.All(levels.Zip(levels.Skip(1)), pair => Assert.True(pair.Second <= pair.First + 1, $"h{pair.First} followed by h{pair.Second}"));
        Assert.Contains("published by the Government of Canada", page.QuerySelector("footer")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAddress_IsA404PageWithAWayOn_ButUnderTheApiStaysProblemDetails()
    {
        using var client = await BrowserAsync();

        var (page, document) = await client.GetPageAsync("/agreementz/cussp");
        using var api = await client.GetAsync(new Uri("/api/v1/agreementz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/agreementz/cussp", document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("main a[href='/agreements']"));
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task LanguageSwitcher_OffersEachLanguageInItsOwnName()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/agreements/cussp?component=veterans-care");

        var links = page.QuerySelectorAll("header a[hreflang]").ToList();
        Assert.Equal(["en", "fr", "uk"], links.Select(a => a.GetAttribute("hreflang")));
        Assert.Equal(["en", "fr", "uk"], links.Select(a => a.GetAttribute("lang")));
        Assert.Equal(["English", "Français", "Українська"], links.Select(a => a.TextContent));
        Assert.Equal("/agreements/cussp?lang=uk&component=veterans-care", links[2].GetAttribute("href"));
    }

    [Fact]
    public async Task LangUk_SetsTheCookieAndTheNextPageIsInUkrainian()
    {
        using var client = await BrowserAsync();

        using var redirect = await client.GetAsync(new Uri("/agreements/cussp?lang=uk&component=veterans-care", UriKind.Relative),
            TestContext.Current.CancellationToken);
        var (_, page) = await client.GetPageAsync(redirect.Headers.Location!.OriginalString);
        var (_, later) = await client.GetPageAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/agreements/cussp?component=veterans-care", redirect.Headers.Location!.OriginalString);
        Assert.Contains(redirect.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=c%3Duk%7Cuic%3Duk", StringComparison.Ordinal));
        Assert.Equal("uk", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Перейти до основного вмісту", page.QuerySelector("body > a")!.TextContent);
        Assert.Equal("Зміст", page.GetElementById("toc-heading")!.TextContent);
        Assert.Equal("3 положення", page.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.All(page.QuerySelectorAll("article .agreement-text"), t => Assert.Equal("en", t.GetAttribute("lang")));
        Assert.Equal("uk", later.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Ключові факти", later.GetElementById("facts")!.TextContent);
        Assert.Equal("Діє до 24 лютого 2034 р.", later.QuerySelectorAll(".fact")[1].TextContent);
    }

    [Theory]
    [InlineData("//evil.example/?lang=fr")]
    [InlineData("/%2Fevil.example/?lang=fr")]
    [InlineData("/\\evil.example/?lang=fr")]
    public async Task LangSwitch_OnAPathThatLooksLikeAnotherSite_StaysOnThisSite(string url)
    {
        using var client = await BrowserAsync();

        // Concatenated, not combined: combining would read "//host" as another host instead of as this site's path.
        using var redirect = await client.GetAsync(new Uri(client.BaseAddress!.GetLeftPart(UriPartial.Authority) + url), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var location = redirect.Headers.Location!.OriginalString;
        Assert.StartsWith("/", location, StringComparison.Ordinal);
        Assert.False(location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal), location);
    }

    [Fact]
    public async Task LangFr_ThenEn_SwitchesBack()
    {
        using var client = await BrowserAsync();

        await client.GetAsync(new Uri("/?lang=fr", UriKind.Relative), TestContext.Current.CancellationToken);
        var (_, french) = await client.GetPageAsync("/agreements/cussp/provisions/II.3");
        await client.GetAsync(new Uri("/?lang=en", UriKind.Relative), TestContext.Current.CancellationToken);
        var (_, english) = await client.GetPageAsync("/agreements/cussp/provisions/II.3");

        Assert.Equal("fr", french.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Disposition II.3", french.QuerySelector("h1")!.TextContent);
        Assert.Equal("en", french.QuerySelector("blockquote .agreement-text")!.GetAttribute("lang"));
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Null(english.QuerySelector("blockquote .agreement-text")!.GetAttribute("lang"));
    }

    [Fact]
    public async Task NoLanguageChosen_FollowsTheBrowsersPreference()
    {
        using var client = await BrowserAsync();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("uk-UA,uk;q=0.9,en;q=0.5");

        var (_, page) = await client.GetPageAsync("/");

        Assert.Equal("uk", page.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Stylesheet_IsServed()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/");
        using var css = await client.GetAsync(new Uri(page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!, UriKind.Relative),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }
}
