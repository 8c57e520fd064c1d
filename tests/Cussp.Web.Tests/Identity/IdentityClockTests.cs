using System.Net;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using NodaTime;

namespace Cussp.Web.Tests.Identity;

/// <summary>Sign-in cookies keep the domain's clock: moving the test clock ends them, with no real waiting.</summary>
public class IdentityClockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, Databases]
    public async Task Session_EndsWhenTheClockPassesItsEightHours(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("olena");
        var client = app.Browser();
        await client.SignInAsync("olena");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);

        app.Clock.Advance(Duration.FromHours(8) + Duration.FromSeconds(1));
        var after = await client.GetAsync(new Uri("/account", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/signin", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task SecondFactorStep_ExpiresWhenTheClockPassesItsFiveMinutes(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var key = TotpCodes.NewKey();
        await app.CreateUserAsync("taras", roles: Roles.Approver | Roles.Viewer, totpKey: key);
        var client = app.Browser();
        await client.SignInAsync("taras");
        var token = await client.FormTokenAsync("/account/signin/code");

        app.Clock.Advance(Duration.FromMinutes(5) + Duration.FromSeconds(1));
        var code = new TotpCodes(app.Clock).CurrentCode(key);
        var response = await client.PostAsync(new Uri("/account/signin/code", UriKind.Relative),
            new FormUrlEncodedContent([new("code", code), new("__RequestVerificationToken", token)]), Ct);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/account/signin?error=expired", response.Headers.Location!.OriginalString);
    }
}
