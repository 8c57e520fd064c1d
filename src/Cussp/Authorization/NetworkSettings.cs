using System.Net;
using System.Security.Claims;
using Cussp.Agreements;
using Microsoft.AspNetCore.HostFiltering;
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

    /// <summary>The names of this machine that only it can use, always answered unless <c>Network:AllowedHosts</c> says otherwise.</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public static IServiceCollection AddNetworkSettings(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var text in List(configuration, Configuration.KnownProxiesKey))
            {
                o.KnownProxies.Add(IPAddress.TryParse(text, out var address)
                    ? address
                    : throw new ConfigurationException($"{Configuration.KnownProxiesKey}: \"{text}\" is not an IP address"));
            }
            foreach (var text in List(configuration, Configuration.KnownNetworksKey))
            {
                o.KnownIPNetworks.Add(IPNetwork.TryParse(text, out var network)
                    ? network
                    : throw new ConfigurationException($"{Configuration.KnownNetworksKey}: \"{text}\" is not a network in CIDR form (10.0.0.0/8)"));
            }
            // With no proxy named, the middleware would believe anyone: it is switched off instead.
            var trusted = o.KnownProxies.Count > 0 || o.KnownIPNetworks.Count > 0;
            o.ForwardedHeaders = trusted ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            // A chain of known proxies is walked back to the first address that is not one of them: that is the client.
            o.ForwardLimit = null;
        })
        // Read at start, so that a mistyped address stops `cussp serve` with exit code 2 and the setting's name.
        .ValidateOnStart();
        // The host's own host filtering (400 for any other Host) runs first in every request; this says which names it lets through.
        services.AddOptions<HostFilteringOptions>().Configure<IConfiguration>((o, configuration) => o.AllowedHosts = AllowedHosts(configuration));
        return services;
    }

    /// <summary>
    /// The host names requests may be addressed to: <c>Network:AllowedHosts</c> (a list or comma-separated; <c>*.example.org</c>
    /// for subdomains, <c>*</c> for any, which turns the check off); without it, the hosts of the addresses served on plus the
    /// loopback names. A wildcard address (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>) names no host, so with it alone only the
    /// loopback names are answered, until the setting names the ones clients use.
    /// </summary>
    public static List<string> AllowedHosts(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = List(configuration, Configuration.AllowedHostsKey).ToList();
        if (configured.Count > 0)
        {
            return configured;
        }
        var hosts = new List<string>(LoopbackHosts);
        hosts.AddRange(ServedHosts(configuration).Where(h => !IsWildcard(h) && !hosts.Contains(h, StringComparer.OrdinalIgnoreCase)));
        return hosts;
    }

    /// <summary>True when the server listens on a wildcard address and <c>Network:AllowedHosts</c> does not say which names to answer.</summary>
    public static bool AnswersLoopbackOnly(IConfiguration configuration) =>
        !List(configuration, Configuration.AllowedHostsKey).Any() && ServedHosts(configuration).Any(IsWildcard);

    /// <summary>Tells whoever started the server when it listens everywhere but answers only this machine's names.</summary>
    public static void SayIfLoopbackOnly(IConfiguration configuration)
    {
        if (AnswersLoopbackOnly(configuration))
        {
            Console.WriteLine($"Serving on every address, but answering only requests addressed to {string.Join(", ", LoopbackHosts)}: " +
                $"set {Configuration.AllowedHostsKey} to the names clients use for this server.");
        }
    }

    private static IEnumerable<string> ServedHosts(IConfiguration configuration) =>
        (configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
                UriKind.Absolute, out var uri) ? uri.Host : null)
            .OfType<string>();

    private static bool IsWildcard(string host) => host is "0.0.0.0" or "[::]" or "[::0]";

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
