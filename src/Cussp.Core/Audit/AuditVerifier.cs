using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cussp.Audit;

/// <summary>The first thing found wrong with the log: an entry (by sequence number) or a checkpoint (by tree size).</summary>
/// <param name="Entry">The first entry that cannot be trusted, when the fault is in the entries.</param>
/// <param name="Checkpoint">The checkpoint at fault, when it is a checkpoint.</param>
/// <param name="Problem">What is wrong, in words.</param>
public sealed record AuditFault(long? Entry, long? Checkpoint, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => Entry is { } e ? $"entry {e}: {Problem}" : $"checkpoint {Checkpoint}: {Problem}";
}

/// <summary>A checkpoint held outside the database, such as the latest one of an earlier export: the log must still extend it.</summary>
/// <param name="TreeSize">Its tree size.</param>
/// <param name="RootHash">Its root hash.</param>
public sealed record AuditAnchor(long TreeSize, byte[] RootHash)
{
    /// <summary>The latest checkpoint of an export written by <c>cussp audit export</c>.</summary>
    /// <exception cref="FormatException">Not such an export.</exception>
    public static AuditAnchor FromExport(Stream export)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(export);
            var latest = doc.RootElement.GetProperty("checkpoints").EnumerateArray().Last();
            return new AuditAnchor(latest.GetProperty("treeSize").GetInt64(), latest.GetProperty("rootHash").GetBytesFromBase64());
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("not an audit export with checkpoints", e);
        }
    }
}

/// <summary>What verification found.</summary>
/// <param name="Entries">Entries read.</param>
/// <param name="Checkpoints">Checkpoints read.</param>
/// <param name="Fault">The first fault, or null when the log is intact.</param>
public sealed record AuditVerification(long Entries, long Checkpoints, AuditFault? Fault)
{
    /// <summary>True when every entry and checkpoint checked out.</summary>
    public bool Intact => Fault is null;
}

/// <summary>
/// Checks the whole log in one pass in sequence order: entries numbered without gaps, the RFC 6962 tree recomputed with constant
/// memory, every checkpoint's root and its link to the checkpoint before it, nothing after the last checkpoint, and the append state
/// matching. The checkpoints are vouched for by the one signature of the last of them. Reading and hashing run on two threads (see
/// <see cref="LogFeed"/>); SQLite is read through the native API so the hot path copies no strings.
/// </summary>
public static class AuditVerifier
{
    /// <summary>Verifies the log of the configured database.</summary>
    public static async Task<AuditVerification> VerifyAsync(DatabaseSettings settings, AuditPublicKey key, CancellationToken ct = default) =>
        await VerifyAsync(settings, key, null, ct);

    /// <summary>Verifies the log of the configured database, which must also still extend <paramref name="anchor"/>.</summary>
    public static async Task<AuditVerification> VerifyAsync(DatabaseSettings settings, AuditPublicKey key, AuditAnchor? anchor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await using DbConnection connection = settings.Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(settings.ConnectionString)
            : new SqliteConnection(settings.SqliteConnectionString);
        await connection.OpenAsync(ct);
        return await VerifyAsync(connection, key, null, anchor, ct);
    }

    /// <summary>Verifies the log over a connection, inside <paramref name="transaction"/> when one is open on it.</summary>
    public static Task<AuditVerification> VerifyAsync(DbConnection connection, AuditPublicKey key, DbTransaction? transaction = null,
        AuditAnchor? anchor = null, CancellationToken ct = default) =>
        VerifyAsync(connection, key, transaction, anchor, LogFeed.BatchEntries, ct);

    /// <summary>As the public overload, handing the entries to the hashing thread <paramref name="batchEntries"/> at a time.</summary>
    internal static async Task<AuditVerification> VerifyAsync(DbConnection connection, AuditPublicKey key, DbTransaction? transaction,
        AuditAnchor? anchor, int batchEntries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(key);
        if (connection.State != ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }
        using var feed = new LogFeed(new LogChecker(key, anchor), batchEntries);
        if (connection is SqliteConnection sqlite)
        {
            SqliteLogReader.Read(sqlite, feed, ct);
        }
        else
        {
            await AdoLogReader.ReadAsync(connection, transaction, feed, ct);
        }
        return feed.Finish();
    }
}
