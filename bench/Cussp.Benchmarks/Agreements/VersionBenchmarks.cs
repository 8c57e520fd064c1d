using BenchmarkDotNet.Attributes;
using Cussp.Agreements;
using Cussp.Audit;
using Cussp.Benchmarks.Obligations;
using Cussp.Data;
using Cussp.Decisions;
using Cussp.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Benchmarks.Agreements;

/// <summary>
/// The register's versions, in SQLite: the CUSSP amended ten times (each amendment replaces four provisions and repeals one, all
/// approved by both sides), against a copy of the CUSSP never amended. Loading a history is what a node does when the register
/// changed (the database read, then one consolidation per amendment); reading as of a day is what every request with
/// <c>?asOf=</c> does once the history is loaded; the diff is what the versions page and <c>/diff</c> compute.
/// </summary>
[MemoryDiagnoser]
public class VersionBenchmarks
{
    private const string Unamended = "cussp-copy";
    private ServiceProvider _services = null!;
    private string _dir = null!;
    private RegisterCache _cache = null!;
    private RegisterHistory _history = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "cussp-bench-versions-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(new FixedClock(Instant.FromUtc(2026, 12, 7, 9, 0)));
        services.AddCusspCore(_ => new DatabaseSettings(DatabaseProvider.Sqlite, _dir, null));
        _services = services.BuildServiceProvider();
        DatabaseSetup.InitialiseAsync(_services).GetAwaiter().GetResult();
        using (var scope = _services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<AuditTrail>().ActAs(AuditActor.System);
            scope.ServiceProvider.GetRequiredService<AgreementRegister>().ImportAsync(Unamended, AgreementRegister.CusspText()).GetAwaiter().GetResult();
        }
        var areas = KeyComponents.Ids.ToArray();
        AccessSubject Approver(Participant p) => new(Guid.NewGuid(), $"bench-{p}", p, SecurityClassification.Secret, Roles.Approver | Roles.Contributor, areas);
        var paragraphs = AgreementRegisterText().Provisions.Where(p => p.Kind == ProvisionKind.Paragraph && !p.Citation.StartsWith("VIII", StringComparison.Ordinal)).ToList();
        var items = AgreementRegisterText().Provisions.Where(p => p.Kind == ProvisionKind.Item).ToList();
        for (var a = 0; a < 10; a++)
        {
            using var scope = _services.CreateScope();
            var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
            var changes = paragraphs.Skip(a * 4).Take(4)
                .Select(p => new AmendmentChange(AmendmentAction.Replace, p.Citation, p.Text + $" This paragraph is as amended by amendment {a + 1}."))
                .Append(new AmendmentChange(AmendmentAction.Repeal, items[a * 3].Citation, null)).ToList();
            var d = decisions.ProposeAsync(Approver(Participant.Canada), new DecisionProposal(DecisionKind.Amendment, $"Amendment {a + 1}", "",
                SecurityClassification.Unclassified, Changes: changes, EffectiveOn: new LocalDate(2027, 1, 1).PlusMonths(a))).GetAwaiter().GetResult();
            d = decisions.VoteAsync(Approver(Participant.Canada), d.Id, true, null, d.Version).GetAwaiter().GetResult();
            decisions.VoteAsync(Approver(Participant.Ukraine), d.Id, true, null, d.Version).GetAwaiter().GetResult();
        }
        _cache = _services.GetRequiredService<RegisterCache>();
        _history = _cache.HistoryAsync(AgreementRegister.CusspId).AsTask().GetAwaiter().GetResult()!;
        if (_history.Versions.Count != 11)
        {
            throw new InvalidOperationException($"expected 11 versions, found {_history.Versions.Count}");
        }
    }

    private static ParsedAgreement AgreementRegisterText() => AgreementParser.Parse(AgreementRegister.CusspText());

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<RegisterHistory?> LoadNeverAmended()
    {
        _cache.Invalidate(Unamended);
        return await _cache.HistoryAsync(Unamended);
    }

    [Benchmark]
    public async Task<RegisterHistory?> LoadAmendedTenTimes()
    {
        _cache.Invalidate(AgreementRegister.CusspId);
        return await _cache.HistoryAsync(AgreementRegister.CusspId);
    }

    [Benchmark]
    public async Task<RegisterSnapshot?> ReadAsOfADay() => await _cache.GetAsync(AgreementRegister.CusspId, new LocalDate(2027, 6, 15));

    [Benchmark]
    public IReadOnlyList<ProvisionDiff> DiffFirstToLast() => RegisterDiff.Between(_history.Versions[0], _history.Latest);
}
