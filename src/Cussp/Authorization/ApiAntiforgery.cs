using Microsoft.AspNetCore.Antiforgery;

namespace Cussp.Authorization;

/// <summary>
/// Holds a write to the API that rides on the browser's session cookie to the antiforgery token in the <see cref="HeaderName"/>
/// header, as the pages' forms are held to theirs: another site can make a browser send the cookie, never the token. A script
/// with an access token needs none, since no browser sends that on its own. Refused with 400 problem details naming the header.
/// </summary>
internal sealed class ApiAntiforgery(RequestDelegate next)
{
    /// <summary>The header that carries the token; a signed-in page has it in <c>&lt;meta name="csrf-token"&gt;</c>.</summary>
    public const string HeaderName = "X-CSRF-Token";

    public async Task InvokeAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var method = context.Request.Method;
        if (TokenAuthentication.IsApi(context)
            && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            && context.User.Identity?.IsAuthenticated == true
            && TokenAuthentication.ScopesOf(context.User) is null)
        {
            var sent = context.Request.Headers[HeaderName];
            var problem = sent.Count == 0 ? $"A write signed in with the session cookie must send the antiforgery token in the {HeaderName} header"
                : !await antiforgery.IsRequestValidAsync(context) ? $"The antiforgery token in the {HeaderName} header is not valid for this session"
                : null;
            if (problem is not null)
            {
                await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token required",
                    detail: problem + ": take it from the csrf-token meta element of a page of this session, or use an access token.")
                    .ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }
}
