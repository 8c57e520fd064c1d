using Cussp.Api;
using Cussp.Authorization;
using Cussp.Components;
using Cussp.Data;
using Cussp.Features.Agreements;
using Cussp.Features.Commitments;
using Cussp.Features.Decisions;
using Cussp.Features.Exchange;
using Cussp.Features.Identity;
using Cussp.Features.Obligations;
using Cussp.Features.Sanctions;
using Cussp.Hosting;
using Microsoft.Extensions.Configuration.Memory;

namespace Cussp;

/// <summary>Builds the web application: pages, API, OpenAPI document and health endpoint.</summary>
internal static class WebApp
{
    public static WebApplication Build(string[] args, string? urls, string? dataDirectory)
    {
        var builder = CreateBuilder(args, urls, dataDirectory);

        // The signed-in user is the audit actor, so it is registered before the core, whose default is the process's account.
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Cussp.Audit.IAuditActor, SignedInAuditActor>();
        builder.Services.AddCusspCore(sp => Configuration.Database(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddDatabaseStart();
        builder.Services.AddCusspApi();
        builder.Services.AddCusspPages();
        builder.Services.AddCusspIdentity();
        builder.Services.AddScreening();
        builder.Services.AddClockJobs();

        var app = builder.Build();
        NetworkSettings.SayIfLoopbackOnly(app.Configuration);

        // First, so that everything after it (HSTS, Secure cookies, rate-limit keys, error pages) sees the client's address and scheme.
        app.UseForwardedHeaders();
        // Next, so that every cookie set after it, error pages' included, is Secure over HTTPS (see IdentitySetup).
        app.UseCookiePolicy();
        // Before the error handling, so that error pages too are in the reader's language.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseStatusCodePages(ErrorPages.WriteStatusAsync);
        app.UseCusspSecurity();
        app.UseMiddleware<LanguageSwitch>();
        app.UseRegisterAsOf();
        app.UseStaticFiles();
        app.UseAntiforgery();

        app.MapCusspApi();
        app.MapAgreementsApi();
        app.MapDocumentsApi();
        app.MapDecisionsApi();
        app.MapCommitmentsApi();
        app.MapObligationsApi();
        app.MapConsultationsApi();
        app.MapPublicCommitmentsApi();
        app.MapScreeningApi();
        app.MapAccountEndpoints();
        app.MapCusspPages();
        return app;
    }

    private static WebApplicationBuilder CreateBuilder(string[] args, string? urls, string? dataDirectory)
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
        return builder;
    }

    // The pages' stylesheet ships beside the executable, so cussp serves it wherever it is started from; a host that names its own
    // content root (the test factory, ASPNETCORE_CONTENTROOT) keeps it.
    private static string? ContentRoot(string[] args) =>
        args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || !Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot"))
            ? null
            : AppContext.BaseDirectory;
}
