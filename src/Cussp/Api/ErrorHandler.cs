using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Cussp.Api;

/// <summary>
/// The one mapping of the Core's errors to answers: under <c>/api</c> an RFC 9457 problem (400 with the fields, 403, 404, 409,
/// 412, 428). Use cases throw; handlers do not catch.
/// </summary>
internal sealed class ErrorHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsApi(httpContext.Request.Path) || Problem(exception) is not { } problem)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>True for the paths whose callers are programs, which get problem details rather than pages.</summary>
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/healthz");

    /// <summary>The problem a Core error stands for, or null for an error that is the server's fault.</summary>
    public static ProblemDetails? Problem(Exception exception) => exception switch
    {
        InvalidInputException e => new HttpValidationProblemDetails(e.Errors.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        },
        RefusedException e => Make(StatusCodes.Status403Forbidden, "Not allowed", e.Message),
        NotFoundException e => Make(StatusCodes.Status404NotFound, "Not found", e.Message),
        StaleWriteException e => Make(StatusCodes.Status412PreconditionFailed, "Changed since you read it", e.Message),
        ConflictException e => Make(StatusCodes.Status409Conflict, "Refused", e.Message),
        VersionRequiredException e => Make(StatusCodes.Status428PreconditionRequired, "Version required", e.Message),
        BadHttpRequestException e => Make(e.StatusCode, e.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported media type" : "Bad request",
            e.Message),
        _ => null,
    };

    private static ProblemDetails Make(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
