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
    /// <summary>The configuration key of the alert threshold (environment: <c>Screening__Threshold</c>).</summary>
    public const string ThresholdKey = "Screening:Threshold";

    /// <summary>The configured alert threshold, or the default.</summary>
    public static double Threshold(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[ThresholdKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return ScreeningOptions.DefaultThreshold;
        }
        return double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var t) && t > 0 && t <= 1
            ? t
            : throw new ConfigurationException($"{ThresholdKey} \"{configured}\" is not a number above 0 and at most 1 (the default is {ScreeningOptions.DefaultThreshold.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>The configured share of a list one import may remove, or the default.</summary>
    public static double MaxRemovalShare(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[SanctionsImportOptions.MaxRemovalShareKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return SanctionsImportOptions.DefaultMaxRemovalShare;
        }
        return double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s <= 1
            ? s
            : throw new ConfigurationException($"{SanctionsImportOptions.MaxRemovalShareKey} \"{configured}\" is not a share from 0 to 1 (the default is {SanctionsImportOptions.DefaultMaxRemovalShare.ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>Registers the screening options from configuration and checks them when the server starts.</summary>
    public static IServiceCollection AddScreeningSettings(this IServiceCollection services)
    {
        services.AddSingleton(sp => new ScreeningOptions { Threshold = Threshold(sp.GetRequiredService<IConfiguration>()) });
        services.AddHostedService<SettingsCheck>();
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
