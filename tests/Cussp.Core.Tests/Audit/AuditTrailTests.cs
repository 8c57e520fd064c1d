using System.Text.Json;
using Cussp.Agreements;
using Cussp.Audit;
using Cussp.Core.Tests.Agreements;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

using static Cussp.Core.Tests.Audit.AuditLogTestKit;

namespace Cussp.Core.Tests.Audit;

public class AuditTrailTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, Databases]
    public async Task Changes_SeedImportAndOverrides_AreEachLoggedWithActorBeforeAndAfter(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
            await register.ImportAsync("invented", Samples.Text("invented-arrangement.txt"), Ct);
            db.Clock.Advance(Duration.FromMinutes(5));
            await register.SetOverrideAsync("cussp", "IV.N.3", Actor.Canada, null, null, "Canada leads", "cli:alice", Ct);
            await register.SetOverrideAsync("cussp", "IV.N.3", null, null, null, "", "cli:alice", Ct);
        }

        await using var check = db.Services.CreateAsyncScope();
        var entries = await check.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking().OrderBy(e => e.Seq).ToListAsync(Ct);
        Assert.Equal(
            [(1L, "system", "agreement.import", "cussp"), (2, "system", "third-state.seed", "registry"), (3, "system", "commitment.derive", "cussp"),
             (4, $"cli:{Environment.UserName}", "agreement.import", "invented"), (5, $"cli:{Environment.UserName}", "agreement.override.set", "cussp/IV.N.3"),
             (6, $"cli:{Environment.UserName}", "agreement.override.clear", "cussp/IV.N.3")],
            entries.Select(e => (e.Seq, e.Actor, e.Action, e.RecordId)));
        Assert.Equal(TestDatabase.DefaultNow, entries[0].At);
        Assert.Equal(TestDatabase.DefaultNow + Duration.FromMinutes(5), entries[4].At);
        Assert.Null(entries[4].Before);
        Assert.Equal("Canada", JsonDocument.Parse(entries[4].After!).RootElement.GetProperty("actor").GetString());
        Assert.Equal("Canada leads", JsonDocument.Parse(entries[5].Before!).RootElement.GetProperty("reason").GetString());
        Assert.Null(entries[5].After);
        Assert.Equal(161, JsonDocument.Parse(entries[0].After!).RootElement.GetProperty("provisions").GetInt32());
        Assert.Equal(20, JsonDocument.Parse(entries[1].After!).RootElement.GetProperty("states").GetInt32());

        var result = await db.VerifyAsync();
        Assert.Null(result.Fault);
        Assert.Equal((6L, 6L), (result.Entries, result.Checkpoints));
    }

    [Theory, Databases]
    public async Task SaveChanges_ChangeNoUseCaseDescribed_IsStillLoggedWithItsColumns(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            var agreement = await context.Agreements.SingleAsync(a => a.Id == "cussp", Ct);
            agreement.Title = "Quietly renamed";
            await context.SaveChangesAsync(Ct);
        }
        await using var check = db.Services.CreateAsyncScope();
        var context2 = check.ServiceProvider.GetRequiredService<CusspDbContext>();
        var last = await context2.AuditEntries.OrderByDescending(e => e.Seq).FirstAsync(Ct);
        Assert.Equal(("update", "AgreementRecord", "cussp"), (last.Action, last.RecordType, last.RecordId));
        Assert.Contains("Quietly renamed", last.After, StringComparison.Ordinal);
        Assert.Contains("Agreement on security cooperation", last.Before, StringComparison.Ordinal);
        Assert.Null((await db.VerifyAsync()).Fault);
    }

    [Theory, Databases]
    public async Task SaveChanges_WhenTheChangeFails_WritesNoEntryAndTheLogStillVerifies(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            context.ProvisionOverrides.Add(new ProvisionOverrideRecord { AgreementId = "no-such-agreement", Citation = "I.1", Reason = "x", SetBy = "x" });
            audit.Changed("agreement.override.set", "provision", "no-such-agreement/I.1", null, new { reason = "x" });

            await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(Ct));
        }

        Assert.Equal((FirstStartEntries, FirstStartEntries, null), await Summary(db));
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            audit.Read("document", "d-1", "SECRET");
            await audit.SaveAsync(Ct);
        }
        Assert.Equal((FirstStartEntries + 1, FirstStartEntries + 1, null), await Summary(db));
    }

    [Theory, Databases]
    public async Task SaveChanges_LosingAConcurrencyCheck_LeavesNoTraceAndTheRetryContinuesTheLog(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        foreach (var inCallersTransaction in new[] { false, true })
        {
            await using var first = db.Services.CreateAsyncScope();
            await using var second = db.Services.CreateAsyncScope();
            var winner = first.ServiceProvider.GetRequiredService<CusspDbContext>();
            var loser = second.ServiceProvider.GetRequiredService<CusspDbContext>();
            var won = await winner.Agreements.SingleAsync(a => a.Id == "cussp", Ct);
            var lost = await loser.Agreements.SingleAsync(a => a.Id == "cussp", Ct);
            (won.Title, won.Revision) = ("Renamed first", won.Revision + 1);
            await winner.SaveChangesAsync(Ct);

            await using var transaction = inCallersTransaction ? await loser.Database.BeginTransactionAsync(Ct) : null;
            (lost.Title, lost.Revision) = ("Renamed second", lost.Revision + 1);
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => loser.SaveChangesAsync(Ct));
            await loser.Entry(lost).ReloadAsync(Ct);
            (lost.Title, lost.Revision) = ("Renamed second", lost.Revision + 1);
            await loser.SaveChangesAsync(Ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(Ct);
            }
        }

        // The first start's saves, then two saves each time: the failed one left neither an entry nor a moved append state.
        Assert.Equal((FirstStartEntries + 4, FirstStartEntries + 4, null), await Summary(db));
    }

    [Theory, Databases]
    public async Task Append_ConcurrentWriters_KeepOneGaplessSequenceThatVerifies(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        const int Writers = 4, Writes = 15;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < Writes; i++)
            {
                await using var scope = db.Services.CreateAsyncScope();
                var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
                audit.ActAs(AuditActor.User($"u{w}", $"Writer {w}"));
                audit.Read("document", $"{w}-{i}", "PROTECTED B");
                if (i % 3 == 0)
                {
                    audit.Read("document", $"{w}-{i}-annex", "PROTECTED B");
                }
                await audit.SaveAsync(Ct);
            }
        }, Ct)));

        await using var check = db.Services.CreateAsyncScope();
        var entries = await check.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking().OrderBy(e => e.Seq)
            .Select(e => new { e.Seq, e.RecordId }).ToListAsync(Ct);
        var expected = Writers * (Writes + ((Writes + 2) / 3));
        Assert.Equal(Enumerable.Range(1, expected + (int)FirstStartEntries).Select(i => (long)i), entries.Select(e => e.Seq));
        Assert.Equal(expected, entries.Skip((int)FirstStartEntries).Select(e => e.RecordId).Distinct().Count());
        var result = await db.VerifyAsync();
        Assert.Null(result.Fault);
        Assert.Equal(FirstStartEntries + (Writers * Writes), result.Checkpoints);
    }

    [Theory, Databases]
    public async Task AppendOnly_UpdateOrDeleteOfAnEntry_IsRefusedByTheDatabase(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var connection = db.Connect();
        await connection.OpenAsync(Ct);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("""UPDATE audit_entries SET "Actor" = 'someone else'"""));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("DELETE FROM audit_checkpoints"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("""UPDATE audit_checkpoints SET "Format" = 1, "PreviousHash" = NULL"""));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("""UPDATE audit_head SET "TreeSize" = 0"""));
        Assert.Null((await db.VerifyAsync()).Fault);
    }

    [Theory, Databases]
    public async Task Verify_EditedEntry_NamesIt(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using (var scope = db.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AgreementRegister>().ImportAsync("invented", Samples.Text("invented-arrangement.txt"), Ct);
        }
        await using var connection = db.Connect();
        await connection.OpenAsync(Ct);
        await connection.DropAppendOnlyTriggersAsync(provider);

        // The import above, made from the command line, passed off as the system's.
        await connection.ExecuteAsync("""UPDATE audit_entries SET "Actor" = 'system' WHERE "Seq" = 4""");

        var fault = (await db.VerifyAsync()).Fault;
        Assert.NotNull(fault);
        Assert.Equal(4, fault.Entry);
        Assert.StartsWith("entry 4: ", fault.ToString(), StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task Verify_WithAnotherServersKey_NamesTheFirstCheckpoint(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        using var other = InMemoryAuditSigningKey.Create();

        var result = await AuditVerifier.VerifyAsync(db.Settings, other.PublicKey, Ct);

        Assert.Equal(1, result.Fault?.Checkpoint);
        Assert.Contains("another key", result.Fault!.Problem, StringComparison.Ordinal);
    }

    private static async Task<(long, long, AuditFault?)> Summary(TestDatabase db)
    {
        var r = await db.VerifyAsync();
        return (r.Entries, r.Checkpoints, r.Fault);
    }
}
