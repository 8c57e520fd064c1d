using System.Threading.RateLimiting;
using Cussp.Authorization;
using Cussp.Data;
using Cussp.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cussp.Features.Identity;

/// <summary>Accounts, sign-in, sessions, tokens, rate limits and security headers: registered once, used by every feature.</summary>
internal static class IdentitySetup
{
    /// <summary>The session cookie over HTTPS. Over plain HTTP (a workstation on loopback) browsers refuse the prefix, so it is dropped there.</summary>
    public const string SessionCookie = "__Host-cussp";

    /// <summary>The rate-limit policy of sign-in and other password or code checks.</summary>
    public const string SignInLimit = "sign-in";

    public static IServiceCollection AddCusspIdentity(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentSubject>();
        services.AddCusspAccounts().AddSignInManager<CusspSignInManager>();
        // Every request re-checks the security stamp: sign-out, disabling and password changes end every session at once. The interval
        // is below zero because the check runs only when the time since the cookie was issued exceeds it, and on a clock that has not
        // moved since (a test's) that time is zero.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromTicks(-1));

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = "Cussp";
                o.DefaultChallengeScheme = "Cussp";
            })
            // An access token counts under /api/ only; everywhere else the cookie session is the only way in.
            .AddPolicyScheme("Cussp", "Cookie or access token", o =>
                o.ForwardDefaultSelector = c => TokenAuthentication.Applies(c) ? TokenAuthentication.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = SessionCookie;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/signin";
            o.LogoutPath = "/account/signout";
            o.AccessDeniedPath = "/account/denied";
            o.Events.OnRedirectToLogin = c => ApiAware(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiAware(c, StatusCodes.Status403Forbidden);
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme).Configure(o =>
        {
            o.Cookie.Name = "__Host-cussp-2fa";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.PostConfigureAll<CookieAuthenticationOptions>(o => o.CookieManager = new LoopbackCookieManager());
        services.AddScoped<IAuthorizationHandler, PermissionRequirementHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Administrator, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permissions.CanAdminister)))
            .AddPolicy(Policies.Auditor, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permissions.CanAudit)));
        services.AddAntiforgery(o =>
        {
            o.HeaderName = ApiAntiforgery.HeaderName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        // Every cookie, whoever sets it (sessions, antiforgery, the language), is Secure whenever the request is HTTPS, directly or
        // through a known proxy, and out of reach of scripts.
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.Secure = CookieSecurePolicy.SameAsRequest;
            o.HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
        services.AddNetworkSettings();
        services.AddRateLimiter(_ => { });
        // Read when the options are first needed, so that every configuration source (a test host's too) is in place.
        // The limits are per node and in memory: behind a load balancer a client's budget is multiplied by the nodes it reaches.
        // That is acceptable because the limiter only blunts floods; the defence against guessing is SignInThrottle, counted in
        // the shared database on every node.
        services.AddOptions<RateLimiterOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            var perSecond = configuration.GetValue(Configuration.RequestsPerSecondKey, 1000);
            var signInsPerMinute = configuration.GetValue(Configuration.SignInsPerMinuteKey, 10);
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Every 429 says when to come back; the status-code pages turn it into the page or the problem.
            o.OnRejected = (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Ceiling(retryAfter.TotalSeconds) : 1;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (long)seconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            // Password and code checks: 10 a minute per client address, whatever the account (the caller is not signed in yet).
            o.AddPolicy(SignInLimit, c => RateLimitPartition.GetFixedWindowLimiter(
                NetworkSettings.ClientKey(c),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = signInsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            // Everything else: a generous ceiling that stops a runaway script, not a person. Signed-in callers each have their own,
            // so colleagues behind one office gateway do not share it; anonymous ones share their address's.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(c => RateLimitPartition.GetTokenBucketLimiter(
                NetworkSettings.UserOrClientKey(c),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 2 * perSecond,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
        return services;
    }

    public static WebApplication UseCusspSecurity(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseMiddleware<AccountGate>();
        app.UseMiddleware<TokenScopeGate>();
        app.UseMiddleware<ApiAntiforgery>();
        app.UseAuthorization();
        return app;
    }

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Writes and reads <c>__Host-</c> cookies under their plain names on plain HTTP, where browsers refuse the prefix.</summary>
    private sealed class LoopbackCookieManager : ICookieManager
    {
        private readonly ChunkingCookieManager _inner = new();

        public string? GetRequestCookie(HttpContext context, string key) => _inner.GetRequestCookie(context, Name(context, key));

        public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
            _inner.AppendResponseCookie(context, Name(context, key), value, options);

        public void DeleteCookie(HttpContext context, string key, CookieOptions options) => _inner.DeleteCookie(context, Name(context, key), options);

        private static string Name(HttpContext context, string key) =>
            !context.Request.IsHttps && key.StartsWith("__Host-", StringComparison.Ordinal) ? key["__Host-".Length..] : key;
    }
}

/// <summary>Sign-in that also refuses disabled accounts, at sign-in and on every request's security-stamp check.</summary>
internal sealed class CusspSignInManager(UserManager<UserAccount> userManager, IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<UserAccount> claimsFactory, IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<UserAccount>> logger,
    IAuthenticationSchemeProvider schemes, IUserConfirmation<UserAccount> confirmation)
    : SignInManager<UserAccount>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.Disabled && await base.CanSignInAsync(user);
    }

    /// <summary>Never: Identity's lockout is off, and an account locked by an earlier version is not held to it.</summary>
    protected override Task<bool> IsLockedOut(UserAccount user) => Task.FromResult(false);

    public override async Task<bool> ValidateSecurityStampAsync(UserAccount? user, string? securityStamp) =>
        user is { Disabled: false } && await base.ValidateSecurityStampAsync(user, securityStamp);
}
