using AngleSharp.Dom;
using Cussp.Agreements;
using Cussp.Data;

namespace Cussp.Tests.Pages;

/// <summary>The home page: the agreement's key facts, its ten key components and the framework group.</summary>
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
    public async Task Home_ComponentTiles_AreTheTenComponentsAndTheFrameworkGroup_CountingEveryProvisionOnce()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/");

        var tiles = page.QuerySelectorAll("a.tile").ToList();
        Assert.Equal(KeyComponents.Ids.Select(c => $"/agreements/cussp/components/{c}"), tiles.Select(t => t.GetAttribute("href")));
        Assert.Equal([.. KeyComponents.All.Select(c => c.Title), "Framework and final provisions"],
            tiles.Select(t => t.QuerySelector(".tile-title")!.TextContent));
        var counts = tiles.Select(Count).ToList();
        Assert.Equal(161, counts.Sum());
        Assert.Equal("Provisions in all, the ten key components and the framework group together: 161.", page.QuerySelector(".tile-total")!.TextContent);
        // The framework group sits apart from the ten, under its own heading.
        Assert.Equal(10, page.QuerySelectorAll("ol.tiles a.tile").Length);
        Assert.Equal("/agreements/cussp/components/framework", page.QuerySelector("ul.tiles a.tile")!.GetAttribute("href"));

        // A tile's count is the provisions its page counts under it.
        var children = tiles.Single(t => t.GetAttribute("href")!.EndsWith("return-of-children", StringComparison.Ordinal));
        var (_, component) = await client.GetPageAsync(children.GetAttribute("href")!);
        Assert.Equal(Count(children), component.QuerySelectorAll("section[aria-labelledby=counted-heading] li").Length);
    }

    private static int Count(IElement tile) =>
        int.Parse(tile.QuerySelector(".tile-count")!.TextContent.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
}
