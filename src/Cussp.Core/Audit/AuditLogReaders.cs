using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cussp.Audit;

/// <summary>
/// Feeds a SQLite log to a <see cref="LogFeed"/> in one read transaction, entries and checkpoints merged in log order, through
/// the native API so the hot path copies no strings.
/// </summary>
internal static class SqliteLogReader
{
    public static void Read(SqliteConnection connection, LogFeed feed, CancellationToken ct)
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
            var rows = SqliteRows.Instance;
            var hasEntry = Step(db, entries);
            var hasCheckpoint = Step(db, checkpoints);
            var ok = true;
            while (ok && (hasEntry || hasCheckpoint))
            {
                if (hasCheckpoint && (!hasEntry || raw.sqlite3_column_int64(checkpoints, 0) <= feed.Size))
                {
                    ok = feed.Checkpoint(raw.sqlite3_column_int64(checkpoints, 0), raw.sqlite3_column_blob(checkpoints, 1),
                        raw.sqlite3_column_int64(checkpoints, 2), raw.sqlite3_column_blob(checkpoints, 3), raw.sqlite3_column_blob(checkpoints, 4),
                        raw.sqlite3_column_int64(checkpoints, 5),
                        raw.sqlite3_column_type(checkpoints, 6) == raw.SQLITE_NULL ? null : raw.sqlite3_column_blob(checkpoints, 6).ToArray());
                    hasCheckpoint = Step(db, checkpoints);
                    continue;
                }
                long seq;
                var writer = feed.Writer;
                if (rows is not null)
                {
                    seq = rows.Int64(entries, 0);
                    writer.Next(seq, rows.Int64(entries, 1));
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
                    writer.Next(seq, raw.sqlite3_column_int64(entries, 1));
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
                ok = feed.Entry(seq, ct);
                if (rows is not null)
                {
                    hasEntry = rows.Step(entries, out var rc) || Done(db, rc);
                }
                else
                {
                    hasEntry = Step(db, entries);
                }
            }
            if (ok)
            {
                if (Step(db, head))
                {
                    feed.Head(raw.sqlite3_column_int64(head, 0), raw.sqlite3_column_blob(head, 1));
                }
                else
                {
                    feed.Head(null, default);
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
}

/// <summary>Feeds a log to a <see cref="LogFeed"/> through ADO.NET (PostgreSQL): one ordered statement in one snapshot.</summary>
internal static class AdoLogReader
{
    public static async Task ReadAsync(DbConnection connection, DbTransaction? transaction, LogFeed feed, CancellationToken ct)
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
                    ok = feed.Checkpoint(position, Bytes(reader, 11), at, Bytes(reader, 12), Bytes(reader, 13),
                        reader.IsDBNull(14) ? 0 : Convert.ToInt64(reader.GetValue(14), System.Globalization.CultureInfo.InvariantCulture),
                        reader.IsDBNull(15) ? null : (byte[])reader.GetValue(15));
                    continue;
                }
                var writer = feed.Writer;
                writer.Next(position, at);
                for (var i = 3; i < 11; i++)
                {
                    writer.Field(reader.IsDBNull(i) ? null : reader.GetString(i));
                }
                ok = feed.Entry(position, ct);
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
                feed.Head(reader.GetInt64(0), Bytes(reader, 1));
            }
            else
            {
                feed.Head(null, default);
            }
        }
    }

    private static byte[] Bytes(DbDataReader reader, int i) => reader.IsDBNull(i) ? [] : (byte[])reader.GetValue(i);
}
