using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cussp.Agreements;
using Cussp.Data;
using Cussp.Screening;
using Cussp.Time;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Cussp.Sanctions;

/// <summary>What an import did: counts of added, changed, removed and unchanged subjects.</summary>
public sealed record SanctionsImportReport(int ImportId, string Source, int Added, int Changed, int Removed, int Unchanged, bool SameFile);

/// <summary>
/// How cautious an import is: a file that would remove more than <see cref="MaxRemovalShare"/> of the subjects a list holds now
/// is refused (a wrong or truncated file, a second dataset under the same name) unless <see cref="AllowMassRemoval"/> is set.
/// </summary>
public sealed record SanctionsImportOptions
{
    /// <summary>The configuration key of the share (environment: <c>Sanctions__MaxRemovalShare</c>).</summary>
    public const string MaxRemovalShareKey = "Sanctions:MaxRemovalShare";

    /// <summary>The default share: more than half of a list removed at once is refused.</summary>
    public const double DefaultMaxRemovalShare = 0.5;

    /// <summary>The share of a list's current subjects, in [0, 1], that one import may remove.</summary>
    public double MaxRemovalShare { get; init; } = DefaultMaxRemovalShare;

    /// <summary>Imports even when more than that share would be removed.</summary>
    public bool AllowMassRemoval { get; init; }
}

