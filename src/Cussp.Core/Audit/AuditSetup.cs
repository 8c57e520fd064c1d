using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cussp.Audit;

/// <summary>Registers the audit trail, its sealer and the signing key.</summary>
public static class AuditSetup
{
    /// <summary>Adds the audit services; an <see cref="IAuditActor"/>, <see cref="IAuditSigningKey"/> or <see cref="IAuditDigest"/> registered before wins.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddPerScope(typeof(PendingAudit), typeof(AuditSealer), typeof(AuditTrail), typeof(AuditLog));
        services.TryAddScoped<IAuditActor, CommandLineAuditActor>();
        services.TryAddSingleton<IAuditSigningKey>(sp => new FileAuditSigningKey(sp.GetRequiredService<DatabaseSettings>().AuditKeyPath));
        services.TryAddSingleton<IAuditDigest>(sp => new FileAuditDigest(sp.GetRequiredService<DatabaseSettings>().AuditDigestKeyPath));
        return services;
    }
}
