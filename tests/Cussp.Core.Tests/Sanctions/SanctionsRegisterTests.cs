using System.Globalization;
using System.Text;
using System.Text.Json;
using Cussp.Agreements;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Sanctions;
using Cussp.Screening;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Sanctions;

public class SanctionsRegisterTests
{
    private static ListedEntity Person(string id, string name, params int[] birthYears)
    {
        var e = new ListedEntity(id, EntityKind.Person, "test");
        e.AddName(name, NameKind.Primary);
        foreach (var y in birthYears)
        {
            e.AddBirthDate(new PartialDate(y));
        }
        e.LegalBasis.Add(new LegalBasis("TEST", "1", id));
        return e;
    }

    private static SanctionsList List(params ListedEntity[] entities) => new("test", entities);

    private static string SemaSample(string name) => Path.Combine(Repo.Root, "tests", "Cussp.Screening.Tests", "Lists", "Samples", name);

    private static SanctionsList Ftm(string text, string? source = null) =>
        ListReader.Read(ListFormat.Ftm, new MemoryStream(Encoding.UTF8.GetBytes(text)), "list.ftm.json", source);

    [Theory, Databases]
    public async Task Import_Again_ReportsAdditionsChangesAndRemovalsAndKeepsHistory(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();

        var first = await register.ImportAsync(List(Person("a", "Ivan Petrov", 1960), Person("b", "Anna Sidorova"), Person("c", "Oleg Orlov")), "v1.xml", "h1", ct: ct);
        Assert.Equal((3, 0, 0, 0), (first.Added, first.Changed, first.Removed, first.Unchanged));

        db.Clock.Advance(Duration.FromDays(1));
        var second = await register.ImportAsync(List(Person("a", "Ivan Petrov", 1961), Person("b", "Anna Sidorova"), Person("d", "Pavel Durov")), "v2.xml", "h2", ct: ct);
        Assert.Equal((1, 1, 1, 1), (second.Added, second.Changed, second.Removed, second.Unchanged));

        var listed = await register.ListedAsync(ct: ct);
        Assert.Equal(["a", "b", "d"], listed.Select(e => e.Id));
        Assert.Equal(new PartialDate(1961), Assert.Single(listed[0].BirthDates));

        var history = await register.HistoryAsync("test", "a", ct);
        Assert.Equal([SanctionsChange.Added, SanctionsChange.Changed], history.Select(h => h.Change));
        Assert.Contains("1960", history[1].Before!, StringComparison.Ordinal);
        Assert.Contains("1961", history[1].After!, StringComparison.Ordinal);
        var removed = Assert.Single(await register.HistoryAsync("test", "c", ct), h => h.Change == SanctionsChange.Removed);
        Assert.Contains("Oleg Orlov", removed.Before!, StringComparison.Ordinal);

        var third = await register.ImportAsync(List(Person("a", "Ivan Petrov", 1961), Person("b", "Anna Sidorova"), Person("c", "Oleg Orlov"), Person("d", "Pavel Durov")), "v3.xml", "h2", ct: ct);
        Assert.Equal((1, 0, 0, 3), (third.Added, third.Changed, third.Removed, third.Unchanged));
        Assert.True(third.SameFile);
    }

    [Theory, Databases]
    public async Task Import_WritesTheImportAndEachSubjectChangeToTheAuditLog(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        var data = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        await register.ImportAsync(List(Person("a", "Ivan Petrov", 1960), Person("b", "Anna Sidorova")), "v1.xml", "h1", ct: ct);
        var seen = await data.AuditEntries.MaxAsync(e => e.Seq, ct);

        var second = await register.ImportAsync(List(Person("a", "Ivan Petrov", 1961), Person("c", "Oleg Orlov")), "v2.xml", "h2",
            new SanctionsImportOptions { AllowMassRemoval = true }, ct);

        var entries = await data.AuditEntries.AsNoTracking().Where(e => e.Seq > seen).OrderBy(e => e.Seq).ToListAsync(ct);
        Assert.Equal(
            [("sanctions.import", SanctionsRegister.ListRecordType, "test"), ("sanctions.change", SanctionsRegister.SubjectRecordType, "test/a"),
             ("sanctions.add", SanctionsRegister.SubjectRecordType, "test/c"), ("sanctions.remove", SanctionsRegister.SubjectRecordType, "test/b"),
             ("sanctions.imported", SanctionsRegister.ImportRecordType, second.ImportId.ToString(CultureInfo.InvariantCulture))],
            entries.Select(e => (e.Action, e.RecordType, e.RecordId)));
        Assert.Equal(1, JsonDocument.Parse(entries[^1].After!).RootElement.GetProperty("removed").GetInt32());
    }

