using System.Security.Claims;
using Cussp.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Cussp.Features.Identity;

/// <summary>
/// The form posts of signing in and out. The pages render the forms; these check passwords and codes under the sign-in rate
/// limit, with antiforgery, and answer with a redirect (303) so that a reload never posts twice.
/// </summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/signin", SignIn).RequireRateLimiting(IdentitySetup.SignInLimit);
        account.MapPost("/signin/code", SignInCode).RequireRateLimiting(IdentitySetup.SignInLimit);
        account.MapPost("/signout", SignOut).RequireAuthorization();
        account.MapPost("/password", ChangePassword).RequireAuthorization().RequireRateLimiting(IdentitySetup.SignInLimit);
        return endpoints;
    }

    /// <summary>
    /// Checks a user name and password. Every failure (a name no account has, a wrong password, a disabled account) gets the same
    /// answer after the same work, one password hash; too many failures from the client's address or for the typed name get 429
    /// with Retry-After, alike whether the name exists or not.
    /// </summary>
    internal static async Task<IResult> SignIn([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
        UserManager<UserAccount> users, CusspSignInManager signIn, SignInThrottle throttle, HttpContext http)
    {
        var back = LocalOrHome(returnUrl);
        var ct = http.RequestAborted;
        var address = http.Connection.RemoteIpAddress;
        var typed = (userName ?? "").Trim();
        var normalised = users.NormalizeName(typed);
        var user = typed.Length == 0 ? null : await users.FindByNameAsync(typed);
        if (await throttle.WaitAsync(address, normalised, ct) is var wait && wait > Duration.Zero)
        {
            await throttle.FailedAsync(address, normalised, user, SignInStep.Password, SignInFailure.Throttled, ct);
            return TooManyAttempts(wait);
        }
        // One password hash whatever the case, so the time taken tells no more than the answer: an unknown name is checked
        // against a decoy hash of the same kind, and a disabled account's password is checked although it cannot sign in.
        var passwordRight = false;
        if (!string.IsNullOrEmpty(password))
        {
            if (user is null)
            {
                users.PasswordHasher.VerifyHashedPassword(Decoy.Account, Decoy.Hash(users.PasswordHasher), password);
            }
            else
            {
                passwordRight = await users.CheckPasswordAsync(user, password);
            }
        }
        if (user is null || !passwordRight || !await signIn.CanSignInAsync(user))
        {
            var failure = user is null ? SignInFailure.UnknownName : !passwordRight ? SignInFailure.WrongPassword : SignInFailure.Disabled;
            await throttle.FailedAsync(address, normalised, user, SignInStep.Password, failure, ct);
            return Back("/account/signin", "invalid", back);
        }
        if (user.TwoFactorEnabled)
        {
            await http.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, user.Id.ToString())], IdentityConstants.TwoFactorUserIdScheme)));
            return Redirect("/account/signin/code" + Query(("returnUrl", back)));
        }
        await throttle.SucceededAsync(normalised, ct);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "pwd");
        return Redirect(back);
    }

    /// <summary>Checks the authenticator or recovery code of a sign-in whose password was right, throttled as passwords are.</summary>
    internal static async Task<IResult> SignInCode([FromForm] string? code, [FromForm] string? returnUrl, UserManager<UserAccount> users,
        CusspSignInManager signIn, Accounts accounts, SignInThrottle throttle, HttpContext http)
    {
        var back = LocalOrHome(returnUrl);
        var ct = http.RequestAborted;
        var pending = await http.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        var id = pending.Principal?.FindFirstValue(ClaimTypes.Name);
        var user = id is null ? null : await users.FindByIdAsync(id);
        if (user is null || !await signIn.CanSignInAsync(user))
        {
            return Back("/account/signin", "expired", back);
        }
        var address = http.Connection.RemoteIpAddress;
        var normalised = user.NormalizedUserName;
        if (await throttle.WaitAsync(address, normalised, ct) is var wait && wait > Duration.Zero)
        {
            await throttle.FailedAsync(address, normalised, user, SignInStep.Code, SignInFailure.Throttled, ct);
            return TooManyAttempts(wait);
        }
        var entered = (code ?? "").Trim();
        var accepted = false;
        if (entered.Length == 6 || entered.Replace(" ", "", StringComparison.Ordinal).Length == 6)
        {
            accepted = await accounts.AcceptTotpCodeAsync(user, entered, ct);
        }
        else if (entered.Length > 0)
        {
            // Redeeming rewrites the code list and the account under its concurrency stamp: of two racing uses of one code, the
            // second fails to save and is refused here.
            accepted = (await users.RedeemTwoFactorRecoveryCodeAsync(user, entered.Replace(" ", "", StringComparison.Ordinal))).Succeeded;
        }
        if (!accepted)
        {
            await throttle.FailedAsync(address, normalised, user, SignInStep.Code, SignInFailure.WrongCode, ct);
            return Back("/account/signin/code", "code", back);
        }
        await throttle.SucceededAsync(normalised, ct);
        await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "mfa");
        return Redirect(back);
    }

    internal static async Task<IResult> SignOut(UserManager<UserAccount> users, CusspSignInManager signIn, ClaimsPrincipal principal, HttpContext http,
        IAntiforgery antiforgery)
    {
        // Signing out binds no form field, so nothing else checks the antiforgery token: another site must not end a session.
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.StatusCode(StatusCodes.Status400BadRequest);
        }
        if (await users.GetUserAsync(principal) is { } user)
        {
            // A new stamp ends this session and any other copy of its cookie.
            await users.UpdateSecurityStampAsync(user);
        }
        await signIn.SignOutAsync();
        return Redirect("/");
    }

    internal static async Task<IResult> ChangePassword([FromForm] string? current, [FromForm] string? password, [FromForm] string? confirm,
        UserManager<UserAccount> users, CusspSignInManager signIn, ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return Redirect("/account/signin");
        }
        if (password != confirm)
        {
            return Back("/account/password", "mismatch", null);
        }
        if (PasswordRules.Check(password, user.UserName) is not null)
        {
            return Back("/account/password", "weak", null);
        }
        var result = await users.ChangePasswordAsync(user, current ?? "", password!);
        if (!result.Succeeded)
        {
            return Back("/account/password", result.Errors.Any(e => e.Code == "PasswordMismatch") ? "current" : "weak", null);
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        // The password change renewed the stamp, ending other sessions; this one continues with a fresh cookie.
        await signIn.RefreshSignInAsync(user);
        return Redirect(user.RequiresTwoFactor && !user.TwoFactorEnabled ? "/account/2fa" : "/account");
    }

    /// <summary>
    /// A return address only when it is a path on this site; anything else could send the user elsewhere after sign-in. Control
    /// characters are refused anywhere in it: browsers drop tabs and line breaks from addresses, so <c>/&lt;TAB&gt;/evil.example</c>
    /// would become <c>//evil.example</c>, another site.
    /// </summary>
    internal static string LocalOrHome(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl)
            ? url
            : "/";

    private static SeeOther Back(string page, string error, string? returnUrl) =>
        Redirect(page + Query(("error", error), ("returnUrl", returnUrl is null or "/" ? null : returnUrl)));

    private static SeeOther Redirect(string url) => new(url);

    /// <summary>429 with the whole seconds to wait in Retry-After; the status-code pages turn it into the page or the problem.</summary>
    private static Throttled TooManyAttempts(Duration wait) => new Throttled((long)Math.Ceiling(wait.TotalSeconds));

    private static string Query(params (string Key, string? Value)[] pairs) =>
        QueryString.Create(pairs.Where(p => p.Value is not null).Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).ToString();

    /// <summary>303 See Other: the browser follows a form post with a GET.</summary>
    private sealed class SeeOther(string url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = url;
            return Task.CompletedTask;
        }
    }
}

/// <summary>429 Too Many Requests with Retry-After and no body of its own.</summary>
internal sealed class Throttled(long seconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        httpContext.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }
}

/// <summary>A password hash made once with the product's own hasher, checked when a sign-in names no account.</summary>
internal static class Decoy
{
    private static string? _hash;

    /// <summary>The account the decoy hash belongs to.</summary>
    public static UserAccount Account { get; } = new() { Id = Guid.Empty, UserName = "decoy" };

    /// <summary>The decoy hash, with the same algorithm and work factor as every account's.</summary>
    public static string Hash(IPasswordHasher<UserAccount> hasher) =>
        _hash ??= hasher.HashPassword(Account, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
}