/// <summary>
/// The stored sanctions lists. An import replaces what a source lists, incrementally: new subjects are added, changed ones
/// updated, missing ones marked removed (never deleted) and recorded as lifted on the day of the import, and every change is
/// kept with the data before and after, all in one transaction. An empty file is refused, and so is one that would remove more
/// than the allowed share of a list.
/// </summary>
public sealed class SanctionsRegister(CusspDbContext db, IClock clock, ScreeningService screening)
{
    /// <summary>Imports <paramref name="list"/> read from <paramref name="fileName"/> (whose bytes hash to <paramref name="fileHash"/>).</summary>
    public async Task<SanctionsImportReport> ImportAsync(SanctionsList list, string fileName, string fileHash, SanctionsImportOptions? options = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(list);
        options ??= new SanctionsImportOptions();
        var now = clock.GetCurrentInstant();
        var today = now.InZone(Zones.Kyiv).Date;
        var source = list.Source;
        if (list.Entities.Count == 0)
        {
            throw new InvalidInputException($"{fileName}: the file lists no subjects; an empty list is never imported, since it would remove every subject of {source}");
        }
        var duplicate = list.Entities.GroupBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidInputException($"{fileName}: subject {duplicate.Key} appears {duplicate.Count()} times");
        }
        var strategy = db.Database.CreateExecutionStrategy();
        var report = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var existing = await db.SanctionsEntities.Where(e => e.Source == source).ToDictionaryAsync(e => e.Id, StringComparer.Ordinal, ct);
            var seen = list.Entities.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            var listed = existing.Values.Count(r => r.RemovedAt is null);
            var removing = existing.Values.Count(r => r.RemovedAt is null && !seen.Contains(r.Id));
            if (!options.AllowMassRemoval && listed > 0 && (double)removing / listed > options.MaxRemovalShare)
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"{fileName}: importing it would remove {removing:N0} of the {listed:N0} subjects listed in {source} ({(double)removing / listed:P0}), more than the {options.MaxRemovalShare:P0} one import may remove. Check that the file is the whole list of {source}; to import it anyway, pass --allow-mass-removal."));
            }
            var import = new SanctionsImportRecord { Source = source, FileName = fileName, FileHash = fileHash, ImportedAt = now };
            db.SanctionsImports.Add(import);
            await db.SaveChangesAsync(ct);
            var changes = new List<SanctionsChangeRecord>();
            foreach (var entity in list.Entities)
            {
                var json = ListWriter.ToJson(entity);
                var hash = Hash(json);
                if (!existing.TryGetValue(entity.Id, out var record))
                {
                    db.SanctionsEntities.Add(new SanctionsEntityRecord
                    {
                        Source = source,
                        Id = entity.Id,
                        Kind = entity.Kind.ToString(),
                        Caption = Cut(entity.Caption, 500),
                        Data = json,
                        Hash = hash,
                        FirstImportedAt = now,
                        UpdatedAt = now,
                    });
                    changes.Add(Change(import.Id, source, entity.Id, SanctionsChange.Added, null, json));
                    import.Added++;
                }
                else if (record.Hash != hash || record.RemovedAt is not null)
                {
                    changes.Add(Change(import.Id, source, entity.Id, record.RemovedAt is null ? SanctionsChange.Changed : SanctionsChange.Added, record.Data, json));
                    if (record.RemovedAt is null)
                    {
                        import.Changed++;
                    }
                    else
                    {
                        import.Added++;
                    }
                    record.Kind = entity.Kind.ToString();
                    record.Caption = Cut(entity.Caption, 500);
                    record.Data = json;
                    record.Hash = hash;
                    record.UpdatedAt = now;
                    record.RemovedAt = null;
                }
                else
                {
                    import.Unchanged++;
                }
            }
            foreach (var record in existing.Values.Where(r => r.RemovedAt is null && !seen.Contains(r.Id)))
            {
                // A subject the list no longer names was lifted: on the day of the import, unless the list had already dated it.
                var entity = ListWriter.FromJson(record.Data);
                if (entity.LiftedOn is null || entity.LiftedOn > new PartialDate(today.Year, today.Month, today.Day))
                {
                    entity.Lift(new PartialDate(today.Year, today.Month, today.Day));
                }
                var json = ListWriter.ToJson(entity);
                changes.Add(Change(import.Id, source, record.Id, SanctionsChange.Removed, record.Data, json));
                record.Data = json;
                record.Hash = Hash(json);
                record.RemovedAt = now;
                record.UpdatedAt = now;
                import.Removed++;
            }
            db.SanctionsChanges.AddRange(changes);
            var sameFile = await db.SanctionsImports.AnyAsync(i => i.Source == source && i.FileHash == fileHash && i.Id != import.Id, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new SanctionsImportReport(import.Id, source, import.Added, import.Changed, import.Removed, import.Unchanged, sameFile);
        });
        screening.ListsChanged(report.ImportId);
        return report;
    }

    /// <summary>The subjects listed now (removed ones left out), of every source or of one.</summary>
    public async Task<List<ListedEntity>> ListedAsync(string? source = null, CancellationToken ct = default)
    {
        var query = db.SanctionsEntities.AsNoTracking().Where(e => e.RemovedAt == null);
        if (source is not null)
        {
            query = query.Where(e => e.Source == source);
        }
        var data = await query.OrderBy(e => e.Source).ThenBy(e => e.Id).Select(e => e.Data).ToListAsync(ct);
        return [.. data.Select(ListWriter.FromJson)];
    }

    /// <summary>
    /// The listings that were lifted or ended on or before <paramref name="asOf"/>, of every source or of one: subjects an import
    /// no longer found, subjects whose every sanction ended, and subjects with one sanction ended while others stand (the
    /// candidates for re-imposition, Part IV.K.5.ii).
    /// </summary>
    public async Task<List<ListedEntity>> LiftedAsync(LocalDate asOf, string? source = null, CancellationToken ct = default)
    {
        var query = db.SanctionsEntities.AsNoTracking()
            .Where(e => e.RemovedAt != null || e.Data.Contains("\"liftedOn\"") || e.Data.Contains("\"endsOn\""));
        if (source is not null)
        {
            query = query.Where(e => e.Source == source);
        }
        var day = new PartialDate(asOf.Year, asOf.Month, asOf.Day);
        var data = await query.OrderBy(e => e.Source).ThenBy(e => e.Id).Select(e => e.Data).ToListAsync(ct);
        return [.. data.Select(ListWriter.FromJson).Where(e => e.LiftedOn <= day || e.LegalBasis.Any(b => b.EndsOn <= day))];
    }

    /// <summary>The history of one subject, oldest first.</summary>
    public Task<List<SanctionsChangeRecord>> HistoryAsync(string source, string id, CancellationToken ct = default) =>
        db.SanctionsChanges.AsNoTracking().Where(c => c.Source == source && c.EntityId == id).OrderBy(c => c.Id).ToListAsync(ct);

    /// <summary>The id of the latest import: the version of the stored lists, 0 when nothing was imported.</summary>
    public async Task<int> VersionAsync(CancellationToken ct = default) =>
        await db.SanctionsImports.AsNoTracking().MaxAsync(i => (int?)i.Id, ct) ?? 0;

    /// <summary>SHA-256 of bytes, hex.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];

    private static SanctionsChangeRecord Change(int importId, string source, string id, SanctionsChange change, string? before, string? after) =>
        new() { ImportId = importId, Source = source, EntityId = id, Change = change, Before = before, After = after };
}

