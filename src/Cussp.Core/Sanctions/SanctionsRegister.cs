using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cussp.Agreements;
using Cussp.Screening;
using Cussp.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Cussp.Sanctions;

/// <summary>What an import did: counts of added, changed, removed and unchanged subjects.</summary>
public sealed record SanctionsImportReport(int ImportId, string Source, int Added, int Changed, int Removed, int Unchanged, bool SameFile);

/// <summary>
/// How cautious an import is: a file that would remove more than <see cref="MaxRemovalShare"/> of the subjects a list holds now
/// is refused (a wrong or truncated file, a second dataset under the same name) unless <see cref="AllowMassRemoval"/> is set.
/// </summary>
public sealed record SanctionsImportOptions
{
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
/// than the allowed share of a list. The audit log receives the import and each subject it added, changed or removed.
/// </summary>
public sealed class SanctionsRegister(CusspDbContext db, IClock clock, ScreeningService screening, AuditTrail audit)
{
    /// <summary>The record type of the entry that starts an import in the audit log; the record id is the source.</summary>
    public const string ListRecordType = "SanctionsList";

    /// <summary>The record type of the entry that closes an import with its counts; the record id is the import's.</summary>
    public const string ImportRecordType = "SanctionsImport";

    /// <summary>The record type of subject entries in the audit log; the record id is the source and the subject's id.</summary>
    public const string SubjectRecordType = "SanctionsSubject";

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
            audit.Changed("sanctions.import", ListRecordType, source, null, new { import.Source, import.FileName, import.FileHash });
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
                        Caption = Cut(entity.Caption, SanctionsEntityConfiguration.MaxCaption),
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
                    record.Caption = Cut(entity.Caption, SanctionsEntityConfiguration.MaxCaption);
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
            foreach (var change in changes)
            {
                audit.Changed(SubjectAction(change.Change), SubjectRecordType, $"{source}/{change.EntityId}",
                    change.Before is null ? null : new { Hash = Hash(change.Before) }, new { import.Id, Hash = Hash(change.After!) });
            }
            audit.Changed("sanctions.imported", ImportRecordType, import.Id.ToString(CultureInfo.InvariantCulture), null,
                new { import.Source, import.Added, import.Changed, import.Removed, import.Unchanged });
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

    private static string SubjectAction(SanctionsChange change) => change switch
    {
        SanctionsChange.Added => "sanctions.add",
        SanctionsChange.Changed => "sanctions.change",
        _ => "sanctions.remove",
    };

    private static SanctionsChangeRecord Change(int importId, string source, string id, SanctionsChange change, string? before, string? after) =>
        new() { ImportId = importId, Source = source, EntityId = id, Change = change, Before = before, After = after };
}
