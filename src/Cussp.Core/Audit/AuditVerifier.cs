using System.Data;
using System.Data.Common;
using Cussp.Data;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

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
/// matching. The checkpoints are vouched for by the one signature of the last of them. SQLite is read through the native API so the
/// hot path copies no strings.
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
    public static async Task<AuditVerification> VerifyAsync(DbConnection connection, AuditPublicKey key, DbTransaction? transaction = null,
        AuditAnchor? anchor = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(key);
        if (connection.State != ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }
        var checker = new LogChecker(key, anchor);
        if (connection is SqliteConnection sqlite)
        {
            ReadSqlite(sqlite, checker, ct);
        }
        else
        {
            await ReadAdoAsync(connection, transaction, checker, ct);
        }
        return checker.Finish();
    }

    private static void ReadSqlite(SqliteConnection connection, LogChecker checker, CancellationToken ct)
    {
        var db = connection.Handle!;
        var own = raw.sqlite3_get_autocommit(db) != 0;
        if (own)
        {
            Check(db, raw.sqlite3_exec(db, "BEGIN"));
        }
        sqlite3_stmt? entries = null, checkpoints = null, head = null;
        try
        {
            Check(db, raw.sqlite3_prepare_v2(db,
                """SELECT "Seq", "At", "Actor", "ActorName", "Action", "RecordType", "RecordId", "Marking", "Before", "After" FROM audit_entries ORDER BY "Seq" """,
                out entries));
            Check(db, raw.sqlite3_prepare_v2(db,
                """SELECT "TreeSize", "RootHash", "At", "KeyId", "Signature", "Format", "PreviousHash" FROM audit_checkpoints ORDER BY "TreeSize" """,
                out checkpoints));
            Check(db, raw.sqlite3_prepare_v2(db, """SELECT "TreeSize", "Frontier" FROM audit_head WHERE "Id" = 1""", out head));
            var writer = checker.Writer;
            var rows = SqliteRows.Instance;
            var hasEntry = Step(db, entries);
            var hasCheckpoint = Step(db, checkpoints);
            var ok = true;
            var n = 0;
            while (ok && (hasEntry || hasCheckpoint))
            {
                if (hasCheckpoint && (!hasEntry || raw.sqlite3_column_int64(checkpoints, 0) <= checker.Size))
                {
                    ok = checker.Checkpoint(raw.sqlite3_column_int64(checkpoints, 0), raw.sqlite3_column_blob(checkpoints, 1),
                        raw.sqlite3_column_int64(checkpoints, 2), raw.sqlite3_column_blob(checkpoints, 3), raw.sqlite3_column_blob(checkpoints, 4),
                        raw.sqlite3_column_int64(checkpoints, 5),
                        raw.sqlite3_column_type(checkpoints, 6) == raw.SQLITE_NULL ? null : raw.sqlite3_column_blob(checkpoints, 6).ToArray());
                    hasCheckpoint = Step(db, checkpoints);
                    continue;
                }
                long seq;
                if (rows is not null)
                {
                    seq = rows.Int64(entries, 0);
                    writer.Begin(seq, rows.Int64(entries, 1));
                    for (var i = 2; i < 10; i++)
                    {
                        if (rows.IsNull(entries, i))
                        {
                            writer.Null();
                        }
                        else
                        {
                            writer.Field(rows.Blob(entries, i));
                        }
                    }
                }
                else
                {
                    seq = raw.sqlite3_column_int64(entries, 0);
                    writer.Begin(seq, raw.sqlite3_column_int64(entries, 1));
                    for (var i = 2; i < 10; i++)
                    {
                        if (raw.sqlite3_column_type(entries, i) == raw.SQLITE_NULL)
                        {
                            writer.Null();
                        }
                        else
                        {
                            writer.Field(raw.sqlite3_column_blob(entries, i));
                        }
                    }
                }
                ok = checker.Entry(seq);
                if (rows is not null)
                {
                    hasEntry = rows.Step(entries, out var rc) || Done(db, rc);
                }
                else
                {
                    hasEntry = Step(db, entries);
                }
                if (++n == 65536)
                {
                    n = 0;
                    ct.ThrowIfCancellationRequested();
                }
            }
            if (ok)
            {
                if (Step(db, head))
                {
                    checker.Head(raw.sqlite3_column_int64(head, 0), raw.sqlite3_column_blob(head, 1));
                }
                else
                {
                    checker.Head(null, default);
                }
            }
        }
        finally
        {
            entries?.Dispose();
            checkpoints?.Dispose();
            head?.Dispose();
            if (own)
            {
                raw.sqlite3_exec(db, "COMMIT");
            }
        }
    }

    private static bool Step(sqlite3 db, sqlite3_stmt stmt)
    {
        var rc = raw.sqlite3_step(stmt);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }
        Check(db, rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
        return false;
    }

    private static bool Done(sqlite3 db, int rc)
    {
        Check(db, rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
        return false;
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }

    private static async Task ReadAdoAsync(DbConnection connection, DbTransaction? transaction, LogChecker checker, CancellationToken ct)
    {
        // One statement in one snapshot: PostgreSQL connections carry one open reader at a time.
        await using var own = transaction is null ? await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct) : null;
        var tx = transaction ?? own;
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = tx;
            command.CommandText = """
                SELECT 0 AS k, "Seq" AS n, "At", "Actor", "ActorName", "Action", "RecordType", "RecordId", "Marking", "Before", "After",
                       NULL AS r, NULL AS i, NULL AS s, NULL AS f, NULL AS p FROM audit_entries
                UNION ALL
                SELECT 1, "TreeSize", "At", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "RootHash", "KeyId", "Signature", "Format", "PreviousHash"
                FROM audit_checkpoints
                ORDER BY n, k
                """;
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
            var writer = checker.Writer;
            var ok = true;
            while (ok && await reader.ReadAsync(ct))
            {
                var kind = reader.GetInt32(0);
                var position = reader.GetInt64(1);
                var at = reader.GetInt64(2);
                if (kind == 1)
                {
                    for (var i = 3; i < 11; i++)
                    {
                        _ = reader.IsDBNull(i);
                    }
                    ok = checker.Checkpoint(position, Bytes(reader, 11), at, Bytes(reader, 12), Bytes(reader, 13),
                        reader.IsDBNull(14) ? 0 : Convert.ToInt64(reader.GetValue(14), System.Globalization.CultureInfo.InvariantCulture),
                        reader.IsDBNull(15) ? null : (byte[])reader.GetValue(15));
                    continue;
                }
                writer.Begin(position, at);
                for (var i = 3; i < 11; i++)
                {
                    writer.Field(reader.IsDBNull(i) ? null : reader.GetString(i));
                }
                ok = checker.Entry(position);
            }
            if (!ok)
            {
                return;
            }
        }
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = tx;
            command.CommandText = """SELECT "TreeSize", "Frontier" FROM audit_head WHERE "Id" = 1""";
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                checker.Head(reader.GetInt64(0), Bytes(reader, 1));
            }
            else
            {
                checker.Head(null, default);
            }
        }
    }

    private static byte[] Bytes(DbDataReader reader, int i) => reader.IsDBNull(i) ? [] : (byte[])reader.GetValue(i);
}

