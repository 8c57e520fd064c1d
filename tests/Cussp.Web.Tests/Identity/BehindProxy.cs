using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Identity;

/// <summary>An app behind a known proxy: every request arrives over a connection from the proxy, which the app is told to believe.</summary>
internal static class BehindProxy
{
    public static readonly IPAddress Address = IPAddress.Parse("10.0.0.5");

    /// <summary>The setting that names the proxy.</summary>
    public static KeyValuePair<string, string?> Setting { get; } = new("Network:KnownProxies", Address.ToString());

    /// <summary>Makes every request come from the proxy's address, before the app's own pipeline sees it.</summary>
    public static void Services(IServiceCollection services) => services.AddSingleton<IStartupFilter, FromProxy>();

    private sealed class FromProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = Address;
                return following(context);
            });
            next(app);
        };
    }
}
