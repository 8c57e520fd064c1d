using Microsoft.AspNetCore.Authorization;

namespace Cussp.Authorization;

/// <summary>
/// Headers on every response: a strict content security policy (no framing, no inline script, no plugins), no MIME sniffing,
/// no referrer outside the site, HSTS over HTTPS; and <c>Cache-Control: no-store</c> on everything that is not public, so a
/// shared computer's browser cache keeps nothing a signed-in user saw.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            RelativeLocation(context);
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }
            // A page's language follows the culture cookie or Accept-Language: a shared cache must keep one copy per language.
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                headers.Append("Vary", "Cookie, Accept-Language");
            }
            if (!IsPublic(context))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>
    /// Makes a redirect to this site relative. The framework writes some as absolute addresses built from the request's Host header
    /// (the sign-in challenge, Blazor's navigation), which would hand a forged Host back to the browser and to any cache between.
    /// </summary>
    private static void RelativeLocation(HttpContext context)
    {
        var location = context.Response.Headers.Location.ToString();
        var authority = location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7
            : location.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
            : -1;
        if (authority < 0)
        {
            return;
        }
        var path = location.IndexOfAny(['/', '?', '#'], authority);
        var host = new HostString(path < 0 ? location[authority..] : location[authority..path]);
        if (string.Equals(host.Host, context.Request.Host.Host, StringComparison.OrdinalIgnoreCase))
        {
            var rest = path < 0 ? "/" : location[path..];
            context.Response.Headers.Location = rest.StartsWith('/') ? rest : "/" + rest;
        }
    }

    /// <summary>
    /// Public: what anyone may read without signing in and what is the same for everyone (the agreement, static files). An
    /// endpoint that needs authorization is never public, not even its redirect to the sign-in page.
    /// </summary>
    private static bool IsPublic(HttpContext context) =>
        context.User.Identity?.IsAuthenticated != true
        && context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>() is null
        && !context.Request.Path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase)
        && context.Response.StatusCode < 400;
}
