using System.Text.Json.Nodes;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Audit;

public class AuditExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, Databases]
    public async Task Export_SinceADate_IsCheckedByAnIndependentVerifierWithThePublicKeyAlone(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await WriteDaysAsync(db, days: 5, batchesPerDay: 7);

        var json = await ExportAsync(db, TestDatabase.DefaultNow + Duration.FromDays(2) - Duration.FromHours(10));

        Assert.Empty(IndependentExportVerifier.Check(json, db.PublicKey().Pem));
        var doc = JsonNode.Parse(json)!;
        var entries = doc["entries"]!.AsArray();
        var checkpoints = doc["checkpoints"]!.AsArray();
        // From the first change of day 3 to the end, with the checkpoint just before it as the anchor a previous export ended at.
        Assert.Equal("day-3-0-0", (string?)entries[0]!["recordId"]);
        Assert.Equal((long?)checkpoints[0]!["treeSize"] + 1, (long?)entries[0]!["seq"]);
        Assert.Equal((long?)doc["treeSize"], (long?)entries[^1]!["seq"]);
        Assert.Equal(checkpoints.Count - 1, doc["consistencyProofs"]!.AsArray().Count);
        Assert.True(checkpoints.Count >= 15, $"{checkpoints.Count} checkpoints");
        Assert.All(checkpoints, c => Assert.Equal((2, 32), ((int)c!["format"]!, Convert.FromBase64String((string)c["previousHash"]!).Length)));
    }

    [Fact]
    public async Task Export_AlteredAfterwards_IsRejectedByTheIndependentVerifier()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        await WriteDaysAsync(db, days: 2, batchesPerDay: 5);
        var json = await ExportAsync(db, TestDatabase.DefaultNow);
        var pem = db.PublicKey().Pem;
        using var stranger = InMemoryAuditSigningKey.Create();

        Assert.NotEmpty(IndependentExportVerifier.Check(Alter(json, d => d["entries"]![3]!["actor"] = "user:mallory"), pem));
        Assert.NotEmpty(IndependentExportVerifier.Check(Alter(json, d => d["entries"]!.AsArray().RemoveAt(2)), pem));
        Assert.NotEmpty(IndependentExportVerifier.Check(Alter(json, d => d["checkpoints"]![1]!["at"] = 1), pem));
        Assert.NotEmpty(IndependentExportVerifier.Check(Alter(json, d => d["checkpoints"]!.AsArray().RemoveAt(1)), pem));
        Assert.NotEmpty(IndependentExportVerifier.Check(Alter(json, d => d["checkpoints"]![1]!["previousHash"] = Convert.ToBase64String(new byte[32])), pem));
        Assert.NotEmpty(IndependentExportVerifier.Check(Alter(json, d => d["checkpoints"]![1]!["format"] = 1), pem));
        Assert.NotEmpty(IndependentExportVerifier.Check(Alter(json, d => d["checkpoints"]![0]!["signature"] = d["checkpoints"]![1]!["signature"]!.GetValue<string>()), pem));
        Assert.NotEmpty(IndependentExportVerifier.Check(Alter(json, d => d["consistencyProofs"]![0]!["proof"]![0] = Convert.ToBase64String(new byte[32])), pem));
        Assert.NotEmpty(IndependentExportVerifier.Check(json, stranger.PublicKey.Pem));
        Assert.Empty(IndependentExportVerifier.Check(json, pem));
    }

    [Fact]
    public async Task Export_OfADamagedLog_IsRefused()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        await WriteDaysAsync(db, days: 1, batchesPerDay: 3);
        await using (var connection = db.Connect())
        {
            await connection.OpenAsync(Ct);
            await connection.DropAppendOnlyTriggersAsync(DatabaseProvider.Sqlite);
            await connection.ExecuteAsync("""DELETE FROM audit_entries WHERE "Seq" = 3""");
        }

        var e = await Assert.ThrowsAsync<AuditLogDamagedException>(() => ExportAsync(db, TestDatabase.DefaultNow));
        Assert.Equal(3, e.Fault.Entry);
    }

    [Theory, Databases]
    public async Task Verify_LogCutBackToAnEarlierCheckpoint_IsCaughtOnlyWithAnEarlierExportAsAnchor(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await WriteDaysAsync(db, days: 1, batchesPerDay: 3);
        var kept = await CountAsync(db);
        await WriteDaysAsync(db, days: 1, batchesPerDay: 3);
        using var export = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(await ExportAsync(db, TestDatabase.DefaultNow)));
        var anchor = AuditAnchor.FromExport(export);
        Assert.Null((await AuditVerifier.VerifyAsync(db.Settings, db.PublicKey(), anchor, Ct)).Fault);

        // Everything after an earlier checkpoint goes, and the append state is rewound to it: consistent in itself.
        await using (var connection = db.Connect())
        {
            await connection.OpenAsync(Ct);
            await connection.DropAppendOnlyTriggersAsync(provider);
            await connection.ExecuteAsync($"""DELETE FROM audit_entries WHERE "Seq" > {kept}""");
            await connection.ExecuteAsync($"""DELETE FROM audit_checkpoints WHERE "TreeSize" > {kept}""");
            await using var scope = db.Services.CreateAsyncScope();
            var frontier = new MerkleFrontier();
            foreach (var e in await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking().OrderBy(e => e.Seq).ToListAsync(Ct))
            {
                frontier.Append(AuditFormat.LeafHash(e));
            }
            await connection.ExecuteAsync("""UPDATE audit_head SET "TreeSize" = @p0, "Frontier" = @p1""", null, kept, frontier.Save());
        }

        Assert.Null((await db.VerifyAsync()).Fault);
        var fault = (await AuditVerifier.VerifyAsync(db.Settings, db.PublicKey(), anchor, Ct)).Fault;
        Assert.Equal(kept + 1, fault?.Entry);
        Assert.Contains("cut back", fault!.Problem, StringComparison.Ordinal);
    }

    private static async Task<long> CountAsync(TestDatabase db)
    {
        await using var scope = db.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.LongCountAsync(Ct);
    }

    private static async Task WriteDaysAsync(TestDatabase db, int days, int batchesPerDay)
    {
        for (var day = 1; day <= days; day++)
        {
            for (var b = 0; b < batchesPerDay; b++)
            {
                db.Clock.Reset(TestDatabase.DefaultNow + Duration.FromDays(day - 1) + Duration.FromMinutes(b + 1));
                await using var scope = db.Services.CreateAsyncScope();
                var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
                audit.ActAs(AuditActor.User("olena", "Olena"));
                for (var k = 0; k <= b % 3; k++)
                {
                    audit.Changed("commitment.update", "commitment", $"day-{day}-{b}-{k}", new { status = "open" }, new { status = "delivered", note = "«доставлено»" });
                }
                await audit.SaveAsync(Ct);
            }
        }
    }

    private static async Task<string> ExportAsync(TestDatabase db, Instant since)
    {
        await using var scope = db.Services.CreateAsyncScope();
        using var stream = new MemoryStream();
        await AuditExport.WriteAsync(scope.ServiceProvider.GetRequiredService<CusspDbContext>(), db.PublicKey(), since, stream, Ct);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Alter(string json, Action<JsonNode> change)
    {
        var doc = JsonNode.Parse(json)!;
        change(doc);
        return doc.ToJsonString();
    }
}
