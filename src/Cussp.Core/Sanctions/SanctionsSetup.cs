using Cussp.Screening;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cussp.Sanctions;

/// <summary>Registers the sanctions register and the screening service.</summary>
public static class SanctionsSetup
{
    /// <summary>Adds <see cref="SanctionsRegister"/> (scoped) and <see cref="ScreeningService"/> (one per process).</summary>
    public static IServiceCollection AddSanctions(this IServiceCollection services)
    {
        services.AddScoped<SanctionsRegister>();
        services.TryAddSingleton(new ScreeningOptions());
        services.AddSingleton<ScreeningService>();
        return services;
    }
}
