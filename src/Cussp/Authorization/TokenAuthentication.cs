using System.Security.Claims;
using System.Text.Encodings.Web;
using Cussp.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cussp.Authorization;

/// <summary>
/// Signs in API callers that present a personal access token as <c>Authorization: Bearer cussp_pat_…</c>. Tokens count under
/// <c>/api/</c> only: pages, account and administration routes know nothing but the cookie session, so a token (even a read-only
/// one) can neither open a form, take its antiforgery token and post it, nor reach administration without a second factor.
/// </summary>
internal sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";
    public const string ScopeClaim = "cussp:token-scopes";

    /// <summary>True for the API's paths, the only ones where a token is looked at.</summary>
    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public static bool HasBearer(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when this request is authenticated by its token rather than by the cookie session.</summary>
    public static bool Applies(HttpContext context) => IsApi(context) && HasBearer(context);

    /// <summary>The scopes of the token the request was signed in with, or null for a cookie session or no one.</summary>
    public static TokenScopes? ScopesOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ScopeClaim) is { } scope && Enum.TryParse<TokenScopes>(scope, out var scopes) ? scopes : null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Applies(Context))
        {
            return AuthenticateResult.NoResult();
        }
        var secret = Context.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var found = await tokens.FindAsync(secret, Context.RequestAborted);
        if (found is not { } f)
        {
            return AuthenticateResult.Fail("The access token is unknown, expired or revoked.");
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, f.User.Id.ToString()),
            new Claim(ClaimTypes.Name, f.User.UserName ?? ""),
            new Claim(ScopeClaim, f.Token.Scopes.ToString()),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>Marks an API endpoint that takes a POST only to carry a large query (screening): a read-only token may call it.</summary>
internal sealed class ReadScopeRequest;

/// <summary>
/// Holds a token to its scopes on every API request: reading (GET, HEAD, OPTIONS and endpoints marked
/// <see cref="ReadScopeRequest"/>) needs the read scope, anything else (POST, PUT, PATCH, DELETE) the write scope. Refused with
/// 403 problem details before the endpoint runs, so a read-only token changes nothing whatever its owner's roles.
/// </summary>
internal sealed class TokenScopeGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (TokenAuthentication.ScopesOf(context.User) is { } scopes)
        {
            var method = context.Request.Method;
            var reads = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
                || context.GetEndpoint()?.Metadata.GetMetadata<ReadScopeRequest>() is not null;
            var needed = reads ? TokenScopes.Read : TokenScopes.Write;
            if (!scopes.HasFlag(needed))
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Outside the token's scope",
                    detail: $"This access token has the scope \"{scopes.ToString().ToLowerInvariant()}\"; {method} needs \"{needed.ToString().ToLowerInvariant()}\".")
                    .ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }
}
