using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Tests;

/// <summary>
/// The web app's pages as its routing knows them: every route endpoint of a Razor component of the app that answers GET. A page
/// added later is in the list without anyone writing it down.
/// </summary>
public static partial class AppPages
{
    /// <summary>The route patterns of every page, ordered, such as <c>/documents/{Id:guid}/edit</c>.</summary>
    public static List<string> Patterns(IServiceProvider services)
    {
        var pages = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type.Assembly == typeof(Program).Assembly)
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? true)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        if (!pages.Contains("/"))
        {
            throw new InvalidOperationException("The app's routing has no page at / : pages are no longer found as Razor component endpoints");
        }
        return pages;
    }

    /// <summary>
    /// A concrete address for <paramref name="pattern"/>. Each route parameter takes the value <paramref name="values"/> gives for
    /// the pattern up to and including it (<c>/documents/{Id:guid}</c> fills <c>/documents/{Id:guid}/edit</c> too); a parameter
    /// with no value fails, naming the page, so that a new page with a parameter cannot go unchecked.
    /// </summary>
    public static string Address(string pattern, IReadOnlyDictionary<string, string> values) =>
        RouteParameter().Replace(pattern, m =>
        {
            var key = pattern[..(m.Index + m.Length)];
            return values.TryGetValue(key, out var value)
                ? Uri.EscapeDataString(value)
                : throw new InvalidOperationException(
                    $"{pattern}: no seeded value for {key}. Seed a record this page shows and give its value for \"{key}\" so that the page is checked.");
        });

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
