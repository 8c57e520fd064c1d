using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

[assembly: RootNamespace("Cussp")]

namespace Cussp.Components;

/// <summary>A language the pages are offered in, by its culture name.</summary>
internal sealed record Language(string Code)
{
    /// <summary>English, French and Ukrainian: the languages in which the agreement was signed.</summary>
    public static IReadOnlyList<Language> All { get; } = [new("en"), new("fr"), new("uk")];

    public static Language? Find(string? code) => All.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the page is being rendered in English, so the agreement text needs no language mark of its own.</summary>
    public static bool CurrentIsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}

/// <summary>Handles <c>?lang=</c> from the language switcher: remembers the choice in the culture cookie and shows the same page again.</summary>
internal sealed class LanguageSwitch(RequestDelegate next)
{
    public const string Parameter = "lang";

    private static readonly TimeSpan Remembered = TimeSpan.FromDays(365);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !request.Query.TryGetValue(Parameter, out var values)
            || request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }
        if (Language.Find(values.ToString()) is { } language)
        {
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language.Code)),
                new CookieOptions
                {
                    MaxAge = Remembered,
                    Path = "/",
                    IsEssential = true,
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = request.IsHttps,
                });
        }
        // An unknown language is dropped rather than refused: the page itself is still what was asked for.
        var path = (request.PathBase + request.Path).ToString();
        // "//host/…" would send the reader to another site: only a path on this one is a way back.
        var local = path.Length > 1 && (path[1] == '/' || path[1] == '\\') ? "/" : path;
        context.Response.Redirect(local + WithoutLanguage(request.Query));
        return Task.CompletedTask;
    }

    /// <summary>The query string without <c>lang</c>, in its original order.</summary>
    public static QueryString WithoutLanguage(IQueryCollection query) =>
        QueryString.Create(query.Where(kv => !string.Equals(kv.Key, Parameter, StringComparison.OrdinalIgnoreCase)));
}

/// <summary>Plural forms of page texts: resource keys end in <c>.one</c>, <c>.few</c>, <c>.many</c> or <c>.other</c> (CLDR categories).</summary>
internal static class Plurals
{
    public static string Plural(this IStringLocalizer localizer, string key, long n)
    {
        var form = localizer[$"{key}.{Category(CultureInfo.CurrentUICulture, n)}", n];
        return form.ResourceNotFound ? localizer[$"{key}.other", n] : form;
    }

    private static string Category(CultureInfo culture, long n) => culture.TwoLetterISOLanguageName switch
    {
        "uk" => (n % 10, n % 100) switch
        {
            (1, not 11) => "one",
            ( >= 2 and <= 4, not (>= 12 and <= 14)) => "few",
            _ => "many",
        },
        "fr" => n is 0 or 1 ? "one" : "other",
        _ => n == 1 ? "one" : "other",
    };
}
