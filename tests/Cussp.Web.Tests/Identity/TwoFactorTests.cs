using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Identity;

/// <summary>Authenticator codes and recovery codes: each is good once, however many requests race with it.</summary>
public class TwoFactorTests
{
    // Every loser's replay counts as a failed attempt: the losers stay within the free failures, so none is refused for waiting.
    private const int Racers = SignInThrottle.FreeFailuresPerName;

    private static readonly KeyValuePair<string, string?>[] NoSignInLimit = [new("RateLimits:SignInsPerMinute", "10000")];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<UserAccount?> FindAsync(CusspApp app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>().FindByNameAsync(userName);
    }

    private static async Task<string?> StoredKeyAsync(CusspApp app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        return await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync(userName))!);
    }

    /// <summary>Posts the form named <paramref name="handler"/> of a server-rendered page, as a browser does.</summary>
    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> PostPageFormAsync(HttpClient client, string page, string handler,
        params (string, string)[] fields)
    {
        var response = await client.PostFormAsync(page, page, [("_handler", handler), .. fields]);
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct), Ct));
    }

    /// <summary>A client of <paramref name="userName"/> signed in with the password and waiting for the second factor.</summary>
    private static async Task<(HttpClient Client, FormUrlEncodedContent Code)> AtCodeStepAsync(CusspApp app, string userName, string code)
    {
        var client = app.Browser();
        var signedIn = await client.SignInAsync(userName);
        Assert.StartsWith("/account/signin/code", signedIn.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var token = await client.FormTokenAsync("/account/signin/code");
        return (client, new FormUrlEncodedContent([new("code", code), new("__RequestVerificationToken", token)]));
    }

    [Theory, Databases]
    public async Task SignInCode_SameCodeInParallelRequests_ExactlyOneSignsIn(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        var key = TotpCodes.NewKey();
        await app.CreateUserAsync("racer", roles: Roles.Approver | Roles.Viewer, totpKey: key);
        var code = new TotpCodes(app.Clock).CurrentCode(key);
        var racers = new List<(HttpClient Client, FormUrlEncodedContent Code)>();
        for (var i = 0; i < Racers; i++)
        {
            racers.Add(await AtCodeStepAsync(app, "racer", code));
        }

        using var start = new SemaphoreSlim(0);
        var posts = racers.Select(async r =>
        {
            await start.WaitAsync(Ct);
            return await r.Client.PostAsync(new Uri("/account/signin/code", UriKind.Relative), r.Code, Ct);
        }).ToList();
        start.Release(Racers);
        var answers = await Task.WhenAll(posts);

        var locations = answers.Select(a => a.Headers.Location?.OriginalString ?? $"{(int)a.StatusCode}").ToList();
        Assert.True(locations.Count(l => l == "/") == 1, string.Join(", ", locations));
        Assert.All(locations.Where(l => l != "/"), l => Assert.Contains("error=code", l, StringComparison.Ordinal));
        var winner = racers[locations.IndexOf("/")].Client;
        Assert.Equal(HttpStatusCode.OK, (await winner.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);
        foreach (var (loser, _) in racers.Where(r => r.Client != winner))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await loser.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);
        }
    }

    [Theory, Databases]
    public async Task SignInCode_RecoveryCode_WorksOnceAndNotTwice(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        var user = await app.CreateUserAsync("recovering", roles: Roles.Approver | Roles.Viewer, totpKey: TotpCodes.NewKey());
        List<string> codes;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            codes = [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(user.Id.ToString()))!, 10))!];
        }

        var (first, firstCode) = await AtCodeStepAsync(app, "recovering", codes[0]);
        var used = await first.PostAsync(new Uri("/account/signin/code", UriKind.Relative), firstCode, Ct);
        var (second, secondCode) = await AtCodeStepAsync(app, "recovering", codes[0]);
        var reused = await second.PostAsync(new Uri("/account/signin/code", UriKind.Relative), secondCode, Ct);
        var (third, thirdCode) = await AtCodeStepAsync(app, "recovering", codes[1]);
        var another = await third.PostAsync(new Uri("/account/signin/code", UriKind.Relative), thirdCode, Ct);

        Assert.Equal("/", used.Headers.Location!.OriginalString);
        Assert.Contains("error=code", reused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal("/", another.Headers.Location!.OriginalString);
        await using var check = app.Services.CreateAsyncScope();
        var manager = check.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        Assert.Equal(8, await manager.CountRecoveryCodesAsync((await manager.FindByIdAsync(user.Id.ToString()))!));
    }

    [Theory, Databases]
    public async Task SignInCode_SameRecoveryCodeInParallelRequests_ExactlyOneSignsIn(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        var user = await app.CreateUserAsync("recovery-racer", roles: Roles.Approver | Roles.Viewer, totpKey: TotpCodes.NewKey());
        string code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(user.Id.ToString()))!, 10))!.First();
        }
        var racers = new List<(HttpClient Client, FormUrlEncodedContent Code)>();
        for (var i = 0; i < Racers; i++)
        {
            racers.Add(await AtCodeStepAsync(app, "recovery-racer", code));
        }

        using var start = new SemaphoreSlim(0);
        var posts = racers.Select(async r =>
        {
            await start.WaitAsync(Ct);
            return await r.Client.PostAsync(new Uri("/account/signin/code", UriKind.Relative), r.Code, Ct);
        }).ToList();
        start.Release(Racers);
        var locations = (await Task.WhenAll(posts)).Select(a => a.Headers.Location?.OriginalString ?? $"{(int)a.StatusCode}").ToList();

        Assert.True(locations.Count(l => l == "/") == 1, string.Join(", ", locations));
    }

    [Theory, Databases]
    public async Task TwoFactorPage_Get_CreatesNoKeyAndTheSetUpPostShowsTheStoredOne(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        await app.CreateUserAsync("enrolling", roles: Roles.Approver | Roles.Viewer);
        var client = app.Browser();
        await client.SignInAsync("enrolling");

        var (get, page) = await client.GetPageAsync("/account/2fa");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Null(page.QuerySelector("code.key"));
        Assert.NotNull(page.QuerySelector("input[name=_handler][value=setup]"));
        Assert.Null(await StoredKeyAsync(app, "enrolling"));
        await client.GetPageAsync("/account/2fa");
        Assert.Null(await StoredKeyAsync(app, "enrolling"));

        var (setUp, keyPage) = await PostPageFormAsync(client, "/account/2fa", "setup");
        Assert.Equal(HttpStatusCode.OK, setUp.StatusCode);
        var shown = keyPage.QuerySelector("code.key")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var stored = await StoredKeyAsync(app, "enrolling");
        Assert.Equal(stored, shown);
        Assert.NotNull(keyPage.QuerySelector(".qr svg"));

        // The session survives the new key; a reload shows the same key and makes no other.
        var (again, againPage) = await client.GetPageAsync("/account/2fa");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(shown, againPage.QuerySelector("code.key")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        Assert.Equal(stored, await StoredKeyAsync(app, "enrolling"));

        var (wrong, wrongPage) = await PostPageFormAsync(client, "/account/2fa", "enable", ("Code", "000000"));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.NotNull(wrongPage.QuerySelector("[role=alert]"));
        var code = new TotpCodes(app.Clock).CurrentCode(stored!);
        var (enabled, codesPage) = await PostPageFormAsync(client, "/account/2fa", "enable", ("Code", code));
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(10, codesPage.QuerySelectorAll("ul.codes li").Length);
        Assert.True((await FindAsync(app, "enrolling"))!.TwoFactorEnabled);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);

        // The code that turned the factor on cannot sign in as well.
        var replay = app.Browser();
        await replay.SignInAsync("enrolling");
        Assert.Contains("error=code", (await replay.EnterCodeAsync(code)).Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task TwoFactorPage_SameCodeFromTwoSessionsAtOnce_TurnsTheFactorOnOnce(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        await app.CreateUserAsync("twice", roles: Roles.Approver | Roles.Viewer);
        var first = app.Browser();
        await first.SignInAsync("twice");
        await PostPageFormAsync(first, "/account/2fa", "setup");
        var second = app.Browser();
        await second.SignInAsync("twice");
        var code = new TotpCodes(app.Clock).CurrentCode((await StoredKeyAsync(app, "twice"))!);
        var sessions = new[] { first, second };
        var forms = new List<FormUrlEncodedContent>();
        foreach (var session in sessions)
        {
            forms.Add(new FormUrlEncodedContent([new("_handler", "enable"), new("Code", code),
                new("__RequestVerificationToken", await session.FormTokenAsync("/account/2fa"))]));
        }

        using var start = new SemaphoreSlim(0);
        var posts = sessions.Select(async (s, i) =>
        {
            await start.WaitAsync(Ct);
            return await s.PostAsync(new Uri("/account/2fa", UriKind.Relative), forms[i], Ct);
        }).ToList();
        start.Release(2);
        var pages = new List<IHtmlDocument>();
        foreach (var answer in await Task.WhenAll(posts))
        {
            pages.Add(await new HtmlParser().ParseDocumentAsync(await answer.Content.ReadAsStringAsync(Ct), Ct));
        }

        Assert.Single(pages, p => p.QuerySelectorAll("ul.codes li").Length == 10);
        Assert.True((await FindAsync(app, "twice"))!.TwoFactorEnabled);
    }
}
