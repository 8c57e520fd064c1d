using System.Globalization;
using Cussp.Features.Identity;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Cussp.Components;

/// <summary>
/// What a person or a program sees of an error status: under the API's paths an RFC 9457 problem, everywhere else a page in the
/// site's layout and the reader's language. Every 429 says in <c>Retry-After</c> when to come back.
/// </summary>
internal static class ErrorPages
{
    /// <summary>The status-code pages handler: answers a status that left the response without a body.</summary>
    public static Task WriteStatusAsync(StatusCodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode, null);
    }

    /// <summary>Writes the answer for <paramref name="status"/>, a page or a problem (with <paramref name="problem"/>'s detail when given).</summary>
    public static async Task WriteAsync(HttpContext context, int status, ProblemDetails? problem)
    {
        var response = context.Response;
        response.StatusCode = status;
        var retryAfter = 0L;
        if (status == StatusCodes.Status429TooManyRequests)
        {
            if (!long.TryParse(response.Headers.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out retryAfter) || retryAfter < 1)
            {
                retryAfter = 1;
                response.Headers.RetryAfter = "1";
            }
        }
        if (Api.ErrorHandler.IsApi(context.Request.Path))
        {
            problem ??= new ProblemDetails();
            problem.Status = status;
            problem.Detail ??= status switch
            {
                StatusCodes.Status429TooManyRequests => $"Too many requests: try again in {retryAfter} seconds.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON, with Content-Type: application/json.",
                _ => null,
            };
            await context.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
            return;
        }
        // A page that answered 404 without a body (Blazor leaves the body to the status-code pages) has already announced itself
        // to Blazor's navigation; the error page announces itself again.
        response.Headers.Remove("blazor-enhanced-nav");
        var path = context.Request.Path.Value ?? "/";
        var parameters = new Dictionary<string, object?>
        {
            [nameof(App.Error)] = new ErrorPage.Model(status, path, retryAfter,
                // A page asked for with a GET is tried again by asking for it again; a form post is tried again from its page.
                AccountEndpoints.LocalOrHome(path) is var local && local != "/" ? local + (HttpMethods.IsGet(context.Request.Method) ? context.Request.QueryString : default) : null),
        };
        // In a scope of its own: the page that failed may have used the request's rendering services (navigation, forms) already.
        var requestServices = context.RequestServices;
        await using var scope = requestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        try
        {
            await new RazorComponentResult<App>(parameters) { StatusCode = status, ContentType = "text/html; charset=utf-8" }.ExecuteAsync(context);
        }
        finally
        {
            context.RequestServices = requestServices;
        }
    }
}
