using BenchmarkDotNet.Attributes;
using Cussp.Agreements;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Obligations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Benchmarks.Obligations;

/// <summary>
/// The consultation clock's work in SQLite, over a register holding 10,000 consultation requests (the term's history: all held but 200
/// still open, none of them unacknowledged past 12 hours) and 400 accounts, 100 of them approvers of each participant.
/// <see cref="EscalationTick"/> is what every node's background job does every 15 seconds when nothing is due: find the requests to
/// escalate (none). <see cref="FileRequest"/> files one request: the record, a notice to each of the other side's 100 approvers, the
/// e-mail and webhook deliveries, the audit entry, in one transaction. <see cref="ListFirstPage"/> is the consultations page's read,
/// the same run's baseline.
/// </summary>
[MemoryDiagnoser]
public class ConsultationBenchmarks
{
    private static readonly Instant Now = Instant.FromUtc(2029, 6, 1, 9, 0);
    private ServiceProvider _services = null!;
    private string _dir = null!;
    private AccessSubject _filer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "cussp-bench-consultations-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(new FixedClock(Now));
        services.AddSingleton(new Cussp.Notifications.NotificationSettings
        {
            Smtp = new("localhost", 25, "desk@example.org"),
            Canada = new("duty@international.gc.ca", "https://hooks.example.ca/cussp", "a-secret-of-sixteen-or-more"),
            Ukraine = new("duty@mod.gov.ua", "https://hooks.example.ua/cussp", "a-secret-of-sixteen-or-more"),
        });
        services.AddCusspCore(_ => new DatabaseSettings(DatabaseProvider.Sqlite, _dir, null));
        services.AddCusspAccounts();
        _services = services.BuildServiceProvider();
        DatabaseSetup.InitialiseAsync(_services).GetAwaiter().GetResult();
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuditTrail>().ActAs(AuditActor.System);
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var random = new Random(42);
        for (var i = 0; i < 400; i++)
        {
            db.Users.Add(new UserAccount
            {
                Id = Guid.NewGuid(),
                UserName = $"user{i}",
                NormalizedUserName = $"USER{i}",
                DisplayName = $"User {i}",
                Participant = i % 2 == 0 ? Participant.Canada : Participant.Ukraine,
                Clearance = (SecurityClassification)(i % 5),
                Roles = i < 200 ? Roles.Approver : Roles.Viewer,
                Areas = [.. KeyComponents.Ids],
                SecurityStamp = Guid.NewGuid().ToString(),
            });
        }
        for (var i = 0; i < 10_000; i++)
        {
            // The 200 open ones filed in the last ten hours; the rest over the years before.
            var at = i < 200 ? Now - Duration.FromMinutes(3 * i) : Now - Duration.FromHours(12 + (i * 0.9));
            db.Consultations.Add(new ConsultationRecord
            {
                Id = Guid.NewGuid(),
                AgreementId = AgreementRegister.CusspId,
                Ground = (ConsultationGround)(i % 3),
                Citation = i % 3 == 0 ? "II.3" : "II.5",
                Summary = $"Request {i}: a situation described in the usual length of a paragraph.",
                RequestedBy = "bench",
                RequestedAt = at,
                DueAt = at + Duration.FromHours(24),
                AcknowledgedAt = i < 200 ? null : at + Duration.FromHours(1),
                HeldAt = i < 200 ? null : at + Duration.FromHours(2 + random.Next(20)),
                Attendees = "Ministers",
                Classification = (SecurityClassification)(i % 5),
                Releasability = Releasability.RelCanUkr,
                Area = "defence-security",
                Originator = i % 2 == 0 ? Participant.Canada : Participant.Ukraine,
            });
        }
        db.SaveChangesAsync().GetAwaiter().GetResult();
        _filer = new AccessSubject(Guid.NewGuid(), "filer", Participant.Canada, SecurityClassification.Secret, Roles.Contributor, KeyComponents.Ids);
        Console.WriteLine($"// escalations due now: {EscalationTick().GetAwaiter().GetResult()}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<int> ListFirstPage()
    {
        await using var scope = _services.CreateAsyncScope();
        var reader = _filer with { Clearance = SecurityClassification.Unclassified, Roles = Roles.Viewer };
        return (await scope.ServiceProvider.GetRequiredService<Consultations>().ListAsync(reader, AgreementRegister.CusspId, null, 1, 50)).Total;
    }

    [Benchmark]
    public async Task<int> EscalationTick()
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConsultationEscalation>().RunOnceAsync();
    }

    [Benchmark]
    public async Task<Guid> FileRequest()
    {
        await using var scope = _services.CreateAsyncScope();
        var filed = await scope.ServiceProvider.GetRequiredService<Consultations>().RequestAsync(_filer, AgreementRegister.CusspId,
            new ConsultationRequestInput(ConsultationGround.SignificantEscalation, "Offensive across the northern border.", SecurityClassification.ProtectedB));
        return filed.Id;
    }
}
