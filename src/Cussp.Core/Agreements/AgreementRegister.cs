using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Agreements;

/// <summary>
/// Process-wide cache of register histories, and the one way to read them. A change made through this process drops its history
/// at once; a change made by another node on the same database is seen within <see cref="RecheckAfter"/>, when the cheap revision
/// check runs again. A fresh history is served without touching the database, so the hottest reads never open a connection.
/// </summary>
public sealed class RegisterCache(IClock clock, IServiceScopeFactory scopes)
{
    /// <summary>How long a history is served before its revision is checked against the database.</summary>
    public static readonly Duration RecheckAfter = Duration.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (RegisterHistory History, Instant CheckedAt)> _entries = new(StringComparer.Ordinal);

    /// <summary>The version of the agreement in force today in Kyiv, or null when there is no such agreement.</summary>
    public async ValueTask<RegisterSnapshot?> GetAsync(string id, CancellationToken ct = default) =>
        await HistoryAsync(id, ct) is { } history ? history.At(clock.GetCurrentInstant().InZone(Time.Zones.Kyiv).Date) ?? history.Versions[0] : null;

    /// <summary>
    /// The version of the agreement in force on <paramref name="asOf"/>, or today in Kyiv when it is null; null when there is no such
    /// agreement.
    /// </summary>
    /// <exception cref="InvalidInputException">The day asked for is before the agreement was signed.</exception>
    public async ValueTask<RegisterSnapshot?> GetAsync(string id, LocalDate? asOf, CancellationToken ct = default)
    {
        if (asOf is not { } day)
        {
            return await GetAsync(id, ct);
        }
        if (await HistoryAsync(id, ct) is not { } history)
        {
            return null;
        }
        return history.At(day) ?? throw new InvalidInputException("asOf", string.Create(CultureInfo.InvariantCulture,
            $"{id} was signed on {history.Versions[0].Version.EffectiveOn:uuuu-MM-dd}; ask for a day on or after it."));
    }

    /// <summary>Every version of the agreement, or null when there is no such agreement.</summary>
    public ValueTask<RegisterHistory?> HistoryAsync(string id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _entries.TryGetValue(id, out var e) && clock.GetCurrentInstant() - e.CheckedAt < RecheckAfter
            ? ValueTask.FromResult<RegisterHistory?>(e.History)
            : new ValueTask<RegisterHistory?>(LoadAsync(id, ct));
    }

    private async Task<RegisterHistory?> LoadAsync(string id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        if (_entries.TryGetValue(id, out var stale))
        {
            var revision = await db.Agreements.Where(a => a.Id == id).Select(a => (int?)a.Revision).FirstOrDefaultAsync(ct);
            if (revision == stale.History.Latest.Agreement.Revision)
            {
                _entries[id] = (stale.History, clock.GetCurrentInstant());
                return stale.History;
            }
        }
        var record = await db.Agreements.AsNoTracking().AsSplitQuery()
            .Include(a => a.Divisions)
            .Include(a => a.Provisions).ThenInclude(p => p.TimeRules)
            .Include(a => a.SummaryLines)
            .FirstOrDefaultAsync(a => a.Id == id, ct);
        if (record is null)
        {
            Invalidate(id);
            return null;
        }
        var overrides = await db.ProvisionOverrides.AsNoTracking().Where(o => o.AgreementId == id).ToListAsync(ct);
        var versions = await db.AgreementVersions.AsNoTracking().Where(v => v.AgreementId == id).OrderBy(v => v.Number).ToListAsync(ct);
        var decisions = versions.Select(v => v.DecisionId).ToList();
        var changes = versions.Count == 0 ? [] : await db.AmendmentChanges.AsNoTracking().Where(c => decisions.Contains(c.DecisionId))
            .OrderBy(c => c.Ordinal).ToListAsync(ct);
        var snapshots = new List<RegisterSnapshot> { RegisterSnapshot.From(record, overrides) };
        foreach (var v in versions)
        {
            snapshots.Add(Consolidation.Apply(snapshots[^1], changes.Where(c => c.DecisionId == v.DecisionId).Select(c => c.ToChange()).ToList(),
                RegisterHistory.VersionOf(v), overrides));
        }
        var history = new RegisterHistory(snapshots);
        _entries[id] = (history, clock.GetCurrentInstant());
        return history;
    }

