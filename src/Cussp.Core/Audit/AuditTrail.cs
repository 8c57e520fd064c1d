using System.Data.Common;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;

namespace Cussp.Audit;

/// <summary>
/// The one audit writer. Use cases record what they do here; the entries are sequenced, hashed and sealed with a signed checkpoint
/// by the next <c>SaveChangesAsync</c> of the same scope, in the same transaction as the change, so an acknowledged change always has
/// its entry and no change is committed without one.
/// </summary>
public sealed class AuditTrail(CusspDbContext db, PendingAudit pending, IAuditActor actor, IAuditDigest digest)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Who the entries of this scope name; <see cref="ActAs"/> changes it.</summary>
    public AuditActor Actor => pending.Actor ?? actor.Current;

    /// <summary>Names a different actor for the rest of this scope, such as <see cref="AuditActor.System"/> for seeding.</summary>
    public void ActAs(AuditActor who) => pending.Actor = who ?? throw new ArgumentNullException(nameof(who));

    /// <summary>Records a change; <paramref name="before"/> and <paramref name="after"/> are serialised as JSON (null: absent).</summary>
    public void Changed(string action, string recordType, string recordId, object? before, object? after) =>
        Changed(action, recordType, recordId, null, before, after);

    /// <summary>
    /// Records a change of a marked record. The entry carries <paramref name="marking"/>, so that only auditors whose participant,
    /// clearance and areas cover it see the entry; for a change of marking, pass the stricter of the two
    /// (<see cref="MarkingChanges.Stricter"/>).
    /// </summary>
    public void Changed(string action, string recordType, string recordId, Marking? marking, object? before, object? after) =>
        pending.Add(Actor, action, recordType, recordId, marking?.ToString(),
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json));

    /// <summary>A keyed digest of protected words, which shows in the log that they changed without showing or betraying them.</summary>
    public string Digest(string text) => digest.Compute(text);

    /// <summary>Records a read of material with the given marking (call it for anything above UNCLASSIFIED).</summary>
    public void Read(string recordType, string recordId, string marking)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(marking);
        pending.Add(Actor, "read", recordType, recordId, marking, null, null);
    }

    /// <summary>
    /// Records a read of every record shown that is above UNCLASSIFIED, one entry each with its marking, and seals them; writes
    /// nothing when every record shown is UNCLASSIFIED.
    /// </summary>
    public async Task ReadAsync<T>(string recordType, IEnumerable<T> shown, Func<T, Guid> id, CancellationToken ct = default) where T : IMarked
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(id);
        var logged = false;
        foreach (var record in shown.Where(r => r.Classification > SecurityClassification.Unclassified))
        {
            Read(recordType, id(record).ToString(), Marking.Of(record).ToString());
            logged = true;
        }
        if (logged)
        {
            await SaveAsync(ct);
        }
    }

    /// <summary>Seals what was recorded, with any other pending changes of the scope; for reads, which change nothing else.</summary>
    public Task SaveAsync(CancellationToken ct = default) => db.SaveChangesAsync(ct);
}

/// <summary>The entries recorded in a scope and not yet sealed.</summary>
public sealed class PendingAudit
{
    private readonly List<AuditEntryRecord> _entries = [];

    internal AuditActor? Actor { get; set; }

    internal IReadOnlyList<AuditEntryRecord> Entries => _entries;

    internal void Add(AuditActor who, string action, string recordType, string recordId, string? marking, string? before, string? after)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordType);
        ArgumentNullException.ThrowIfNull(recordId);
        _entries.Add(new AuditEntryRecord
        {
            Actor = who.Id,
            ActorName = who.DisplayName,
            Action = action,
            RecordType = recordType,
            RecordId = recordId,
            Marking = marking,
            Before = before,
            After = after,
        });
    }

    internal void Clear() => _entries.Clear();
}

/// <summary>What sealing a batch adds to the log.</summary>
/// <param name="Entries">The entries, numbered.</param>
/// <param name="Checkpoint">The signed checkpoint that seals them.</param>
/// <param name="TreeSize">The log's size after the batch.</param>
/// <param name="Frontier">The log's right edge after the batch (the append state).</param>
/// <param name="CheckpointHash">The checkpoint's hash, which the next checkpoint chains.</param>
internal sealed record SealedBatch(IReadOnlyList<AuditEntryRecord> Entries, AuditCheckpointRecord Checkpoint, long TreeSize, byte[] Frontier,
    byte[] CheckpointHash);

/// <summary>The newest checkpoints as stored: the latest, and the tree size of the one before it (0 when there is none).</summary>
/// <param name="Latest">The latest checkpoint, or null in an empty log.</param>
/// <param name="PreviousTreeSize">The size of the checkpoint before the latest, which the latest's body names.</param>
internal sealed record LogTip(AuditCheckpointRecord? Latest, long PreviousTreeSize);

