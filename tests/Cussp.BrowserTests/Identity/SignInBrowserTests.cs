using Cussp.BrowserTests.Accessibility;
using Cussp.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Cussp.BrowserTests.Identity;

public class SignInBrowserTests(BrowserHost host)
{
    private const string Password = "seven tired owls in the archive";

    [Fact]
    public async Task SignIn_WithAuthenticatorCode_ReachesTheAccountAndPassesAxe()
    {
        var key = TotpCodes.NewKey();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            var user = new UserAccount
            {
                Id = Guid.NewGuid(),
                UserName = "approver-ua",
                DisplayName = "Approver",
                Participant = Participant.Ukraine,
                Clearance = SecurityClassification.ProtectedB,
                Roles = Roles.Approver | Roles.Viewer | Roles.Auditor,
                Areas = ["defence-security"],
                OrganisationId = Organisations.Seed.Single(o => o.ShortName == "MOD").Id,
            };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", key);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        var page = await host.NewPageAsync();

        await page.GotoAsync("/account/signin");
        await Axe.AssertNoSeriousViolationsAsync(page, "sign-in");
        await page.GetByLabel("User name").FillAsync("approver-ua");
        await page.GetByLabel("Password").FillAsync(Password);
        await BrowserHost.ClickUntilAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }),
            u => new Uri(u).AbsolutePath == "/account/signin/code");
        await page.GetByLabel("Code").WaitForAsync();
        await Axe.AssertNoSeriousViolationsAsync(page, "code");

        await page.GetByLabel("Code").FillAsync(new TotpCodes(SystemClock.Instance).CurrentCode(key));
        await BrowserHost.ClickUntilAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Continue" }), u => new Uri(u).AbsolutePath == "/");

        await page.GotoAsync("/account");
        Assert.Contains("Ministry of Defence of Ukraine", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Axe.AssertNoSeriousViolationsAsync(page, "account");
        foreach (var path in new[] { "/documents", "/account/tokens", "/audit" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            await Axe.AssertNoSeriousViolationsAsync(page, path);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Account", Exact = true }).ClickAsync();
        await BrowserHost.ClickUntilAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }), u => new Uri(u).AbsolutePath == "/");
        await page.GotoAsync("/account");
        Assert.StartsWith("/account/signin", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
    }
}
