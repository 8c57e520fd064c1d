using Cussp.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Cussp.Authorization;

/// <summary>
/// Sends a signed-in user whose password was set by someone else to change it, and a user whose roles need a second factor
/// to set one up, before anything else; the API refuses them with 403 until then.
/// </summary>
internal sealed class AccountGate(RequestDelegate next)
{
    private static readonly string[] Open = ["/account/password", "/account/2fa", "/account/signout", "/account/signin", "/app.css", "/favicon"];

    public async Task InvokeAsync(HttpContext context, CurrentSubject current)
    {
        if (context.User.Identity?.IsAuthenticated == true && !Open.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            && await current.GetAccountAsync(context.RequestAborted) is { } account)
        {
            var target = account.MustChangePassword ? "/account/password"
                : account.RequiresTwoFactor && !account.TwoFactorEnabled ? "/account/2fa"
                : null;
            if (target is not null)
            {
                if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await Results.Problem(statusCode: 403, title: "Account setup unfinished",
                        detail: "Sign in to the web application to change the one-time password and set up the second factor first.")
                        .ExecuteAsync(context);
                    return;
                }
                context.Response.Redirect(target);
                return;
            }
        }
        await next(context);
    }
}

/// <summary>A page or endpoint that needs one of <see cref="Permissions"/>, decided on the account as it is now in the database.</summary>
internal sealed record PermissionRequirement(Func<AccessSubject?, bool> Allows) : IAuthorizationRequirement;

/// <summary>Grants <see cref="PermissionRequirement"/> to the current subject it allows.</summary>
internal sealed class PermissionRequirementHandler(CurrentSubject current) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (await current.GetAsync() is { } subject && requirement.Allows(subject))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>Names of the role policies.</summary>
internal static class Policies
{
    public const string Administrator = "administrator";
    public const string Auditor = "auditor";
}
