using Cussp.Agreements;
using Cussp.Time;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Commitments;

/// <summary>A set of synthetic demonstration data present in the database: what it is, when it was added, by whom.</summary>
public sealed class DemoSetRecord
{
    /// <summary>What it covers: <c>commitments</c>.</summary>
    public required string Name { get; set; }
    /// <summary>When it was added.</summary>
    public Instant AddedAt { get; set; }
    /// <summary>Who added it (the audit log's actor id).</summary>
    public required string AddedBy { get; set; }
}

/// <summary>How demonstration sets are stored.</summary>
public sealed class DemoSetConfiguration : IEntityTypeConfiguration<DemoSetRecord>
{
    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<DemoSetRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("demo_sets");
        builder.HasKey(d => d.Name);
        builder.Property(d => d.Name).HasMaxLength(32);
        builder.Property(d => d.AddedBy).HasMaxLength(200);
    }
}

/// <summary>What a demonstration set added or removed.</summary>
/// <param name="Commitments">Commitments given a history.</param>
/// <param name="Updates">Progress updates.</param>
/// <param name="Evidence">Evidence notes.</param>
/// <param name="Indicators">Indicators.</param>
/// <param name="Measurements">Measurements.</param>
public sealed record DemoCounts(int Commitments, int Updates, int Evidence, int Indicators, int Measurements);

/// <summary>
/// A synthetic history of the commitments for 2024 to today (at the latest 2026): progress updates that move statuses, evidence notes,
/// indicators with quarterly measurements — so that a newcomer sees a living system. Every record it writes is by
/// <see cref="Author"/>, a name no account can have, and begins with "Demo:"; every page says demonstration data is present while it
/// is; <see cref="RemoveAsync"/> takes it out again and puts each commitment back to the status its own history gives it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness",
    Justification = "The numbers make up a synthetic history that must be the same each time; nothing secret comes of them.")]
public sealed class CommitmentDemo(CusspDbContext db, IClock clock, AuditTrail audit)
{
    /// <summary>The set's name.</summary>
    public const string SetName = "commitments";

    /// <summary>The author of every synthetic record: a name with a space, which no account's user name has.</summary>
    public const string Author = "demo data";

    /// <summary>When the synthetic history begins: the first week after signature.</summary>
    public static readonly LocalDate From = new(2024, 3, 1);

    /// <summary>When it ends at the latest.</summary>
    public static readonly LocalDate To = new(2026, 12, 31);

    /// <summary>The set of demonstration data present, or null.</summary>
    public Task<DemoSetRecord?> PresentAsync(CancellationToken ct = default) =>
        db.DemoSets.AsNoTracking().FirstOrDefaultAsync(d => d.Name == SetName, ct);

