using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Localization;

namespace Cussp.Components;

/// <summary>Registers and maps the server-rendered pages and the languages they are offered in.</summary>
internal static class PagesSetup
{
    public static IServiceCollection AddCusspPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        // Ukrainian and French letters go out as themselves rather than as character references: a third of the size.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Language.All.Select(l => new CultureInfo(l.Code)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Language.All[0].Code);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // The switcher's cookie first, then the browser's preference; ?lang= is turned into the cookie by LanguageSwitch.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    public static WebApplication MapCusspPages(this WebApplication app)
    {
        app.UseMiddleware<LanguageSwitch>();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseAntiforgery();
        // The not-found page catches every address no other endpoint takes; under the API's paths the caller is a program,
        // which gets the usual problem details instead.
        app.Use((context, next) =>
        {
            if (Api.ErrorHandler.IsApi(context.Request.Path)
                && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type == typeof(Pages.NotFound))
            {
                context.SetEndpoint(null);
            }
            return next(context);
        });
        app.MapRazorComponents<App>();
        return app;
    }
}
