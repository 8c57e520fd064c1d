using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Sanctions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cussp.Data;

/// <summary>Which database the product runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite in the data folder (the default).</summary>
    Sqlite,
    /// <summary>PostgreSQL from <c>ConnectionStrings:Cussp</c>.</summary>
    Postgres,
}

/// <summary>Where the data lives.</summary>
/// <param name="Provider">SQLite or PostgreSQL.</param>
/// <param name="DataDirectory">The data folder (SQLite file, keys, exports).</param>
/// <param name="ConnectionString">The PostgreSQL connection string, when the provider is PostgreSQL.</param>
public sealed record DatabaseSettings(DatabaseProvider Provider, string DataDirectory, string? ConnectionString)
{
    /// <summary>The SQLite connection string for the data folder.</summary>
    public string SqliteConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = Path.Combine(DataDirectory, "cussp.db"),
        ForeignKeys = true,
        Pooling = true,
    }.ToString();

    /// <summary>The audit signing key file (<c>Audit:SigningKeyPath</c>); null keeps it in the data folder.</summary>
    public string? SigningKeyPath { get; init; }

    /// <summary>Where the audit signing key is read from, or created on first use.</summary>
    public string AuditKeyPath => SigningKeyPath ?? Path.Combine(DataDirectory, FileAuditSigningKey.DefaultFileName);

    /// <summary>The audit digest secret file (<c>Audit:DigestKeyPath</c>); null keeps it in the data folder.</summary>
    public string? DigestKeyPath { get; init; }

    /// <summary>Where the secret of the audit log's keyed digests is read from, or created on first use.</summary>
    public string AuditDigestKeyPath => DigestKeyPath ?? Path.Combine(DataDirectory, FileAuditDigest.DefaultFileName);
}

