using System.Net;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cussp.Web.Tests.Identity;

/// <summary>What a browser is told to keep, send and remember: cookies, HSTS and caching, over HTTPS and over plain HTTP.</summary>
public class SessionSecurityTests(SharedApps apps)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A browser talking to the app over HTTPS (the test server sees the request's scheme as a TLS front end would).</summary>
    private static HttpClient HttpsBrowser(CusspApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });

    private static List<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    private static string Cookie(HttpResponseMessage response, string name) =>
        Assert.Single(SetCookies(response), c => c.StartsWith(name + "=", StringComparison.Ordinal));

    private static string[] Attributes(string cookie) =>
        [.. cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant())];

    [Theory, Databases]
    public async Task SessionCookies_OverHttps_AreHostPrefixedHttpOnlyStrictAndSecure(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("plain");
        var key = TotpCodes.NewKey();
        await app.CreateUserAsync("second-factor", roles: Roles.Approver | Roles.Viewer, totpKey: key);

        var plain = await HttpsBrowser(app).SignInAsync("plain");
        var pending = HttpsBrowser(app);
        var waiting = await pending.SignInAsync("second-factor");
        var done = await pending.EnterCodeAsync(new TotpCodes(app.Clock).CurrentCode(key));

        foreach (var (response, name) in new[] { (plain, "__Host-cussp"), (waiting, "__Host-cussp-2fa"), (done, "__Host-cussp") })
        {
            var attributes = Attributes(Cookie(response, name));
            Assert.Contains("secure", attributes);
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=strict", attributes);
            Assert.Contains("path=/", attributes);
            Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
        }
        var antiforgery = Attributes(Assert.Single(SetCookies(await HttpsBrowser(app).GetAsync(new Uri("/account/signin", UriKind.Relative), Ct)),
            c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal)));
        Assert.Contains("secure", antiforgery);
        Assert.Contains("httponly", antiforgery);
        Assert.Contains("samesite=strict", antiforgery);
        Assert.Equal(HttpStatusCode.OK, (await pending.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory, Databases]
    public async Task SessionCookie_OverPlainHttp_DropsThePrefixBrowsersWouldRefuseButStaysHttpOnlyAndStrict(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("plain");

        var response = await app.Browser().SignInAsync("plain");

        Assert.DoesNotContain(SetCookies(response), c => c.StartsWith("__Host-", StringComparison.Ordinal));
        var attributes = Attributes(Cookie(response, "cussp"));
        Assert.DoesNotContain("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
    }

    [Fact]
    public async Task Hsts_IsSentOverHttpsAndNeverOverHttp()
    {
        var app = await apps.For(DatabaseProvider.Sqlite);

        var secure = await HttpsBrowser(app).GetAsync(new Uri("/agreements/cussp", UriKind.Relative), Ct);
        var plain = await app.Browser().GetAsync(new Uri("/agreements/cussp", UriKind.Relative), Ct);

        Assert.Equal("max-age=31536000; includeSubDomains", secure.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory, Databases]
    public async Task CacheControl_NoStoreOnPrivatePagesAndApiAnswers_NotOnThePublicAgreement(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("reader", password: null);
        var anonymous = app.Browser();
        var session = await app.SessionAsync(user);
        var token = app.TokenClient(await app.IssueTokenAsync(user, TokenScopes.Read));

        async Task<bool> NoStoreAsync(HttpClient client, string url)
        {
            var response = await client.GetAsync(new Uri(url, UriKind.Relative), Ct);
            return response.Headers.CacheControl?.NoStore == true;
        }

        foreach (var url in new[] { "/", "/agreements", "/agreements/cussp", "/agreements/cussp/provisions/II.3", "/api/v1/agreements/cussp/provisions" })
        {
            Assert.False(await NoStoreAsync(anonymous, url), $"public {url} is no-store");
        }
        foreach (var url in new[] { "/account", "/account/tokens", "/documents" })
        {
            Assert.True(await NoStoreAsync(session, url), $"{url} of a signed-in user can be stored");
        }
        foreach (var url in new[] { "/account/signin", "/api/v1/documents/", "/documents" })
        {
            Assert.True(await NoStoreAsync(anonymous, url), $"{url} answered to no one can be stored");
        }
        foreach (var url in new[] { "/api/v1/documents/", "/api/v1/documents/count", "/api/v1/agreements/cussp" })
        {
            Assert.True(await NoStoreAsync(token, url), $"API answer {url} to a token can be stored");
        }
    }

    [Theory, Databases]
    public async Task PasswordChange_EndsTheAccountsOtherSessionsAndKeepsThisOne(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("changer");
        var here = app.Browser();
        var elsewhere = app.Browser();
        await here.SignInAsync("changer");
        await elsewhere.SignInAsync("changer");
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);

        var changed = await here.PostFormAsync("/account/password", "/account/password", ("current", AccountSession.Password),
            ("password", "a river of amber lanterns"), ("confirm", "a river of amber lanterns"));

        Assert.Equal("/account", changed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);
        Assert.Contains("error=invalid", (await app.Browser().SignInAsync("changer")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("/", (await app.Browser().SignInAsync("changer", "a river of amber lanterns")).Headers.Location!.OriginalString);
    }
}