/// <summary>Numbers, hashes and signs a batch onto the end of the log.</summary>
internal static class AuditSealing
{
    /// <summary>
    /// Checks the latest stored checkpoint before the log is extended over it and returns its hash, which the next checkpoint
    /// chains. Chaining an altered checkpoint would have the server vouch for it, so its signature is verified (one ECDSA
    /// verification) and the append state must be the tree it signed.
    /// </summary>
    /// <exception cref="AuditLogDamagedException">The latest checkpoint does not verify or does not match the append state.</exception>
    public static byte[] CheckTip(long treeSize, byte[] frontier, LogTip tip, AuditPublicKey key)
    {
        if (tip.Latest is not { } latest)
        {
            return treeSize == 0
                ? AuditFormat.NoPreviousCheckpoint.ToArray()
                : throw Refused(new AuditFault(1, null, $"the append state (audit_head) holds {treeSize} entries, but no checkpoint seals them"));
        }
        var size = latest.TreeSize;
        if (latest.Format != AuditFormat.CheckpointChained)
        {
            throw Refused(new AuditFault(null, size, $"unknown checkpoint format {latest.Format}"));
        }
        if (!latest.KeyId.AsSpan().SequenceEqual(key.KeyId))
        {
            throw Refused(new AuditFault(null, size,
                $"signed by another key ({Convert.ToHexStringLower(latest.KeyId)}), not by this server's key ({Convert.ToHexStringLower(key.KeyId)})"));
        }
        if (latest.RootHash.Length != AuditFormat.HashSize || latest.PreviousHash?.Length != AuditFormat.HashSize)
        {
            throw Refused(new AuditFault(null, size, "malformed root hash or previous hash"));
        }
        var body = AuditFormat.CheckpointBody(latest, tip.PreviousTreeSize);
        if (!key.Verify(body, latest.Signature))
        {
            throw Refused(new AuditFault(null, size, "its signature does not verify with the server key: it was forged or altered"));
        }
        Span<byte> root = stackalloc byte[AuditFormat.HashSize];
        MerkleFrontier.Load(treeSize, frontier).Root(root);
        if (size != treeSize || !root.SequenceEqual(latest.RootHash))
        {
            throw Refused(new AuditFault(null, size,
                $"the append state (audit_head, {treeSize} entries) is not the tree this latest checkpoint signed ({size} entries)"));
        }
        var hash = new byte[AuditFormat.HashSize];
        AuditFormat.CheckpointHash(body, latest.Signature, hash);
        return hash;
    }

    /// <summary>The latest checkpoint as stored, and the size of the one before it, read in <paramref name="transaction"/>.</summary>
    public static async Task<LogTip> ReadTipAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT "TreeSize", "RootHash", "At", "KeyId", "Signature", "Format", "PreviousHash" FROM audit_checkpoints
            ORDER BY "TreeSize" DESC LIMIT 2
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return new LogTip(null, 0);
        }
        var latest = new AuditCheckpointRecord
        {
            TreeSize = reader.GetInt64(0),
            RootHash = (byte[])reader.GetValue(1),
            At = AuditFormat.FromMicros(reader.GetInt64(2)),
            KeyId = (byte[])reader.GetValue(3),
            Signature = (byte[])reader.GetValue(4),
            // An altered format is reported as such rather than overflowing here.
            Format = (short)Math.Clamp(Convert.ToInt64(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture), short.MinValue, short.MaxValue),
            PreviousHash = reader.IsDBNull(6) ? null : (byte[])reader.GetValue(6),
        };
        return new LogTip(latest, await reader.ReadAsync(ct) ? reader.GetInt64(0) : 0);
    }

    /// <summary>Seals <paramref name="pending"/> after a log of <paramref name="treeSize"/> entries whose latest checkpoint hashes to <paramref name="previousHash"/>.</summary>
    public static SealedBatch Seal(long treeSize, byte[] frontier, byte[] previousHash, IReadOnlyList<AuditEntryRecord> pending, Instant now,
        IAuditSigningKey key)
    {
        var tree = MerkleFrontier.Load(treeSize, frontier);
        var at = AuditFormat.FromMicros(AuditFormat.ToMicros(now));
        var writer = new EntryWriter();
        Span<byte> leaf = stackalloc byte[AuditFormat.HashSize];
        var entries = new List<AuditEntryRecord>(pending.Count);
        foreach (var p in pending)
        {
            var e = new AuditEntryRecord
            {
                Seq = tree.Size + 1,
                At = at,
                Actor = p.Actor,
                ActorName = p.ActorName,
                Action = p.Action,
                RecordType = p.RecordType,
                RecordId = p.RecordId,
                Marking = p.Marking,
                Before = p.Before,
                After = p.After,
            };
            writer.Write(e);
            writer.LeafHash(leaf);
            tree.Append(leaf);
            entries.Add(e);
        }
        var root = new byte[AuditFormat.HashSize];
        tree.Root(root);
        Span<byte> body = stackalloc byte[AuditFormat.MaxCheckpointBody];
        var n = AuditFormat.CheckpointBody(AuditFormat.CheckpointChained, tree.Size, root, AuditFormat.ToMicros(at), treeSize, previousHash, body);
        var checkpoint = new AuditCheckpointRecord
        {
            TreeSize = tree.Size,
            RootHash = root,
            At = at,
            KeyId = key.PublicKey.KeyId,
            Signature = key.Sign(body[..n]),
            Format = AuditFormat.CheckpointChained,
            PreviousHash = previousHash,
        };
        var hash = new byte[AuditFormat.HashSize];
        AuditFormat.CheckpointHash(body[..n], checkpoint.Signature, hash);
        return new SealedBatch(entries, checkpoint, tree.Size, tree.Save(), hash);
    }

    private static AuditLogDamagedException Refused(AuditFault fault) => new(fault, "nothing was written, because the audit log does not verify");
}

