using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Cussp.Features.Identity;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cussp.Web.Tests.Identity;

/// <summary>Creating accounts and signing in through the real forms, as a browser does.</summary>
internal static partial class AccountSession
{
    public const string Password = "correct horse battery staple";

    /// <summary>Creates an account with a known password, its setup finished (no forced change; 2FA per <paramref name="totpKey"/>).</summary>
    public static async Task<UserAccount> CreateUserAsync(this CusspApp app, string userName, Participant participant = Participant.Canada,
        SecurityClassification clearance = SecurityClassification.Secret, Roles roles = Roles.Viewer, string[]? areas = null,
        string? password = Password, string? totpKey = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var user = new UserAccount
        {
            Id = Guid.NewGuid(),
            UserName = userName,
            DisplayName = userName,
            Participant = participant,
            Clearance = clearance,
            Roles = roles,
            Areas = [.. areas ?? ["defence-security"]],
            OrganisationId = Organisations.JointSecretariatOf(participant),
        };
        var result = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        if (totpKey is not null)
        {
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", totpKey);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return user;
    }

    /// <summary>The antiforgery token of the first form on <paramref name="page"/>.</summary>
    public static async Task<string> FormTokenAsync(this HttpClient client, string page)
    {
        var (response, doc) = await client.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var input = doc.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement;
        Assert.NotNull(input);
        return input.Value;
    }

    /// <summary>Posts a form with its antiforgery token, taken from <paramref name="page"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string page, string action, params (string, string)[] fields)
    {
        var token = await client.FormTokenAsync(page);
        var content = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)),
            new("__RequestVerificationToken", token)]);
        return await client.PostAsync(new Uri(action, UriKind.Relative), content, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string userName, string password = Password) =>
        client.PostFormAsync("/account/signin", "/account/signin", ("userName", userName), ("password", password));

    public static Task<HttpResponseMessage> EnterCodeAsync(this HttpClient client, string code) =>
        client.PostFormAsync("/account/signin/code", "/account/signin/code", ("code", code));

    public static Task<HttpResponseMessage> SignOutAsync(this HttpClient client) =>
        client.PostFormAsync("/account", "/account/signout");

    /// <summary>Issues a personal access token of <paramref name="user"/> and returns its secret.</summary>
    public static async Task<string> IssueTokenAsync(this CusspApp app, UserAccount user, TokenScopes scopes, int days = 30)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<AccessTokens>()
            .IssueAsync(user.Id, "test", scopes, Duration.FromDays(days), TestContext.Current.CancellationToken);
        return secret;
    }

    /// <summary>
    /// A client calling the API as a new account named <paramref name="name"/> through a read-write token, its second factor set up
    /// where its roles need one.
    /// </summary>
    public static async Task<HttpClient> ApiClientAsync(this CusspApp app, string name, Participant participant, Roles roles, string[] areas,
        SecurityClassification clearance = SecurityClassification.Secret)
    {
        var user = await app.CreateUserAsync(name, participant, clearance, roles, areas, password: null,
            totpKey: (roles & (Roles.Approver | Roles.Administrator)) != 0 ? TotpCodes.NewKey() : null);
        return app.TokenClient(await app.IssueTokenAsync(user, TokenScopes.Read | TokenScopes.Write));
    }

    /// <summary>A client that sends <paramref name="secret"/> as its bearer token, as a script does.</summary>
    public static HttpClient TokenClient(this CusspApp app, string secret)
    {
        var client = app.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    /// <summary>
    /// A client holding the session cookie the app issues when <paramref name="user"/> signs in, sealed by the app's own cookie
    /// format with the account's current security stamp: what the sign-in forms hand out, without paying for a password hash per
    /// user where a test needs hundreds of sessions. Sign-in itself is tested through the forms.
    /// </summary>
    public static async Task<HttpClient> SessionAsync(this CusspApp app, UserAccount user, bool https = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var current = await users.FindByIdAsync(user.Id.ToString());
        Assert.NotNull(current);
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<UserAccount>>().CreateAsync(current);
        var options = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var now = DateTimeOffset.UtcNow;
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now.AddHours(1) },
            IdentityConstants.ApplicationScheme);
        var client = https ? app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") }) : app.Browser();
        var name = https ? IdentitySetup.SessionCookie : IdentitySetup.SessionCookie["__Host-".Length..];
        client.DefaultRequestHeaders.Add("Cookie", $"{name}={options.TicketDataFormat.Protect(ticket)}");
        return client;
    }

    /// <summary>Every route of the running app with its HTTP methods, as its routing knows them.</summary>
    public static List<(string Pattern, string[] Methods)> Routes(this CusspApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Pattern: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() ?? ["GET"]))
            .GroupBy(r => r.Pattern)
            .Select(g => (g.Key, g.SelectMany(r => r.Methods).Distinct().Order().ToArray()))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();

    /// <summary>True for a route of pages rather than of programs (the API, its description, health).</summary>
    public static bool IsPage(string pattern) =>
        !pattern.StartsWith("/api", StringComparison.Ordinal) && !pattern.StartsWith("/openapi", StringComparison.Ordinal)
        && !pattern.StartsWith("/healthz", StringComparison.Ordinal) && !pattern.StartsWith("/_framework", StringComparison.Ordinal);

    /// <summary>
    /// A concrete address for <paramref name="pattern"/>: a parameter takes the value <paramref name="known"/> gives for its name,
    /// else a fresh id for a guid, else a word; a catch-all takes a path that matches nothing.
    /// </summary>
    public static string Fill(string pattern, Func<string, string?>? known = null) =>
        RouteParameter().Replace(pattern, m =>
        {
            var name = m.Groups[1].Value;
            var constraint = m.Groups[2].Value;
            if (name.StartsWith('*'))
            {
                return "no-such-page";
            }
            var value = known?.Invoke(name) ?? (constraint.Contains("guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString()
                : name.Equals("citation", StringComparison.OrdinalIgnoreCase) ? "II.3"
                : name.Equals("id", StringComparison.OrdinalIgnoreCase) ? "cussp"
                : name.Equals("documentName", StringComparison.Ordinal) ? "v1"
                : "x");
            return Uri.EscapeDataString(value);
        });

    [GeneratedRegex(@"\{(\*?\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
