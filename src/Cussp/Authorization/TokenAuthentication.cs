using System.Security.Claims;
using System.Text.Encodings.Web;
using Cussp.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cussp.Authorization;

/// <summary>Signs in API callers that present a personal access token as <c>Authorization: Bearer cussp_pat_…</c>.</summary>
internal sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccessTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";
    public const string ScopeClaim = "cussp:token-scopes";

    public static bool HasBearer(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Context))
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
}