/// <summary>
/// Seals the scope's pending entries inside SaveChanges: takes the log's lock (SQLite: the immediate write transaction; PostgreSQL:
/// <c>SELECT … FOR UPDATE</c> of the head row, which serialises every node), numbers the entries after the head, and adds them
/// with a signed checkpoint to the same transaction. Refuses a save that changes data without recording an entry.
/// </summary>
internal sealed class AuditSealer(PendingAudit pending, IAuditSigningKey key, IClock clock, IAuditActor actor) : SaveChangesInterceptor
{
    // Names the point, inside a transaction the caller began, to which a failed save returns: EF Core rolls a failed save back to
    // a savepoint of its own, taken after the append state was moved, so without this the caller's transaction would keep a
    // moved append state for entries that were never written.
    private const string Savepoint = "cussp_audit";

    private IDbContextTransaction? _own;
    private bool _savepoint;
    private SealedBatch? _sealed;
    private bool _derived;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        var db = Context(eventData);
        if (pending.Entries.Count > 0)
        {
            throw new InvalidOperationException("Audited changes are saved with SaveChangesAsync.");
        }
        RefuseUnaudited(db);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        var db = Context(eventData);
        if (pending.Entries.Count == 0 && !(_derived = RecordTrackedChanges(db)))
        {
            return result;
        }
        db.Sealing = this;
        if (db.Database.CurrentTransaction is not { } callers)
        {
            _own = await db.Database.BeginTransactionAsync(cancellationToken);
        }
        else
        {
            await callers.CreateSavepointAsync(Savepoint, cancellationToken);
            _savepoint = true;
        }
        try
        {
            var (size, frontier) = await LockHeadAsync(db, cancellationToken);
            // Read under the head's lock, so no other writer adds a checkpoint in between.
            var tip = await AuditSealing.ReadTipAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction!.GetDbTransaction(), cancellationToken);
            var previousHash = AuditSealing.CheckTip(size, frontier, tip, key.PublicKey);
            var batch = AuditSealing.Seal(size, frontier, previousHash, pending.Entries, clock.GetCurrentInstant(), key);
            var updated = await db.Database.ExecuteSqlAsync(
                $"""UPDATE audit_head SET "TreeSize" = {batch.TreeSize}, "Frontier" = {batch.Frontier} WHERE "Id" = 1 AND "TreeSize" = {size}""",
                cancellationToken);
            if (updated != 1)
            {
                throw new InvalidOperationException("The audit log's head moved while it was locked.");
            }
            db.AddRange(batch.Entries);
            db.Add(batch.Checkpoint);
            _sealed = batch;
            return result;
        }
        catch
        {
            await EndAsync(db, failed: true);
            throw;
        }
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (_sealed is null)
        {
            return result;
        }
        try
        {
            if (_own is not null)
            {
                await _own.CommitAsync(cancellationToken);
            }
            pending.Clear();
        }
        finally
        {
            // A failed commit is rolled back when the transaction is disposed; the entries stay pending, as the change does.
            await EndAsync(Context(eventData), failed: false);
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        await EndAsync(Context(eventData), failed: true);

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        await EndAsync(Context(eventData), failed: true);

    /// <summary>Ends a save that failed where no interceptor hears of it (see <see cref="CusspDbContext.SaveChangesAsync(bool, CancellationToken)"/>).</summary>
    internal Task AbandonAsync(CusspDbContext db) => EndAsync(db, failed: true);

    // Sealed records leave the change tracker so that a long-lived scope does not accumulate them and a retry seals afresh.
    // Entries read off the change tracker go too: a retry (after reloading a row that lost a concurrency check, say) reads them
    // again from what it then saves, and keeping these would log a change that was never made.
    private async Task EndAsync(CusspDbContext db, bool failed)
    {
        db.Sealing = null;
        if (_derived)
        {
            pending.Clear();
            _derived = false;
        }
        if (_sealed is not null)
        {
            foreach (var e in _sealed.Entries)
            {
                db.Entry(e).State = EntityState.Detached;
            }
            db.Entry(_sealed.Checkpoint).State = EntityState.Detached;
            _sealed = null;
        }
        if (_own is not null)
        {
            await _own.DisposeAsync();
            _own = null;
        }
        if (_savepoint)
        {
            _savepoint = false;
            if (db.Database.CurrentTransaction is { } callers)
            {
                if (failed)
                {
                    await callers.RollbackToSavepointAsync(Savepoint);
                }
                else
                {
                    await callers.ReleaseSavepointAsync(Savepoint);
                }
            }
        }
    }

    private static CusspDbContext Context(DbContextEventData eventData) =>
        eventData.Context as CusspDbContext ?? throw new InvalidOperationException("The audit sealer serves CusspDbContext only.");

    /// <summary>
    /// A change that no use case described (Identity's own saves: failed sign-ins, stamps, keys) is still logged: one entry per
    /// changed row, with the changed columns before and after. Secrets are never copied into the log, only the fact they changed.
    /// </summary>
    private bool RecordTrackedChanges(DbContext db)
    {
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }
        var who = pending.Actor ?? actor.Current;
        var any = false;
        foreach (var e in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
        {
            var type = e.Metadata.ClrType;
            var keyProperty = e.Metadata.FindPrimaryKey()?.Properties;
            var id = keyProperty is null ? "" : string.Join("/", keyProperty.Select(k => Convert.ToString(e.Property(k.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture)));
            var changed = e.Properties.Where(p => e.State != EntityState.Modified || p.IsModified).ToList();
            var marking = MarkingOf(e);
            // The words of a marked record stay out of the log, which auditors of lower clearance read; the entry's marking says
            // who may see the rest.
            Dictionary<string, string?>? Values(bool original) => changed.ToDictionary(p => p.Metadata.Name,
                p => IsSecret(type, p.Metadata.Name) || (marking is not null && p.Metadata.ClrType == typeof(string)) ? "[redacted]"
                    : Convert.ToString(original ? p.OriginalValue : p.CurrentValue, System.Globalization.CultureInfo.InvariantCulture));
            var action = e.State switch { EntityState.Added => "create", EntityState.Deleted => "delete", _ => "update" };
            pending.Add(who, action, type.Name, id, marking,
                e.State == EntityState.Added ? null : JsonSerializer.Serialize(Values(true)),
                e.State == EntityState.Deleted ? null : JsonSerializer.Serialize(Values(false)));
            any = true;
        }
        return any;
    }

    /// <summary>The marking an entry about a marked row carries: the stricter of the row's marking before and after the change.</summary>
    private static string? MarkingOf(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry e)
    {
        if (e.Entity is not IMarked record)
        {
            return null;
        }
        var now = Marking.Of(record);
        if (e.State != EntityState.Modified)
        {
            return now.ToString();
        }
        var was = new Marking((SecurityClassification)e.OriginalValues[nameof(IMarked.Classification)]!,
            (Releasability)e.OriginalValues[nameof(IMarked.Releasability)]!, (string)e.OriginalValues[nameof(IMarked.Area)]!);
        return MarkingChanges.Stricter(was, now).ToString();
    }

    private static readonly HashSet<string> SecretColumns = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "Hash", "Frontier",
    };

    // Identity's token rows hold authenticator keys and recovery codes in Value.
    private static bool IsSecret(Type type, string column) =>
        SecretColumns.Contains(column) || (column == "Value" && type.Name.StartsWith("IdentityUserToken", StringComparison.Ordinal));

    private static void RefuseUnaudited(DbContext db)
    {
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }
        var change = db.ChangeTracker.Entries().FirstOrDefault(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        if (change is not null)
        {
            throw new InvalidOperationException(
                $"{change.Metadata.ClrType.Name} is {change.State.ToString().ToLowerInvariant()} without an audit entry: record the change with AuditTrail.");
        }
    }

    private static async Task<(long Size, byte[] Frontier)> LockHeadAsync(CusspDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = db is PostgresCusspDbContext
            ? """SELECT "TreeSize", "Frontier" FROM audit_head WHERE "Id" = 1 FOR UPDATE"""
            : """SELECT "TreeSize", "Frontier" FROM audit_head WHERE "Id" = 1""";
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new InvalidOperationException("The audit log's head row is missing; the database was not migrated.");
        }
        return (reader.GetInt64(0), (byte[])reader.GetValue(1));
    }
}
