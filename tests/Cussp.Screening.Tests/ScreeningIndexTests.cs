using Cussp.Screening;
using Cussp.Screening.Tests.Lists;

namespace Cussp.Screening.Tests;

public class ScreeningIndexTests
{
    private static readonly Lazy<ScreeningIndex> Index = new(() =>
        ScreeningIndex.Build(ListReaderTests.Sema2020.Value.Entities.Concat(ListReaderTests.Un2020.Value.Entities).Concat(ListReaderTests.Ofac2024.Value.Entities)));

    private static ListedEntity Person(string id, params string[] names)
    {
        var e = new ListedEntity(id, EntityKind.Person, "test");
        foreach (var n in names)
        {
            e.AddName(n, e.Names.Count == 0 ? NameKind.Primary : NameKind.Alias);
        }
        return e;
    }

    [Fact]
    public void Screen_CyrillicQuery_FindsTheLatinListing()
    {
        var hits = Index.Value.Screen(new ScreeningQuery("Віктор Медведчук"));
        var top = hits[0];
        Assert.True(top.Alert);
        Assert.Contains(top.Entity.Id, new[] { "ofac-16663", "sema-ukraine-1-3" });
        Assert.Contains(top.Explain(), l => l.Contains("KMU", StringComparison.Ordinal) || l.Contains("ICAO", StringComparison.Ordinal) || l.Contains("informal", StringComparison.Ordinal));
    }

    [Fact]
    public void Screen_GermanSpellingOfARussianName_FindsIt()
    {
        var hits = Index.Value.Screen(new ScreeningQuery("Sergej Walerjewitsch Aksjonow"));
        Assert.Contains(hits, h => h.Alert && h.Entity.Id == "ofac-16642");
    }

    [Fact]
    public void Screen_MadeUpName_RaisesNoAlert() =>
        Assert.DoesNotContain(Index.Value.Screen(new ScreeningQuery("Maple Bicycles Ltd.")), h => h.Alert);

    [Fact]
    public void Screen_Hits_CarryScoreListedNameAndExplanation()
    {
        var hit = Assert.Single(Index.Value.Screen(new ScreeningQuery("Ri Won Ho")), h => h.Entity.Id == "un-6908555");
        Assert.Equal(1.0, hit.Score);
        var lines = hit.Explain();
        Assert.StartsWith("listed name \u201cRI WON HO\u201d", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("won \u2194 won", StringComparison.Ordinal));
    }

    [Fact]
    public void Screen_WeakAliasAlone_NeverAlerts()
    {
        var e = Person("p1", "Ivan Sergeyevich Kuznetsov");
        e.AddName("Vanya Kuz", NameKind.WeakAlias);
        e.AddBirthDate(new PartialDate(1970));
        var index = ScreeningIndex.Build([e], new ScreeningOptions { ReportFrom = 0.5 });
        var hit = Assert.Single(index.Screen(new ScreeningQuery("Vanya Kuz")));
        Assert.False(hit.Alert);
        Assert.Contains(hit.Reasons, r => r.Contains("weak alias", StringComparison.Ordinal));
        Assert.True(Assert.Single(index.Screen(new ScreeningQuery("Vanya Kuz", BirthYear: 1970))).Alert);
    }

    [Fact]
    public void Screen_BirthYear_QualifiesButNeverMakesAHit()
    {
        var e = Person("p1", "Ivan Sergeyevich Kuznetsov");
        e.AddBirthDate(new PartialDate(1970, 5, 1));
        var index = ScreeningIndex.Build([e], new ScreeningOptions { ReportFrom = 0 });
        var plain = Assert.Single(index.Screen(new ScreeningQuery("Ivan Kuznetsov"))).Score;
        Assert.True(Assert.Single(index.Screen(new ScreeningQuery("Ivan Kuznetsov", BirthYear: 1970))).Score > plain);
        Assert.True(Assert.Single(index.Screen(new ScreeningQuery("Ivan Kuznetsov", BirthYear: 1985))).Score < plain);
        var weak = index.Screen(new ScreeningQuery("Ivan Kuzmin", BirthYear: 1970));
        Assert.All(weak, h => Assert.False(h.Alert));
    }

    [Fact]
    public void Screen_MatchingIdentifier_Decides()
    {
        var e = Person("p1", "Ivan Sergeyevich Kuznetsov");
        e.AddIdentifier("passport", "AB 123456");
        var index = ScreeningIndex.Build([e]);
        var hit = Assert.Single(index.Screen(new ScreeningQuery("I. Kusnezow", Identifiers: [new Identifier("passport", "ab123456")])));
        Assert.Equal(1.0, hit.Score);
        Assert.True(hit.Alert);
        Assert.Contains(hit.Reasons, r => r.Contains("identifier", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_LeavesLiftedListingsOut()
    {
        var lifted = Person("p1", "Ivan Kuznetsov");
        lifted.LiftedOn = new PartialDate(2021, 1, 1);
        Assert.Empty(ScreeningIndex.Build([lifted]).Screen(new ScreeningQuery("Ivan Kuznetsov")));
    }

    [Fact]
    public void Screen_TooLongAName_IsRefused() =>
        Assert.Throws<ArgumentException>(() => Index.Value.Screen(new ScreeningQuery(new string('a', Normaliser.MaxNameLength + 1))));

    [Fact]
    public void Index_CoversAllNamesOfTheThreeLists()
    {
        Assert.InRange(Index.Value.NameCount, 22_000, 24_000);
        Assert.True(Index.Value.FormCount >= Index.Value.NameCount);
    }
}

public class ScreeningQueryTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("Ivan\u0007Petrov", "control character (U+0007) at position 5")]
    [InlineData("Ivan\u0000", "control character (U+0000)")]
    public void Problem_NamesWhatIsWrong(string name, string expected) =>
        Assert.Contains(expected, ScreeningQuery.Problem(name), StringComparison.Ordinal);

    [Fact]
    public void Problem_AbsurdlyLongName_IsRefusedWithTheLimit() =>
        Assert.Contains($"at most {Normaliser.MaxNameLength}", ScreeningQuery.Problem(new string('x', 10_000)), StringComparison.Ordinal);

    [Theory]
    [InlineData("Володимир Зеленський")]
    [InlineData("O'Brien-Smith, Jr.")]
    public void Problem_OrdinaryNames_AreAccepted(string name) => Assert.Null(ScreeningQuery.Problem(name));
}
