using System.Globalization;
using Cussp.Agreements;
using Cussp.Sanctions;
using Cussp.Screening;

namespace Cussp.Features.Sanctions;

/// <summary>
/// The screening settings read from configuration: <c>Screening:Threshold</c> (the alert threshold, above 0 and at most 1) and
/// <c>Sanctions:MaxRemovalShare</c> (the share of a list one import may remove, from 0 to 1). A bad value stops the start of
/// the server, and a command that needs it, with a message naming the setting.
/// </summary>
internal static class ScreeningSettings
{
    /// <summary>The configured alert threshold, or the default.</summary>
    public static double Threshold(IConfiguration configuration) =>
        Number(configuration, Configuration.ScreeningThresholdKey, ScreeningOptions.DefaultThreshold, t => t > 0 && t <= 1, "a number above 0 and at most 1");

    /// <summary>The configured share of a list one import may remove, or the default.</summary>
    public static double MaxRemovalShare(IConfiguration configuration) =>
        Number(configuration, Configuration.MaxRemovalShareKey, SanctionsImportOptions.DefaultMaxRemovalShare, s => s >= 0 && s <= 1, "a share from 0 to 1");

    private static double Number(IConfiguration configuration, string key, double defaultValue, Func<double, bool> allowed, string expected)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[key];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return defaultValue;
        }
        return double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && allowed(value)
            ? value
            : throw new ConfigurationException($"{key} \"{configured}\" is not {expected} (the default is {defaultValue.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>
    /// Registers the screening options from configuration, checks them when the server starts, and builds the index once it has
    /// started.
    /// </summary>
    public static IServiceCollection AddScreening(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ScreeningOptions { Threshold = Threshold(sp.GetRequiredService<IConfiguration>()) });
        services.AddHostedService<SettingsCheck>();
        services.AddHostedService<IndexWarmup>();
        return services;
    }

    // Reading the settings before the server takes a request turns a bad value into a failed start, not an error per request.
    private sealed class SettingsCheck(IServiceProvider services, IConfiguration configuration) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<ScreeningOptions>();
            _ = MaxRemovalShare(configuration);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
