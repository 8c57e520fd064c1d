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
    public void Screen_WeakAliasScoringHigher_DoesNotHideTheStrongName()
    {
        var e = Person("p1", "Ivan Sergeyevich Kuznetsov");
        e.AddName("Ivan Kuznetsov", NameKind.WeakAlias);
        var index = ScreeningIndex.Build([e]);

        var hit = Assert.Single(index.Screen(new ScreeningQuery("Ivan Kuznetsov")));

        Assert.True(hit.Alert);
        Assert.Equal("Ivan Sergeyevich Kuznetsov", hit.Name.Value);
        Assert.Equal(NameMatcher.Compare("Ivan Kuznetsov", "Ivan Sergeyevich Kuznetsov", EntityKind.Person).Score, hit.Score, 3);
        Assert.Contains(hit.Reasons, r => r.Contains("weak alias \u201cIvan Kuznetsov\u201d", StringComparison.Ordinal));
    }

    [Fact]
    public void Screen_WeakAliasAlone_NeverAlertsEvenWithAMatchingBirthYear()
    {
        var e = Person("p1", "Ivan Sergeyevich Kuznetsov");
        e.AddName("Vanya Kuz", NameKind.WeakAlias);
        e.AddBirthDate(new PartialDate(1970));
        var index = ScreeningIndex.Build([e], new ScreeningOptions { ReportFrom = 0.5 });

        var hit = Assert.Single(index.Screen(new ScreeningQuery("Vanya Kuz")));
        Assert.False(hit.Alert);
        Assert.Equal(NameKind.WeakAlias, hit.Name.Kind);
        Assert.True(hit.Score < ScreeningOptions.DefaultThreshold);
        Assert.Contains(hit.Reasons, r => r.Contains("weak alias", StringComparison.Ordinal));

        var withYear = Assert.Single(index.Screen(new ScreeningQuery("Vanya Kuz", BirthYear: 1970)));
        Assert.False(withYear.Alert);
        Assert.Equal(hit.Score, withYear.Score);
        Assert.Contains(withYear.Reasons, r => r.Contains("birth year 1970 matches the list, but", StringComparison.Ordinal));
    }

    [Fact]
    public void Screen_SubjectWithOnlyWeakAliasesAndABirthYear_IsNotAnAlert()
    {
        var e = new ListedEntity("p1", EntityKind.Person, "test");
        e.AddName("Abu Yunus", NameKind.WeakAlias);
        e.AddBirthDate(new PartialDate(1984));
        var index = ScreeningIndex.Build([e], new ScreeningOptions { ReportFrom = 0.5 });

        var hit = Assert.Single(index.Screen(new ScreeningQuery("Abu Yunus", BirthYear: 1984)));

        Assert.False(hit.Alert);
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
    public void Screen_SameValueOfAnotherIdentifierType_DecidesNothing()
    {
        var e = Person("p1", "Ivan Sergeyevich Kuznetsov");
        e.AddIdentifier("inn", "772012345678");
        var index = ScreeningIndex.Build([e], new ScreeningOptions { ReportFrom = 0 });

        var hits = index.Screen(new ScreeningQuery("Pavel Durov", Identifiers: [new Identifier("passport", "772012345678")]));

        Assert.DoesNotContain(hits, h => h.Alert);
        Assert.DoesNotContain(hits, h => h.Reasons.Any(r => r.Contains("decides", StringComparison.Ordinal)));
    }

    [Fact]
    public void Screen_ConflictingPermanentIdentifier_RulesTheSubjectOut()
    {
        var e = Person("p1", "Ivan Sergeyevich Kuznetsov");
        e.AddIdentifier("inn", "772012345678", "Russia");
        var index = ScreeningIndex.Build([e], new ScreeningOptions { ReportFrom = 0 });
        Assert.True(Assert.Single(index.Screen(new ScreeningQuery("Ivan Sergeyevich Kuznetsov"))).Alert);

        var hit = Assert.Single(index.Screen(new ScreeningQuery("Ivan Sergeyevich Kuznetsov", Identifiers: [new Identifier("INN", "500100732259")])));

        Assert.False(hit.Alert);
        Assert.Equal(0, hit.Score);
        Assert.Contains(hit.Reasons, r => r.Contains("inn 500100732259 differs from the listed 772012345678", StringComparison.Ordinal));
    }

    [Fact]
    public void Screen_ConflictingPassport_LowersTheScoreOnly()
    {
        var e = Person("p1", "Ivan Sergeyevich Kuznetsov");
        e.AddIdentifier("passport", "AB 123456");
        var index = ScreeningIndex.Build([e], new ScreeningOptions { ReportFrom = 0 });

        var hit = Assert.Single(index.Screen(new ScreeningQuery("Ivan Sergeyevich Kuznetsov", Identifiers: [new Identifier("passport", "CD 654321")])));

        Assert.Equal(0.8, hit.Score, 3);
        Assert.Contains(hit.Reasons, r => r.Contains("renewed", StringComparison.Ordinal));
    }

    [Fact]
    public void Screen_IdentifierOfTheSameTypeFromAnotherCountry_IsNoConflict()
    {
        var e = Person("p1", "Ivan Sergeyevich Kuznetsov");
        e.AddIdentifier("national-id", "4510123456", "Russia");
        var index = ScreeningIndex.Build([e]);

        var hit = Assert.Single(index.Screen(new ScreeningQuery("Ivan Sergeyevich Kuznetsov", Identifiers: [new Identifier("national-id", "123-45-678", "Belarus")])));

        Assert.Equal(1.0, hit.Score);
    }

    [Fact]
    public void Build_LeavesLiftedListingsOut()
    {
        var lifted = Person("p1", "Ivan Kuznetsov");
        lifted.LiftedOn = new PartialDate(2021, 1, 1);
        Assert.Empty(ScreeningIndex.Build([lifted]).Screen(new ScreeningQuery("Ivan Kuznetsov")));
    }

    [Fact]
    public void Build_AsOfADate_KeepsListingsThatEndLater()
    {
        var ending = Person("p1", "Ivan Kuznetsov");
        ending.LiftedOn = new PartialDate(2033, 7, 1);
        Assert.Single(ScreeningIndex.Build([ending], asOf: new PartialDate(2026, 11, 25)).Screen(new ScreeningQuery("Ivan Kuznetsov")));
        Assert.Empty(ScreeningIndex.Build([ending], asOf: new PartialDate(2033, 7, 1)).Screen(new ScreeningQuery("Ivan Kuznetsov")));
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
