using System.Text.Json;
using Cussp.Components;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Cussp.Api;

/// <summary>
/// The one mapping of errors to answers: the Core's errors and requests the framework could not read (a body that is not JSON,
/// antiforgery refused) become a status, under <c>/api</c> with an RFC 9457 problem (400 with the fields or the position of a JSON
/// error, 403, 404, 409, 412, 415, 428) and elsewhere with the page of that status. Anything else is the server's fault: a problem
/// or a page saying so, never the exception. Use cases throw; handlers do not catch.
/// </summary>
internal sealed partial class ErrorHandler(ILogger<ErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Problem(exception);
        if (problem is null)
        {
            // Under the API the framework's own answer is already a problem without the exception; a page gets the page.
            if (IsApi(httpContext.Request.Path))
            {
                return false;
            }
            // Handled here, the framework no longer reports it: the log must still show what went wrong.
            Unhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError };
        }
        await ErrorPages.WriteAsync(httpContext, problem.Status!.Value, problem);
        return true;
    }

    /// <summary>True for the paths whose callers are programs, which get problem details rather than pages.</summary>
    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/healthz");

    /// <summary>The problem an error stands for, or null for an error that is the server's fault.</summary>
    public static ProblemDetails? Problem(Exception exception) => exception switch
    {
        InvalidInputException e => new HttpValidationProblemDetails(e.Errors.ToDictionary(kv => kv.Key, kv => kv.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = e.Errors.Count == 0 ? e.Message : null,
        },
        RefusedException e => Make(StatusCodes.Status403Forbidden, "Not allowed", e.Message),
        NotFoundException e => Make(StatusCodes.Status404NotFound, "Not found", e.Message),
        StaleWriteException e => Make(StatusCodes.Status412PreconditionFailed, "Changed since you read it", e.Message),
        ConflictException e => Make(StatusCodes.Status409Conflict, "Refused", e.Message),
        VersionRequiredException e => Make(StatusCodes.Status428PreconditionRequired, "Version required", e.Message),
        BadHttpRequestException { InnerException: JsonException json } e => NotJson(e.StatusCode, json),
        BadHttpRequestException e => Make(e.StatusCode, null, e.Message),
        _ => null,
    };

    /// <summary>A body that is not the JSON asked for, with where it goes wrong: line and byte (counted from 1) and the JSON path.</summary>
    private static ProblemDetails NotJson(int status, JsonException json)
    {
        var line = json.LineNumber + 1;
        var position = json.BytePositionInLine + 1;
        // The reason without the position that System.Text.Json appends to it; the position is given in our own words.
        var reason = json.Message.Split(" Path: ", 2)[0].Split(" LineNumber: ", 2)[0].TrimEnd(' ', '.', '|');
        var where = line is null ? "" : $" at line {line}, byte {position}";
        var path = string.IsNullOrEmpty(json.Path) ? "" : $" (JSON path {json.Path})";
        var problem = Make(status, "The body is not valid JSON", $"The request body is not valid JSON{where}{path}: {reason}.");
        problem.Extensions["line"] = line;
        problem.Extensions["bytePositionInLine"] = position;
        problem.Extensions["path"] = json.Path;
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void Unhandled(ILogger logger, Exception exception, string method, PathString path);

    private static ProblemDetails Make(int status, string? title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
