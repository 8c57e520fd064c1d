using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cussp.Audit;
using Cussp.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Benchmarks.Audit;

/// <summary>
/// <c>cussp audit verify</c> over a SQLite log of a million entries (target: at least 500,000 entries/s on 2 cores). The log is
/// filled in bulk before timing, through the same sealing code as the product: mostly reads of protected documents in page-sized
/// batches, with changes carrying before/after JSON, one signed checkpoint per batch, each chained to the one before it. Each run
/// also measures what one ECDSA P-256 verification with this key costs on the machine, so the figures can be read against it.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class VerifyBenchmarks
{
    private string _dir = null!;
    private ServiceProvider _services = null!;
    private DatabaseSettings _settings = null!;
    private AuditPublicKey _key = null!;

    [Params(1_000_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "cussp-bench-audit-" + Guid.NewGuid().ToString("N"));
        _settings = new DatabaseSettings(DatabaseProvider.Sqlite, _dir, null);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCusspCore(_ => _settings);
        _services = services.BuildServiceProvider();
        DatabaseSetup.InitialiseAsync(_services).GetAwaiter().GetResult();
        var signer = _services.GetRequiredService<IAuditSigningKey>();
        _key = signer.PublicKey;
        var watch = Stopwatch.StartNew();
        var checkpoints = AuditLogFiller.Fill(_settings.SqliteConnectionString, signer, Entries);
        Console.WriteLine($"// filled {Entries:N0} entries and {checkpoints:N0} checkpoints in {watch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"// ECDSA P-256 verification with this key: {SignatureMicroseconds(signer):F1} µs each (mean of {SignatureRuns:N0})");
    }

    private const int SignatureRuns = 2_000;

    /// <summary>
    /// The cost of one signature check as the verifier makes it (one imported key, DER signature over a checkpoint body), on one
    /// thread: what a chained log pays once, for its last checkpoint.
    /// </summary>
    private static double SignatureMicroseconds(IAuditSigningKey signer)
    {
        Span<byte> body = stackalloc byte[AuditFormat.MaxCheckpointBody];
        var n = AuditFormat.CheckpointBody(AuditFormat.CheckpointChained, 1_000_000, new byte[AuditFormat.HashSize], 1_709_280_000_000_000, 999_977,
            AuditFormat.NoPreviousCheckpoint, body);
        var signature = signer.Sign(body[..n]);
        using var verifier = signer.PublicKey.CreateVerifier();
        for (var i = 0; i < 100; i++)
        {
            verifier.Verify(body[..n], signature);
        }
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < SignatureRuns; i++)
        {
            if (!verifier.Verify(body[..n], signature))
            {
                throw new InvalidOperationException("the key does not verify its own signature");
            }
        }
        return watch.Elapsed.TotalMicroseconds / SignatureRuns;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark]
    public long Verify()
    {
        // On a shared machine wall time swings with other load; the CPU time spent is the steadier measure of the work.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var result = AuditVerifier.VerifyAsync(_settings, _key).GetAwaiter().GetResult();
        Console.WriteLine($"// cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s");
        return result.Fault is null && result.Entries == Entries ? result.Entries : throw new InvalidOperationException($"{result.Entries}: {result.Fault}");
    }
}

/// <summary>Appends realistic batches to a migrated SQLite database until it holds the requested number of entries.</summary>
internal static class AuditLogFiller
{
    private static readonly string[] Markings = ["PROTECTED A", "PROTECTED B", "CONFIDENTIAL", "SECRET"];
    private static readonly string[] Statuses = ["planned", "in-progress", "delivered", "verified"];

