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
    public static void Services(IServiceCollection services) => services.AddSingleton<IStartupFilter>(new FromProxy(endsTls: false));

    /// <summary>
    /// As <see cref="Services"/>, and the proxy ends the browser's TLS: whatever the browser used, the app is reached over plain
    /// HTTP and learns the browser's scheme only from the proxy's <c>X-Forwarded-Proto</c>.
    /// </summary>
    public static void TlsServices(IServiceCollection services) => services.AddSingleton<IStartupFilter>(new FromProxy(endsTls: true));

    private sealed class FromProxy(bool endsTls) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = Address;
                if (endsTls)
                {
                    context.Request.Scheme = "http";
                }
                return following(context);
            });
            next(app);
        };
    }
}
