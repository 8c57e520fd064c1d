using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cussp.Api;

/// <summary>Registers what every API endpoint shares: problem details, the one error handler, the OpenAPI document and the health endpoint.</summary>
internal static class ApiSetup
{
    public static IServiceCollection AddCusspApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ErrorHandler>();
        // A request the endpoint cannot read (a body that is not JSON, a form without its antiforgery token) is thrown rather than
        // answered with a bare status, so that ErrorHandler can say what is wrong and where.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // The document names no server: the default one is built from the request's Host header, which a client chooses. Without
        // servers, OpenAPI readers take the document's own address.
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = [];
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Maps the OpenAPI document, <c>/healthz</c> and the service root <c>/api/v1</c>.</summary>
    public static IEndpointRouteBuilder MapCusspApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status200OK } });
        endpoints.MapGet("/api/v1", () => TypedResults.Ok(new ServiceRoot("CUSSP Desk", "v1", "/openapi/v1.json")))
            .WithName("ServiceRoot").WithSummary("Names the API and where its description is.").WithTags("Service");
        return endpoints;
    }

    internal sealed record ServiceRoot(string Name, string Version, string OpenApi);
}
