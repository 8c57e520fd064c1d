using System.Collections.Concurrent;
using Cussp.Agreements;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Cussp.Core.Tests.Data;

public class MigrationsTests
{
    [Theory, Databases]
    public async Task Migrations_OfEachProvider_DescribeTheWholeModel_TakeTheSameSteps_AndAreAllApplied(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();

        Assert.False(context.Database.HasPendingModelChanges(),
            $"the {provider} model has changes no migration describes: add a migration for each provider");
        Assert.Empty(await context.Database.GetPendingMigrationsAsync(ct));
        var steps = ((IInfrastructure<IServiceProvider>)context).GetService<IMigrationsAssembly>().Migrations.Keys.Order(StringComparer.Ordinal)
            .Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(Steps, steps);
    }

    /// <summary>The schema steps both providers take, in order; a change of the model adds one to each.</summary>
    private static readonly string[] Steps = ["Initial", "ComponentMap", "Commitments", "CommitmentEvidence", "Indicators", "DemoSets", "ComplianceScores", "PublicRelease", "Meetings", "Consultations", "LifecycleEvents", "ThirdStates", "AgreementVersions", "MeetingRecords", "MeetingCancellation"];

    [Theory, Databases]
    public async Task Upgrade_FromTheFirstStep_KeepsTheCusspAndGivesItTheComponentMap(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(provider);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(db.Clock);
        services.AddCusspCore(_ => db.Settings);
        services.AddCusspAccounts();
        await using var provided = services.BuildServiceProvider();
        Directory.CreateDirectory(db.Settings.DataDirectory);
        await using (var scope = provided.CreateAsyncScope())
        {
            // The CUSSP as the first version stored it, written with that version's columns.
            var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            var migrator = context.GetService<IMigrator>();
            var initial = context.Database.GetMigrations().Single(m => m.EndsWith("_Initial", StringComparison.Ordinal));
            await migrator.MigrateAsync(initial, ct);
            var text = AgreementRegister.CusspText();
            var parsed = AgreementParser.Parse(text);
            var imported = db.Clock.GetCurrentInstant().ToDateTimeUtc();
            await context.Database.ExecuteSqlAsync(
                $"INSERT INTO agreements (\"Id\", \"Title\", \"SourceText\", \"ImportedAt\", \"Revision\") VALUES ('cussp', {parsed.Title}, {text}, {imported}, 1)", ct);
            var ordinal = 0;
            foreach (var c in ProvisionClassifier.Classify(parsed))
            {
                var (p, k) = (c.Source, c.Classification);
                await context.Database.ExecuteSqlAsync(
                    $"INSERT INTO provisions (\"AgreementId\", \"Citation\", \"Ordinal\", \"Kind\", \"Number\", \"ParentCitation\", \"DivisionCitation\", \"Text\", \"Actor\", \"Modality\", \"Component\", \"Basis\") VALUES ('cussp', {p.Citation}, {ordinal++}, {p.Kind.ToString()}, {p.Number}, {p.ParentCitation}, {p.DivisionCitation}, {p.Text}, {k.Actor.ToString()}, {k.Modality.ToString()}, {k.Component}, {k.Basis})",
                    ct);
            }
        }

        await DatabaseSetup.InitialiseAsync(provided, ct);

        await using (var scope = provided.CreateAsyncScope())
        {
            var s = (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync(AgreementRegister.CusspId, ct))!;
            Assert.Equal(161, s.Provisions.Count);
            Assert.Equal(24, s.SummaryLines.Count);
            Assert.Equal(["economic-military-assistance"], s.Find("IV.A.2")!.SecondaryComponents);
            Assert.Equal("economic-military-assistance", s.Find("I.4")!.Component);
            Assert.Equal(2, s.Agreement.Revision);
        }
    }

    [Theory, Databases]
    public async Task FirstStart_OnAnEmptyDatabase_LogsNoWarning_AndTheAuditTablesRefuseRewrites(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(provider);
        var logged = new ConcurrentQueue<string>();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(new Capture(logged)));
        services.AddSingleton<IClock>(db.Clock);
        services.AddCusspCore(_ => db.Settings);
        services.AddCusspAccounts();
        await using var provided = services.BuildServiceProvider();

        await DatabaseSetup.InitialiseAsync(provided, ct);

        Assert.True(logged.IsEmpty, string.Join(Environment.NewLine, logged));
        await using var scope = provided.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        Assert.True(await context.Agreements.AnyAsync(ct));
        var entries = await context.AuditEntries.CountAsync(ct);
        Assert.True(entries > 0);
        await Assert.ThrowsAnyAsync<Exception>(() => context.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries", ct));
        await Assert.ThrowsAnyAsync<Exception>(() => context.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"Action\" = 'x'", ct));
        Assert.Equal(entries, await context.AuditEntries.CountAsync(ct));
    }

    [Theory, Databases]
    public async Task Start_OnADatabaseMadeByAnotherVersion_IsRefusedWithTheReason_AndTheDatabaseIsLeftAsItWas(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('20261125002950_Register', '10.0.0')", ct);
        }
        var tablesBefore = await TablesAsync(db, ct);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => DatabaseSetup.InitialiseAsync(db.Services, ct));

        Assert.Contains("20261125002950_Register", refused.Message, StringComparison.Ordinal);
        Assert.Contains("another version of CUSSP Desk", refused.Message, StringComparison.Ordinal);
        Assert.Equal(tablesBefore, await TablesAsync(db, ct));
    }

    private static async Task<int> TablesAsync(TestDatabase db, CancellationToken ct)
    {
        await using var scope = db.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        return await context.Database.SqlQueryRaw<int>(db.Settings.Provider == DatabaseProvider.Sqlite
            ? "SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table'"
            : "SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").SingleAsync(ct);
    }

    /// <summary>Keeps what is logged at warning level or above.</summary>
    private sealed class Capture(ConcurrentQueue<string> logged) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, logged);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> logged) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    logged.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
                }
            }
        }
    }
}