/// <summary>Registers the database and brings it up to date.</summary>
public static class DatabaseSetup
{
    /// <summary>Registers the database chosen by <paramref name="settings"/> (read when first needed), the clock and the register.</summary>
    public static IServiceCollection AddCusspCore(this IServiceCollection services, Func<IServiceProvider, DatabaseSettings> settings)
    {
        services.AddSingleton(sp =>
        {
            var s = settings(sp);
            if (s.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(s.ConnectionString))
            {
                throw new ConfigurationException("Database:Provider=Postgres needs ConnectionStrings:Cussp");
            }
            return s;
        });
        services.TryAddSingleton<IClock>(SystemClock.Instance);
        // Whatever asks for a TimeProvider (authentication and Identity's cookies) reads the clock registered last, as the domain does.
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(sp => new Time.ClockTimeProvider(sp.GetRequiredService<IClock>())));
        services.AddDbContext<PostgresCusspDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<DatabaseSettings>().ConnectionString)
            .AddInterceptors(sp.GetRequiredService<AuditSealer>()));
        services.AddDbContext<SqliteCusspDbContext>((sp, o) => o.UseSqlite(sp.GetRequiredService<DatabaseSettings>().SqliteConnectionString)
            .AddInterceptors(sp.GetRequiredService<AuditSealer>()));
        services.AddAudit();
        services.AddScoped<CusspDbContext>(sp => sp.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Postgres
            ? sp.GetRequiredService<PostgresCusspDbContext>()
            : sp.GetRequiredService<SqliteCusspDbContext>());
        services.AddSingleton<RegisterCache>();
        services.AddPerScope(typeof(AgreementRegister), typeof(AgreementAmendments), typeof(Decisions.JointDecisions), typeof(Exchange.SharedDocuments),
            typeof(CommitmentTracker), typeof(CommitmentEvidence), typeof(CommitmentCompletion), typeof(CommitmentProgress), typeof(CommitmentIndicators), typeof(CommitmentDemo), typeof(CommitmentCompliance), typeof(StockTake),
            typeof(CommitmentChanges), typeof(CommitmentAuthoring),
            typeof(CommitmentRelease), typeof(Obligations.Meetings), typeof(Obligations.ObligationClock),
            typeof(Obligations.Consultations), typeof(Obligations.ConsultationEscalation), typeof(Notifications.Notifier), typeof(Notifications.NoticeDelivery),
            typeof(Notifications.NotificationInbox), typeof(Obligations.AgreementLifecycle),
            typeof(Obligations.ThirdStates));
        services.TryAddSingleton(new Notifications.NotificationSettings());
        services.AddScoped<Decisions.IDecisionOutcome>(sp => sp.GetRequiredService<CommitmentCompletion>());
        services.AddScoped<Decisions.IDecisionOutcome>(sp => sp.GetRequiredService<AgreementAmendments>());
        services.AddScoped<RegisterReading>();
        services.AddSanctions();
        return services;
    }

    /// <summary>
    /// Registers one of each of <paramref name="types"/> per scope (a request, a command): the use cases and the audit services they
    /// write through share that scope's database context and the audit entries pending on it, so one save commits both.
    /// </summary>
    internal static IServiceCollection AddPerScope(this IServiceCollection services, params Type[] types)
    {
        foreach (var type in types)
        {
            services.AddScoped(type);
        }
        return services;
    }

    /// <summary>Creates or migrates the database and loads the CUSSP when it is not there yet.</summary>
    public static async Task InitialiseAsync(IServiceProvider services, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<DatabaseSettings>();
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            Directory.CreateDirectory(settings.DataDirectory);
        }
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var history = db.GetService<IHistoryRepository>();
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        // Made first, so that neither this check nor the migrator reads a table that is not there (which EF logs as an error).
        await history.CreateIfNotExistsAsync(ct);
        var foreign = (await history.GetAppliedMigrationsAsync(ct)).Select(m => m.MigrationId).Where(m => !known.Contains(m)).ToList();
        if (foreign.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database was made by another version of CUSSP Desk (its schema steps {string.Join(", ", foreign)} are not this version's); " +
                "this version does not change it. Point CUSSP Desk at a new data folder or database, or run the version that made it.");
        }
        await db.Database.MigrateAsync(ct);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers go on while one writer commits; it is a property of the file, kept once set.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
        scope.ServiceProvider.GetRequiredService<AuditTrail>().ActAs(AuditActor.System);
        if (await db.Agreements.AnyAsync(a => a.Id == AgreementRegister.CusspId, ct))
        {
            // A database loaded before the component map shipped gets it once; a node that loses the race sees it applied.
            try
            {
                await register.ApplyComponentMapAsync(AgreementRegister.CusspId, ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                if (!await db.SummaryLines.AsNoTracking().AnyAsync(l => l.AgreementId == AgreementRegister.CusspId, ct))
                {
                    throw;
                }
            }
        }
        else
        {
            try
            {
                await register.ImportAsync(AgreementRegister.CusspId, AgreementRegister.CusspText(), ct);
            }
            catch (DbUpdateException)
            {
                // Another node may have loaded it first; anything else is a real failure.
                db.ChangeTracker.Clear();
                if (!await db.Agreements.AsNoTracking().AnyAsync(a => a.Id == AgreementRegister.CusspId, ct))
                {
                    throw;
                }
            }
        }
        // The registry of states with arrangements under the G7 Joint Declaration, once.
        try
        {
            await scope.ServiceProvider.GetRequiredService<Obligations.ThirdStates>().SeedAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.ThirdStates.AsNoTracking().AnyAsync(ct))
            {
                throw;
            }
        }
        // The commitments the text makes, once; a node that loses the race finds them made by the other.
        try
        {
            await scope.ServiceProvider.GetRequiredService<CommitmentTracker>().DeriveAsync(AgreementRegister.CusspId, ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.Commitments.AsNoTracking().AnyAsync(c => c.AgreementId == AgreementRegister.CusspId && c.DerivedFrom != null, ct))
            {
                throw;
            }
        }
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite model.</summary>
internal sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteCusspDbContext>
{
    public SqliteCusspDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCusspDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL model.</summary>
internal sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresCusspDbContext>
{
    public PostgresCusspDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCusspDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
