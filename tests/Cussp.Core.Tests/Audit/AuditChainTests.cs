using System.Data.Common;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

using static Cussp.Core.Tests.Audit.AuditLogTestKit;

namespace Cussp.Core.Tests.Audit;

/// <summary>
/// Chained checkpoints: each names the hash of the one before it, so one verified signature vouches for the whole log; the server
/// checks the latest checkpoint before it chains over it.
/// </summary>
public class AuditChainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, Databases]
    public async Task Verify_LongChainedLog_ChecksExactlyOneSignature(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await WriteBatchesAsync(db, 300);
        var key = AuditPublicKey.FromPem(db.PublicKey().Pem);

        var result = await AuditVerifier.VerifyAsync(db.Settings, key, Ct);

        Assert.Null(result.Fault);
        Assert.Equal(300 + FirstStartEntries, result.Checkpoints);
        Assert.Equal(1, key.SignaturesChecked);
    }

    [Theory, Databases]
    public async Task Verify_IntermediateChainedCheckpointTimeSignatureOrLinkAltered_NamesThatCheckpoint(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await WriteBatchesAsync(db, 6);
        await using var connection = db.Connect();
        await connection.OpenAsync(Ct);
        await connection.DropAppendOnlyTriggersAsync(provider);
        var sizes = await connection.CheckpointSizesAsync();

        foreach (var size in new[] { sizes[3], sizes[^1] })
        {
            var at = await connection.ScalarAsync<long>($"""SELECT "At" FROM audit_checkpoints WHERE "TreeSize" = {size}""");
            var signature = await connection.ScalarAsync<byte[]>($"""SELECT "Signature" FROM audit_checkpoints WHERE "TreeSize" = {size}""");
            signature![signature.Length / 2] ^= 0x10;
            foreach (var (column, value) in new (string, object)[] { ("At", at + 1), ("Signature", signature), ("PreviousHash", new byte[AuditFormat.HashSize]) })
            {
                await using var tx = await connection.BeginTransactionAsync(Ct);
                await connection.ExecuteAsync($"""UPDATE audit_checkpoints SET "{column}" = @p0 WHERE "TreeSize" = @p1""", tx, value, size);

                var fault = (await AuditVerifier.VerifyAsync(connection, db.PublicKey(), tx, ct: Ct)).Fault;
                await tx.RollbackAsync(Ct);

                Assert.True(fault is { Entry: null } && fault.Checkpoint == size, $"{column} of checkpoint {size}: {fault}");
            }
        }
        Assert.Null((await AuditVerifier.VerifyAsync(connection, db.PublicKey(), ct: Ct)).Fault);
    }

    [Theory, Databases]
    public async Task Seal_LatestCheckpointAltered_RefusesTheWriteNamingItAndWritesNothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await WriteBatchesAsync(db, 3);
        await using var connection = db.Connect();
        await connection.OpenAsync(Ct);
        await connection.DropAppendOnlyTriggersAsync(provider);
        var latest = (await connection.CheckpointSizesAsync())[^1];
        var before = await StateAsync(connection);
        var signature = await connection.ScalarAsync<byte[]>($"""SELECT "Signature" FROM audit_checkpoints WHERE "TreeSize" = {latest}""");
        var previousHash = await connection.ScalarAsync<byte[]>($"""SELECT "PreviousHash" FROM audit_checkpoints WHERE "TreeSize" = {latest}""");
        var at = await connection.ScalarAsync<long>($"""SELECT "At" FROM audit_checkpoints WHERE "TreeSize" = {latest}""");
        var altered = (byte[])signature!.Clone();
        altered[^3] ^= 0x01;
        (string Column, object Value)[] alterations =
            [("At", at + 1_000_000), ("Signature", altered), ("PreviousHash", new byte[AuditFormat.HashSize]), ("Format", (short)1)];

        foreach (var (column, value) in alterations)
        {
            await connection.ExecuteAsync($"""UPDATE audit_checkpoints SET "{column}" = @p0 WHERE "TreeSize" = @p1""", null, value, latest);

            var refused = await Assert.ThrowsAsync<AuditLogDamagedException>(() => RenameAgreementAsync(db, "Quietly renamed"));

            Assert.Equal((null, (long?)latest), (refused.Fault.Entry, refused.Fault.Checkpoint));
            Assert.Contains($"checkpoint {latest}: ", refused.Message, StringComparison.Ordinal);
            Assert.Equal(before, await StateAsync(connection));
            Assert.NotEqual("Quietly renamed", await AgreementTitleAsync(db));
            await connection.ExecuteAsync("""
                UPDATE audit_checkpoints SET "At" = @p0, "Signature" = @p1, "PreviousHash" = @p2, "Format" = @p3 WHERE "TreeSize" = @p4
                """, null, at, signature, previousHash, AuditFormat.CheckpointChained, latest);
        }

        await RenameAgreementAsync(db, "Renamed in the open");
        Assert.Equal("Renamed in the open", await AgreementTitleAsync(db));
        Assert.Null((await db.VerifyAsync()).Fault);
    }

    private static async Task WriteBatchesAsync(TestDatabase db, int batches)
    {
        for (var b = 0; b < batches; b++)
        {
            db.Clock.Advance(Duration.FromSeconds(7));
            await using var scope = db.Services.CreateAsyncScope();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            audit.ActAs(AuditActor.User("olena", "Olena"));
            audit.Read("document", $"batch-{b}", "SECRET");
            if (b % 2 == 0)
            {
                audit.Changed("commitment.update", "commitment", $"c-{b}", new { status = "open" }, new { status = "delivered" });
            }
            await audit.SaveAsync(Ct);
        }
    }

    private static async Task RenameAgreementAsync(TestDatabase db, string title)
    {
        await using var scope = db.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var agreement = await context.Agreements.SingleAsync(a => a.Id == "cussp", Ct);
        agreement.Title = title;
        await context.SaveChangesAsync(Ct);
    }

    private static async Task<string> AgreementTitleAsync(TestDatabase db)
    {
        await using var scope = db.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Agreements.AsNoTracking()
            .Where(a => a.Id == "cussp").Select(a => a.Title).SingleAsync(Ct);
    }

    /// <summary>Entries, checkpoints and the append state's size: what a refused write must leave as it was.</summary>
    private static async Task<(long, long, long)> StateAsync(DbConnection connection) =>
        (await connection.ScalarAsync<long>("SELECT COUNT(*) FROM audit_entries"),
         await connection.ScalarAsync<long>("SELECT COUNT(*) FROM audit_checkpoints"),
         await connection.ScalarAsync<long>("""SELECT "TreeSize" FROM audit_head"""));
}
