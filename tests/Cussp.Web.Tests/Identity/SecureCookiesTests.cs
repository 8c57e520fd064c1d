using System.Net;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Cussp.Web.Tests.Identity;

/// <summary>Every cookie the app sets is Secure whenever the browser's request is HTTPS, whether TLS ends at the app or at a known proxy.</summary>
public class SecureCookiesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every database (PostgreSQL skipped, with the reason, when none is configured), with TLS ending at the app and at a known proxy.</summary>
    public static IEnumerable<TheoryDataRow<DatabaseProvider, bool>> Ways() =>
        from provider in TestDatabase.All
        from throughProxy in new[] { false, true }
        select new TheoryDataRow<DatabaseProvider, bool>(provider, throughProxy) { Skip = TestDatabase.SkipReason(provider) };

    [Theory, MemberData(nameof(Ways))]
    public async Task EveryCookie_OfAnHttpsRequest_IsSecureAndHttpOnly(DatabaseProvider provider, bool throughProxy)
    {
        await using var app = throughProxy
            ? await CusspApp.StartAsync(provider, [BehindProxy.Setting], BehindProxy.TlsServices)
            : await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("plain");
        var key = TotpCodes.NewKey();
        await app.CreateUserAsync("second-factor", roles: Roles.Approver | Roles.Viewer, totpKey: key);
        HttpClient Browser()
        {
            var client = app.CreateClient(new WebApplicationFactoryClientOptions
            {
                AllowAutoRedirect = false,
                HandleCookies = true,
                BaseAddress = new Uri("https://localhost"),
            });
            if (throughProxy)
            {
                // The proxy ends the browser's HTTPS, reaches the app over plain HTTP and says so.
                client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
                client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.9");
            }
            return client;
        }
        var responses = new List<(string What, HttpResponseMessage Response)>();
        var plain = Browser();
        responses.Add(("language", await plain.GetAsync(new Uri("/agreements?lang=uk", UriKind.Relative), Ct)));
        responses.Add(("sign-in form", await plain.GetAsync(new Uri("/account/signin", UriKind.Relative), Ct)));
        responses.Add(("sign-in", await plain.SignInAsync("plain")));
        responses.Add(("signed-in page", await plain.GetAsync(new Uri("/account/tokens", UriKind.Relative), Ct)));
        responses.Add(("sign-out", await plain.SignOutAsync()));
        var twoFactor = Browser();
        responses.Add(("password step", await twoFactor.SignInAsync("second-factor")));
        responses.Add(("code step", await twoFactor.EnterCodeAsync(new TotpCodes(app.Clock).CurrentCode(key))));

        var cookies = responses.SelectMany(r => r.Response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => (r.What, Cookie: v)) : []).ToList();
        Assert.Contains(cookies, c => c.Cookie.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.Cookie.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.Cookie.StartsWith("__Host-cussp=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.Cookie.StartsWith("__Host-cussp-2fa=", StringComparison.Ordinal));
        Assert.All(cookies, c =>
        {
            var attributes = c.Cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
            Assert.True(attributes.Contains("secure") && attributes.Contains("httponly"), $"{c.What}: {c.Cookie}");
        });
    }
}
