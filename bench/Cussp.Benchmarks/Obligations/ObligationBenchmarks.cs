using BenchmarkDotNet.Attributes;
using Cussp.Agreements;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Obligations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Benchmarks.Obligations;

/// <summary>
/// The obligations clock for 30 agreements over their ten-year terms (target: under 50 ms), in SQLite: 30 copies of the CUSSP in
/// the register, each with 50 meetings held (every year a leaders' meeting, three ministerial meetings and the defence policy
/// dialogue), read by a SECRET reader of every area. <see cref="ScheduleOfOne"/>, the pure computation for one agreement, is
/// the same run's baseline; <see cref="ClockOfThirty"/> is what the API does for each agreement in turn: the register's cached
/// snapshot, the reader's meetings read through the access policy, the occurrences and their status.
/// </summary>
[MemoryDiagnoser]
public class ObligationBenchmarks
{
    private const int Agreements = 30;
    private ServiceProvider _services = null!;
    private string _dir = null!;
    private AccessSubject _reader = null!;
    private AccessSubject _unclassified = null!;
    private readonly List<(RegisterSnapshot Snapshot, List<MeetingRecord> Meetings)> _data = [];
    private static readonly LocalDate Today = new(2029, 6, 1);
    private List<MeetingRecord> _fiveThousand = null!;
    private ObligationsReport _report = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "cussp-bench-obligations-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(new FixedClock(Today.AtStartOfDayInZone(Cussp.Time.Zones.Kyiv).ToInstant()));
        services.AddCusspCore(_ => new DatabaseSettings(DatabaseProvider.Sqlite, _dir, null));
        _services = services.BuildServiceProvider();
        DatabaseSetup.InitialiseAsync(_services).GetAwaiter().GetResult();
        _reader = new AccessSubject(Guid.NewGuid(), "reader", Participant.Canada, SecurityClassification.Secret, Roles.Viewer, KeyComponents.Ids);
        _unclassified = _reader with { Clearance = SecurityClassification.Unclassified };
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditTrail>().ActAs(AuditActor.System);
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var random = new Random(42);
        for (var a = 0; a < Agreements; a++)
        {
            var id = a == 0 ? AgreementRegister.CusspId : $"cussp-{a + 1}";
            if (a > 0)
            {
                register.ImportAsync(id, AgreementRegister.CusspText()).GetAwaiter().GetResult();
            }
            for (var year = 2024; year < 2034; year++)
            {
                foreach (var kind in new[] { MeetingKind.LeadersMeeting, MeetingKind.MinisterialMeeting, MeetingKind.MinisterialMeeting,
                    MeetingKind.MinisterialMeeting, MeetingKind.DefencePolicyDialogue })
                {
                    db.Meetings.Add(new MeetingRecord
                    {
                        Id = Guid.NewGuid(),
                        AgreementId = id,
                        Kind = kind,
                        Citation = Meetings.CitationOf(kind),
                        Title = $"{kind} {year}",
                        StartsAt = Instant.FromUtc(year, 3 + random.Next(9), 1 + random.Next(28), 9, 0),
                        Place = "Kyiv",
                        Classification = (SecurityClassification)random.Next(5),
                        Releasability = Releasability.RelCanUkr,
                        Area = "framework",
                        Originator = Participant.Ukraine,
                        RecordedBy = "bench",
                    });
                }
            }
        }
        scope.ServiceProvider.GetRequiredService<AuditTrail>().Changed("meeting.seed", Meetings.RecordType, "bench", null, new { meetings = Agreements * 50 });
        db.SaveChangesAsync().GetAwaiter().GetResult();
        foreach (var id in Ids())
        {
            var snapshot = register.GetAsync(id).GetAwaiter().GetResult()!;
            _data.Add((snapshot, db.Meetings.AsNoTracking().Where(m => m.AgreementId == id).ToList()));
        }
        // A user's calendar of 5,000 meetings over the term, with the dates still to meet.
        _fiveThousand = [.. Enumerable.Range(0, 5000).Select(i => new MeetingRecord
        {
            Id = Guid.NewGuid(),
            AgreementId = AgreementRegister.CusspId,
            Kind = (MeetingKind)(i % 5),
            Citation = Meetings.CitationOf((MeetingKind)(i % 5)),
            Title = $"Meeting {i}, with a title of the usual length for a working group",
            StartsAt = Instant.FromUtc(2024, 3, 1, 9, 0) + Duration.FromHours(17 * i),
            Place = "Kyiv",
            Classification = (SecurityClassification)(i % 5),
            Area = "framework",
            RecordedBy = "bench",
        })];
        _report = ObligationSchedule.Build(_data[0].Snapshot, [], Today);
        var met = ClockAsync(_reader).GetAwaiter().GetResult();
        Console.WriteLine($"// {Agreements} agreements, {_data.Sum(d => d.Meetings.Count)} meetings; {met} occurrences met across them on {Today}");
    }

    private static IEnumerable<string> Ids() => Enumerable.Range(0, Agreements).Select(a => a == 0 ? AgreementRegister.CusspId : $"cussp-{a + 1}");

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public ObligationsReport ScheduleOfOne() => ObligationSchedule.Build(_data[0].Snapshot, _data[0].Meetings, Today);

    [Benchmark]
    public int ScheduleOfThirty()
    {
        var occurrences = 0;
        foreach (var (snapshot, meetings) in _data)
        {
            occurrences += ObligationSchedule.Build(snapshot, meetings, Today).Duties.Sum(d => d.Occurrences.Count);
        }
        return occurrences;
    }

    /// <summary>The iCalendar file of 5,000 meetings (target: under 100 ms), with both zones' VTIMEZONE and the dates still to meet.</summary>
    [Benchmark]
    public int CalendarOf5000() => CalendarFeed.Write(_fiveThousand, _report, Instant.FromUtc(2029, 6, 1, 0, 0), d => d.Key).Length;

    [Benchmark]
    public Task<int> ClockOfThirty() => ClockAsync(_reader);

    /// <summary>The same for a reader cleared for UNCLASSIFIED only: a fifth of the meetings, and no read to log.</summary>
    [Benchmark]
    public Task<int> ClockOfThirtyNothingToLog() => ClockAsync(_unclassified);

    private async Task<int> ClockAsync(AccessSubject reader)
    {
        var met = 0;
        foreach (var id in Ids())
        {
            await using var scope = _services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<ObligationClock>().ReportAsync(reader, id, null);
            met += report.Duties.Sum(d => d.Occurrences.Count(o => o.Status == OccurrenceStatus.Met));
        }
        return met;
    }
}