    /// <summary>Forgets one agreement's history.</summary>
    public void Invalidate(string id) => _entries.TryRemove(id, out _);
}

/// <summary>Every consolidated version of one agreement, oldest first: the text as signed, then one per amendment that changed it.</summary>
public sealed class RegisterHistory
{
    internal RegisterHistory(IReadOnlyList<RegisterSnapshot> versions)
    {
        ArgumentOutOfRangeException.ThrowIfZero(versions.Count);
        Versions = versions;
    }

    /// <summary>The versions, by number.</summary>
    public IReadOnlyList<RegisterSnapshot> Versions { get; }

    /// <summary>The newest version, whether or not it is in force yet.</summary>
    public RegisterSnapshot Latest => Versions[^1];

    /// <summary>The version in force on <paramref name="date"/>, or null before the first one.</summary>
    public RegisterSnapshot? At(LocalDate date)
    {
        for (var i = Versions.Count - 1; i >= 0; i--)
        {
            if (Versions[i].Version.EffectiveOn <= date)
            {
                return Versions[i];
            }
        }
        return null;
    }

    /// <summary>Version <paramref name="number"/>, or null when there is none.</summary>
    public RegisterSnapshot? Number(int number) => number >= 1 && number <= Versions.Count ? Versions[number - 1] : null;

    /// <summary>
    /// The two versions a comparison shows, each named by its number as a reader wrote it: <paramref name="to"/> (when not given, the
    /// newest) and <paramref name="from"/> (when not given, the one before it). Each is null when its text names no version.
    /// </summary>
    public (RegisterSnapshot? From, RegisterSnapshot? To) Compared(string? from, string? to)
    {
        var newer = Named(to, Versions.Count);
        return (Named(from, Math.Max(1, (newer?.Version.Number ?? Versions.Count) - 1)), newer);
    }

    private RegisterSnapshot? Named(string? text, int fallback) =>
        string.IsNullOrWhiteSpace(text) ? Number(fallback)
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? Number(n)
        : null;

    internal static AgreementVersion VersionOf(AgreementVersionRecord v) => new(v.Number, v.EffectiveOn, v.DecisionId, v.Title, v.ApprovedAt, v.Changes);
}

/// <summary>The day a reader asked to read the register as of (<c>?asOf=YYYY-MM-DD</c>); none for today.</summary>
public sealed class RegisterReading
{
    /// <summary>The day, or null for the version in force today.</summary>
    public LocalDate? AsOf { get; set; }
}

/// <summary>The agreement register: import, read and correct agreements.</summary>
public sealed class AgreementRegister(CusspDbContext db, IClock clock, RegisterCache cache, AuditTrail audit, RegisterReading reading)
{
    /// <summary>The id of the Canada–Ukraine agreement loaded at first start.</summary>
    public const string CusspId = "cussp";

    /// <summary>The CUSSP text shipped with the product.</summary>
    public static string CusspText() => AgreementTexts.Read("cussp-agreement-2024.txt");

    /// <summary>Every agreement, by title.</summary>
    public async Task<IReadOnlyList<AgreementSummary>> ListAsync(CancellationToken ct = default) =>
        await db.Agreements.AsNoTracking().OrderBy(a => a.Id)
            .Select(a => new AgreementSummary(a.Id, a.Title, a.SignedOn, a.SignedAt, a.Provisions.Count, a.Revision))
            .ToListAsync(ct);

    /// <summary>
    /// Checks an id and a text without touching the database, so a caller can refuse bad input before opening anything.
    /// </summary>
    /// <exception cref="AgreementFormatException">The text does not follow the layout.</exception>
    /// <exception cref="InvalidInputException">The id is malformed.</exception>
    public static ParsedAgreement Validate(string id, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(id);
        if (!AgreementConfiguration.IsValidId(id))
        {
            throw new InvalidInputException($"--id \"{id}\": use {AgreementConfiguration.IdRule}");
        }
        return AgreementParser.Parse(text);
    }

