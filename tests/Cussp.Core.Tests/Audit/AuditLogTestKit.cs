using System.Data.Common;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cussp.Core.Tests.Audit;

/// <summary>What audit tests do to a test database: read its key, verify, and act on the tables as someone with database access.</summary>
internal static class AuditLogTestKit
{
    /// <summary>
    /// What a first start writes to the log, each in its own save and checkpoint: the agreement's import, the registry of states with
    /// G7 arrangements, then the commitments derived from the agreement.
    /// </summary>
    public const long FirstStartEntries = 3;

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
