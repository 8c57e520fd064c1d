using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Identity;

/// <summary>
/// A write to the API on the browser's session cookie needs the antiforgery token in <c>X-CSRF-Token</c>, which only the site's own
/// pages can read; a script's access token needs none.
/// </summary>
public class ApiAntiforgeryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Document(string title) =>
        new { title, body = "body", classification = "UNCLASSIFIED", releasability = "REL CAN UKR", area = "defence-security" };

    private static async Task<int> DocumentsAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().SharedDocuments.CountAsync(Ct);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/documents/", UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Add("X-CSRF-Token", token);
        }
        return await client.SendAsync(request, Ct);
    }

    [Theory, Databases]
    public async Task ApiWrite_OnTheSessionCookie_NeedsTheAntiforgeryTokenInItsHeader(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("writer", roles: Roles.Viewer | Roles.Contributor, password: null);
        var session = await app.SessionAsync(user);

        var without = await PostAsync(session, Document("No token"), null);
        var forged = await PostAsync(session, Document("Forged token"), "CfDJ8-not-a-token");
        var page = await new HtmlParser().ParseDocumentAsync(await session.GetStringAsync(new Uri("/documents", UriKind.Relative), Ct), Ct);
        var token = page.QuerySelector("head meta[name=csrf-token]")?.GetAttribute("content");
        var with = await PostAsync(session, Document("With the page's token"), token);

        foreach (var refused in new[] { without, forged })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("X-CSRF-Token", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        Assert.False(string.IsNullOrEmpty(token));
        Assert.True(with.IsSuccessStatusCode, $"{(int)with.StatusCode} {await with.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(1, await DocumentsAsync(app));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory, Databases]
    public async Task ApiWrite_WithAnAccessToken_NeedsNoAntiforgeryToken(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("script", roles: Roles.Viewer | Roles.Contributor, password: null);
        var script = app.TokenClient(await app.IssueTokenAsync(user, TokenScopes.Read | TokenScopes.Write));

        var response = await PostAsync(script, Document("From a script"), null);

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal(1, await DocumentsAsync(app));
    }

    [Fact]
    public async Task Pages_OfAnonymousVisitors_CarryNoAntiforgeryMetaOrCookie()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite);

        var response = await app.Browser().GetAsync(new Uri("/agreements", UriKind.Relative), Ct);

        Assert.DoesNotContain("csrf-token", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}
