using Cussp.Components;
using Cussp.Data;
using Cussp.Features.Agreements;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cussp;

/// <summary>Builds the web application: pages, API, OpenAPI document and health endpoint.</summary>
internal static class WebApp
{
    public static WebApplication Build(string[] args, string? urls, string? dataDirectory)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (dataDirectory is not null)
        {
            builder.Configuration[Configuration.DataKey] = dataDirectory;
        }
        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls);
        }
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(Configuration.DefaultUrl);
        }

        builder.Services.AddCusspCore(sp => Configuration.Database(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddCusspPages();
        builder.Services.AddHostedService<DatabaseInitialiser>();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status200OK } });
        app.MapServiceRoot();
        app.MapAgreementsApi();
        Features.Sanctions.ScreeningApi.MapScreeningApi(app);
        app.MapCusspPages();
        return app;
    }

    private static void MapServiceRoot(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/v1", () => TypedResults.Ok(new ServiceRoot("CUSSP Desk", "v1", "/openapi/v1.json")))
            .WithName("ServiceRoot").WithSummary("Names the API and where its description is.").WithTags("Service");

    internal sealed record ServiceRoot(string Name, string Version, string OpenApi);

    /// <summary>Creates or migrates the database and loads the CUSSP before the server takes its first request.</summary>
    private sealed class DatabaseInitialiser(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => DatabaseSetup.InitialiseAsync(services, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class DatabaseHealthCheck(CusspDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("the database does not answer");
    }
}