    /// <summary>Parses, classifies and stores an agreement in one transaction; nothing is written if anything is wrong.</summary>
    /// <exception cref="AgreementFormatException">The text does not follow the layout.</exception>
    /// <exception cref="InvalidInputException">The id is malformed or taken.</exception>
    public async Task<AgreementSummary> ImportAsync(string id, string text, CancellationToken ct = default)
    {
        var parsed = Validate(id, text);
        var classified = ProvisionClassifier.Classify(parsed);
        if (await db.Agreements.AnyAsync(a => a.Id == id, ct))
        {
            throw new InvalidInputException($"--id \"{id}\": an agreement with this id already exists");
        }
        var record = new AgreementRecord
        {
            Id = id,
            Title = parsed.Title,
            PartiesClause = parsed.PartiesClause,
            SignedOn = parsed.SignedOn,
            SignedAt = parsed.SignedAt,
            SignatureClause = parsed.SignatureClause,
            SourceText = text,
            ImportedAt = clock.GetCurrentInstant(),
            Revision = 1,
            Divisions = parsed.Divisions.Select((d, i) => new DivisionRecord
            {
                AgreementId = id,
                Citation = d.Citation,
                Number = d.Number,
                Heading = d.Heading,
                Ordinal = i,
            }).ToList(),
            Provisions = classified.Select((c, i) => new ProvisionRecord
            {
                AgreementId = id,
                Citation = c.Source.Citation,
                Ordinal = i,
                Kind = c.Source.Kind,
                Number = c.Source.Number,
                ParentCitation = c.Source.ParentCitation,
                DivisionCitation = c.Source.DivisionCitation,
                Text = c.Source.Text,
                Actor = c.Classification.Actor,
                Modality = c.Classification.Modality,
                Component = c.Classification.Component,
                Basis = c.Classification.Basis,
                TimeRules = c.Classification.TimeRules.Select((t, j) => new TimeRuleRecord
                {
                    Ordinal = j,
                    Kind = t.Kind,
                    Anchor = t.Anchor,
                    Period = t.Period,
                    Phrase = t.Phrase,
                }).ToList(),
            }).ToList(),
        };
        db.Agreements.Add(record);
        var mapped = ComponentMap.For(text) is { } map ? ApplyMap(record, map, []) : 0;
        var sourceSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        audit.Changed("agreement.import", "agreement", id, null,
            new { id, record.Title, record.Revision, Provisions = record.Provisions.Count, sourceSha256, SummaryLines = record.SummaryLines.Count, ComponentOverrides = mapped });
        await db.SaveChangesAsync(ct);
        cache.Invalidate(id);
        return new AgreementSummary(id, record.Title, record.SignedOn, record.SignedAt, record.Provisions.Count, record.Revision);
    }

    /// <summary>
    /// Gives an agreement stored before its component map shipped the map's summary lines, secondary components and overrides,
    /// leaving alone any provision someone has overridden by hand. Does nothing when the agreement has summary lines already or
    /// no map applies to its text.
    /// </summary>
    /// <returns>True when the map was applied now.</returns>
    public async Task<bool> ApplyComponentMapAsync(string id, CancellationToken ct = default)
    {
        // Every start asks; only a database without the summary lines loads the agreement to give it the map.
        if (await db.SummaryLines.AnyAsync(l => l.AgreementId == id, ct))
        {
            return false;
        }
        var record = await db.Agreements.Include(a => a.Provisions).FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException($"agreement \"{id}\" does not exist");
        if (ComponentMap.For(record.SourceText) is not { } map)
        {
            return false;
        }
        var byHand = await db.ProvisionOverrides.Where(o => o.AgreementId == id).Select(o => o.Citation).ToListAsync(ct);
        var mapped = ApplyMap(record, map, byHand.ToHashSet(StringComparer.Ordinal));
        record.Revision++;
        audit.Changed("agreement.component-map", "agreement", id, null,
            new { id, record.Revision, SummaryLines = record.SummaryLines.Count, ComponentOverrides = mapped });
        await db.SaveChangesAsync(ct);
        cache.Invalidate(id);
        return true;
    }

