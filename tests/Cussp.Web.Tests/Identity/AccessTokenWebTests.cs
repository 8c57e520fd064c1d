using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Identity;

/// <summary>Personal access tokens over HTTP: they open the API within their scope and nothing else.</summary>
public class AccessTokenWebTests
{
    private const Roles Everything = Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator | Roles.Auditor;

    // API routes that take a POST only to carry a large query: a read-only token may use them.
    private static readonly HashSet<string> ReadingPosts = ["/api/v1/screening/"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<UserAccount> AllRolesAsync(CusspApp app, string name = "everything") =>
        app.CreateUserAsync(name, roles: Everything, areas: ["defence-security"], totpKey: TotpCodes.NewKey());

    private static object Document(string title) => new
    {
        title,
        body = "body",
        classification = "PROTECTED A",
        releasability = "REL CAN UKR",
        area = "defence-security",
    };

    private static async Task<long> AuditEntriesAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.LongCountAsync(Ct);
    }

    private static async Task<string> IdOfAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
    }

    [Theory, Databases]
    public async Task ReadToken_OnEveryWriteEndpointOfTheApi_Gets403AndChangesNothing(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await AllRolesAsync(app);
        var writer = app.TokenClient(await app.IssueTokenAsync(user, TokenScopes.Read | TokenScopes.Write));
        var document = await IdOfAsync(await writer.PostAsJsonAsync("/api/v1/documents/", Document("Existing"), Ct));
        var decision = await IdOfAsync(await writer.PostAsJsonAsync("/api/v1/decisions/", new { kind = "amendment", title = "Existing", details = "", classification = "UNCLASSIFIED", releasability = "REL CAN UKR", area = "defence-security" }, Ct));
        var reader = app.TokenClient(await app.IssueTokenAsync(user, TokenScopes.Read));
        // The token's first use records when it was last used (kept to the minute): done before counting.
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);
        var before = await AuditEntriesAsync(app);
        var checkedWrites = 0;

        foreach (var (pattern, methods) in app.Routes().Where(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal)))
        {
            foreach (var method in methods.Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                if (ReadingPosts.Contains(pattern))
                {
                    continue;
                }
                // Real ids and a body the write token's owner could send, so that only the scope stands in the way.
                var url = AccountSession.Fill(pattern, name => pattern.Contains("decisions", StringComparison.Ordinal) ? decision : document);
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative))
                {
                    Content = JsonContent.Create(pattern.Contains("decisions", StringComparison.Ordinal)
                        ? new { kind = "amendment", title = "By a read token", details = "", classification = "UNCLASSIFIED", releasability = "REL CAN UKR", area = "defence-security", reason = "read token" }
                        : Document("By a read token")),
                };
                var response = await reader.SendAsync(request, Ct);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url}: {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                checkedWrites++;
            }
        }

        Assert.True(checkedWrites >= 5, $"only {checkedWrites} write endpoints found");
        Assert.Equal(before, await AuditEntriesAsync(app));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri($"/api/v1/documents/{document}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.PostAsJsonAsync("/api/v1/screening/", new { name = "Ivan Petrov" }, Ct)).StatusCode);
    }

    [Theory, Databases]
    public async Task WriteToken_OnTheWriteEndpoints_CreatesChangesAndVotes(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await AllRolesAsync(app);
        var client = app.TokenClient(await app.IssueTokenAsync(user, TokenScopes.Read | TokenScopes.Write));

        var created = await client.PostAsJsonAsync("/api/v1/documents/", Document("Draft"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = await IdOfAsync(created);
        using var change = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/documents/{id}", UriKind.Relative)) { Content = JsonContent.Create(Document("Final")) };
        change.Headers.IfMatch.Add(created.Headers.ETag!);
        var changed = await client.SendAsync(change, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Final", (await changed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
        var proposed = await client.PostAsJsonAsync("/api/v1/decisions/", new { kind = "amendment", title = "Amend II.3", details = "", classification = "UNCLASSIFIED", releasability = "REL CAN UKR", area = "defence-security" }, Ct);
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        // The proposer may withdraw its own proposal by rejecting it (approving it is another approver's).
        using var vote = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/decisions/{await IdOfAsync(proposed)}/reject", UriKind.Relative))
        {
            Content = JsonContent.Create(new { reason = "Withdrawn" }),
        };
        vote.Headers.IfMatch.Add(proposed.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(vote, Ct)).StatusCode);
    }

    [Theory, Databases]
    public async Task AdministratorsToken_OnEveryPage_IsIgnoredAsIfAnonymous(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await AllRolesAsync(app);
        var token = app.TokenClient(await app.IssueTokenAsync(user, TokenScopes.Read | TokenScopes.Write));
        var anonymous = app.Browser();
        var pages = app.Routes().Where(r => AccountSession.IsPage(r.Pattern) && r.Methods.Contains("GET")).ToList();

        foreach (var (pattern, _) in pages)
        {
            var url = AccountSession.Fill(pattern, name => name == "Id" ? user.Id.ToString() : null);
            var withToken = await token.GetAsync(new Uri(url, UriKind.Relative), Ct);
            var without = await anonymous.GetAsync(new Uri(url, UriKind.Relative), Ct);
            Assert.True(withToken.StatusCode == without.StatusCode, $"GET {url}: {(int)withToken.StatusCode} with the token, {(int)without.StatusCode} without");
        }

        Assert.Contains(pages, p => p.Pattern == "/admin/users");
        Assert.Contains(pages, p => p.Pattern == "/account/tokens");
        foreach (var url in new[] { "/account/tokens", "/account/2fa", "/admin/users", "/admin/users/new", $"/admin/users/{user.Id}", "/audit" })
        {
            var response = await token.GetAsync(new Uri(url, UriKind.Relative), Ct);
            Assert.False(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode}");
            Assert.StartsWith("/account/signin?", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
    }

    [Theory, Databases]
    public async Task TokensPage_UnknownScope_IsRefusedWithAMessageInsteadOfBecomingRead(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("scoped", password: null);
        var session = await app.SessionAsync(user);

        var refused = await session.PostFormAsync("/account/tokens", "/account/tokens", ("_handler", "create"), ("Input.Name", "odd"),
            ("Input.Scope", "admin"), ("Input.Days", "30"));
        var page = await new AngleSharp.Html.Parser.HtmlParser().ParseDocumentAsync(await refused.Content.ReadAsStringAsync(Ct), Ct);
        var readWrite = await session.PostFormAsync("/account/tokens", "/account/tokens", ("_handler", "create"), ("Input.Name", "both"),
            ("Input.Scope", "read-write"), ("Input.Days", "30"));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Scope \"admin\": choose read, or read and write.", page.QuerySelector("[role=alert]")?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("code.key"));
        Assert.Equal(HttpStatusCode.OK, readWrite.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var only = Assert.Single(await scope.ServiceProvider.GetRequiredService<AccessTokens>().ListAsync(user.Id, Ct));
        Assert.Equal(("both", TokenScopes.Read | TokenScopes.Write), (only.Name, only.Scopes));
    }

    [Theory, Databases]
    public async Task ReadToken_PostingTheTokensForm_MintsAndRevokesNothing(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await AllRolesAsync(app);
        var secret = await app.IssueTokenAsync(user, TokenScopes.Read);
        var token = app.TokenClient(secret);
        var first = await token.GetAsync(new Uri("/account/tokens", UriKind.Relative), Ct);
        Assert.False(first.IsSuccessStatusCode);
        Guid existing;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            existing = (await scope.ServiceProvider.GetRequiredService<AccessTokens>().ListAsync(user.Id, Ct)).Single().Id;
        }

        var mint = await token.PostAsync(new Uri("/account/tokens", UriKind.Relative), new FormUrlEncodedContent(
            [new("_handler", "create"), new("Input.Name", "escalated"), new("Input.Scope", "write"), new("Input.Days", "30")]), Ct);
        var revoke = await token.PostAsync(new Uri("/account/tokens", UriKind.Relative), new FormUrlEncodedContent(
            [new("_handler", $"revoke-{existing}")]), Ct);

        Assert.False(mint.IsSuccessStatusCode, $"mint: {(int)mint.StatusCode}");
        Assert.False(revoke.IsSuccessStatusCode, $"revoke: {(int)revoke.StatusCode}");
        await using var check = app.Services.CreateAsyncScope();
        var tokens = await check.ServiceProvider.GetRequiredService<AccessTokens>().ListAsync(user.Id, Ct);
        var only = Assert.Single(tokens);
        Assert.Null(only.RevokedAt);
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory, Databases]
    public async Task Token_OfADisabledUser_IsRefusedAndWorksAgainWhenReEnabled(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("scripted", password: null);
        var client = app.TokenClient(await app.IssueTokenAsync(user, TokenScopes.Read));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Accounts>().SetDisabledAsync(AccountAdministrator.HostOperator, "scripted", true, Ct);
        }
        var refused = await client.GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Accounts>().SetDisabledAsync(AccountAdministrator.HostOperator, "scripted", false, Ct);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory, Databases]
    public async Task Token_RevokedOrExpired_IsRefusedOverHttp(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("scripted", password: null);
        var revokedSecret = await app.IssueTokenAsync(user, TokenScopes.Read, days: 30);
        var shortSecret = await app.IssueTokenAsync(user, TokenScopes.Read, days: 1);
        var revoked = app.TokenClient(revokedSecret);
        var expiring = app.TokenClient(shortSecret);
        Assert.Equal(HttpStatusCode.OK, (await revoked.GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await expiring.GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
            var record = (await tokens.ListAsync(user.Id, Ct)).Single(t => t.ExpiresAt - t.CreatedAt == Duration.FromDays(30));
            Assert.True(await tokens.RevokeAsync(user.Id, record.Id, Ct));
        }
        app.Clock.Advance(Duration.FromDays(1) + Duration.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await expiring.GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.TokenClient("cussp_pat_" + new string('A', 43)).GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);
    }
}