    /// <summary>Adds the synthetic history to the derived commitments of the CUSSP.</summary>
    /// <exception cref="ConflictException">It is present already.</exception>
    public async Task<DemoCounts> AddAsync(CancellationToken ct = default)
    {
        if (await PresentAsync(ct) is { } present)
        {
            throw new ConflictException(
                $"Demonstration data is present already (added {NodaTime.Text.InstantPattern.General.Format(present.AddedAt)}): remove it first with 'cussp demo --remove'.");
        }
        var now = clock.GetCurrentInstant();
        var today = now.InZone(Zones.Kyiv).Date;
        var end = today < To ? today : To;
        if (end <= From)
        {
            throw new ConflictException($"The demonstration history runs from {From:uuuu-MM-dd}; today is {today:uuuu-MM-dd}.");
        }
        var commitments = await db.Commitments.Where(c => c.AgreementId == AgreementRegister.CusspId && c.DerivedFrom != null)
            .OrderBy(c => c.ProvisionOrdinal).ToListAsync(ct);
        // The same history every time for the same commitments and day, so that a demonstration can be described and repeated.
        var random = new Random(2024_02_24);
        var span = Period.Between(From, end, PeriodUnits.Days).Days;
        var counts = new DemoCounts(0, 0, 0, 0, 0);
        foreach (var c in commitments)
        {
            var roll = random.Next(100);
            if (c.Status == CommitmentStatus.Complete || roll < 12)
            {
                continue;
            }
            var final = roll switch
            {
                < 32 => CommitmentStatus.Started,
                < 52 => CommitmentStatus.Limited,
                < 77 => CommitmentStatus.Substantial,
                < 90 => CommitmentStatus.Ongoing,
                < 97 => CommitmentStatus.AtRisk,
                _ => CommitmentStatus.Broken,
            };
            var path = Path(final);
            var days = Enumerable.Range(0, path.Count).Select(_ => random.Next(span + 1)).Order().ToList();
            var status = c.Status;
            Instant last = default;
            for (var i = 0; i < path.Count; i++)
            {
                var at = From.PlusDays(days[i]).At(new LocalTime(9 + random.Next(8), random.Next(60))).InZoneLeniently(Zones.Kyiv).ToInstant();
                at = at > now ? now : at;
                db.CommitmentUpdates.Add(new CommitmentUpdateRecord
                {
                    Id = Guid.NewGuid(),
                    CommitmentId = c.Id,
                    At = at,
                    By = Author,
                    Text = "Demo: " + Phrase(path[i], random),
                    StatusBefore = status,
                    StatusAfter = path[i],
                });
                status = path[i];
                last = at;
            }
            var evidence = 0;
            if (path.Count >= 2)
            {
                db.Evidence.Add(new EvidenceRecord
                {
                    Id = Guid.NewGuid(),
                    CommitmentId = c.Id,
                    Kind = EvidenceKind.Note,
                    Title = "Demo: report to the joint secretariat",
                    Text = "Synthetic demonstration note: the lead organisation reported the work done this period to the joint secretariat.",
                    AddedBy = Author,
                    AddedAt = last,
                });
                evidence = 1;
            }
            var (indicators, measurements) = Indicator(c, final, From.PlusDays(days[0]), end, now, random);
            c.Status = status;
            c.Version++;
            c.UpdatedAt = last > c.UpdatedAt ? last : c.UpdatedAt;
            counts = new(counts.Commitments + 1, counts.Updates + path.Count, counts.Evidence + evidence, counts.Indicators + indicators,
                counts.Measurements + measurements);
        }
        var actor = audit.Actor.Id;
        db.DemoSets.Add(new DemoSetRecord { Name = SetName, AddedAt = now, AddedBy = actor });
        audit.Changed("demo.add", "demo", SetName, null, new { counts.Commitments, counts.Updates, counts.Evidence, counts.Indicators, counts.Measurements, author = Author });
        await db.SaveChangesAsync(ct);
        return counts;
    }

