using System.Net;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Http;

namespace Cussp.Web.Tests.Identity;

/// <summary>
/// Behind a load balancer: the client's address and scheme come from a known proxy's headers and from nobody else's, and each
/// client gets its own rate-limit bucket.
/// </summary>
public class ForwardedHeadersTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.5");
    private static readonly IPAddress Stranger = IPAddress.Parse("203.0.113.7");

    private const int SignInsPerMinute = 3;

    private static KeyValuePair<string, string?>[] Settings(string? knownProxies = null) =>
    [
        new("RateLimits:SignInsPerMinute", SignInsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Network:KnownProxies", knownProxies),
    ];

    /// <summary>A request arriving over a connection from <paramref name="from"/>, with the given headers.</summary>
    private static Task<HttpContext> SendAsync(CusspApp app, string method, string path, IPAddress from, params (string Name, string Value)[] headers) =>
        app.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = path;
            c.Connection.RemoteIpAddress = from;
            if (method == "POST")
            {
                // An empty form: the sign-in endpoint takes forms only, and refuses this one after the limiter has counted it.
                c.Request.ContentType = "application/x-www-form-urlencoded";
                c.Request.Body = new MemoryStream();
            }
            foreach (var (name, value) in headers)
            {
                c.Request.Headers[name] = value;
            }
        }, TestContext.Current.CancellationToken);

    /// <summary>Sign-in posts (without a form, so refused after the limiter) until one gets 429; how many went through before it.</summary>
    private static async Task<int> PostsBeforeLimitAsync(CusspApp app, IPAddress from, Func<int, string?> forwardedFor, int tries)
    {
        for (var i = 0; i < tries; i++)
        {
            var forwarded = forwardedFor(i);
            var response = await SendAsync(app, "POST", "/account/signin", from, forwarded is null ? [] : [("X-Forwarded-For", forwarded)]);
            if (response.Response.StatusCode == StatusCodes.Status429TooManyRequests)
            {
                return i;
            }
        }
        return tries;
    }

    [Fact]
    public async Task SignInLimit_SpoofedForwardedForFromAnUnknownAddress_StaysInOneBucket()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite, Settings());

        // Every request claims to come from someone else; the app believes none of it.
        var through = await PostsBeforeLimitAsync(app, Stranger, i => $"198.51.100.{i + 1}", 4 * SignInsPerMinute);

        Assert.InRange(through, SignInsPerMinute, 2 * SignInsPerMinute);
    }

    [Fact]
    public async Task SignInLimit_TwoClientsBehindAKnownProxy_GetABucketEach()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite, Settings(knownProxies: Proxy.ToString()));

        var first = await PostsBeforeLimitAsync(app, Proxy, _ => "198.51.100.1", 4 * SignInsPerMinute);
        var second = await SendAsync(app, "POST", "/account/signin", Proxy, ("X-Forwarded-For", "198.51.100.2"));
        // A client that puts an address of its own in front is still known by the address the proxy saw.
        var spoofing = await SendAsync(app, "POST", "/account/signin", Proxy, ("X-Forwarded-For", "198.51.100.2, 198.51.100.1"));

        Assert.InRange(first, SignInsPerMinute, 2 * SignInsPerMinute);
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, second.Response.StatusCode);
        Assert.Equal(StatusCodes.Status429TooManyRequests, spoofing.Response.StatusCode);
    }

    [Fact]
    public async Task SignInLimit_KnownNetworkInCidrForm_IsBelievedToo()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite,
            [.. Settings(), new("Network:KnownNetworks", "10.0.0.0/24")]);

        var first = await PostsBeforeLimitAsync(app, Proxy, _ => "198.51.100.1", 4 * SignInsPerMinute);
        var second = await SendAsync(app, "POST", "/account/signin", IPAddress.Parse("10.0.0.6"), ("X-Forwarded-For", "198.51.100.2"));

        Assert.InRange(first, SignInsPerMinute, 2 * SignInsPerMinute);
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, second.Response.StatusCode);
    }

    [Fact]
    public async Task ForwardedProto_OnlyFromAKnownProxy_MakesTheRequestHttps()
    {
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite, Settings(knownProxies: Proxy.ToString()));

        var proxied = await SendAsync(app, "GET", "/account/signin", Proxy, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "198.51.100.1"));
        var direct = await SendAsync(app, "GET", "/account/signin", Stranger, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "198.51.100.1"));

        Assert.Equal("https", proxied.Request.Scheme);
        Assert.Equal(IPAddress.Parse("198.51.100.1"), proxied.Connection.RemoteIpAddress);
        Assert.StartsWith("max-age=", proxied.Response.Headers.StrictTransportSecurity.ToString(), StringComparison.Ordinal);
        Assert.Equal("http", direct.Request.Scheme);
        Assert.Equal(Stranger, direct.Connection.RemoteIpAddress);
        Assert.Empty(direct.Response.Headers.StrictTransportSecurity.ToString());
    }

    [Theory, Databases]
    public async Task GlobalLimit_TwoSignedInUsersBehindOneAddress_GetABucketEach(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, [new("RateLimits:RequestsPerSecond", "1")]);
        var first = await app.IssueTokenAsync(await app.CreateUserAsync("first", password: null), TokenScopes.Read);
        var second = await app.IssueTokenAsync(await app.CreateUserAsync("second", password: null), TokenScopes.Read);
        var statuses = new List<int>();

        for (var i = 0; i < 20; i++)
        {
            statuses.Add((await SendAsync(app, "GET", "/api/v1/documents/count", Stranger, ("Authorization", "Bearer " + first))).Response.StatusCode);
        }
        var other = await SendAsync(app, "GET", "/api/v1/documents/count", Stranger, ("Authorization", "Bearer " + second));

        Assert.Contains(StatusCodes.Status429TooManyRequests, statuses);
        Assert.Equal(StatusCodes.Status200OK, other.Response.StatusCode);
    }

    [Theory]
    [InlineData("--Network:KnownProxies=10.0.0.5,not-an-address", "Network:KnownProxies: \"not-an-address\" is not an IP address")]
    [InlineData("--Network:KnownNetworks=10.0.0.0/33", "Network:KnownNetworks: \"10.0.0.0/33\" is not a network in CIDR form")]
    public async Task Serve_WithAMalformedProxySetting_ExitsTwoNamingTheSetting(string setting, string message)
    {
        var data = Path.Combine(Path.GetTempPath(), "cussp-net-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var output = new StringWriter();
            using var errors = new StringWriter();

            var exit = await Cussp.Cli.CusspCli.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--data", data, setting], output, errors);

            Assert.Equal(2, exit);
            Assert.Contains(message, errors.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
