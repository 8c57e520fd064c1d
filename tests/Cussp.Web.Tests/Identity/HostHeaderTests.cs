using System.Net;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Cussp.Web.Tests.Identity;

/// <summary>
/// The Host header is the client's to choose: the app answers only the names it is configured for, and nothing it sends back
/// (redirects, the OpenAPI document, pages) is built from it.
/// </summary>
public class HostHeaderTests
{
    private const string Forged = "evil.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpClient ClientFor(CusspApp app, string host, string? cookie = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"http://{host}"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });
        if (cookie is not null)
        {
            client.DefaultRequestHeaders.Add("Cookie", cookie);
        }
        return client;
    }

    [Fact]
    public async Task Request_ForAHostNotServed_Is400AndSaysNothingOfIt()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite);
        var forged = ClientFor(app, Forged);

        foreach (var url in new[] { "/", "/account", "/api/v1", "/openapi/v1.json", "/healthz" })
        {
            var response = await forged.GetAsync(new Uri(url, UriKind.Relative), Ct);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.DoesNotContain(Forged, await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        }
        foreach (var host in new[] { "localhost", "127.0.0.1", "[::1]" })
        {
            Assert.Equal(HttpStatusCode.OK, (await ClientFor(app, host).GetAsync(new Uri("/healthz", UriKind.Relative), Ct)).StatusCode);
        }
    }

    [Theory]
    [InlineData("desk.example, cussp.example")]
    [InlineData("desk.example;cussp.example")]
    public async Task AllowedHosts_AsCommaSeparatedText_AreTheOnlyOnesAnswered(string setting)
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite, [new("Network:AllowedHosts", setting)]);

        Assert.Equal(HttpStatusCode.OK, (await ClientFor(app, "desk.example").GetAsync(new Uri("/healthz", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClientFor(app, "CUSSP.example").GetAsync(new Uri("/healthz", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ClientFor(app, "localhost").GetAsync(new Uri("/healthz", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ClientFor(app, Forged).GetAsync(new Uri("/healthz", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task AllowedHosts_AsAList_WithASubdomainWildcard()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite,
            [new("Network:AllowedHosts:0", "desk.example"), new("Network:AllowedHosts:1", "*.cussp.example")]);

        Assert.Equal(HttpStatusCode.OK, (await ClientFor(app, "node1.cussp.example").GetAsync(new Uri("/healthz", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClientFor(app, "desk.example").GetAsync(new Uri("/healthz", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ClientFor(app, Forged).GetAsync(new Uri("/healthz", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080", new[] { "localhost", "127.0.0.1", "[::1]" })]
    [InlineData("http://*:5080;http://[::]:5081", new[] { "localhost", "127.0.0.1", "[::1]" })]
    [InlineData("http://desk.example:80;https://127.0.0.1:5443", new[] { "localhost", "127.0.0.1", "[::1]", "desk.example" })]
    public void AllowedHosts_ByDefault_AreTheServedHostsAndTheLoopbackNames(string urls, string[] expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new KeyValuePair<string, string?>("urls", urls)]).Build();

        Assert.Equal(expected, Cussp.Authorization.NetworkSettings.AllowedHosts(configuration));
        Assert.Equal(expected.Length == 3, Cussp.Authorization.NetworkSettings.AnswersLoopbackOnly(configuration));
    }

    [Theory, Databases]
    public async Task NoResponse_OfAnyRoute_CarriesTheHostItWasAskedWith(DatabaseProvider provider)
    {
        // Suppose the forged name were one the app serves: even then, nothing it answers may be built from the Host header.
        await using var app = await CusspApp.StartAsync(provider, [new("Network:AllowedHosts", Forged), new("RateLimits:RequestsPerSecond", "100000")]);
        var contributor = await app.CreateUserAsync("contributor", roles: Roles.Viewer | Roles.Contributor, password: null);
        var admin = await app.CreateUserAsync("second-admin", roles: Roles.Administrator | Roles.Viewer, password: null, totpKey: TotpCodes.NewKey());
        var unfinished = await app.CreateUserAsync("unfinished", roles: Roles.Approver | Roles.Viewer, password: null);
        var clients = new List<(string Who, HttpClient Client)> { ("anonymous", ClientFor(app, Forged)) };
        foreach (var user in new[] { contributor, admin, unfinished })
        {
            var session = await app.SessionAsync(user);
            clients.Add((user.UserName!, ClientFor(app, Forged, string.Join("; ", session.DefaultRequestHeaders.GetValues("Cookie")))));
        }
        var failures = new List<string>();
        var checkedResponses = 0;

        async Task CheckAsync(string who, HttpResponseMessage response, string what)
        {
            checkedResponses++;
            var location = response.Headers.Location?.OriginalString;
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (location?.Contains(Forged, StringComparison.OrdinalIgnoreCase) == true || body.Contains(Forged, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{who} {what}: {(int)response.StatusCode} {location} {(body.Length > 200 ? body[..200] : body)}");
            }
            if (location is not null && !location.StartsWith('/'))
            {
                failures.Add($"{who} {what}: redirects to {location}, not a path on this site");
            }
        }

        foreach (var (who, client) in clients)
        {
            foreach (var (pattern, _) in app.Routes())
            {
                var url = AccountSession.Fill(pattern);
                await CheckAsync(who, await client.GetAsync(new Uri(url, UriKind.Relative), Ct), "GET " + url);
                await CheckAsync(who, await client.GetAsync(new Uri(url + "?lang=fr", UriKind.Relative), Ct), "GET " + url + "?lang=fr");
            }
        }
        // The sign-in form's answers, and a page form whose handler navigates on with Blazor's NavigationManager.
        var browser = ClientFor(app, Forged);
        await CheckAsync("anonymous", await browser.SignInAsync("contributor", "a wrong password"), "sign-in");
        var writer = clients.Single(c => c.Who == "contributor").Client;
        var created = await writer.PostFormAsync("/documents/new", "/documents/new", ("_handler", "document"),
            ("Input.Title", "Host check"), ("Input.Classification", "UNCLASSIFIED"), ("Input.Releasability", "REL CAN UKR"),
            ("Input.Area", "defence-security"), ("Input.Body", "body"));
        Assert.StartsWith("/documents/", created.Headers.Location?.OriginalString, StringComparison.Ordinal);
        await CheckAsync("contributor", created, "new document");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedResponses > 100, $"only {checkedResponses} responses checked");
    }
}
