using System.Net;
using System.Security.Claims;
using Cussp.Agreements;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace Cussp.Authorization;

/// <summary>
/// Who the client is when the app runs behind a load balancer or reverse proxy. <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed only from the addresses in <c>Network:KnownProxies</c> (IP addresses) and
/// <c>Network:KnownNetworks</c> (CIDR ranges), each a list or a comma-separated string; with neither set (the default) the
/// headers are ignored, so a client talking to the app directly cannot pick its own address or claim HTTPS.
/// </summary>
internal static class NetworkSettings
{
    public const string KnownProxiesKey = "Network:KnownProxies";
    public const string KnownNetworksKey = "Network:KnownNetworks";

    public static IServiceCollection AddNetworkSettings(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var text in List(configuration, KnownProxiesKey))
            {
                o.KnownProxies.Add(IPAddress.TryParse(text, out var address)
                    ? address
                    : throw new RegisterInputException($"{KnownProxiesKey}: \"{text}\" is not an IP address"));
            }
            foreach (var text in List(configuration, KnownNetworksKey))
            {
                o.KnownIPNetworks.Add(IPNetwork.TryParse(text, out var network)
                    ? network
                    : throw new RegisterInputException($"{KnownNetworksKey}: \"{text}\" is not a network in CIDR form (10.0.0.0/8)"));
            }
            // With no proxy named, the middleware would believe anyone: it is switched off instead.
            var trusted = o.KnownProxies.Count > 0 || o.KnownIPNetworks.Count > 0;
            o.ForwardedHeaders = trusted ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            // A chain of known proxies is walked back to the first address that is not one of them: that is the client.
            o.ForwardLimit = null;
        })
        // Read at start, so that a mistyped address stops `cussp serve` with exit code 2 and the setting's name.
        .ValidateOnStart();
        return services;
    }

    /// <summary>The rate-limit key of the client's address, as resolved from a known proxy's headers or the connection.</summary>
    public static string ClientKey(HttpContext context) => "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>The rate-limit key of the signed-in user (cookie or token), or of the client's address for anyone else.</summary>
    public static string UserOrClientKey(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? "user:" + id
            : ClientKey(context);

    private static IEnumerable<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (values.Count == 0 && section.Value is { } single)
        {
            values.Add(single);
        }
        return values.SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
