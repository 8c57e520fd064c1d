using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
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

    /// <summary>Maps the pages; the language switch, static files and antiforgery are in the pipeline WebApp builds.</summary>
    public static WebApplication MapCusspPages(this WebApplication app)
    {
        // No page takes every other address: an address nothing takes is a 404, which ErrorPages answers with a page, or under
        // the API's paths with a problem; so routing alone tells a wrong method (405) or content type (415) from no such address.
        app.MapRazorComponents<App>();
        return app;
    }
}
