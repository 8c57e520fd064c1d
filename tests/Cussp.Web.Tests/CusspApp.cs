using System.Collections.Concurrent;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Cussp.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

[assembly: AssemblyFixture(typeof(Cussp.Tests.SharedApps))]

namespace Cussp.Tests;

/// <summary>The whole web application in memory, on a fresh seeded database of one provider.</summary>
public sealed class CusspApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly IEnumerable<KeyValuePair<string, string?>> _settings;
    private readonly Action<IServiceCollection>? _services;

    private CusspApp(TestDatabase database, IEnumerable<KeyValuePair<string, string?>>? settings, Action<IServiceCollection>? services)
    {
        _database = database;
        _settings = settings ?? [];
        _services = services;
    }

    /// <summary>
    /// Starts the app on a fresh copy of the seeded database (its initialiser finds it up to date); <paramref name="settings"/> are added to its configuration and <paramref name="services"/>
    /// may replace a service to observe it.
    /// </summary>
    public static async Task<CusspApp> StartAsync(DatabaseProvider provider, IEnumerable<KeyValuePair<string, string?>>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var app = new CusspApp(await TestDatabase.CreateSeededAsync(provider), settings, services);
        try
        {
            // Touching the server starts the host, whose initialiser checks the database before the first request of a test.
            _ = app.Server;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>The data folder (SQLite file and audit key), for the command line to work on the same data.</summary>
    public string DataDirectory => _database.Settings.DataDirectory;

    /// <summary>The settings that point a command or another host at this app's database, whichever its provider.</summary>
    public IReadOnlyCollection<KeyValuePair<string, string?>> DatabaseConfiguration => [.. _database.HostConfiguration()];

    /// <summary>The app's clock, to move time in a test.</summary>
    public NodaTime.Testing.FakeClock Clock => _database.Clock;

    /// <summary>A client that keeps cookies like a browser and shows redirects to the test instead of following them.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // The consultation clock's background job runs only where a test asks for it; the others run its steps themselves.
        builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection([new("Notifications:RunJobs", "false")])
            .AddInMemoryCollection([.. _database.HostConfiguration(), .. _settings]));
        builder.ConfigureTestServices(s =>
        {
            s.AddSingleton<IClock>(_database.Clock);
            _services?.Invoke(s);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>One running app per database provider, shared by tests that only read.</summary>
public sealed class SharedApps : IAsyncDisposable
{
    private readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<CusspApp>>> _apps = new();

    public Task<CusspApp> For(DatabaseProvider provider) =>
        _apps.GetOrAdd(provider, p => new Lazy<Task<CusspApp>>(() => CusspApp.StartAsync(p))).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await (await app.Value).DisposeAsync();
        }
    }
}

/// <summary>Fetches pages and parses them as a browser would.</summary>
public static class Browsing
{
    private static readonly HtmlParser Parser = new();

    public static async Task<(HttpResponseMessage Response, IHtmlDocument Document)> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, await Parser.ParseDocumentAsync(html, TestContext.Current.CancellationToken));
    }
}
