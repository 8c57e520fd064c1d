using Cussp.Data;

namespace Cussp;

/// <summary>Reads the product's settings from configuration, the one place that knows their names.</summary>
internal static class Configuration
{
    /// <summary>The address served when nothing else is said.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Configuration keys: <c>CUSSP_DATA</c>, <c>Database:Provider</c>, <c>ConnectionStrings:Cussp</c>, <c>Audit:SigningKeyPath</c>, <c>Audit:DigestKeyPath</c>.</summary>
    public const string DataKey = "CUSSP_DATA";

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
        var provider = configuration["Database:Provider"];
        var chosen = provider switch
        {
            null or "" => DatabaseProvider.Sqlite,
            _ when provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) => DatabaseProvider.Sqlite,
            _ when provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase)
                => DatabaseProvider.Postgres,
            _ => throw new ConfigurationException($"Database:Provider \"{provider}\": use Sqlite or Postgres"),
        };
        var keyPath = configuration["Audit:SigningKeyPath"];
        var digestPath = configuration["Audit:DigestKeyPath"];
        return new DatabaseSettings(chosen, dir, configuration.GetConnectionString("Cussp"))
        {
            SigningKeyPath = string.IsNullOrWhiteSpace(keyPath) ? null : Path.GetFullPath(keyPath),
            DigestKeyPath = string.IsNullOrWhiteSpace(digestPath) ? null : Path.GetFullPath(digestPath),
        };
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
