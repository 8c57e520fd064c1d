using Cussp.Components;
using Cussp.Data;
using Cussp.Features.Agreements;
using Cussp.Features.Decisions;
using Cussp.Features.Exchange;
using Cussp.Features.Identity;
using Cussp.Identity;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cussp;

/// <summary>Builds the web application: pages, API, OpenAPI document and health endpoint.</summary>
internal static class WebApp
{
    public static WebApplication Build(string[] args, string? urls, string? dataDirectory)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot(args) });
        // First, so that every other source (appsettings.json, environment, command line) overrides them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Configuration.LoggingDefaults });
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

        // Registered before the core so that audit entries name the signed-in user rather than the process's account.
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Cussp.Audit.IAuditActor, Authorization.SignedInAuditActor>();
        builder.Services.AddCusspCore(sp => Configuration.Database(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<Api.ErrorHandler>();
        // A request the endpoint cannot read (a body that is not JSON, a form without its antiforgery token) is thrown rather than
        // answered with a bare status, so that ErrorHandler can say what is wrong and where.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // The document names no server: the default one is built from the request's Host header, which a client chooses. Without
        // servers, OpenAPI readers take the document's own address.
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = [];
            return Task.CompletedTask;
        }));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddCusspPages();
        builder.Services.AddCusspIdentity();
        builder.Services.AddHostedService<DatabaseInitialiser>();
        Features.Sanctions.ScreeningSettings.AddScreeningSettings(builder.Services);
        builder.Services.AddHostedService<Features.Sanctions.ScreeningApi.IndexWarmup>();

        var app = builder.Build();
        if (Authorization.NetworkSettings.AnswersLoopbackOnly(app.Configuration))
        {
            Console.WriteLine($"Serving on every address, but answering only requests addressed to {string.Join(", ", Authorization.NetworkSettings.LoopbackHosts)}: " +
                $"set {Authorization.NetworkSettings.AllowedHostsKey} to the names clients use for this server.");
        }
        // First, so that everything after it (HSTS, Secure cookies, rate-limit keys, error pages) sees the client's address and scheme.
        app.UseForwardedHeaders();
        // Next, so that every cookie set after it, error pages' included, is Secure over HTTPS (see IdentitySetup).
        app.UseCookiePolicy();
        // Before the error handling, so that error pages too are in the reader's language.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseStatusCodePages(ErrorPages.WriteStatusAsync);
        app.UseCusspSecurity();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status200OK } });
        app.MapServiceRoot();
        app.MapAgreementsApi();
        app.MapDocumentsApi();
        app.MapDecisionsApi();
        app.MapAccountEndpoints();
        Features.Sanctions.ScreeningApi.MapScreeningApi(app);
        app.MapCusspPages();
        return app;
    }

    // The pages' stylesheet ships beside the executable, so cussp serves it wherever it is started from; a host that names its own
    // content root (the test factory, ASPNETCORE_CONTENTROOT) keeps it.
    private static string? ContentRoot(string[] args) =>
        args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || !Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot"))
            ? null
            : AppContext.BaseDirectory;

    private static void MapServiceRoot(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/v1", () => TypedResults.Ok(new ServiceRoot("CUSSP Desk", "v1", "/openapi/v1.json")))
            .WithName("ServiceRoot").WithSummary("Names the API and where its description is.").WithTags("Service");

    internal sealed record ServiceRoot(string Name, string Version, string OpenApi);

    /// <summary>
    /// Creates or migrates the database and loads the CUSSP before the server takes its first request; at the very first start
    /// creates the administrator and prints its one-time password, once.
    /// </summary>
    private sealed class DatabaseInitialiser(IServiceProvider services, IConfiguration configuration) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            // Before anything can fail, so that whoever started it knows which folder (and so which database) it is using.
            var settings = services.GetRequiredService<DatabaseSettings>();
            await Console.Out.WriteLineAsync(settings.Provider == DatabaseProvider.Postgres
                ? $"Data folder: {settings.DataDirectory} (database: PostgreSQL, from ConnectionStrings:Cussp)"
                : $"Data folder: {settings.DataDirectory}");
            await DatabaseSetup.InitialiseAsync(services, cancellationToken);
            var participant = MarkingLabels.TryParseParticipant(configuration["Setup:AdministratorParticipant"], out var p) ? p : Participant.Canada;
            await using var scope = services.CreateAsyncScope();
            var password = await scope.ServiceProvider.GetRequiredService<Accounts>().EnsureFirstAdministratorAsync(participant, cancellationToken);
            if (password is not null)
            {
                await Console.Out.WriteLineAsync(
                    $"First start: created the administrator \"admin\" ({participant}) with the one-time password {password}{Environment.NewLine}" +
                    "Sign in at /account/signin, then choose a password and set up an authenticator app. This password is not shown again.");
            }
        }

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