/// <summary>The verification state machine, fed entries and checkpoints in log order by a reader.</summary>
internal sealed class LogChecker(AuditPublicKey key, AuditAnchor? anchor = null)
{
    private const int MaxSignature = 128;

    private readonly MerkleFrontier _tree = new();
    private readonly byte[] _keyId = key.KeyId;
    private readonly byte[] _leaf = new byte[AuditFormat.HashSize];
    private readonly byte[] _root = new byte[AuditFormat.HashSize];
    private readonly byte[] _body = new byte[AuditFormat.MaxCheckpointBody];
    // The checkpoint accepted last, as stored: the next checkpoint must name its hash, and when that link is broken its own
    // signature tells whether it or the link changed.
    private readonly byte[] _previousBody = new byte[AuditFormat.MaxCheckpointBody];
    private readonly byte[] _previousSignature = new byte[MaxSignature];
    private readonly byte[] _previousHash = AuditFormat.NoPreviousCheckpoint.ToArray();
    private int _previousBodyLength;
    private int _previousSignatureLength;
    private long _lastCheckpoint;
    private long _checkpoints;
    private AuditFault? _fault;
    private long _faultPosition = long.MaxValue;
    private bool _complete;

    public EntryWriter Writer { get; } = new();

    public long Size => _tree.Size;

    /// <summary>Takes the entry now in <see cref="Writer"/>.</summary>
    public bool Entry(long seq)
    {
        var expected = _tree.Size + 1;
        if (seq != expected)
        {
            return Fail(2 * expected, new AuditFault(expected, null, seq > expected
                ? $"missing: the log goes from entry {expected - 1} to entry {seq}"
                : $"out of order: entry {seq} follows entry {expected - 1}"));
        }
        Writer.LeafHash(_leaf);
        _tree.Append(_leaf);
        if (anchor is not null && _tree.Size == anchor.TreeSize)
        {
            _tree.Root(_root);
            if (!_root.AsSpan().SequenceEqual(anchor.RootHash))
            {
                return Fail((2 * seq) + 1, new AuditFault(null, seq,
                    "the log up to here differs from the checkpoint held outside the database: it was rewritten"));
            }
        }
        return true;
    }