    public static long Fill(string connectionString, IAuditSigningKey key, int total)
    {
        var rng = new Random(6962);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        long size;
        byte[] frontier;
        using (var head = connection.CreateCommand())
        {
            head.Transaction = tx;
            head.CommandText = """SELECT "TreeSize", "Frontier" FROM audit_head WHERE "Id" = 1""";
            using var r = head.ExecuteReader();
            r.Read();
            size = r.GetInt64(0);
            frontier = (byte[])r.GetValue(1);
        }
        using var insertEntry = Command(connection, tx,
            """INSERT INTO audit_entries ("Seq", "At", "Actor", "ActorName", "Action", "RecordType", "RecordId", "Marking", "Before", "After") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""", 10);
        using var insertCheckpoint = Command(connection, tx,
            """INSERT INTO audit_checkpoints ("TreeSize", "RootHash", "At", "KeyId", "Signature", "Format", "PreviousHash") VALUES ($1, $2, $3, $4, $5, $6, $7)""", 7);
        // The filler starts on a freshly seeded log and extends it the way the server does: checked, then chained.
        var previousHash = AuditSealing.CheckTip(size, frontier, AuditSealing.ReadTipAsync(connection, tx, default).GetAwaiter().GetResult(), key.PublicKey);
        var now = Instant.FromUtc(2024, 3, 1, 8, 0);
        var pending = new List<AuditEntryRecord>(64);
        long checkpoints = 0;
        while (size < total)
        {
            pending.Clear();
            var user = rng.Next(1, 400);
            var actor = AuditActor.User(user.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Officer {user}");
            var room = (int)Math.Min(total - size, int.MaxValue);
            if (rng.NextDouble() < 0.7)
            {
                // A page of protected documents: each one shown is a read.
                var marking = Markings[rng.Next(Markings.Length)];
                for (var k = Math.Min(rng.Next(5, 61), room); k > 0; k--)
                {
                    pending.Add(Entry(actor, "read", "document", $"doc-{rng.Next(1, 250_000)}", marking, null, null));
                }
            }
            else
            {
                for (var k = Math.Min(rng.Next(1, 4), room); k > 0; k--)
                {
                    var id = $"commitment-{rng.Next(1, 5_000)}";
                    pending.Add(Entry(actor, "commitment.update", "commitment", id, null,
                        Json(id, Statuses[rng.Next(4)], rng.Next(0, 100)), Json(id, Statuses[rng.Next(4)], rng.Next(0, 100))));
                }
            }
            now += Duration.FromMilliseconds(rng.Next(50, 5_000));
            var batch = AuditSealing.Seal(size, frontier, previousHash, pending, now, key);
            foreach (var e in batch.Entries)
            {
                Run(insertEntry, e.Seq, AuditFormat.ToMicros(e.At), e.Actor, e.ActorName, e.Action, e.RecordType, e.RecordId, e.Marking, e.Before, e.After);
            }
            var c = batch.Checkpoint;
            Run(insertCheckpoint, c.TreeSize, c.RootHash, AuditFormat.ToMicros(c.At), c.KeyId, c.Signature, c.Format, c.PreviousHash);
            size = batch.TreeSize;
            frontier = batch.Frontier;
            previousHash = batch.CheckpointHash;
            checkpoints++;
        }
        using (var head = connection.CreateCommand())
        {
            head.Transaction = tx;
            head.CommandText = """UPDATE audit_head SET "TreeSize" = $1, "Frontier" = $2 WHERE "Id" = 1""";
            head.Parameters.AddWithValue("$1", size);
            head.Parameters.AddWithValue("$2", frontier);
            head.ExecuteNonQuery();
        }
        tx.Commit();
        return checkpoints;
    }

    private static AuditEntryRecord Entry(AuditActor actor, string action, string type, string id, string? marking, string? before, string? after) =>
        new() { Actor = actor.Id, ActorName = actor.DisplayName, Action = action, RecordType = type, RecordId = id, Marking = marking, Before = before, After = after };

    private static string Json(string id, string status, int percent) =>
        $$"""{"id":"{{id}}","status":"{{status}}","progress":{{percent}},"lead":"Global Affairs Canada","indicator":"Deliveries against the 2024 pledge","evidence":["https://example.org/{{id}}/report.pdf"]}""";

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter($"${i}", null));
        }
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        command.ExecuteNonQuery();
    }
}
