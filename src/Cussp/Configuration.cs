using Cussp.Data;

namespace Cussp;

/// <summary>Reads the product's settings from configuration, the one place that knows their names.</summary>
internal static class Configuration
{
    /// <summary>The address served when nothing else is said.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The data folder (environment or setting <c>CUSSP_DATA</c>; <c>--data</c> on the command line).</summary>
    public const string DataKey = "CUSSP_DATA";

    /// <summary>Sqlite (the default) or Postgres.</summary>
    public const string DatabaseProviderKey = "Database:Provider";

    /// <summary>The name of the PostgreSQL connection string (<c>ConnectionStrings:Cussp</c>).</summary>
    public const string ConnectionStringName = "Cussp";

    /// <summary>Where the audit log's signing key is kept (default: in the data folder).</summary>
    public const string AuditSigningKeyPathKey = "Audit:SigningKeyPath";

    /// <summary>Where the audit log's digest key is kept (default: in the data folder).</summary>
    public const string AuditDigestKeyPathKey = "Audit:DigestKeyPath";

    /// <summary>The participant of the first administrator (Canada unless set).</summary>
    public const string AdministratorParticipantKey = "Setup:AdministratorParticipant";

    /// <summary>The screening alert threshold (environment: <c>Screening__Threshold</c>).</summary>
    public const string ScreeningThresholdKey = "Screening:Threshold";

    /// <summary>The share of a list one import may remove (environment: <c>Sanctions__MaxRemovalShare</c>).</summary>
    public const string MaxRemovalShareKey = "Sanctions:MaxRemovalShare";

    /// <summary>The proxies whose forwarded headers are believed.</summary>
    public const string KnownProxiesKey = "Network:KnownProxies";

    /// <summary>The networks whose forwarded headers are believed.</summary>
    public const string KnownNetworksKey = "Network:KnownNetworks";

    /// <summary>The host names the server answers.</summary>
    public const string AllowedHostsKey = "Network:AllowedHosts";

    /// <summary>Requests per second one client may make.</summary>
    public const string RequestsPerSecondKey = "RateLimits:RequestsPerSecond";

    /// <summary>Sign-in attempts per minute one client may make.</summary>
    public const string SignInsPerMinuteKey = "RateLimits:SignInsPerMinute";

    /// <summary>
    /// Log levels used unless configuration says otherwise (<c>Logging:LogLevel:…</c>): the server's own messages and warnings, without
    /// a line per SQL command or per request, which on a busy server cost more than the work they describe.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> LoggingDefaults { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
    };

    public static DatabaseSettings Database(IConfiguration configuration)
    {
        var data = configuration[DataKey];
        var dir = Path.GetFullPath(string.IsNullOrWhiteSpace(data) ? "cussp-data" : data);
        var provider = configuration[DatabaseProviderKey];
        var chosen = provider switch
        {
            null or "" => DatabaseProvider.Sqlite,
            _ when provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => DatabaseProvider.Sqlite,
            _ when provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase)
                => DatabaseProvider.Postgres,
            _ => throw new ConfigurationException($"{DatabaseProviderKey} \"{provider}\": use Sqlite or Postgres"),
        };
        var keyPath = configuration[AuditSigningKeyPathKey];
        var digestPath = configuration[AuditDigestKeyPathKey];
        return new DatabaseSettings(chosen, dir, configuration.GetConnectionString(ConnectionStringName))
        {
            SigningKeyPath = string.IsNullOrWhiteSpace(keyPath) ? null : Path.GetFullPath(keyPath),
            DigestKeyPath = string.IsNullOrWhiteSpace(digestPath) ? null : Path.GetFullPath(digestPath),
        };
    }

    /// <summary>How notices leave the app (<c>Notifications:…</c>), checked; secrets come from the environment, not from files in the repository.</summary>
    /// <exception cref="ConfigurationException">A setting is wrong.</exception>
    public static Notifications.NotificationSettings Notifications(IConfiguration configuration)
    {
        Notifications.NotificationSettings settings;
        try
        {
            settings = configuration.GetSection("Notifications").Get<Notifications.NotificationSettings>() ?? new();
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigurationException($"Notifications: {e.Message}");
        }
        settings.Validate();
        return settings;
    }

    /// <summary>Configuration for command-line work: appsettings.json beside the executable, environment, then the options given.</summary>
    public static IConfiguration ForCommandLine(string? dataDirectory, IEnumerable<KeyValuePair<string, string?>>? settings = null) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings ?? [])
            .AddInMemoryCollection(dataDirectory is null ? [] : [new KeyValuePair<string, string?>(DataKey, dataDirectory)])
            .Build();
}
