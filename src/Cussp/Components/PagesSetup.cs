namespace Cussp.Components;

/// <summary>Registers and maps the server-rendered pages.</summary>
internal static class PagesSetup
{
    public static IServiceCollection AddCusspPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        return services;
    }

    public static WebApplication MapCusspPages(this WebApplication app)
    {
        app.UseStaticFiles();
        app.UseAntiforgery();
        app.MapRazorComponents<App>();
        return app;
    }
}
