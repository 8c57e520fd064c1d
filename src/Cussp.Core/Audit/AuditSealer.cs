using System.Text.Json;
using Cussp.Identity;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Cussp.Audit;

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