    /// <summary>
    /// Writes the map onto a tracked agreement: its summary lines, each provision's secondary components, summary lines and words,
    /// and an override with the map's reason wherever the map's primary component differs from the derived one.
    /// </summary>
    /// <returns>How many overrides it recorded.</returns>
    private int ApplyMap(AgreementRecord record, ComponentMap map, HashSet<string> overriddenByHand)
    {
        record.SummaryLines.AddRange(map.Lines.Select((l, i) => new SummaryLineRecord
        {
            AgreementId = record.Id,
            Number = l.Number,
            Component = l.Component,
            Text = l.Text,
            Ordinal = i,
        }));
        var byCitation = record.Provisions.ToDictionary(p => p.Citation, StringComparer.Ordinal);
        var now = clock.GetCurrentInstant();
        var overrides = 0;
        foreach (var a in map.Assignments)
        {
            var p = byCitation.GetValueOrDefault(a.Citation)
                ?? throw new InvalidOperationException($"The component map names {a.Citation}, which the agreement does not have.");
            p.SecondaryComponents = [.. a.Secondary];
            p.SummaryLines = [.. a.Lines];
            p.ComponentWords = a.Words;
            if (p.Component != a.Primary && !overriddenByHand.Contains(a.Citation))
            {
                db.ProvisionOverrides.Add(new ProvisionOverrideRecord
                {
                    AgreementId = record.Id,
                    Citation = a.Citation,
                    Component = a.Primary,
                    Reason = a.Reason,
                    SetBy = ComponentMap.SetBy,
                    SetAt = now,
                });
                overrides++;
            }
        }
        return overrides;
    }

    /// <summary>
    /// The version of the agreement in force on the day the reader asked for (<see cref="RegisterReading.AsOf"/>), or today in Kyiv;
    /// null when there is no such agreement.
    /// </summary>
    /// <exception cref="InvalidInputException">The day asked for is before the agreement was signed.</exception>
    public async Task<RegisterSnapshot?> GetAsync(string id, CancellationToken ct = default) => await cache.GetAsync(id, reading.AsOf, ct);

    /// <summary>The day the reader asked to read the register as of, if any.</summary>
    public LocalDate? AsOf => reading.AsOf;

    /// <summary>Every version of the agreement, or null when there is no such agreement.</summary>
    public async Task<RegisterHistory?> HistoryAsync(string id, CancellationToken ct = default) => await cache.HistoryAsync(id, ct);

    /// <summary>Stores a manual override of a provision's classification; with every value null it removes the override.</summary>
    /// <exception cref="InvalidInputException">Unknown agreement, citation or component, or no reason given, or one that breaks <see cref="TextInput"/>.</exception>
    public async Task SetOverrideAsync(string id, string citation, Actor? actor, Modality? modality, string? component, string reason,
        string setBy, CancellationToken ct = default)
    {
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException($"agreement \"{id}\" does not exist");
        var provision = await db.Provisions.AsNoTracking().FirstOrDefaultAsync(p => p.AgreementId == id && p.Citation == citation, ct)
            ?? throw new NotFoundException($"citation \"{citation}\" is not a provision of \"{id}\"");
        if (component is not null && KeyComponents.Known(component) is null)
        {
            throw new InvalidInputException($"--component \"{component}\": use one of {string.Join(", ", KeyComponents.Ids)}");
        }
        var existing = await db.ProvisionOverrides.FirstOrDefaultAsync(o => o.AgreementId == id && o.Citation == provision.Citation, ct);
        var before = existing is null ? null : new { existing.Actor, existing.Modality, existing.Component, existing.Reason, existing.SetBy };
        if (actor is null && modality is null && component is null)
        {
            if (existing is not null)
            {
                db.ProvisionOverrides.Remove(existing);
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                throw new InvalidInputException("--reason: say why the derived classification is overridden");
            }
            if (TextInput.Problem("--reason", reason, TextShape.MultiLine) is { } unreadable)
            {
                throw new InvalidInputException(unreadable);
            }
            existing ??= db.ProvisionOverrides.Add(new ProvisionOverrideRecord
            {
                AgreementId = id,
                Citation = provision.Citation,
                Reason = reason,
                SetBy = setBy,
            }).Entity;
            existing.Actor = actor;
            existing.Modality = modality;
            existing.Component = component?.ToLowerInvariant();
            existing.Reason = TextInput.Normalise(reason).Trim();
            existing.SetBy = setBy;
            existing.SetAt = clock.GetCurrentInstant();
        }
        agreement.Revision++;
        var cleared = actor is null && modality is null && component is null;
        audit.Changed(cleared ? "agreement.override.clear" : "agreement.override.set", "provision", $"{id}/{provision.Citation}", before,
            cleared ? null : new { existing!.Actor, existing.Modality, existing.Component, existing.Reason, existing.SetBy });
        await db.SaveChangesAsync(ct);
        cache.Invalidate(id);
    }
}
