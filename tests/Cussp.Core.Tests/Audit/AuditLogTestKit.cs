using System.Data.Common;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace Cussp.Core.Tests.Audit;

/// <summary>What audit tests do to a test database: read its key, verify, and act on the tables as someone with database access.</summary>
internal static class AuditLogTestKit
{
    public static AuditPublicKey PublicKey(this TestDatabase db) => db.Services.GetRequiredService<IAuditSigningKey>().PublicKey;

    public static Task<AuditVerification> VerifyAsync(this TestDatabase db) =>
        AuditVerifier.VerifyAsync(db.Settings, db.PublicKey(), TestContext.Current.CancellationToken);

    public static DbConnection Connect(this TestDatabase db) => db.Settings.Provider == DatabaseProvider.Postgres
        ? new NpgsqlConnection(db.Settings.ConnectionString)
        : new SqliteConnection(db.Settings.SqliteConnectionString);

    /// <summary>Runs SQL directly, as an attacker with access to the database would.</summary>
    public static async Task<int> ExecuteAsync(this DbConnection connection, string sql, DbTransaction? tx = null, params object?[] args)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        for (var i = 0; i < args.Length; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = $"@p{i}";
            p.Value = args[i] ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The tree sizes of the stored checkpoints, in order.</summary>
    public static async Task<List<long>> CheckpointSizesAsync(this DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "TreeSize" FROM audit_checkpoints ORDER BY "TreeSize" """;
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var sizes = new List<long>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            sizes.Add(reader.GetInt64(0));
        }
        return sizes;
    }

    public static async Task<T?> ScalarAsync<T>(this DbConnection connection, string sql, DbTransaction? tx = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A database that a server from before chained checkpoints started and wrote <paramref name="batches"/> batches to, each sealed
    /// by a checkpoint signed alone (format 1); then brought up to date and started by the current server, which seeds the register
    /// with the first chained checkpoint.
    /// </summary>
    public static async Task<TestDatabase> StartFromBeforeChainingAsync(DatabaseProvider provider, int batches, Func<int, List<AuditEntryRecord>> batch)
    {
        var db = await TestDatabase.CreateAsync(provider);
        try
        {
            Directory.CreateDirectory(db.Settings.DataDirectory);
            await using (var context = Context(db.Settings))
            {
                await context.Database.MigrateAsync(TestContext.Current.CancellationToken);
            }
            // The same key file the server then finds in the data folder.
            using (var key = new FileAuditSigningKey(db.Settings.AuditKeyPath))
            await using (var connection = db.Connect())
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                for (var b = 0; b < batches; b++)
                {
                    db.Clock.Advance(Duration.FromMinutes(1));
                    await connection.AppendSignedAloneAsync(key, db.Clock.GetCurrentInstant(), batch(b));
                }
            }
            await db.InitialiseAsync();
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Appends a batch the way servers did before checkpoints were chained, as an old node still does while a deployment is being
    /// upgraded: numbered after the head, sealed by a format 1 checkpoint signed alone, written with only the columns that release
    /// knew (the database fills in the rest). Returns the checkpoint's tree size.
    /// </summary>
    public static async Task<long> AppendSignedAloneAsync(this DbConnection connection, IAuditSigningKey key, Instant at, IReadOnlyList<AuditEntryRecord> entries)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var tx = await connection.BeginTransactionAsync(ct);
        long size;
        byte[] frontier;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = tx;
            command.CommandText = """SELECT "TreeSize", "Frontier" FROM audit_head WHERE "Id" = 1""";
            await using var reader = await command.ExecuteReaderAsync(ct);
            Assert.True(await reader.ReadAsync(ct));
            size = reader.GetInt64(0);
            frontier = (byte[])reader.GetValue(1);
        }
        var tree = MerkleFrontier.Load(size, frontier);
        var micros = AuditFormat.ToMicros(at);
        foreach (var e in entries)
        {
            e.Seq = tree.Size + 1;
            e.At = AuditFormat.FromMicros(micros);
            tree.Append(AuditFormat.LeafHash(e));
            await connection.ExecuteAsync("""
                INSERT INTO audit_entries ("Seq", "At", "Actor", "ActorName", "Action", "RecordType", "RecordId", "Marking", "Before", "After")
                VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9)
                """, tx, e.Seq, micros, e.Actor, e.ActorName, e.Action, e.RecordType, e.RecordId, e.Marking, e.Before, e.After);
        }
        var root = new byte[AuditFormat.HashSize];
        tree.Root(root);
        var body = new byte[AuditFormat.MaxCheckpointBody];
        var n = AuditFormat.CheckpointBody(AuditFormat.CheckpointSignedAlone, tree.Size, root, micros, size, default, body);
        await connection.ExecuteAsync("""INSERT INTO audit_checkpoints ("TreeSize", "RootHash", "At", "KeyId", "Signature") VALUES (@p0, @p1, @p2, @p3, @p4)""",
            tx, tree.Size, root, micros, key.PublicKey.KeyId, key.Sign(body.AsSpan(0, n)));
        await connection.ExecuteAsync("""UPDATE audit_head SET "TreeSize" = @p0, "Frontier" = @p1 WHERE "Id" = 1""", tx, tree.Size, tree.Save());
        await tx.CommitAsync(ct);
        return tree.Size;
    }

    /// <summary>An audit entry as a use case records it, before it is numbered and timed.</summary>
    public static AuditEntryRecord Entry(string actor, string action, string recordType, string recordId, string? marking = null,
        string? before = null, string? after = null) =>
        new()
        {
            Actor = $"user:{actor}",
            ActorName = actor.ToUpperInvariant(),
            Action = action,
            RecordType = recordType,
            RecordId = recordId,
            Marking = marking,
            Before = before,
            After = after
        };

    private static CusspDbContext Context(DatabaseSettings settings) => settings.Provider == DatabaseProvider.Postgres
        ? new PostgresCusspDbContext(new DbContextOptionsBuilder<PostgresCusspDbContext>().UseNpgsql(settings.ConnectionString).Options)
        : new SqliteCusspDbContext(new DbContextOptionsBuilder<SqliteCusspDbContext>().UseSqlite(settings.SqliteConnectionString).Options);

    /// <summary>Removes the append-only triggers: the database refuses edits only until someone with its keys says otherwise.</summary>
    public static async Task DropAppendOnlyTriggersAsync(this DbConnection connection, DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            await connection.ExecuteAsync("""
                DROP TRIGGER audit_entries_append_only ON audit_entries; DROP TRIGGER audit_entries_no_truncate ON audit_entries;
                DROP TRIGGER audit_checkpoints_append_only ON audit_checkpoints; DROP TRIGGER audit_checkpoints_no_truncate ON audit_checkpoints;
                DROP TRIGGER audit_head_forward ON audit_head; DROP TRIGGER audit_head_no_truncate ON audit_head;
                """);
            return;
        }
        await connection.ExecuteAsync("""
            DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;
            DROP TRIGGER audit_checkpoints_no_update; DROP TRIGGER audit_checkpoints_no_delete;
            DROP TRIGGER audit_head_no_delete; DROP TRIGGER audit_head_forward;
            """);
    }
}
