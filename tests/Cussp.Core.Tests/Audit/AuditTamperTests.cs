using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Audit;

/// <summary>
/// An attacker with write access to the database (but not the signing key) drops the append-only triggers and changes the stored
/// log one way at a time; verification must catch every single change and name the first bad entry or checkpoint: the one
/// mutated, or where the log first stops matching what was signed. Signed checkpoints vouch for whole batches, so an edited
/// entry is named by the first entry of the batch that no longer matches its checkpoint; a removed checkpoint is named by the
/// next one, whose signed body names the size and the hash of the one before it.
/// </summary>
public class AuditTamperTests
{
    private const int Mutations = 1000;
    private static readonly int[] BatchSizes = [1, 2, 3, 7, 16, LogFeed.BatchEntries];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] EntryColumns = ["Seq", "At", "Actor", "ActorName", "Action", "RecordType", "RecordId", "Marking", "Before", "After"];
    private static readonly string[] EntryContent = ["At", "Actor", "ActorName", "Action", "RecordType", "RecordId", "Marking", "Before", "After"];
    private static readonly string[] CheckpointColumns = ["TreeSize", "RootHash", "At", "KeyId", "Signature", "Format", "PreviousHash"];

    [Theory, Databases]
    public async Task Verify_EveryRandomSingleMutation_IsDetected(DatabaseProvider provider)
    {
        var rng = new Random(6962);
        await using var db = await TestDatabase.StartAsync(provider);
        await WriteLogAsync(db, rng);
        await using var connection = db.Connect();
        await connection.OpenAsync(Ct);
        await connection.DropAppendOnlyTriggersAsync(provider);
        var key = db.PublicKey();
        // On SQLite the mutations are read through the native hot path that the benchmark measures, not the fallback.
        Assert.True(provider != DatabaseProvider.Sqlite || SqliteRows.Instance is not null);
        var intact = await AuditVerifier.VerifyAsync(connection, key, ct: Ct);
        Assert.Null(intact.Fault);
        var log = new Log(intact.Entries, await connection.CheckpointSizesAsync());
        using var attackerKey = InMemoryAuditSigningKey.Create();
        var kinds = new Dictionary<string, int>();

        for (var i = 0; i < Mutations; i++)
        {
            await using var tx = await connection.BeginTransactionAsync(Ct);
            var tamper = new Tamper(connection, tx, provider, rng, log, key, attackerKey);
            var (kind, expected) = await tamper.ApplyAsync();
            // Reading hands entries to the hashing thread in batches; small ones put batch edges everywhere in the log.
            var result = await AuditVerifier.VerifyAsync(connection, key, tx, null, BatchSizes[rng.Next(BatchSizes.Length)], Ct);
            await tx.RollbackAsync(Ct);

            Assert.True(result.Fault is not null, $"mutation {i} ({kind}) went unnoticed");
            Assert.True(Named.Of(result.Fault) == expected, $"mutation {i} ({kind}): expected {expected} to be named, got {result.Fault}");
            kinds[kind.Split(' ')[0]] = kinds.GetValueOrDefault(kind.Split(' ')[0]) + 1;
        }

        Assert.Null((await AuditVerifier.VerifyAsync(connection, key, ct: Ct)).Fault);
        Assert.All(["flip", "delete", "swap", "truncate", "replace", "insert"], k => Assert.True(kinds.GetValueOrDefault(k) >= 50, $"{k}: {kinds.GetValueOrDefault(k)}"));
    }

    [Theory, Databases]
    public async Task Verify_WhenCancelled_Throws_AndTheNextVerificationRuns(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await WriteLogAsync(db, new Random(24));
        await using var connection = db.Connect();
        await connection.OpenAsync(Ct);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AuditVerifier.VerifyAsync(connection, db.PublicKey(), null, null, 2, cancelled.Token));

        var after = await AuditVerifier.VerifyAsync(connection, db.PublicKey(), null, null, 2, Ct);
        Assert.Null(after.Fault);
        Assert.True(after.Entries > 44);
    }

    /// <summary>
    /// After the register's import, about 130 entries in 44 batches of one to five, by three actors, changes and reads mixed,
    /// each batch at its own time.
    /// </summary>
    private static async Task WriteLogAsync(TestDatabase db, Random rng)
    {
        for (var b = 0; b < 44; b++)
        {
            db.Clock.Advance(Duration.FromSeconds(rng.Next(1, 600)));
            var batch = Batch(rng, 100 + b);
            await using var scope = db.Services.CreateAsyncScope();
            var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
            audit.ActAs(AuditActor.User(batch[0].Actor["user:".Length..], batch[0].ActorName!));
            foreach (var e in batch)
            {
                if (e.Action == "read")
                {
                    audit.Read(e.RecordType, e.RecordId, e.Marking!);
                }
                else
                {
                    audit.Changed(e.Action, e.RecordType, e.RecordId, e.Before is null ? null : JsonNode.Parse(e.Before), JsonNode.Parse(e.After!));
                }
            }
            await audit.SaveAsync(Ct);
        }
    }

    /// <summary>One to five entries by one of three actors, reads of protected documents and changes with before and after.</summary>
    private static List<AuditEntryRecord> Batch(Random rng, int b)
    {
        string[] users = ["alice", "bohdan", "chloé"];
        var user = users[rng.Next(users.Length)];
        var entries = new List<AuditEntryRecord>();
        for (var k = rng.Next(1, 6); k > 0; k--)
        {
            var id = $"rec-{b}-{k}";
            entries.Add(rng.Next(2) == 0
                ? AuditLogTestKit.Entry(user, "read", "document", id, rng.Next(2) == 0 ? "PROTECTED B" : "SECRET")
                : AuditLogTestKit.Entry(user, "commitment.update", "commitment", id, null,
                    rng.Next(3) == 0 ? null : $$"""{"status":"open","n":{{rng.Next(100)}}}""",
                    $$"""{"status":"delivered","n":{{rng.Next(100)}},"note":"Поставлено"}"""));
        }
        return entries;
    }

    private sealed record Log(long Entries, List<long> Checkpoints)
    {
        /// <summary>The first entry of the batch that the checkpoint covering <paramref name="seq"/> seals.</summary>
        public long BatchStart(long seq) => Checkpoints.LastOrDefault(s => s < seq) + 1;

        /// <summary>The checkpoint before <paramref name="size"/>, or 0.</summary>
        public long Before(long size) => Checkpoints.LastOrDefault(s => s < size);

        /// <summary>The checkpoint after <paramref name="size"/>, or null when it is the last.</summary>
        public long? After(long size) => Checkpoints.Where(s => s > size).Select(s => (long?)s).FirstOrDefault();
    }

    /// <summary>An entry (by sequence number) or a checkpoint (by tree size), as verify names it.</summary>
    private sealed record Named(long? Entry, long? Checkpoint)
    {
        public static Named AtEntry(long seq) => new(seq, null);

        public static Named AtCheckpoint(long size) => new(null, size);

        public static Named Of(AuditFault fault) => new(fault.Entry, fault.Entry is null ? fault.Checkpoint : null);

        public override string ToString() => Entry is { } e ? $"entry {e}" : $"checkpoint {Checkpoint}";
    }

    private sealed class Tamper(DbConnection connection, DbTransaction tx, DatabaseProvider provider, Random rng, Log log, AuditPublicKey key,
        IAuditSigningKey attackerKey)
    {
        private long AnyEntry => rng.NextInt64(1, log.Entries + 1);

        private long AnyCheckpoint => log.Checkpoints[rng.Next(log.Checkpoints.Count)];

        /// <summary>Applies one random change; returns what it was and what verify must name first.</summary>
        public async Task<(string Kind, Named Expected)> ApplyAsync()
        {
            switch (rng.Next(14))
            {
                case 0 or 1 or 2:
                    {
                        var seq = AnyEntry;
                        var column = await NonNullColumnAsync("audit_entries", "Seq", seq, EntryColumns);
                        var now = await FlipAsync("audit_entries", "Seq", seq, column);
                        // Renumbered beyond the end, the entry is missing where it was; renumbered 0, it stands first, out of order.
                        return ($"flip entry {seq} {column}", column != "Seq" ? Named.AtEntry(log.BatchStart(seq))
                            : Named.AtEntry(now < seq ? now!.Value + 1 : seq));
                    }
                case 3 or 4:
                    {
                        var size = AnyCheckpoint;
                        var column = await NonNullColumnAsync("audit_checkpoints", "TreeSize", size, CheckpointColumns);
                        var now = await FlipAsync("audit_checkpoints", "TreeSize", size, column);
                        if (column != "TreeSize")
                        {
                            return ($"flip checkpoint {size} {column}", Named.AtCheckpoint(size));
                        }
                        // Moved down, it is wrong where it now stands; moved up, it is missing where it was, which the next
                        // checkpoint's signature (or, after the last, the unsealed entries) shows first, unless it stands before that.
                        var moved = now!.Value;
                        return ($"flip checkpoint {size} {column} to {moved}", moved < size ? Named.AtCheckpoint(moved)
                            : log.After(size) is { } next ? Named.AtCheckpoint(Math.Min(moved, next))
                            : Named.AtEntry(log.Entries + 1));
                    }
                case 5:
                    {
                        if (rng.Next(4) == 0)
                        {
                            var size = AnyCheckpoint;
                            await Sql("""DELETE FROM audit_checkpoints WHERE "TreeSize" = @p0""", size);
                            return ($"delete checkpoint {size}", log.After(size) is { } next
                                ? Named.AtCheckpoint(next)
                                : Named.AtEntry(log.Before(size) + 1));
                        }
                        var seq = AnyEntry;
                        await Sql("""DELETE FROM audit_entries WHERE "Seq" = @p0""", seq);
                        return ($"delete entry {seq}", Named.AtEntry(seq));
                    }
                case 6 or 7:
                    return await SwapAsync();
                case 8:
                    {
                        var keep = rng.NextInt64(0, log.Entries);
                        await Sql("""DELETE FROM audit_entries WHERE "Seq" > @p0""", keep);
                        return ($"truncate entries after {keep}", Named.AtEntry(keep + 1));
                    }
                case 9:
                    {
                        var seq = AnyEntry;
                        var column = new[] { "Actor", "RecordId", "After" }[rng.Next(3)];
                        var value = await ValueAsync<string?>("audit_entries", "Seq", seq, column);
                        if (string.IsNullOrEmpty(value))
                        {
                            await Sql($"""UPDATE audit_entries SET "{column}" = 'x' WHERE "Seq" = @p0""", seq);
                            return ($"truncate entry {seq} {column} (filled)", Named.AtEntry(log.BatchStart(seq)));
                        }
                        await Sql($"""UPDATE audit_entries SET "{column}" = @p0 WHERE "Seq" = @p1""", value[..rng.Next(value.Length)], seq);
                        return ($"truncate entry {seq} {column}", Named.AtEntry(log.BatchStart(seq)));
                    }
                case 10 or 11:
                    return await ReplaceCheckpointAsync();
                default:
                    return await InsertAsync();
            }
        }

        private async Task<string> NonNullColumnAsync(string table, string keyColumn, long keyValue, string[] columns)
        {
            while (true)
            {
                var column = columns[rng.Next(columns.Length)];
                if (await ValueAsync<object>(table, keyColumn, keyValue, column) is not null)
                {
                    return column;
                }
            }
        }

        /// <summary>Flips one bit of the value; returns the new value when it is a number.</summary>
        private async Task<long?> FlipAsync(string table, string keyColumn, long keyValue, string column)
        {
            var value = await ValueAsync<object>(table, keyColumn, keyValue, column);
            switch (value)
            {
                case long or int or short:
                    {
                        var n = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                        // A flip that lands on an existing key is refused by the primary key; pick another bit.
                        while (true)
                        {
                            var flipped = n ^ (1L << rng.Next(column == "At" ? 40 : 12));
                            if (!await ExistsAsync(table, keyColumn, column, flipped))
                            {
                                await Sql($"""UPDATE {table} SET "{column}" = @p0 WHERE "{keyColumn}" = @p1""", value is short ? (short)flipped : flipped, keyValue);
                                return flipped;
                            }
                        }
                    }
                case byte[] bytes:
                    bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                    await Sql($"""UPDATE {table} SET "{column}" = @p0 WHERE "{keyColumn}" = @p1""", bytes, keyValue);
                    return null;
                case string text when provider == DatabaseProvider.Sqlite:
                    {
                        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
                        bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                        await Sql($"""UPDATE {table} SET "{column}" = CAST(@p0 AS TEXT) WHERE "{keyColumn}" = @p1""", bytes, keyValue);
                        return null;
                    }
                case string text:
                    {
                        // PostgreSQL text holds valid UTF-8 only: change one character instead of one raw byte.
                        var chars = text.ToCharArray();
                        var at = rng.Next(chars.Length);
                        var c = (char)(chars[at] ^ (1 << rng.Next(7)));
                        chars[at] = c == '\0' || char.IsSurrogate(c) || c == chars[at] ? (chars[at] == 'x' ? 'y' : 'x') : c;
                        await Sql($"""UPDATE {table} SET "{column}" = @p0 WHERE "{keyColumn}" = @p1""", new string(chars), keyValue);
                        return null;
                    }
                default:
                    throw new InvalidOperationException($"{table}.{column}: {value?.GetType()}");
            }
        }

        private async Task<(string, Named)> SwapAsync()
        {
            if (rng.Next(3) == 0)
            {
                var a = AnyCheckpoint;
                var b = AnyCheckpoint;
                while (b == a)
                {
                    b = AnyCheckpoint;
                }
                await Sql("""UPDATE audit_checkpoints SET "TreeSize" = -1 WHERE "TreeSize" = @p0""", a);
                await Sql("""UPDATE audit_checkpoints SET "TreeSize" = @p0 WHERE "TreeSize" = @p1""", a, b);
                await Sql("""UPDATE audit_checkpoints SET "TreeSize" = @p0 WHERE "TreeSize" = -1""", b);
                return ($"swap checkpoints {a} {b}", Named.AtCheckpoint(Math.Min(a, b)));
            }
            var x = AnyEntry;
            var y = AnyEntry;
            while (y == x)
            {
                y = AnyEntry;
            }
            await Sql("""UPDATE audit_entries SET "Seq" = -1 WHERE "Seq" = @p0""", x);
            await Sql("""UPDATE audit_entries SET "Seq" = @p0 WHERE "Seq" = @p1""", x, y);
            await Sql("""UPDATE audit_entries SET "Seq" = @p0 WHERE "Seq" = -1""", y);
            return ($"swap entries {x} {y}", Named.AtEntry(log.BatchStart(Math.Min(x, y))));
        }

        private async Task<(string, Named)> ReplaceCheckpointAsync()
        {
            var size = AnyCheckpoint;
            var root = await ValueAsync<byte[]>("audit_checkpoints", "TreeSize", size, "RootHash");
            var previous = log.Checkpoints.LastOrDefault(s => s < size);
            var at = await ValueAsync<long>("audit_checkpoints", "TreeSize", size, "At");
            var format = Convert.ToInt16(await ValueAsync<object>("audit_checkpoints", "TreeSize", size, "Format"), System.Globalization.CultureInfo.InvariantCulture);
            var previousHash = await ValueAsync<byte[]>("audit_checkpoints", "TreeSize", size, "PreviousHash");
            var variant = rng.Next(4);
            if (variant == 3)
            {
                // Another genuine checkpoint's body and signature, moved here.
                var other = AnyCheckpoint;
                while (other == size)
                {
                    other = AnyCheckpoint;
                }
                await Sql("""
                    UPDATE audit_checkpoints SET "RootHash" = (SELECT "RootHash" FROM audit_checkpoints WHERE "TreeSize" = @p0),
                        "At" = (SELECT "At" FROM audit_checkpoints WHERE "TreeSize" = @p0),
                        "Signature" = (SELECT "Signature" FROM audit_checkpoints WHERE "TreeSize" = @p0),
                        "Format" = (SELECT "Format" FROM audit_checkpoints WHERE "TreeSize" = @p0),
                        "PreviousHash" = (SELECT "PreviousHash" FROM audit_checkpoints WHERE "TreeSize" = @p0) WHERE "TreeSize" = @p1
                    """, other, size);
                return ($"replace checkpoint {size} with checkpoint {other}", Named.AtCheckpoint(size));
            }
            // The attacker's own key signs the true root (0), a false root (1) or a new time (2); 1 and 2 also claim the server's key id.
            if (variant == 1)
            {
                root = RandomNumberGenerator.GetBytes(32);
            }
            if (variant == 2)
            {
                at += 1_000_000;
            }
            // A body of the checkpoint's own format, naming what it named, so that only the signature can tell.
            var body = new byte[AuditFormat.MaxCheckpointBody];
            var n = AuditFormat.CheckpointBody(format, size, root!, at, previous, previousHash, body);
            await Sql("""UPDATE audit_checkpoints SET "RootHash" = @p0, "At" = @p1, "KeyId" = @p2, "Signature" = @p3 WHERE "TreeSize" = @p4""",
                root, at, variant == 0 ? attackerKey.PublicKey.KeyId : key.KeyId, attackerKey.Sign(body.AsSpan(0, n)), size);
            return ($"replace checkpoint {size} (variant {variant})", Named.AtCheckpoint(size));
        }

        private async Task<(string, Named)> InsertAsync()
        {
            const string Columns = """ "Seq", "At", "Actor", "ActorName", "Action", "RecordType", "RecordId", "Marking", "Before", "After" """;
            var at = await ValueAsync<long>("audit_entries", "Seq", log.Entries, "At");
            if (rng.Next(2) == 0)
            {
                await Sql($"""INSERT INTO audit_entries ({Columns}) VALUES (@p0, @p1, 'user:alice', 'ALICE', 'read', 'document', 'rec-x', 'SECRET', NULL, NULL)""",
                    log.Entries + 1, at);
                return ($"insert entry {log.Entries + 1} at the end", Named.AtEntry(log.Entries + 1));
            }
            // In the middle: move every later entry up by one and put the forged entry in the gap.
            var seq = AnyEntry;
            await Sql("""UPDATE audit_entries SET "Seq" = -"Seq" WHERE "Seq" >= @p0""", seq);
            await Sql("""UPDATE audit_entries SET "Seq" = 1 - "Seq" WHERE "Seq" < 0""");
            await Sql($"""INSERT INTO audit_entries ({Columns}) VALUES (@p0, @p1, 'user:alice', 'ALICE', 'read', 'document', 'rec-x', 'SECRET', NULL, NULL)""",
                seq, at);
            return ($"insert entry {seq} in the middle", Named.AtEntry(log.BatchStart(seq)));
        }

        private async Task<bool> ExistsAsync(string table, string keyColumn, string column, long value) =>
            column == keyColumn && await connection.ScalarAsync<long>($"""SELECT COUNT(*) FROM {table} WHERE "{keyColumn}" = {value}""", tx) > 0;

        private async Task<T?> ValueAsync<T>(string table, string keyColumn, long keyValue, string column)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = $"""SELECT "{column}" FROM {table} WHERE "{keyColumn}" = {keyValue}""";
            var value = await command.ExecuteScalarAsync(Ct);
            return value is null or DBNull ? default : (T)value;
        }

        private Task<int> Sql(string sql, params object?[] args) => connection.ExecuteAsync(sql, tx, args);
    }
}
