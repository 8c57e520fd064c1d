using AngleSharp.Dom;
using Cussp.Agreements;
using Cussp.Data;

namespace Cussp.Tests.Pages;

/// <summary>The home page: the agreement's key facts and its ten key components.</summary>
public sealed class HomePageTests(SharedApps apps)
{
    private async Task<HttpClient> BrowserAsync() => (await apps.For(DatabaseProvider.Sqlite)).Browser();

    private static IElement Fact(IDocument page, string startsWith) =>
        page.QuerySelectorAll(".facts li").Single(li => li.QuerySelector(".fact")!.TextContent.StartsWith(startsWith, StringComparison.Ordinal));

    [Fact]
    public async Task Home_KeyFacts_GiveTheDatesAndSumWithTheirProvisions()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/");

        Assert.Equal("Signed on 24 February 2024 in Kyiv", Fact(page, "Signed").QuerySelector(".fact")!.TextContent);
        Assert.Equal("/agreements/cussp#signature", Fact(page, "Signed").QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("In effect until 24 February 2034", Fact(page, "In effect").QuerySelector(".fact")!.TextContent);
        Assert.Equal("/agreements/cussp/provisions/VIII.A.1", Fact(page, "In effect").QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("Comprehensive review due by 24 February 2027", Fact(page, "Comprehensive").QuerySelector(".fact")!.TextContent);
        Assert.Equal("/agreements/cussp/provisions/VIII.B.1", Fact(page, "Comprehensive").QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("$3.02B in 2024", Fact(page, "$").QuerySelector(".fact")!.TextContent);
        Assert.Equal("/agreements/cussp/provisions/I.3", Fact(page, "$").QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Home_SignatureFactLink_LeadsToTheSignatureInTheReader()
    {
        using var client = await BrowserAsync();

        var (_, reader) = await client.GetPageAsync("/agreements/cussp");

        Assert.Contains("SIGNED in duplicate in Kyiv on 24 February 2024", reader.GetElementById("signature")!.ParentElement!.TextContent,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_ComponentTiles_AreTheTenComponentsWithCountsThatMatchTheReader()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/");

        var tiles = page.QuerySelectorAll("a.tile").ToList();
        Assert.Equal(KeyComponents.All.Select(c => $"/agreements/cussp?component={c.Id}"), tiles.Select(t => t.GetAttribute("href")));
        Assert.Equal(KeyComponents.All.Select(c => c.Title), tiles.Select(t => t.QuerySelector(".tile-title")!.TextContent));
        var counts = tiles.Select(t => int.Parse(t.QuerySelector(".tile-count")!.TextContent.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(161, counts.Sum());
        var children = tiles.Single(t => t.GetAttribute("href")!.EndsWith("return-of-children", StringComparison.Ordinal));
        var (_, filtered) = await client.GetPageAsync(children.GetAttribute("href")!);
        Assert.Equal(children.QuerySelector(".tile-count")!.TextContent, filtered.QuerySelector("[role=status]")!.TextContent.Trim());
    }
}
