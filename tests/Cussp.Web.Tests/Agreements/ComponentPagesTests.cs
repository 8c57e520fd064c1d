using System.Net;
using AngleSharp.Dom;
using Cussp.Agreements;
using Cussp.Data;

namespace Cussp.Tests.Agreements;

/// <summary>The page of each key component and of the framework group, as a browser without JavaScript gets it.</summary>
public sealed class ComponentPagesTests(SharedApps apps)
{
    private async Task<HttpClient> BrowserAsync() => (await apps.For(DatabaseProvider.Sqlite)).Browser();

    private static List<string> Citations(IDocument page, string section) =>
        page.QuerySelectorAll($"section[aria-labelledby={section}] li > a[href^='/agreements/cussp/provisions/']")
            .Select(a => a.TextContent.Replace("Provision ", "", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task ComponentPage_ShowsEverySummaryLineWithTheProvisionsThatCarryItOutAndTheirWords()
    {
        using var client = await BrowserAsync();

        var (response, page) = await client.GetPageAsync("/agreements/cussp/components/defence-security");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Defence and Security Cooperation", page.QuerySelector("h1")!.TextContent);
        var lines = page.QuerySelectorAll("ol.summary-lines > li").ToList();
        Assert.Equal(["line-3.1", "line-3.2", "line-3.3", "line-3.4", "line-3.5"], lines.Select(l => l.Id));
        var consultations = page.GetElementById("line-3.4")!;
        Assert.Contains("Any future Russian aggression will prompt immediate consultations", consultations.TextContent, StringComparison.Ordinal);
        var ii3 = consultations.QuerySelectorAll(".carried-by li").Single(li => li.QuerySelector("a")!.TextContent == "II.3");
        Assert.Equal("/agreements/cussp/provisions/II.3", ii3.QuerySelector("a")!.GetAttribute("href"));
        var words = ComponentMap.Cussp.Assignments.Single(a => a.Citation == "II.3").Words;
        Assert.Equal($"“{words}”", ii3.QuerySelector(".quote")!.TextContent);
        Assert.All(lines, l => Assert.NotEmpty(l.QuerySelectorAll(".carried-by li")));
    }

    [Fact]
    public async Task ComponentPage_CountsThePrimaryProvisions_AndListsThoseThatAlsoServeIt()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/agreements/cussp/components/economic-military-assistance");

        var counted = Citations(page, "counted-heading");
        var also = Citations(page, "also-heading");
        Assert.Contains("I.3", counted);
        Assert.Contains("I.4", counted);
        Assert.DoesNotContain("IV.A.2", counted);
        Assert.Contains("IV.A.2", also);
        Assert.Empty(counted.Intersect(also));
        Assert.Equal("/agreements/cussp?component=economic-military-assistance",
            page.QuerySelectorAll("a").Single(a => a.TextContent == "Show these provisions in the reader").GetAttribute("href"));
        var (_, reader) = await client.GetPageAsync("/agreements/cussp?component=economic-military-assistance");
        Assert.Equal(counted.Count + also.Count, reader.QuerySelectorAll("article[id]").Length);
    }

    [Fact]
    public async Task FrameworkPage_HoldsTheFinalDispositionsDisputesAndAuthorities_AndNoSummaryLines()
    {
        using var client = await BrowserAsync();

        var (response, page) = await client.GetPageAsync("/agreements/cussp/components/framework");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Framework and final provisions", page.QuerySelector("h1")!.TextContent);
        var counted = Citations(page, "counted-heading");
        Assert.Superset(new HashSet<string> { "III.1", "III.2", "III.3", "VI.1", "VI.2", "VII.1", "VII.2", "VIII.A.1", "VIII.B.1", "VIII.C.1", "VIII.D.1" },
            counted.ToHashSet());
        Assert.Null(page.QuerySelector("ol.summary-lines"));
    }

    [Fact]
    public async Task ComponentPage_UnknownComponent_Is404SayingWhatWasAskedFor()
    {
        using var client = await BrowserAsync();

        var (response, page) = await client.GetPageAsync("/agreements/cussp/components/weather");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no key component “weather”", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisionPage_ShowsSecondaryComponentsSummaryLinesAndTheWordsThatPlaceIt()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/agreements/cussp/provisions/IV.A.2");

        var facts = page.QuerySelectorAll("dl.facts-list dt").ToDictionary(dt => dt.TextContent, dt => dt.NextElementSibling!);
        Assert.Equal("Defence and Security Cooperation", facts["Key component"].QuerySelector("a")!.TextContent);
        Assert.Equal("/agreements/cussp/components/economic-military-assistance",
            facts["Also serves"].QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Line 2.2:", facts["Lines of the summary it carries out"].TextContent, StringComparison.Ordinal);
        Assert.Contains(ComponentMap.Cussp.Assignments.Single(a => a.Citation == "IV.A.2").Words, facts["Words that place it here"].TextContent,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisionPage_AMapCorrection_ShowsAsAnOverrideWithTheMapsReason()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/agreements/cussp/provisions/I.4");

        var facts = page.QuerySelectorAll("dl.facts-list dt").ToDictionary(dt => dt.TextContent, dt => dt.NextElementSibling!);
        Assert.Equal("Economic and Military Assistance override", facts["Key component"].TextContent.Trim());
        var section = page.QuerySelector("section.override")!;
        Assert.Contains(ComponentMap.Cussp.Assignments.Single(a => a.Citation == "I.4").Reason, section.TextContent, StringComparison.Ordinal);
        Assert.Contains("The component map, checked by hand against the official summary", section.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_ShowsSecondaryComponentsAsBadgesInWords_AndFiltersByThem()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/agreements/cussp?component=economic-military-assistance");

        var badges = page.GetElementById("IV.A.2")!.QuerySelectorAll(".badge").Select(b => b.TextContent).ToList();
        Assert.Equal(["Key component: Defence and Security Cooperation", "Also serves: Economic and Military Assistance"], badges.Skip(2));
    }
}
