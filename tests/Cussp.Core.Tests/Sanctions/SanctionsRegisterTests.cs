using Cussp.Data;
using Cussp.Sanctions;
using Cussp.Screening;
using Cussp.Tests;
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

    [Theory, Databases]
    public async Task Import_Again_ReportsAdditionsChangesAndRemovalsAndKeepsHistory(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();

        var first = await register.ImportAsync(List(Person("a", "Ivan Petrov", 1960), Person("b", "Anna Sidorova"), Person("c", "Oleg Orlov")), "v1.xml", "h1", ct);
        Assert.Equal((3, 0, 0, 0), (first.Added, first.Changed, first.Removed, first.Unchanged));

        db.Clock.Advance(Duration.FromDays(1));
        var second = await register.ImportAsync(List(Person("a", "Ivan Petrov", 1961), Person("b", "Anna Sidorova"), Person("d", "Pavel Durov")), "v2.xml", "h2", ct);
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

        var third = await register.ImportAsync(List(Person("a", "Ivan Petrov", 1961), Person("b", "Anna Sidorova"), Person("c", "Oleg Orlov"), Person("d", "Pavel Durov")), "v3.xml", "h2", ct);
        Assert.Equal((1, 0, 0, 3), (third.Added, third.Changed, third.Removed, third.Unchanged));
        Assert.True(third.SameFile);
    }

    [Theory, Databases]
    public async Task Import_BadList_ChangesNothing(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        await register.ImportAsync(List(Person("a", "Ivan Petrov")), "v1.xml", "h1", ct);

        var e = await Assert.ThrowsAsync<Cussp.Agreements.RegisterInputException>(() =>
            register.ImportAsync(List(Person("b", "Anna Sidorova"), Person("b", "Anna Sidorova")), "v2.xml", "h2", ct));

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
        var list = ListReader.Read(ListFormat.Ofac, Repo.Shared("data", "sanctions", "ofac-sdn-2024-05-03.csv"));

        var report = await register.ImportAsync(list, "ofac-sdn-2024-05-03.csv", "x", ct);

        Assert.Equal(14965, report.Added);
        var stored = await register.ListedAsync("ofac", ct);
        Assert.Equal(14965, stored.Count);
        var original = list.Entities.Single(e => e.Id == "ofac-18669");
        Assert.Equal(ListWriter.ToJson(original), ListWriter.ToJson(stored.Single(e => e.Id == "ofac-18669")));
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
        await register.ImportAsync(List(Person("a", "Ivan Petrov")), "v1.xml", "h1", ct);
        var index = await screening.IndexAsync(ct);
        Assert.True(Assert.Single(index.Screen(new ScreeningQuery("Іван Петров"))).Alert);
        Assert.Same(index, await screening.IndexAsync(ct));

        await register.ImportAsync(List(Person("b", "Anna Sidorova")), "v2.xml", "h2", ct);
        Assert.Empty((await screening.IndexAsync(ct)).Screen(new ScreeningQuery("Ivan Petrov")));
    }
}
