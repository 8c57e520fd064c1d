using System.Collections.Concurrent;
using System.Reflection;
using Cussp.Data;
using Cussp.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Npgsql;
using Xunit.Sdk;
using Xunit.v3;

namespace Cussp.Tests;

/// <summary>
/// Runs a data test once on every configured database: SQLite always, PostgreSQL when <c>CUSSP_TEST_POSTGRES</c> holds a
/// connection string (test.sh starts a throwaway cluster and sets it). Without one the PostgreSQL row is reported as skipped,
/// with the reason; under CI a missing PostgreSQL is an error, not a skip.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatabasesAttribute : DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker) =>
        ValueTask.FromResult<IReadOnlyCollection<ITheoryDataRow>>(
            [.. TestDatabase.All.Select(p => new TheoryDataRow<DatabaseProvider>(p) { Skip = TestDatabase.SkipReason(p) })]);

    public override bool SupportsDiscoveryEnumeration() => true;
}

/// <summary>A fresh database of one provider, migrated and loaded with the CUSSP, dropped when disposed.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CUSSP_TEST_POSTGRES";

    /// <summary>Signature day of the CUSSP, noon in Kyiv: the default "now" of data tests.</summary>
    public static readonly Instant DefaultNow = Instant.FromUtc(2024, 2, 24, 10, 0);

    private readonly string? _postgresName;

    private TestDatabase(DatabaseSettings settings, string? postgresName, FakeClock clock)
    {
        Settings = settings;
        _postgresName = postgresName;
        Clock = clock;
    }

    public DatabaseSettings Settings { get; }

    public FakeClock Clock { get; }

    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>Every provider a data test runs on, SQLite first.</summary>
    public static IReadOnlyList<DatabaseProvider> All { get; } = [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    /// <summary>Why tests on <paramref name="provider"/> cannot run here, or null when they can.</summary>
    public static string? SkipReason(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? PostgresSkipReason() : null;

    /// <summary>Why PostgreSQL tests cannot run here, or null when a server is configured; throws under CI, which runs them all.</summary>
    public static string? PostgresSkipReason()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable)))
        {
            return null;
        }
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            throw new InvalidOperationException($"CI runs every data test on PostgreSQL too: set {PostgresVariable} (test.sh does).");
        }
        return $"{PostgresVariable} not set: no PostgreSQL server configured (test.sh starts a throwaway one and sets it)";
    }

    /// <summary>Creates an empty database of <paramref name="provider"/>; <see cref="InitialiseAsync"/> migrates and seeds it.</summary>
    public static Task<TestDatabase> CreateAsync(DatabaseProvider provider, Instant? now = null) => CreateAsync(provider, now, null);

    private static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, Instant? now, string? template)
    {
        var clock = new FakeClock(now ?? DefaultNow);
        var dir = Path.Combine(Path.GetTempPath(), "cussp-test-" + Guid.NewGuid().ToString("N"));
        string? name = null;
        string? connection = null;
        if (provider == DatabaseProvider.Postgres)
        {
            var admin = Environment.GetEnvironmentVariable(PostgresVariable)
                ?? throw new InvalidOperationException($"{PostgresVariable} is not set");
            name = "cussp_t_" + Guid.NewGuid().ToString("N");
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            connection = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        }
        return new TestDatabase(new DatabaseSettings(provider, dir, connection), name, clock);
    }

    /// <summary>A migrated and seeded database, with services on it (a copy of the run's seeded one for this provider and time).</summary>
    public static async Task<TestDatabase> StartAsync(DatabaseProvider provider, Instant? now = null)
    {
        var db = await CreateSeededAsync(provider, now);
        db.BuildServices();
        return db;
    }

    /// <summary>
    /// A database as <see cref="InitialiseAsync"/> leaves it, copied from one seeded once per provider and "now" in this test run: a
    /// file copy for SQLite, <c>CREATE DATABASE … TEMPLATE</c> for PostgreSQL, with the data folder's audit keys. Seeding each
    /// database again would cost every test the same half second.
    /// </summary>
    public static async Task<TestDatabase> CreateSeededAsync(DatabaseProvider provider, Instant? now = null)
    {
        var at = now ?? DefaultNow;
        var template = await Templates.GetOrAdd((provider, at), key => new Lazy<Task<TestDatabase>>(() => SeedTemplateAsync(key.Provider, key.Now))).Value;
        var db = await CreateAsync(provider, at, template._postgresName);
        Directory.CreateDirectory(db.Settings.DataDirectory);
        foreach (var file in Directory.GetFiles(template.Settings.DataDirectory).Where(f => !Path.GetFileName(f).StartsWith("cussp.db", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(db.Settings.DataDirectory, Path.GetFileName(file)));
        }
        if (provider == DatabaseProvider.Sqlite)
        {
            await using var source = new Microsoft.Data.Sqlite.SqliteConnection(template.Settings.SqliteConnectionString);
            await using var target = new Microsoft.Data.Sqlite.SqliteConnection(db.Settings.SqliteConnectionString);
            await source.OpenAsync();
            await target.OpenAsync();
            source.BackupDatabase(target);
        }
        return db;
    }

    private static readonly ConcurrentDictionary<(DatabaseProvider Provider, Instant Now), Lazy<Task<TestDatabase>>> Templates = new();

    private static async Task<TestDatabase> SeedTemplateAsync(DatabaseProvider provider, Instant now)
    {
        var template = await CreateAsync(provider, now);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => template.DisposeAsync().AsTask().GetAwaiter().GetResult();
        await template.InitialiseAsync();
        // Nobody may be connected to a PostgreSQL template while a database is made from it.
        await template.Services.DisposeAsync();
        template.Services = null!;
        if (template.Settings.ConnectionString is { } connection)
        {
            NpgsqlConnection.ClearPool(new NpgsqlConnection(connection));
        }
        return template;
    }

    /// <summary>Migrates and seeds this database as the app does on start, with services on it.</summary>
    public async Task InitialiseAsync()
    {
        BuildServices();
        await DatabaseSetup.InitialiseAsync(Services);
    }

    private void BuildServices()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(Clock);
        services.AddCusspCore(_ => Settings);
        services.AddCusspAccounts();
        Services = services.BuildServiceProvider();
    }

    /// <summary>Configuration entries that point a web host at this database.</summary>
    public IEnumerable<KeyValuePair<string, string?>> HostConfiguration() =>
    [
        new("CUSSP_DATA", Settings.DataDirectory),
        new("Database:Provider", Settings.Provider.ToString()),
        new("ConnectionStrings:Cussp", Settings.ConnectionString),
    ];

    public async ValueTask DisposeAsync()
    {
        if (Services is not null)
        {
            await Services.DisposeAsync();
        }
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(Settings.DataDirectory))
        {
            Directory.Delete(Settings.DataDirectory, recursive: true);
        }
    }
}