    [Theory, Databases]
    public async Task Import_BadList_ChangesNothing(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        await register.ImportAsync(List(Person("a", "Ivan Petrov")), "v1.xml", "h1", ct: ct);

        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            register.ImportAsync(List(Person("b", "Anna Sidorova"), Person("b", "Anna Sidorova")), "v2.xml", "h2", ct: ct));

        Assert.Contains("v2.xml", e.Message, StringComparison.Ordinal);
        Assert.Equal(["a"], (await register.ListedAsync(ct: ct)).Select(x => x.Id));
        Assert.Single(await register.HistoryAsync("test", "a", ct));
        Assert.Equal(1, await register.VersionAsync(ct));
    }

    [Theory, Databases]
    public async Task Import_RealOfacList_StoresEveryRowAndRoundTrips(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        var list = ListReader.Read(ListFormat.Ofac, Repo.Data("sanctions", "ofac-sdn-2024-05-03.csv"));

        var report = await register.ImportAsync(list, "ofac-sdn-2024-05-03.csv", "x", ct: ct);

        Assert.Equal(14965, report.Added);
        var stored = await register.ListedAsync("ofac", ct);
        Assert.Equal(14965, stored.Count);
        var original = list.Entities.Single(e => e.Id == "ofac-18669");
        Assert.Equal(ListWriter.ToJson(original), ListWriter.ToJson(stored.Single(e => e.Id == "ofac-18669")));
    }

    [Theory, Databases]
    public async Task Import_SubjectNoLongerListed_IsLiftedOnTheImportDateWithHistory(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        await register.ImportAsync(List(Person("a", "Ivan Petrov"), Person("b", "Anna Sidorova"), Person("c", "Oleg Orlov")), "v1.xml", "h1", ct: ct);
        // 22:30 UTC on 1 March is already 2 March in Kyiv.
        db.Clock.Reset(Instant.FromUtc(2024, 3, 1, 22, 30));

        await register.ImportAsync(List(Person("a", "Ivan Petrov"), Person("b", "Anna Sidorova")), "v2.xml", "h2", ct: ct);

        var lifted = Assert.Single(await register.LiftedAsync(new LocalDate(2024, 3, 2), ct: ct));
        Assert.Equal("c", lifted.Id);
        Assert.Equal(new PartialDate(2024, 3, 2), lifted.LiftedOn);
        Assert.Equal(new PartialDate(2024, 3, 2), Assert.Single(lifted.LegalBasis).EndsOn);
        Assert.Empty(await register.LiftedAsync(new LocalDate(2024, 3, 1), ct: ct));
        Assert.DoesNotContain(await register.ListedAsync(ct: ct), e => e.Id == "c");
        var removal = (await register.HistoryAsync("test", "c", ct))[^1];
        Assert.Equal(SanctionsChange.Removed, removal.Change);
        Assert.DoesNotContain("liftedOn", removal.Before!, StringComparison.Ordinal);
        Assert.Contains("\"liftedOn\":\"2024-03-02\"", removal.After!, StringComparison.Ordinal);

        // Listed again: no longer lifted.
        await register.ImportAsync(List(Person("a", "Ivan Petrov"), Person("b", "Anna Sidorova"), Person("c", "Oleg Orlov")), "v3.xml", "h3", ct: ct);
        Assert.Empty(await register.LiftedAsync(new LocalDate(2024, 3, 2), ct: ct));
        Assert.Null(Assert.Single(await register.ListedAsync(ct: ct), e => e.Id == "c").LiftedOn);
    }

    [Theory, Databases]
    public async Task Import_ZalaFile_FindsTheExpiredListingOfASubjectStillListed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        var zala = ListReader.Read(ListFormat.Ftm, Repo.Data("sanctions", "zala.ftm.json"), "zala");

        await register.ImportAsync(zala, "zala.ftm.json", "z", ct: ct);

        // Ukraine's sanction on Zala Aero expired on 30 October 2024 and was imposed again on 12 November.
        var lifted = Assert.Single(await register.LiftedAsync(new LocalDate(2025, 1, 1), "zala", ct));
        Assert.Equal("NK-abdzbEBkqyT29GyREbiURZ", lifted.Id);
        Assert.Null(lifted.LiftedOn);
        Assert.Contains(lifted.LegalBasis, b => b.Regime == "UA-SA1644" && b.EndsOn == new PartialDate(2024, 10, 30));
        Assert.Equal(2, (await register.LiftedAsync(new LocalDate(2033, 7, 1), "zala", ct)).Count);
    }

    [Theory, Databases]
    public async Task Import_EmptyList_IsRefusedAndChangesNothing(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        await register.ImportAsync(List(Person("a", "Ivan Petrov")), "v1.xml", "h1", ct: ct);

        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            register.ImportAsync(List(), "empty.xml", "h2", new SanctionsImportOptions { AllowMassRemoval = true }, ct));

        Assert.Contains("empty.xml: the file lists no subjects", e.Message, StringComparison.Ordinal);
        Assert.Equal(["a"], (await register.ListedAsync(ct: ct)).Select(x => x.Id));
        Assert.Equal(1, await register.VersionAsync(ct));
    }

    [Theory, Databases]
    public async Task Import_RemovingMoreThanTheAllowedShare_IsRefusedUnlessAllowed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        await register.ImportAsync(List(Person("a", "Ivan Petrov"), Person("b", "Anna Sidorova"), Person("c", "Oleg Orlov"), Person("d", "Pavel Durov")), "v1.xml", "h1", ct: ct);
        var onlyOne = List(Person("a", "Ivan Petrov"));

        var e = await Assert.ThrowsAsync<InvalidInputException>(() => register.ImportAsync(onlyOne, "v2.xml", "h2", ct: ct));

        Assert.Contains("v2.xml: importing it would remove 3 of the 4 subjects listed in test", e.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-mass-removal", e.Message, StringComparison.Ordinal);
        Assert.Equal(4, (await register.ListedAsync(ct: ct)).Count);
        Assert.Equal(1, await register.VersionAsync(ct));

        var report = await register.ImportAsync(onlyOne, "v2.xml", "h2", new SanctionsImportOptions { MaxRemovalShare = 0.8 }, ct);
        Assert.Equal(3, report.Removed);
        await register.ImportAsync(List(Person("b", "Anna Sidorova")), "v3.xml", "h3", new SanctionsImportOptions { AllowMassRemoval = true }, ct);
        Assert.Equal(["b"], (await register.ListedAsync(ct: ct)).Select(x => x.Id));
    }

    [Theory, Databases]
    public async Task Import_SecondFtmDatasetWithALongName_KeepsTheFirst(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        var first = Ftm("""{"id":"p1","schema":"Person","datasets":["eu_fsf"],"properties":{"name":["Ivan Petrov"]}}""");
        var second = Ftm("""{"id":"c1","schema":"Company","datasets":["ua_nsdc_sanctions"],"properties":{"name":["Romashka LLC"]}}""");

        await register.ImportAsync(first, "eu.json", "h1", ct: ct);
        var report = await register.ImportAsync(second, "us.json", "h2", ct: ct);

        Assert.Equal(("ua_nsdc_sanctions", 1, 0), (report.Source, report.Added, report.Removed));
        Assert.Equal([("eu_fsf", "p1"), ("ua_nsdc_sanctions", "c1")], (await register.ListedAsync(ct: ct)).Select(e => (e.Source, e.Id)));
    }

    [Theory, Databases]
    public async Task Import_CurrentSemaFileAfterThe2020Copy_ReportsChangesNotRemovals(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        await register.ImportAsync(ListReader.Read(ListFormat.Sema, SemaSample("sema-2020-excerpt.xml")), "sema-2020-excerpt.xml", "h1", ct: ct);

        var report = await register.ImportAsync(ListReader.Read(ListFormat.Sema, SemaSample("sema-bilingual.xml")), "sema-bilingual.xml", "h2", ct: ct);

        Assert.Equal((3, 4, 0, 0), (report.Added, report.Changed, report.Removed, report.Unchanged));
        var medvedchuk = await register.HistoryAsync("sema", "sema-ukraine-1-3", ct);
        Assert.Equal([SanctionsChange.Added, SanctionsChange.Changed], medvedchuk.Select(h => h.Change));
        Assert.Contains("\"listedOn\":\"2014-03-17\"", medvedchuk[1].After!, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task Import_ExportedFtmOfAList_ReadsBackUnchanged(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        var un = ListReader.Read(ListFormat.Un, Repo.Data("sanctions", "un-consolidated-2020.xml"));
        await register.ImportAsync(un, "un.xml", "h1", ct: ct);
        await register.ImportAsync(List(Person("a", "Ivan Petrov"), Person("b", "Anna Sidorova")), "t1.xml", "t1", ct: ct);
        await register.ImportAsync(List(Person("a", "Ivan Petrov"), Person("c", "Oleg Orlov")), "t2.xml", "t2", ct: ct);
        var exported = new StringWriter();
        ListWriter.WriteFtm([.. await register.ListedAsync(ct: ct), .. await register.LiftedAsync(new LocalDate(2100, 1, 1), "test", ct)], exported);
        var lines = exported.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var back = ListReader.Read(ListFormat.Ftm, new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines.Where(l => l.Contains("\"un\"", StringComparison.Ordinal))))), "un.ftm.json");
        var report = await register.ImportAsync(back, "un.ftm.json", "h2", ct: ct);

        Assert.Equal(("un", 0, 0, 0, un.Entities.Count), (report.Source, report.Added, report.Changed, report.Removed, report.Unchanged));
        var test = ListReader.Read(ListFormat.Ftm, new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines.Where(l => l.Contains("\"test\"", StringComparison.Ordinal))))), "test.ftm.json");
        Assert.Equal(new PartialDate(2024, 2, 24), Assert.Single(test.Entities, e => e.Id == "b").LiftedOn);
    }

    [Theory, Databases]
    public async Task Index_IsRebuiltWhenTheListChanges(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        var screening = db.Services.GetRequiredService<ScreeningService>();
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();

        Assert.Equal(0, (await screening.IndexAsync(ct)).EntityCount);
        await register.ImportAsync(List(Person("a", "Ivan Petrov")), "v1.xml", "h1", ct: ct);
        var index = await screening.IndexAsync(ct);
        Assert.True(Assert.Single(index.Screen(new ScreeningQuery("Іван Петров"))).Alert);
        Assert.Same(index, await screening.IndexAsync(ct));

        await register.ImportAsync(List(Person("b", "Anna Sidorova")), "v2.xml", "h2", new SanctionsImportOptions { AllowMassRemoval = true }, ct);
        Assert.Empty((await screening.IndexAsync(ct)).Screen(new ScreeningQuery("Ivan Petrov")));
    }

    [Theory, Databases]
    public async Task Index_ImportByAnotherNode_IsSeenAfterTheCheckIntervalWithoutAskingBefore(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        var screening = db.Services.GetRequiredService<ScreeningService>();
        await using var other = OtherNode(db);
        await using var scope = other.CreateAsyncScope();
        var otherRegister = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        var before = await screening.IndexAsync(ct);

        await otherRegister.ImportAsync(List(Person("a", "Ivan Petrov")), "v1.xml", "h1", ct: ct);
        db.Clock.Advance(ScreeningService.CheckInterval - Duration.FromSeconds(1));
        Assert.Same(before, await screening.IndexAsync(ct));

        db.Clock.Advance(Duration.FromSeconds(1));
        var after = await screening.IndexAsync(ct);
        Assert.NotSame(before, after);
        Assert.Equal(1, after.EntityCount);
    }

    [Theory, Databases]
    public async Task Index_ListingEndingToday_LeavesTheIndexOnThatDay(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        var screening = db.Services.GetRequiredService<ScreeningService>();
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        var term = Ftm("""
            {"id":"p1","schema":"Person","datasets":["ua_term"],"properties":{"name":["Ivan Petrov"]}}
            {"id":"s1","schema":"Sanction","properties":{"entity":["p1"],"programId":["UA-SA1644"],"startDate":["2014-02-25"],"endDate":["2024-02-25"]}}
            """);
        await register.ImportAsync(term, "term.json", "h1", ct: ct);

        Assert.Single((await screening.IndexAsync(ct)).Screen(new ScreeningQuery("Ivan Petrov")));
        db.Clock.Advance(Duration.FromDays(1));
        Assert.Empty((await screening.IndexAsync(ct)).Screen(new ScreeningQuery("Ivan Petrov")));
    }

    // A second process on the same database, as a second web node would be.
    private static ServiceProvider OtherNode(TestDatabase db)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IClock>(db.Clock);
        services.AddCusspCore(_ => db.Settings);
        services.AddCusspAccounts();
        return services.BuildServiceProvider();
    }
}
