using Cussp.Agreements;
using Cussp.BrowserTests.Accessibility;
using Cussp.Decisions;
using Cussp.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Cussp.BrowserTests.Agreements;

/// <summary>
/// After both participants approve an amendment that changes the text, a reader in Chromium sees the new version on the versions page
/// with what changed, reads the text as of the day it comes into force, and keeps that day while following the text's links.
/// </summary>
public class VersionsBrowserTests(BrowserHost host)
{
    private static readonly string[] Areas = ["framework", "information-security"];

    [Fact]
    public async Task ApprovedAmendment_ShowsItsDiff_AndTheTextAsOfItsDay_InChromium_AndPassesAxe()
    {
        var inForce = SystemClock.Instance.GetCurrentInstant().InZone(Time.Zones.Kyiv).Date.PlusYears(1);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            AccessSubject Approver(Participant p) => new(Guid.NewGuid(), $"browser-{p}", p, SecurityClassification.Secret, Roles.Approver | Roles.Contributor, Areas);
            var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
            var d = await decisions.ProposeAsync(Approver(Participant.Canada), new DecisionProposal(DecisionKind.Amendment, "Publish consolidated versions", "",
                SecurityClassification.Unclassified, Changes:
                [
                    new AmendmentChange(AmendmentAction.Insert, "VIII.C.2", "The Participants will publish each consolidated version of this Agreement."),
                    new AmendmentChange(AmendmentAction.Repeal, "IV.E.1.ii", null),
                ], EffectiveOn: inForce), TestContext.Current.CancellationToken);
            d = await decisions.VoteAsync(Approver(Participant.Canada), d.Id, true, null, d.Version, TestContext.Current.CancellationToken);
            await decisions.VoteAsync(Approver(Participant.Ukraine), d.Id, true, null, d.Version, TestContext.Current.CancellationToken);
        }
        var page = await host.NewPageAsync();

        await page.GotoAsync("/agreements/cussp/versions");
        await Assertions.Expect(page.Locator("#diff-heading")).ToHaveTextAsync("From version 1 to version 2");
        await Assertions.Expect(page.Locator("ol.diff ins")).ToHaveTextAsync("The Participants will publish each consolidated version of this Agreement.");
        await Assertions.Expect(page.Locator("ol.diff del")).ToContainTextAsync("working to establish, promote, and operationalize");
        await Axe.AssertNoSeriousViolationsAsync(page, "versions with a diff");

        await page.GetByRole(AriaRole.Link, new() { Name = "Read version 2" }).ClickAsync();
        await page.WaitForURLAsync(u => u.Contains("asOf=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator(".version-note")).ToContainTextAsync("version 2");
        Assert.Equal(1, await page.Locator("article[id='VIII.C.2']").CountAsync());
        Assert.Equal(0, await page.Locator("article[id='IV.E.1.ii']").CountAsync());
        await Axe.AssertNoSeriousViolationsAsync(page, "reader as of a day");

        // Followed from the keyboard, as the reader's own test does.
        await page.Locator("article[id='VIII.C.2'] a.cite").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(u => u.Contains("/provisions/VIII.C.2?asOf=", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("publish each consolidated version");
        await page.GetByRole(AriaRole.Link, new() { Name = "Read the text in force today" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Not found");
    }
}