    /// <summary>Takes the next checkpoint as stored; <paramref name="previousHash"/> is null when the column is.</summary>
    public bool Checkpoint(long treeSize, ReadOnlySpan<byte> root, long atMicros, ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> signature,
        long format, byte[]? previousHash)
    {
        var first = _lastCheckpoint + 1;
        if (treeSize <= _lastCheckpoint)
        {
            return Fail((2 * Math.Max(treeSize, 0)) + 1, new AuditFault(null, treeSize, $"out of place: checkpoints must grow, and it follows checkpoint {_lastCheckpoint}"));
        }
        if (treeSize > _tree.Size)
        {
            return Fail(2 * (_tree.Size + 1), new AuditFault(_tree.Size + 1, null,
                $"missing: checkpoint {treeSize} seals entries up to {treeSize}, but the log ends at entry {_tree.Size}"));
        }
        if (!keyId.SequenceEqual(_keyId))
        {
            return Fail((2 * treeSize) + 1, new AuditFault(null, treeSize,
                $"signed by another key ({Convert.ToHexStringLower(keyId)}), not by the server key ({Convert.ToHexStringLower(_keyId)})"));
        }
        if (format != AuditFormat.CheckpointChained)
        {
            return Fail((2 * treeSize) + 1, new AuditFault(null, treeSize, $"unknown checkpoint format {format}"));
        }
        if (root.Length != AuditFormat.HashSize || signature.Length > MaxSignature || previousHash?.Length != AuditFormat.HashSize)
        {
            return Fail((2 * treeSize) + 1, new AuditFault(null, treeSize, "malformed root hash, previous hash or signature"));
        }
        if (!previousHash.AsSpan().SequenceEqual(_previousHash))
        {
            return BrokenLink(treeSize);
        }
        var n = AuditFormat.CheckpointBody((short)format, treeSize, root, atMicros, _lastCheckpoint, previousHash, _body);
        var body = _body.AsSpan(0, n);
        _tree.Root(_root);
        if (!root.SequenceEqual(_root))
        {
            var signedOk = key.Verify(body, signature);
            return Fail((2 * treeSize) + 1, signedOk
                ? new AuditFault(first, null, first == treeSize
                    ? $"does not hash to the root signed in checkpoint {treeSize}: it was edited, replaced or moved"
                    : $"entries {first}–{treeSize} do not hash to the root signed in checkpoint {treeSize}: one of them was edited, inserted, deleted or moved")
                : new AuditFault(null, treeSize, "its root and signature do not match: the checkpoint was forged or altered"));
        }
        // A checkpoint whose link held vouches for the one before it, provided it is vouched for in turn.
        body.CopyTo(_previousBody);
        _previousBodyLength = n;
        signature.CopyTo(_previousSignature);
        _previousSignatureLength = signature.Length;
        AuditFormat.CheckpointHash(body, signature, _previousHash);
        _lastCheckpoint = treeSize;
        _checkpoints++;
        return true;
    }

    public void Head(long? treeSize, ReadOnlySpan<byte> frontier)
    {
        if (treeSize is null)
        {
            Fail(long.MaxValue - 1, new AuditFault(null, _lastCheckpoint, "the append state (audit_head) is missing"));
        }
        else if (!_tree.Matches(treeSize.Value, frontier))
        {
            Fail(long.MaxValue - 1, new AuditFault(null, _lastCheckpoint,
                $"the append state (audit_head, {treeSize} entries) does not match the log ({_tree.Size} entries)"));
        }
        _complete = true;
    }

    public AuditVerification Finish()
    {
        if (_complete && anchor is not null && _tree.Size < anchor.TreeSize)
        {
            Fail(2 * (_tree.Size + 1), new AuditFault(_tree.Size + 1, null,
                $"missing: the log ends at entry {_tree.Size}, but a checkpoint held outside the database covers {anchor.TreeSize} entries: it was cut back"));
        }
        if (_complete && _tree.Size > _lastCheckpoint)
        {
            Fail(2 * (_lastCheckpoint + 1), new AuditFault(_lastCheckpoint + 1, null,
                $"entries {_lastCheckpoint + 1}–{_tree.Size} are not sealed by any checkpoint: a checkpoint was deleted or entries were added"));
        }
        if (_checkpoints > 0
            && !key.Verify(_previousBody.AsSpan(0, _previousBodyLength), _previousSignature.AsSpan(0, _previousSignatureLength)))
        {
            // The one signature of the log: through the hashes each checkpoint names, it vouches for all of them.
            Fail((2 * _lastCheckpoint) + 1, new AuditFault(null, _lastCheckpoint, "its signature does not verify with the server key: it was forged or altered"));
        }
        return new AuditVerification(_tree.Size, _checkpoints, _fault);
    }

    // The link from a checkpoint to the one before it is broken: either this one's record of it changed, or the earlier one did.
    // The earlier one is then still waiting to be vouched for, by its own signature (checked in Finish); if that fails, it is named
    // instead, being earlier in the log.
    private bool BrokenLink(long treeSize) =>
        Fail((2 * treeSize) + 1, new AuditFault(null, treeSize, _lastCheckpoint == 0
            ? "it is the first checkpoint, but it does not name the hash of an empty log: it was altered, or the checkpoints before it were removed"
            : $"it does not name the hash of checkpoint {_lastCheckpoint}, the one before it: it was altered, or a checkpoint between them was removed"));

    private bool Fail(long position, AuditFault fault)
    {
        if (position < _faultPosition)
        {
            _faultPosition = position;
            _fault = fault;
        }
        return false;
    }
}