    /// <summary>
    /// Removes every synthetic record and puts each commitment it touched back to the status of its own last update (not started when
    /// it has none). What people recorded meanwhile stays, except measurements of a synthetic indicator, which go with it.
    /// </summary>
    /// <returns>What was removed, or null when no demonstration data is present.</returns>
    public async Task<DemoCounts?> RemoveAsync(CancellationToken ct = default)
    {
        var set = await db.DemoSets.FirstOrDefaultAsync(d => d.Name == SetName, ct);
        if (set is null)
        {
            return null;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var touched = await db.CommitmentUpdates.Where(u => u.By == Author).Select(u => u.CommitmentId)
            .Union(db.Evidence.Where(e => e.AddedBy == Author).Select(e => e.CommitmentId))
            .Union(db.Indicators.Where(i => i.AddedBy == Author).Select(i => i.CommitmentId)).ToListAsync(ct);
        var synthetic = db.Indicators.Where(i => i.AddedBy == Author).Select(i => i.Id);
        var counts = new DemoCounts(touched.Count,
            await db.CommitmentUpdates.Where(u => u.By == Author).ExecuteDeleteAsync(ct),
            await db.Evidence.Where(e => e.AddedBy == Author).ExecuteDeleteAsync(ct),
            0,
            await db.Measurements.Where(m => synthetic.Contains(m.IndicatorId)).ExecuteDeleteAsync(ct));
        counts = counts with { Indicators = await db.Indicators.Where(i => i.AddedBy == Author).ExecuteDeleteAsync(ct) };
        var now = clock.GetCurrentInstant();
        foreach (var chunk in touched.Chunk(500))
        {
            var commitments = await db.Commitments.Where(c => chunk.Contains(c.Id)).ToListAsync(ct);
            var remaining = (await db.CommitmentUpdates.AsNoTracking().Where(u => chunk.Contains(u.CommitmentId))
                .Select(u => new { u.CommitmentId, u.At, u.StatusAfter }).ToListAsync(ct))
                .GroupBy(u => u.CommitmentId).ToDictionary(g => g.Key, g => g.MaxBy(u => u.At)!.StatusAfter);
            foreach (var c in commitments)
            {
                c.Status = remaining.TryGetValue(c.Id, out var status) ? status : CommitmentStatus.NotStarted;
                c.Version++;
                c.UpdatedAt = now;
            }
        }
        db.DemoSets.Remove(set);
        audit.Changed("demo.remove", "demo", SetName, null, new { counts.Commitments, counts.Updates, counts.Evidence, counts.Indicators, counts.Measurements });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return counts;
    }

    // The statuses a commitment passes through on its way to where it ends.
    private static List<CommitmentStatus> Path(CommitmentStatus final) => final switch
    {
        CommitmentStatus.Started => [CommitmentStatus.Started],
        CommitmentStatus.Limited => [CommitmentStatus.Started, CommitmentStatus.Limited],
        CommitmentStatus.Substantial => [CommitmentStatus.Started, CommitmentStatus.Limited, CommitmentStatus.Substantial],
        CommitmentStatus.Ongoing => [CommitmentStatus.Started, CommitmentStatus.Ongoing],
        CommitmentStatus.AtRisk => [CommitmentStatus.Started, CommitmentStatus.Limited, CommitmentStatus.AtRisk],
        _ => [CommitmentStatus.Started, CommitmentStatus.AtRisk, CommitmentStatus.Broken],
    };

    private static string Phrase(CommitmentStatus status, Random random)
    {
        string[] phrases = status switch
        {
            CommitmentStatus.Started => ["lead officials named and a first work plan agreed with the partner ministry.",
                "the work began with a joint planning meeting; first steps set for the quarter."],
            CommitmentStatus.Limited => ["first results delivered, below the plan for the period.",
                "some of the planned work done; the rest moved to the next quarter."],
            CommitmentStatus.Substantial => ["most of the planned work done and reported at the annual meeting.",
                "substantial progress: the main deliverables are in place and in use."],
            CommitmentStatus.Ongoing => ["standing work continues on schedule; quarterly reports exchanged.",
                "the cooperation now runs as a regular programme, reviewed each quarter."],
            CommitmentStatus.AtRisk => ["delays in funding and delivery put the plan at risk; raised with the joint secretariat.",
                "at risk: a key delivery slipped by two quarters."],
            _ => ["the planned activity was cancelled this year; the commitment was not kept."],
        };
        return phrases[random.Next(phrases.Length)];
    }

    // An indicator for the components whose progress is counted, measured each quarter towards a share of its target that fits the status.
    private (int Indicators, int Measurements) Indicator(CommitmentRecord c, CommitmentStatus final, LocalDate start, LocalDate end, Instant now,
        Random random)
    {
        (string Name, IndicatorUnit Unit, decimal Target)? kind = c.Area switch
        {
            "defence-security" => ("Demo: personnel trained", IndicatorUnit.People, 10_000m),
            "humanitarian-demining" => ("Demo: land released from mines", IndicatorUnit.Hectares, 50_000m),
            "economic-military-assistance" => ("Demo: assistance disbursed", IndicatorUnit.Cad, 500_000_000m),
            "intelligence-cyber" => ("Demo: cyber incidents handled jointly", IndicatorUnit.Count, 120m),
            "veterans-care" => ("Demo: veterans in rehabilitation programmes", IndicatorUnit.People, 2_000m),
            "return-of-children" => ("Demo: children returned", IndicatorUnit.People, 1_000m),
            _ => null,
        };
        if (kind is not { } k || final is CommitmentStatus.Started or CommitmentStatus.Broken)
        {
            return (0, 0);
        }
        var share = final switch
        {
            CommitmentStatus.Limited => 0.3m,
            CommitmentStatus.Substantial => 0.8m,
            CommitmentStatus.Ongoing => 0.5m,
            _ => 0.25m,
        };
        var indicator = new IndicatorRecord
        {
            Id = Guid.NewGuid(),
            CommitmentId = c.Id,
            Name = k.Name,
            Unit = k.Unit,
            Baseline = 0m,
            Target = k.Target,
            TargetDate = To,
            AddedBy = Author,
            AddedAt = start.AtStartOfDayInZone(Zones.Kyiv).ToInstant(),
        };
        db.Indicators.Add(indicator);
        var quarters = new List<LocalDate>();
        for (var d = new LocalDate(start.Year, (start.Month - 1) / 3 * 3 + 1, 1).PlusMonths(3).PlusDays(-1); d <= end; d = d.PlusDays(1).PlusMonths(3).PlusDays(-1))
        {
            quarters.Add(d);
        }
        for (var i = 0; i < quarters.Count; i++)
        {
            var value = decimal.Round(k.Target * share * (i + 1) / quarters.Count * (0.9m + (decimal)random.NextDouble() * 0.2m), 0);
            db.Measurements.Add(new MeasurementRecord
            {
                Id = Guid.NewGuid(),
                IndicatorId = indicator.Id,
                On = quarters[i],
                Value = Math.Min(value, k.Target),
                Note = "Demo: synthetic quarterly figure",
                By = Author,
                At = Instant.Min(quarters[i].PlusDays(1).AtStartOfDayInZone(Zones.Kyiv).ToInstant(), now),
            });
        }
        return (1, quarters.Count);
    }
}
