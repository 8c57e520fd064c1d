using System.Diagnostics;
using System.Text.Json;
using Cussp.Agreements;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Core.Tests.Audit;

/// <summary>
/// A separate process makes audited changes through the register as fast as it can and is killed with SIGKILL mid-stream, three
/// times; after each kill every change it acknowledged must be in the log, the data must match the log's last word, and the log
/// must verify and take new entries.
/// </summary>
public class AuditCrashTests
{
    private const string DataVariable = "CUSSP_CRASH_DATA";
    private const string ProviderVariable = "CUSSP_CRASH_PROVIDER";
    private const string ConnectionVariable = "CUSSP_CRASH_CONNECTION";
    private const string AcksVariable = "CUSSP_CRASH_ACKS";
    private const string FirstVariable = "CUSSP_CRASH_FIRST";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, Databases]
    public async Task Sigkill_DuringAStreamOfAuditedWrites_LosesNoAcknowledgedWriteAndTheLogVerifies(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        var acks = Path.Combine(db.Settings.DataDirectory, "acks.txt");
        var rng = new Random(24);

        for (var round = 0; round < 3; round++)
        {
            var before = Acknowledged(acks).Count;
            using var writer = StartWriter(db, acks, first: round * 100_000);
            var deadline = Stopwatch.StartNew();
            while (Acknowledged(acks).Count < before + 20 + rng.Next(20))
            {
                if (writer.HasExited)
                {
                    Assert.Fail($"the writer stopped: {await writer.StandardOutput.ReadToEndAsync(Ct)}");
                }
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), "the writer made too little progress");
                await Task.Delay(5, Ct);
            }
            writer.Kill();
            await writer.WaitForExitAsync(Ct);

            var verification = await db.VerifyAsync();
            Assert.Null(verification.Fault);
            await using var scope = db.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            var logged = (await context.AuditEntries.AsNoTracking().Where(e => e.Action == "agreement.override.set").Select(e => e.After).ToListAsync(Ct))
                .Select(a => JsonDocument.Parse(a!).RootElement.GetProperty("reason").GetString()).ToHashSet();
            var missing = Acknowledged(acks).Where(i => !logged.Contains($"crash {i}")).ToList();
            Assert.True(missing.Count == 0, $"acknowledged but not in the log: {string.Join(", ", missing)}");
            // The stored override is the one the log's last entry for it describes: neither was committed without the other.
            var last = await context.AuditEntries.AsNoTracking().Where(e => e.RecordId == "cussp/IV.N.3").OrderByDescending(e => e.Seq).FirstAsync(Ct);
            var stored = await context.ProvisionOverrides.AsNoTracking().SingleAsync(o => o.Citation == "IV.N.3", Ct);
            Assert.Equal(stored.Reason, JsonDocument.Parse(last.After!).RootElement.GetProperty("reason").GetString());
        }

        await using (var scope = db.Services.CreateAsyncScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            audit.Read("document", "after-the-crash", "SECRET");
            await audit.SaveAsync(Ct);
        }
        Assert.Null((await db.VerifyAsync()).Fault);
    }

    /// <summary>The writer process: run by the test above in a child process, never on its own.</summary>
    [Fact(Explicit = true)]
    public async Task Writer()
    {
        var provider = Enum.Parse<DatabaseProvider>(Environment.GetEnvironmentVariable(ProviderVariable)!);
        var settings = new DatabaseSettings(provider, Environment.GetEnvironmentVariable(DataVariable)!, Environment.GetEnvironmentVariable(ConnectionVariable));
        var acks = Environment.GetEnvironmentVariable(AcksVariable)!;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCusspCore(_ => settings);
        await using var provided = services.BuildServiceProvider();
        for (var i = int.Parse(Environment.GetEnvironmentVariable(FirstVariable)!, System.Globalization.CultureInfo.InvariantCulture); ; i++)
        {
            await using (var scope = provided.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<AgreementRegister>().SetOverrideAsync("cussp", "IV.N.3",
                    i % 2 == 0 ? Actor.Canada : Actor.Ukraine, null, null, $"crash {i}", "test", CancellationToken.None);
            }
            // Acknowledged only once SaveChanges has returned, as a caller would be told.
            await File.AppendAllTextAsync(acks, $"{i}\n", CancellationToken.None);
        }
    }

    private static Process StartWriter(TestDatabase db, string acks, int first)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(AuditCrashTests).Assembly.Location);
        info.ArgumentList.Add("-method");
        info.ArgumentList.Add($"{typeof(AuditCrashTests).FullName}.{nameof(Writer)}");
        info.ArgumentList.Add("-explicit");
        info.ArgumentList.Add("only");
        info.Environment[DataVariable] = db.Settings.DataDirectory;
        info.Environment[ProviderVariable] = db.Settings.Provider.ToString();
        info.Environment[ConnectionVariable] = db.Settings.ConnectionString ?? "";
        info.Environment[AcksVariable] = acks;
        info.Environment[FirstVariable] = first.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Process.Start(info)!;
    }

    // Only whole lines count: the writer may be killed half-way through writing one.
    private static List<int> Acknowledged(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        var text = File.ReadAllText(path);
        return [.. text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture))];
    }
}
