using Cussp.Data;
using Cussp.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Cussp.BrowserTests.BrowserHost))]
// The tests share one host and its database: run one at a time, so that what one records does not move the figures another compares.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Cussp.BrowserTests;

/// <summary>
/// The app on Kestrel on a free loopback port, with Debian's Chromium driven by Playwright. The browser is never downloaded:
/// <c>CUSSP_TEST_CHROMIUM</c> (default <c>/usr/bin/chromium</c>) must exist.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    /// <summary>
    /// Clicks <paramref name="button"/> until the page's address satisfies <paramref name="arrived"/>: on a machine busy with other test
    /// projects, Chromium has been seen to drop the first click or key press after a page load. Three clicks at the most, each
    /// given 20 seconds; then the address is asserted. A click that did go through and is merely slow is answered by the later one.
    /// </summary>
    public static async Task ClickUntilAsync(IPage page, ILocator button, Func<string, bool> arrived)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(button);
        for (var attempt = 0; attempt < 3 && !arrived(page.Url); attempt++)
        {
            await button.ClickAsync();
            try
            {
                await page.WaitForURLAsync(u => arrived(u), new() { WaitUntil = WaitUntilState.Commit, Timeout = 20_000 });
            }
            catch (TimeoutException)
            {
                // Clicked again below, unless this was the last attempt.
            }
        }
        Assert.True(arrived(page.Url), $"still at {page.Url}");
    }

    private TestDatabase? _database;
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The app's services, to set up accounts and data.</summary>
    public IServiceProvider Services => _factory!.Services;

    public async ValueTask InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("CUSSP_TEST_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {chromium}: install Debian's chromium (test.sh does).");
        }
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var settings = _database.HostConfiguration().ToList();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            b.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(settings)));
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh page in its own context (own cookies), optionally at phone width.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        // The tests share two cores with the other test projects running beside them: waits are for a busy machine, not a fast one.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