/// <summary>
/// The screening index of the stored lists, held in one immutable snapshot that is swapped whole when the lists change, so a
/// query never sees half of an update. An import in this process rebuilds it at once; imports by other nodes are noticed by
/// asking the database for the lists' version at most every <see cref="CheckInterval"/>, and queries meanwhile use the snapshot
/// they find.
/// </summary>
public sealed partial class ScreeningService(IServiceProvider services, ScreeningOptions options, IClock clock, ILogger<ScreeningService> logger) : IDisposable
{
    /// <summary>How long a snapshot is trusted before the database is asked whether another node changed the lists.</summary>
    public static readonly Duration CheckInterval = Duration.FromSeconds(5);

    private sealed record Snapshot(int Version, ScreeningIndex Index, Instant CheckedAt, LocalDate Day);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _current;
    private int _changed;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the screening index after an import failed; the next query retries")]
    private partial void RebuildFailed(Exception exception);

    /// <summary>The index of the lists as they are now.</summary>
    public async Task<ScreeningIndex> IndexAsync(CancellationToken ct = default)
    {
        var s = Volatile.Read(ref _current);
        var now = clock.GetCurrentInstant();
        var changed = Volatile.Read(ref _changed) > (s?.Version ?? -1);
        if (s is not null && !changed && Fresh(s, now))
        {
            return s.Index;
        }
        if (s is not null && !changed)
        {
            // Only time says to look again: one caller asks the database, the others keep the snapshot meanwhile.
            if (!await _gate.WaitAsync(0, ct))
            {
                return s.Index;
            }
        }
        else
        {
            await _gate.WaitAsync(ct);
        }
        try
        {
            return await RefreshAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Tells the service that an import in this process made <paramref name="version"/>: the index is rebuilt now.</summary>
    public void ListsChanged(int version)
    {
        int seen;
        do
        {
            seen = Volatile.Read(ref _changed);
        }
        while (seen < version && Interlocked.CompareExchange(ref _changed, version, seen) != seen);
        // A process that screens rebuilds at once; a command-line import, which never built an index, does not pay for one.
        if (Volatile.Read(ref _current) is not null)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await IndexAsync();
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                {
                    RebuildFailed(e);
                }
            });
        }
    }

    private static bool Fresh(Snapshot s, Instant now) => now - s.CheckedAt < CheckInterval && s.Day == now.InZone(Zones.Kyiv).Date;

    private async Task<ScreeningIndex> RefreshAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var today = now.InZone(Zones.Kyiv).Date;
        var s = Volatile.Read(ref _current);
        if (s is not null && Volatile.Read(ref _changed) <= s.Version && Fresh(s, now))
        {
            return s.Index;
        }
        await using var scope = services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        var version = await register.VersionAsync(ct);
        if (s is not null && s.Version == version && s.Day == today)
        {
            Volatile.Write(ref _current, s with { CheckedAt = now });
            return s.Index;
        }
        // Lifted listings drop out of the index on the day they end, so a new day is a new snapshot too.
        var index = ScreeningIndex.Build(await register.ListedAsync(null, ct), options, new PartialDate(today.Year, today.Month, today.Day));
        Volatile.Write(ref _current, new Snapshot(version, index, now, today));
        return index;
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}

/// <summary>Registers the sanctions register and the screening service.</summary>
public static class SanctionsSetup
{
    /// <summary>Adds <see cref="SanctionsRegister"/> (scoped) and <see cref="ScreeningService"/> (one per process).</summary>
    public static IServiceCollection AddSanctions(this IServiceCollection services)
    {
        services.AddScoped<SanctionsRegister>();
        services.TryAddSingleton(new ScreeningOptions());
        services.AddSingleton<ScreeningService>();
        return services;
    }
}
