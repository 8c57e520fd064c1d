using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Web.Tests.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Tests.Pages;

/// <summary>
/// Errors as people and programs meet them: in a browser a page in the site's layout and the reader's language with the right
/// status, under the API a problem document; a 429 always says when to come back; a body the API cannot read says why and where.
/// </summary>
public sealed class ErrorPagesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly KeyValuePair<string, string?>[] NoSignInLimit = [new("RateLimits:SignInsPerMinute", "10000")];

    /// <summary>The page a response carries, checked to be one of ours: HTML in the layout, one heading, no trace of the server's insides.</summary>
    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> PageAsync(HttpResponseMessage response, string language = "en")
    {
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await new HtmlParser().ParseDocumentAsync(html, Ct);
        Assert.Equal(language, page.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(page.QuerySelector("body > header nav"));
        Assert.NotNull(page.QuerySelector("body > main#main h1"));
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", html, StringComparison.Ordinal);
        return page;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
    }

    [Theory, Databases]
    public async Task SignIn_Throttled_IsATooManyAttemptsPageWithRetryAfterInTheReadersLanguage(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, NoSignInLimit);
        var client = app.Browser();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        for (var i = 0; i <= SignInThrottle.FreeFailuresPerName; i++)
        {
            await client.SignInAsync("admin", "not the password at all");
        }

        var refused = await client.SignInAsync("admin", "not the password at all");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        var page = await PageAsync(refused, "fr");
        Assert.Equal("Trop de tentatives", page.QuerySelector("main h1")!.TextContent);
        Assert.Contains("Réessayez dans 1 seconde.", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("main a[href='/account/signin']"));
    }

    [Theory, Databases]
    public async Task FormPost_WithoutAntiforgeryToken_IsA400Page(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var client = app.Browser();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("uk");

        var response = await client.PostAsync(new Uri("/account/signin", UriKind.Relative),
            new FormUrlEncodedContent([new("userName", "admin"), new("password", "whatever it is")]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await PageAsync(response, "uk");
        Assert.Equal("Запит не вдалося прочитати", page.QuerySelector("main h1")!.TextContent);
    }

    [Theory, Databases]
    public async Task AdminUsers_UnknownAccount_IsA404Page(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var admin = await app.CreateUserAsync("second-admin", roles: Roles.Administrator, password: null, totpKey: TotpCodes.NewKey());
        var session = await app.SessionAsync(admin);

        var response = await session.GetAsync(new Uri($"/admin/users/{Guid.NewGuid()}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await PageAsync(response);
    }

    [Fact]
    public async Task UnknownAddress_InABrowserAndUnderTheApi_IsAPageAndAProblem()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite);
        var client = app.Browser();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("uk");

        var page = await client.GetAsync(new Uri("/no/such/page", UriKind.Relative), Ct);
        var api = await client.PostAsync(new Uri("/api/v1/no/such/thing", UriKind.Relative), JsonContent.Create(new { }), Ct);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("Не знайдено", (await PageAsync(page, "uk")).QuerySelector("main h1")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(404, (await ProblemAsync(api)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task RateLimit_OnAPageAndOnTheApi_Is429WithRetryAfterAsAPageAndAProblem()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite, [new("RateLimits:RequestsPerSecond", "1")]);
        var client = app.Browser();
        HttpResponseMessage? page = null;
        HttpResponseMessage? api = null;

        for (var i = 0; i < 20 && (page is null || api is null); i++)
        {
            var p = await client.GetAsync(new Uri("/agreements", UriKind.Relative), Ct);
            page ??= p.StatusCode == HttpStatusCode.TooManyRequests ? p : null;
            var a = await client.GetAsync(new Uri("/api/v1/agreements", UriKind.Relative), Ct);
            api ??= a.StatusCode == HttpStatusCode.TooManyRequests ? a : null;
        }

        Assert.NotNull(page);
        Assert.True(page.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("Too many attempts", (await PageAsync(page)).QuerySelector("main h1")!.TextContent);
        Assert.NotNull(api);
        Assert.True(api.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(429, (await ProblemAsync(api)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task ServerFault_OnAPage_IsA500PageThatShowsNothingOfTheException()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite);
        await using var scope = app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = "/documents";
        context.Response.Body = new MemoryStream();
        var handler = ActivatorUtilities.CreateInstance<Api.ErrorHandler>(scope.ServiceProvider);

        var handled = await handler.TryHandleAsync(context, new InvalidOperationException("connection string Password=hunter2"), Ct);

        Assert.True(handled);
        Assert.Equal(500, context.Response.StatusCode);
        var html = Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.Contains("<h1>Something went wrong</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task ApiWrite_WrongContentType_Is415Problem(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("writer", roles: Roles.Viewer | Roles.Contributor, password: null);
        var token = app.TokenClient(await app.IssueTokenAsync(user, TokenScopes.Read | TokenScopes.Write));
        const string Body = """{"title":"t","body":"b","classification":"UNCLASSIFIED","releasability":"REL CAN UKR","area":"defence-security"}""";

        var plain = await token.PostAsync(new Uri("/api/v1/documents/", UriKind.Relative), new StringContent(Body, Encoding.UTF8, "text/plain"), Ct);
        var form = await token.PostAsync(new Uri("/api/v1/documents/", UriKind.Relative), new FormUrlEncodedContent([new("title", "t")]), Ct);

        foreach (var response in new[] { plain, form })
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            var problem = await ProblemAsync(response);
            Assert.Equal(415, problem.GetProperty("status").GetInt32());
            Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory, Databases]
    public async Task ApiWrite_MalformedJson_Is400ProblemNamingWhere(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("writer", roles: Roles.Viewer | Roles.Contributor, password: null);
        var token = app.TokenClient(await app.IssueTokenAsync(user, TokenScopes.Read | TokenScopes.Write));

        var broken = await token.PostAsync(new Uri("/api/v1/documents/", UriKind.Relative),
            new StringContent("{\"title\": \"t\",\n  \"body\": }", Encoding.UTF8, "application/json"), Ct);
        var mistyped = await token.PostAsync(new Uri("/api/v1/documents/", UriKind.Relative),
            new StringContent("{\"title\": 5}", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var first = await ProblemAsync(broken);
        Assert.Contains("line 2, byte 11", first.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, first.GetProperty("line").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, mistyped.StatusCode);
        var second = await ProblemAsync(mistyped);
        Assert.Contains("(JSON path $.title)", second.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("$.title", second.GetProperty("path").GetString());
    }
}
