using System.Globalization;
using System.Text.RegularExpressions;
using Cussp.BrowserTests.Accessibility;
using Cussp.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cussp.BrowserTests.Commitments;

/// <summary>
/// A contributor in Chromium finds a commitment by its key component, records progress that moves its status, measures it against an
/// indicator, attaches evidence, asks for completion, finds the commitment again by its new status, and sees the home page's progress
/// bar for the component move; the year's stock-take then reports the update, and its Word document downloads and opens. Other tests of the same host may have recorded progress (the demonstration data), so counts are compared
/// with what the page showed before.
/// </summary>
public class CommitmentBrowserTests(BrowserHost host)
{
    private const string Password = "copper kettles by the harbour";

    [Fact]
    public async Task Contributor_RecordsProgress_AndTheListShowsTheNewStatus()
    {
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            var writer = new UserAccount
            {
                Id = Guid.NewGuid(),
                UserName = "progress-writer",
                DisplayName = "Progress writer",
                Participant = Participant.Ukraine,
                OrganisationId = Organisations.JointSecretariatOf(Participant.Ukraine),
                Clearance = SecurityClassification.ProtectedB,
                Roles = Roles.Viewer | Roles.Contributor,
                Areas = ["humanitarian-demining"],
            };
            Assert.True((await users.CreateAsync(writer, Password)).Succeeded);
        }
        var page = await host.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("User name").FillAsync("progress-writer");
        await page.GetByLabel("Password").FillAsync(Password);
        await BrowserHost.ClickUntilAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }), u => new Uri(u).AbsolutePath == "/");

        var bar = page.Locator("progress[aria-label='Commitments of Humanitarian and Demining Support at substantial progress or complete']");
        var advancedBefore = int.Parse((await bar.GetAttributeAsync("value"))!, CultureInfo.InvariantCulture);
        await page.GotoAsync("/commitments?status=substantial");
        var substantialBefore = await CountAsync(page);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Commitments" }).ClickAsync();
        await Arrived(page, @"/commitments$");
        await page.GetByLabel("Key component").SelectOptionAsync("humanitarian-demining");
        await page.GetByLabel("Status").SelectOptionAsync("not-started");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Arrived(page, @"/commitments\?component=humanitarian-demining.*status=not-started");
        await Axe.AssertNoSeriousViolationsAsync(page, "commitments of one component");
        var first = page.Locator("table.commitments tbody tr").First;
        var citation = (await first.Locator("td").First.InnerTextAsync()).Trim();
        await first.Locator("a[href^='/commitments/']").ClickAsync();
        await Arrived(page, @"/commitments/[0-9a-f-]{36}$");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Commitment under {citation}");

        await page.GetByLabel("What was done").FillAsync("Survey teams released 1,200 hectares in Kharkiv oblast.");
        await page.GetByLabel("Status after this update").SelectOptionAsync(new SelectOptionValue { Label = "Substantial progress" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the update" }).ClickAsync();
        await Arrived(page, @"\?done=saved$");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your update was recorded.");
        await Assertions.Expect(page.Locator("ol.history li").First).ToContainTextAsync("Not started → Substantial progress");
        await Axe.AssertNoSeriousViolationsAsync(page, "commitment with its history");

        await page.Locator("#i-name").FillAsync("Land released from mines");
        await page.Locator("#i-unit").SelectOptionAsync("hectares");
        await page.Locator("#i-target").FillAsync("20000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the indicator" }).ClickAsync();
        await Arrived(page, @"\?done=indicator$");
        await page.Locator("#m-on").FillAsync("2024-09-30");
        await page.Locator("#m-value").FillAsync("5000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the measurement" }).ClickAsync();
        await Arrived(page, @"\?done=measurement$");
        await Assertions.Expect(page.Locator("table.indicators tbody tr progress")).ToHaveAttributeAsync("value", "25");
        await Axe.AssertNoSeriousViolationsAsync(page, "commitment with an indicator measured");

        var report = Path.Combine(Path.GetTempPath(), $"survey-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(report, "oblast,hectares\nKharkiv,1200\n", TestContext.Current.CancellationToken);
        try
        {
            await page.Locator("#f-title").FillAsync("Survey results by oblast");
            await page.Locator("#f-file").SetInputFilesAsync(report);
            await page.GetByRole(AriaRole.Button, new() { Name = "Attach the file" }).ClickAsync();
            await Arrived(page, @"\?done=evidence$");
        }
        finally
        {
            File.Delete(report);
        }
        await Assertions.Expect(page.Locator("ul.evidence a[download]")).ToHaveTextAsync("Survey results by oblast");
        await page.GetByLabel("What shows that it is done (optional)").FillAsync("Survey complete in all districts.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ask for review of completion" }).ClickAsync();
        await Arrived(page, @"\?done=completion$");
        await Assertions.Expect(page.Locator("#completion-heading + p a")).ToHaveTextAsync("the joint decision");
        await Axe.AssertNoSeriousViolationsAsync(page, "commitment with evidence, waiting for review");

        await page.GotoAsync("/commitments?status=substantial&component=humanitarian-demining");
        await Assertions.Expect(page.Locator("table.commitments tbody td", new() { HasTextString = citation })).Not.ToHaveCountAsync(0);
        await page.GotoAsync("/commitments?status=substantial");
        Assert.Equal(substantialBefore + 1, await CountAsync(page));
        await page.GotoAsync("/");
        await Assertions.Expect(bar).ToHaveAttributeAsync("value", (advancedBefore + 1).ToString(CultureInfo.InvariantCulture));
        await Axe.AssertNoSeriousViolationsAsync(page, "home page with progress");

        // The year's stock-take reports the update, and downloads as a Word document that opens.
        await page.GotoAsync("/commitments");
        await page.GetByRole(AriaRole.Link, new() { Name = "Annual stock-take report" }).ClickAsync();
        await Arrived(page, @"/commitments/stocktake$");
        var thisYear = (await page.Locator("#s-year option").First.GetAttributeAsync("value"))!;
        await page.GetByLabel("Year").SelectOptionAsync(thisYear);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the stock-take" }).ClickAsync();
        await Arrived(page, $@"/commitments/stocktake\?year={thisYear}$");
        await Assertions.Expect(page.Locator("article.stocktake")).ToContainTextAsync("Survey teams released 1,200 hectares in Kharkiv oblast.");
        await Axe.AssertNoSeriousViolationsAsync(page, "stock-take report");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Word document (DOCX)", Exact = true }).ClickAsync());
        Assert.Equal($"cussp-stocktake-{thisYear}.docx", download.SuggestedFilename);
        var docx = await download.PathAsync();
        using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(docx, false);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(word, TestContext.Current.CancellationToken));
        Assert.Contains("Survey teams released 1,200 hectares in Kharkiv oblast.", word.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
    }

    // The number of commitments a list page says it holds.
    private static async Task<int> CountAsync(IPage page)
    {
        var text = await page.Locator("p.count").InnerTextAsync();
        return int.Parse(Regex.Match(text, @"\d+").Value, CultureInfo.InvariantCulture);
    }

    // The address is polled until it matches, then the page is waited for: a busy machine makes either slow, neither is a failure.
    private static async Task Arrived(IPage page, string address)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(address), new() { Timeout = 60_000 });
        await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 60_000 });
    }
}
