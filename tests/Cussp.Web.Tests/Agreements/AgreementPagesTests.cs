using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Cussp.Agreements;
using Cussp.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Tests.Agreements;

/// <summary>The reader and provision pages as a browser without JavaScript gets them.</summary>
public sealed class AgreementPagesTests(SharedApps apps)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> BrowserAsync() => (await apps.For(DatabaseProvider.Sqlite)).Browser();

    private static async Task<List<string>> ApiCitationsAsync(HttpClient client, string query = "")
    {
        using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/agreements/cussp/provisions" + query, UriKind.Relative), Ct));
        return doc.RootElement.EnumerateArray().Select(p => p.GetProperty("citation").GetString()!).ToList();
    }

    private static List<string> ArticleIds(IDocument page) => page.QuerySelectorAll("article[id]").Select(a => a.Id!).ToList();

    [Fact]
    public async Task Reader_Unfiltered_ShowsEveryProvisionAsAnArticleWithItsPermalink()
    {
        using var client = await BrowserAsync();

        var (response, page) = await client.GetPageAsync("/agreements/cussp");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await ApiCitationsAsync(client), ArticleIds(page));
        Assert.All(page.QuerySelectorAll("article[id]"), article =>
            Assert.NotNull(article.QuerySelector($"a[href='/agreements/cussp/provisions/{article.Id}']")));
        var item = page.GetElementById("IV.K.1.ii")!;
        Assert.Contains("IV.K.1.ii", item.TextContent, StringComparison.Ordinal);
        Assert.Contains("depth-1", item.ClassList);
        Assert.Single(page.QuerySelectorAll("h1"));
    }

    [Fact]
    public async Task Reader_Article_ShowsVerbatimTextAndClassificationInWords()
    {
        using var client = await BrowserAsync();
        using var api = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/agreements/cussp/provisions/II.3", UriKind.Relative), Ct));

        var (_, page) = await client.GetPageAsync("/agreements/cussp");

        var article = page.GetElementById("II.3")!;
        Assert.Equal(api.RootElement.GetProperty("text").GetString(), article.QuerySelector(".agreement-text")!.TextContent);
        var badges = article.QuerySelectorAll(".badge").Select(b => b.TextContent).ToList();
        Assert.Equal(["Actor: Participants", "Modality: commitment", "Key component: Defence and Security Cooperation"], badges);
    }

    [Fact]
    public async Task Reader_TableOfContents_LinksEveryPartAndSectionToItsHeading()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/agreements/cussp");

        var toc = page.QuerySelector("nav.toc")!;
        Assert.False(string.IsNullOrEmpty(toc.GetAttribute("aria-label") ?? toc.GetAttribute("aria-labelledby")));
        var targets = toc.QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains("#part-I", targets);
        Assert.Contains("#part-VIII", targets);
        Assert.Contains("#part-IV.K", targets);
        Assert.All(targets, href => Assert.NotNull(page.GetElementById(href[1..])));
        Assert.Equal("Part IV. Areas for Ongoing and Enhanced Cooperation, and Lines of Long-Term Support",
            page.GetElementById("part-IV")!.TextContent);
    }

    [Fact]
    public async Task Reader_FilterByActorAndModality_ShowsOnlyThoseProvisionsWithTheirCount()
    {
        using var client = await BrowserAsync();
        var expected = await ApiCitationsAsync(client, "?actor=Canada&modality=commitment");

        var (_, page) = await client.GetPageAsync("/agreements/cussp?actor=Canada&modality=commitment&component=&q=");

        Assert.InRange(expected.Count, 2, 160);
        Assert.Equal(expected, ArticleIds(page));
        Assert.Equal($"{expected.Count} provisions", page.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Equal("Canada", ((IHtmlSelectElement)page.QuerySelector("select[name=actor]")!).Value);
        Assert.Equal("commitment", ((IHtmlSelectElement)page.QuerySelector("select[name=modality]")!).Value);
        // The contents fold away and lead into the whole text, where every part is present.
        Assert.False(page.QuerySelector("nav.toc details")!.HasAttribute("open"));
        Assert.All(page.QuerySelectorAll("nav.toc a"), a => Assert.StartsWith("/agreements/cussp#", a.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reader_Search_MarksEveryHitInTheText()
    {
        using var client = await BrowserAsync();
        var expected = await ApiCitationsAsync(client, "?q=demining");

        var (_, page) = await client.GetPageAsync("/agreements/cussp?q=Demining");

        Assert.NotEmpty(expected);
        Assert.Equal(expected, ArticleIds(page));
        Assert.All(page.QuerySelectorAll("article[id]"), a =>
        {
            var marks = a.QuerySelectorAll("mark").Select(m => m.TextContent).ToList();
            Assert.NotEmpty(marks);
            Assert.All(marks, m => Assert.Equal("demining", m, ignoreCase: true));
        });
        Assert.Equal("Demining", ((IHtmlInputElement)page.QuerySelector("input[name=q]")!).Value);
    }

    [Fact]
    public async Task Reader_NothingMatches_SaysSo()
    {
        using var client = await BrowserAsync();

        var (response, page) = await client.GetPageAsync("/agreements/cussp?q=zebra");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(ArticleIds(page));
        Assert.Equal("0 provisions", page.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Contains("No provision matches", page.QuerySelector(".empty")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reader_InvalidFilterValue_ExplainsOnThePageInsteadOfFailing()
    {
        using var client = await BrowserAsync();

        var (response, page) = await client.GetPageAsync("/agreements/cussp?actor=Russia&component=weather");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var alert = page.QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("“Russia” is not an actor", alert, StringComparison.Ordinal);
        Assert.Contains("“weather” is not a key component", alert, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("form select[name=actor]"));
    }

    [Fact]
    public async Task Reader_SearchLongerThanTheLimit_SaysTheLimit()
    {
        using var client = await BrowserAsync();

        var (response, page) = await client.GetPageAsync("/agreements/cussp?q=" + new string('a', SearchText.MaxQueryLength + 1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"The search is too long ({SearchText.MaxQueryLength + 1} characters); the limit is {SearchText.MaxQueryLength}.",
            page.QuerySelector("[role=alert] li")!.TextContent);
        Assert.Empty(ArticleIds(page));
    }

    [Fact]
    public async Task Reader_FilterForm_IsAPlainGetFormThatWorksWithoutScript()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/agreements/cussp");

        var form = (IHtmlFormElement)page.QuerySelector("form.filter")!;
        Assert.Equal("get", form.Method, ignoreCase: true);
        Assert.Equal("/agreements/cussp", form.GetAttribute("action"));
        Assert.Equal(["actor", "modality", "component"], form.QuerySelectorAll("select").Select(s => s.GetAttribute("name")!));
        Assert.NotNull(form.QuerySelector("input[type=search][name=q]"));
        Assert.NotNull(form.QuerySelector("button[type=submit]"));
        Assert.Empty(page.QuerySelectorAll("script"));
    }

    [Fact]
    public async Task Reader_UnknownAgreement_Is404WithAWayOn()
    {
        using var client = await BrowserAsync();

        var (response, page) = await client.GetPageAsync("/agreements/nato-2049");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nato-2049", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("main a[href='/agreements']"));
    }

    [Fact]
    public async Task AgreementsList_LinksTheCusspReader()
    {
        using var client = await BrowserAsync();

        var (_, page) = await client.GetPageAsync("/agreements");

        var link = page.QuerySelector("main a[href='/agreements/cussp']")!;
        Assert.Equal("Agreement on security cooperation between Canada and Ukraine", link.TextContent);
        Assert.Contains("161 provisions", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisionPage_ShowsTextClassificationTimeRuleAndWayBack()
    {
        using var client = await BrowserAsync();

        var (response, page) = await client.GetPageAsync("/agreements/cussp/provisions/II.3");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Provision II.3", page.QuerySelector("h1")!.TextContent);
        Assert.StartsWith("In the event of renewed Russian aggression", page.QuerySelector("blockquote")!.TextContent.Trim(), StringComparison.Ordinal);
        var facts = Facts(page.QuerySelector("section[aria-labelledby=class-heading]")!);
        Assert.Equal("Participants", facts["Actor"]);
        Assert.Equal("commitment", facts["Modality"]);
        Assert.Equal("Defence and Security Cooperation", facts["Key component"]);
        Assert.Contains("the Participants will", facts["Basis"], StringComparison.Ordinal);
        var rule = Facts(page.QuerySelector(".rules li")!);
        Assert.Equal("within twenty-four (24) hours", rule["Words"]);
        Assert.Equal("deadline", rule["Kind"]);
        Assert.Equal("24 hours", rule["Period"]);
        Assert.Equal("a request", rule["Counted from"]);
        Assert.NotNull(page.QuerySelector("a[href='/agreements/cussp#II.3']"));
        Assert.NotNull(page.QuerySelector("a[rel=prev][href='/agreements/cussp/provisions/II.2']"));
        Assert.NotNull(page.QuerySelector("a[rel=next][href='/agreements/cussp/provisions/II.4']"));
    }

    [Fact]
    public async Task ProvisionPage_ItemAndParagraph_LinkEachOther()
    {
        using var client = await BrowserAsync();

        var (_, item) = await client.GetPageAsync("/agreements/cussp/provisions/IV.K.1.ii");
        var (_, paragraph) = await client.GetPageAsync("/agreements/cussp/provisions/IV.K.1");

        Assert.NotNull(item.QuerySelector("a[rel=up][href='/agreements/cussp/provisions/IV.K.1']"));
        Assert.NotNull(paragraph.QuerySelector("nav.nearby a[href='/agreements/cussp/provisions/IV.K.1.ii']"));
        Assert.Equal("Provision IV.K.1.ii", item.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task ProvisionPage_UnknownCitation_Is404ExplainingCitations()
    {
        using var client = await BrowserAsync();

        var (response, page) = await client.GetPageAsync("/agreements/cussp/provisions/IX.9");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var main = page.QuerySelector("main")!.TextContent;
        Assert.Contains("“IX.9” is not a provision", main, StringComparison.Ordinal);
        Assert.Contains("IV.A.7.iii.A", main, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("main a[href='/agreements/cussp']"));
    }

    [Fact]
    public async Task ProvisionPage_WithOverride_ShowsItAsAnOverrideBesideWhatTheRulesDerived()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AgreementRegister>().SetOverrideAsync("cussp", "II.3", Actor.Canada, null, null,
                "Canada convenes the consultation", "analyst@example.gc.ca", Ct);
        }
        using var client = app.Browser();

        var (_, page) = await client.GetPageAsync("/agreements/cussp/provisions/II.3");

        var facts = Facts(page.QuerySelector("section[aria-labelledby=class-heading]")!);
        Assert.Equal("Canada override", facts["Actor"]);
        Assert.Equal("commitment", facts["Modality"]);
        var section = page.QuerySelector("section.override")!;
        var actorRow = section.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Actor");
        Assert.Equal(["Canada", "Participants"], actorRow.QuerySelectorAll("td").Select(c => c.TextContent));
        var who = Facts(section);
        Assert.Equal("Canada convenes the consultation", who["Reason"]);
        Assert.Equal("analyst@example.gc.ca", who["Set by"]);
        Assert.Equal("24 February 2024, 12:00 in Kyiv · 24 February 2024, 05:00 in Ottawa", who["When"]);
        var (_, reader) = await client.GetPageAsync("/agreements/cussp?actor=Canada");
        Assert.Contains("II.3", ArticleIds(reader));
        var badges = reader.GetElementById("II.3")!.QuerySelectorAll(".badge").Select(b => b.TextContent.Trim()).ToList();
        Assert.Equal(["Actor: Canada (override)", "Modality: commitment", "Key component: Defence and Security Cooperation"], badges);
    }

    private static Dictionary<string, string> Facts(IElement scope) =>
        scope.QuerySelectorAll("dt").ToDictionary(dt => dt.TextContent.Trim(),
            dt => string.Join(" ", dt.NextElementSibling!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
}
