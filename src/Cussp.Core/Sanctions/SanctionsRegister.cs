using System.Security.Cryptography;
using System.Text;
using Cussp.Agreements;
using Cussp.Data;
using Cussp.Screening;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace Cussp.Sanctions;

/// <summary>What an import did: counts of added, changed, removed and unchanged subjects.</summary>
public sealed record SanctionsImportReport(int ImportId, string Source, int Added, int Changed, int Removed, int Unchanged, bool SameFile);

/// <summary>
/// The stored sanctions lists. An import replaces what a source lists, incrementally: new subjects are added, changed ones
/// updated, missing ones marked removed (never deleted), and every change is kept with the data before and after, all in
/// one transaction.
/// </summary>
public sealed class SanctionsRegister(CusspDbContext db, IClock clock)
{
    /// <summary>Imports <paramref name="list"/> read from <paramref name="fileName"/> (whose bytes hash to <paramref name="fileHash"/>).</summary>
    public async Task<SanctionsImportReport> ImportAsync(SanctionsList list, string fileName, string fileHash, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(list);
        var now = clock.GetCurrentInstant();
        var source = list.Source;
        var duplicate = list.Entities.GroupBy(e => e.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new RegisterInputException($"{fileName}: subject {duplicate.Key} appears {duplicate.Count()} times");
        }
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var existing = await db.SanctionsEntities.Where(e => e.Source == source).ToDictionaryAsync(e => e.Id, StringComparer.Ordinal, ct);
            var import = new SanctionsImportRecord { Source = source, FileName = fileName, FileHash = fileHash, ImportedAt = now };
            db.SanctionsImports.Add(import);
            await db.SaveChangesAsync(ct);
            var changes = new List<SanctionsChangeRecord>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entity in list.Entities)
            {
                seen.Add(entity.Id);
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
                record.RemovedAt = now;
                record.UpdatedAt = now;
                changes.Add(Change(import.Id, source, record.Id, SanctionsChange.Removed, record.Data, null));
                import.Removed++;
            }
            db.SanctionsChanges.AddRange(changes);
            var sameFile = await db.SanctionsImports.AnyAsync(i => i.Source == source && i.FileHash == fileHash && i.Id != import.Id, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new SanctionsImportReport(import.Id, source, import.Added, import.Changed, import.Removed, import.Unchanged, sameFile);
        });
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
/// The screening index of the stored lists, built in memory at first use and rebuilt when an import changes the lists
/// (on any node: the version is read from the database).
/// </summary>
public sealed class ScreeningService(IServiceProvider services, ScreeningOptions options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (int Version, ScreeningIndex Index)? _current;

    /// <summary>The index of the lists as they are now.</summary>
    public async Task<ScreeningIndex> IndexAsync(CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        var version = await register.VersionAsync(ct);
        if (_current is { } c && c.Version == version)
        {
            return c.Index;
        }
        await _gate.WaitAsync(ct);
        try
        {
            if (_current is { } again && again.Version == version)
            {
                return again.Index;
            }
            var index = ScreeningIndex.Build(await register.ListedAsync(null, ct), options);
            _current = (version, index);
            return index;
        }
        finally
        {
            _gate.Release();
        }
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
