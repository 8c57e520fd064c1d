namespace Cussp.Components;

/// <summary>Lets a page answer with an error status (404, 400) and still show its own helpful body.</summary>
internal static class PageStatus
{
    /// <summary>
    /// Sets the status as the response starts. Blazor writes no body at all when a page changes the status during rendering while
    /// status code pages are on, which would leave the reader a bare problem document instead of the page that explains what is wrong.
    /// </summary>
    public static void Set(HttpContext? context, int status)
    {
        if (context is { Response.HasStarted: false })
        {
            context.Response.OnStarting(() =>
            {
                context.Response.StatusCode = status;
                return Task.CompletedTask;
            });
        }
    }
}
