using System.Text;
using Cussp.Screening;
using Cussp.Tests;

namespace Cussp.Screening.Tests.Lists;

public class ListReaderTests
{
    internal static readonly Lazy<SanctionsList> Sema2020 = new(() => ListReader.Read(ListFormat.Sema, Repo.Data("sanctions", "sema-lmes-2020.xml")));
    internal static readonly Lazy<SanctionsList> Un2020 = new(() => ListReader.Read(ListFormat.Un, Repo.Data("sanctions", "un-consolidated-2020.xml")));
    internal static readonly Lazy<SanctionsList> Ofac2024 = new(() => ListReader.Read(ListFormat.Ofac, Repo.Data("sanctions", "ofac-sdn-2024-05-03.csv")));
    internal static readonly Lazy<SanctionsList> Zala = new(() => ListReader.Read(ListFormat.Ftm, Repo.Data("sanctions", "zala.ftm.json"), "zala"));

    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Lists", "Samples", name);

    private static ListedEntity Get(SanctionsList list, string id) => Assert.Single(list.Entities, e => e.Id == id);

    [Fact]
    public void Sema2020_ReadsEveryRecord()
    {
        var list = Sema2020.Value;
        Assert.Equal(1369, list.Entities.Count);
        Assert.Equal(985, list.Entities.Count(e => e.Kind == EntityKind.Person));
        Assert.Equal(384, list.Entities.Count(e => e.Kind == EntityKind.Organization));
        Assert.Equal(list.Entities.Count, list.Entities.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void Sema2020_Medvedchuk_FieldByField()
    {
        var e = Get(Sema2020.Value, "sema-ukraine-1-3");
        Assert.Equal(EntityKind.Person, e.Kind);
        Assert.Equal("Viktor Volodymyrovich MEDVEDCHUK", e.Caption);
        Assert.Equal(new LegalBasis("SEMA (Ukraine)", "1", "3"), Assert.Single(e.LegalBasis));
        // The record's country is the regulations' country, not the subject's nationality.
        Assert.Empty(e.Nationalities);
    }

    [Fact]
    public void Sema2020_AliasesSplitWithoutBreakingLegalForms()
    {
        var e = Assert.Single(Sema2020.Value.Entities, e => e.Caption == "Air Bagan");
        Assert.Equal(["Air Bagan", "Air Bagan Holdings Pte. Ltd.", "Air Bagan Limited"], e.Names.Select(n => n.Value));
        Assert.Equal([NameKind.Primary, NameKind.Alias, NameKind.Alias], e.Names.Select(n => n.Kind));
    }

    [Fact]
    public void Sema2020_AlternativeBirthDates_AreBothKept()
    {
        var e = Assert.Single(Sema2020.Value.Entities, e => e.BirthDates.Contains(new PartialDate(1972, 8, 10)));
        Assert.Contains(new PartialDate(1972, 8, 11), e.BirthDates);
    }

    [Fact]
    public void SemaBilingual_ReadsTheCurrentTagScheme()
    {
        var list = ListReader.Read(ListFormat.Sema, Sample("sema-bilingual.xml"));
        Assert.Equal(7, list.Entities.Count);
        var person = list.Entities[0];
        Assert.Equal(EntityKind.Person, person.Kind);
        Assert.Equal(["Dmitry Anatolyevich Medvedev", "Dmitrii Medvedev"], person.Names.Select(n => n.Value));
        Assert.Equal(new PartialDate(1965, 9, 14), Assert.Single(person.BirthDates));
        Assert.Equal(new PartialDate(2022, 2, 24), person.ListedOn);
        Assert.Equal(new LegalBasis("SEMA (Russia / Russie)", "1, Part 1", "100"), Assert.Single(person.LegalBasis));
        Assert.Empty(person.Nationalities);
        var ship = list.Entities[1];
        Assert.Equal(EntityKind.Vessel, ship.Kind);
        Assert.Equal(new Identifier("imo", "9610781"), Assert.Single(ship.Identifiers));
        Assert.Equal("Crude oil tanker", ship.Notes);
        Assert.Equal(["Joint Stock Company Example Bank", "AO Example Bank", "ExampleBank Co., Ltd."], list.Entities[2].Names.Select(n => n.Value));
    }

    [Fact]
    public void Sema_TheSameListingInBothTagSchemes_HasTheSameId()
    {
        var old = ListReader.Read(ListFormat.Sema, Sample("sema-2020-excerpt.xml"));
        var current = ListReader.Read(ListFormat.Sema, Sample("sema-bilingual.xml"));

        Assert.Equal(["sema-russia-1-1", "sema-russia-1.2-1", "sema-ukraine-1-3", "sema-venezuela-na-1"], old.Entities.Select(e => e.Id));
        Assert.All(old.Entities, e => Assert.Equal(e.Caption, Assert.Single(current.Entities, c => c.Id == e.Id).Caption));
        Assert.Equal(old.Entities.Select(e => e.Id), ListReaderTests.Sema2020.Value.Entities.Select(e => e.Id).Intersect(old.Entities.Select(e => e.Id)));
    }

    [Fact]
    public void Sema_RecordsInAnotherOrder_KeepTheirIds()
    {
        var text = File.ReadAllText(Sample("sema-2020-excerpt.xml"));
        var body = text[(text.IndexOf("<record>", StringComparison.Ordinal))..text.LastIndexOf("</data-set>", StringComparison.Ordinal)];
        var records = body.Split("<record>", StringSplitOptions.RemoveEmptyEntries).Select(r => "<record>" + r).Reverse();
        var reversed = "<data-set>" + string.Concat(records) + "</data-set>";

        var list = ListReader.Read(ListFormat.Sema, new MemoryStream(Encoding.UTF8.GetBytes(reversed)), "reversed.xml");

        Assert.Equal(["sema-venezuela-na-1", "sema-ukraine-1-3", "sema-russia-1.2-1", "sema-russia-1-1"], list.Entities.Select(e => e.Id));
    }

    [Fact]
    public void Un2020_ReadsEveryIndividualAndEntity()
    {
        var list = Un2020.Value;
        Assert.Equal(709, list.Entities.Count(e => e.Kind == EntityKind.Person));
        Assert.Equal(305, list.Entities.Count(e => e.Kind == EntityKind.Organization));
        Assert.Equal(609, list.Entities.Sum(e => e.Names.Count(n => n.Kind == NameKind.WeakAlias)));
    }

    [Fact]
    public void Un2020_RiWonHo_FieldByField()
    {
        var e = Get(Un2020.Value, "un-6908555");
        Assert.Equal("RI WON HO", e.Caption);
        Assert.Equal(new PartialDate(1964, 7, 17), Assert.Single(e.BirthDates));
        Assert.Equal(new Identifier("passport", "381310014"), Assert.Single(e.Identifiers));
        Assert.Equal(new LegalBasis("UN DPRK", null, "KPi.033"), Assert.Single(e.LegalBasis));
        Assert.Equal(new PartialDate(2016, 11, 30), e.ListedOn);
        Assert.Equal("Democratic People's Republic of Korea", Assert.Single(e.Nationalities));
    }

    [Fact]
    public void Un2020_OriginalScriptAndLowQualityAliases()
    {
        var e = Get(Un2020.Value, "un-6908434");
        Assert.Equal("ABD AL-KHALIQ AL-HOUTHI", e.Caption);
        Assert.Contains(new ListedName("عبدالخالق الحوثي", NameKind.Alias), e.Names);
        Assert.Contains(new ListedName("Abu-Yunus", NameKind.WeakAlias), e.Names);
        Assert.Equal(new PartialDate(1984), Assert.Single(e.BirthDates));
    }

    [Fact]
    public void Ofac2024_ReadsEveryRow()
    {
        var list = Ofac2024.Value;
        Assert.Equal(14965, list.Entities.Count);
        Assert.Equal(6854, list.Entities.Count(e => e.Kind == EntityKind.Person));
        Assert.Equal(851, list.Entities.Count(e => e.Kind == EntityKind.Vessel));
        Assert.Equal(376, list.Entities.Count(e => e.Kind == EntityKind.Aircraft));
    }

    [Fact]
    public void Ofac2024_Medvedchuk_FieldByField()
    {
        var e = Get(Ofac2024.Value, "ofac-16663");
        Assert.Equal("Viktor MEDVEDCHUK", e.Caption);
        Assert.Equal(new PartialDate(1954, 8, 7), Assert.Single(e.BirthDates));
        Assert.Equal(new LegalBasis("OFAC UKRAINE-EO13660"), Assert.Single(e.LegalBasis));
    }

    [Fact]
    public void Ofac2024_VesselWithImoAndFormerNames()
    {
        var e = Get(Ofac2024.Value, "ofac-4243");
        Assert.Equal(EntityKind.Vessel, e.Kind);
        Assert.Equal(new Identifier("imo", "7406784"), Assert.Single(e.Identifiers));
        Assert.Equal(["EBANO", "ANA I", "SAND SWAN"], e.Names.Select(n => n.Value));
        Assert.Equal(NameKind.Previous, e.Names[1].Kind);
        Assert.Equal("Panama", Assert.Single(e.Nationalities));
    }

    [Fact]
    public void Ofac2024_RussianIdentifiersAndSeveralPrograms()
    {
        var capital = Get(Ofac2024.Value, "ofac-18669");
        Assert.Contains(new Identifier("inn", "7736581290", "Russia"), capital.Identifiers);
        Assert.Contains(new Identifier("ogrn", "1087746887678", "Russia"), capital.Identifiers);
        Assert.Equal(["OFAC UKRAINE-EO13662", "OFAC RUSSIA-EO14024"], capital.LegalBasis.Select(b => b.Regime));
        Assert.Contains(new ListedName("BNC", NameKind.Alias), Get(Ofac2024.Value, "ofac-306").Names);
    }

    [Fact]
    public void Ofac2024_RegistrationNumbersOfRussia_AreOgrnOrOgrnip()
    {
        Assert.Contains(new Identifier("ogrn", "1027739109133", "Russia"), Get(Ofac2024.Value, "ofac-18268").Identifiers);
        Assert.Contains(new Identifier("ogrnip", "319222500100953", "Russia"), Get(Ofac2024.Value, "ofac-33860").Identifiers);
        Assert.Contains(new Identifier("ogrnip", "318774600703371", "Russia"), Get(Ofac2024.Value, "ofac-45213").Identifiers);
        Assert.Contains(new Identifier("okpo", "09804148", "Russia"), Get(Ofac2024.Value, "ofac-16681").Identifiers);
        Assert.Contains(new Identifier("registration", "26740", "Iran"), Ofac2024.Value.Entities.SelectMany(e => e.Identifiers));
    }

    [Fact]
    public void Ofac2024_VesselAircraftAndBankIdentifiers()
    {
        Assert.Equal([new Identifier("imo", "9187629"), new Identifier("mmsi", "572469210")], Get(Ofac2024.Value, "ofac-15036").Identifiers);
        Assert.Equal([new Identifier("aircraft-serial", "391"), new Identifier("aircraft-tail", "EP-MMH")], Get(Ofac2024.Value, "ofac-18150").Identifiers);
        var bank = Get(Ofac2024.Value, "ofac-18268").Identifiers;
        Assert.Contains(new Identifier("swift", "EXIRRUMM"), bank);
        Assert.Contains(new Identifier("lei", "253400HA6URWT39X2982"), bank);
        Assert.Contains(new Identifier("inn", "7704001959", "Russia"), bank);
    }

    [Fact]
    public void Ofac2024_IdentifierWithSpacesAndDates_KeepsTheWholeValue()
    {
        var e = Get(Ofac2024.Value, "ofac-45213");
        Assert.Equal(
            [new Identifier("passport", "756410352", "Russia"), new Identifier("national-id", "4522912438", "Russia"),
             new Identifier("inn", "771401746465", "Russia"), new Identifier("ogrnip", "318774600703371", "Russia")],
            e.Identifiers);
        Assert.Contains(Ofac2024.Value.Entities.SelectMany(x => x.Identifiers), i => i.Type == "passport" && i.Value == "72 9279533");
    }

    [Fact]
    public void Ofac2024_IdentifierTypesAreAllKnown() =>
        Assert.All(Ofac2024.Value.Entities.SelectMany(e => e.Identifiers), i => Assert.Equal(i.Type, IdentifierTypes.Canonical(i.Type)));

    [Fact]
    public void Zala_ReadsSubjectsAndSkipsLinks()
    {
        var list = Zala.Value;
        Assert.Equal("zala", list.Source);
        Assert.Equal(6, list.Entities.Count(e => e.Kind == EntityKind.Person));
        Assert.Equal(11, list.Entities.Count(e => e.Kind == EntityKind.Company));
        var e = Get(list, "NK-2Tbri3s6GgNtAwsSXh4qpL");
        Assert.Contains(new ListedName("Мария Александровна Осетрова", NameKind.Primary), e.Names);
        Assert.Contains(new Identifier("inn", "183116181362"), e.Identifiers);
        Assert.Equal(new PartialDate(1988, 1, 7), Assert.Single(e.BirthDates));
        Assert.Contains(list.Entities, x => x.Names.Any(n => n.Kind == NameKind.WeakAlias));
        Assert.Contains(list.Entities, x => x.LegalBasis.Count > 0 && x.ListedOn is not null);
    }

    [Fact]
    public void Zala_SanctionEndDates_EndTheirListingsButLiftNoSubjectWithOtherSanctions()
    {
        var zakharov = Get(Zala.Value, "NK-aU5ybkbRFJucf8YMwsJvDw");
        Assert.Equal(new PartialDate(2033, 7, 1), Assert.Single(zakharov.LegalBasis, b => b.Regime == "UA-SA1644").EndsOn);
        var zalaAero = Get(Zala.Value, "NK-abdzbEBkqyT29GyREbiURZ");
        Assert.Equal([new PartialDate(2024, 10, 30), new PartialDate(2034, 11, 12)],
            zalaAero.LegalBasis.Where(b => b.Regime == "UA-SA1644").Select(b => b.EndsOn!.Value).Order());
        Assert.Contains(zalaAero.LegalBasis, b => b.EndsOn is null);
        Assert.All(Zala.Value.Entities, x => Assert.Null(x.LiftedOn));
    }

    [Fact]
    public void Ftm_EverySanctionEnded_LiftsTheSubjectOnTheLatestEnd()
    {
        const string ftm = """
            {"id":"p1","schema":"Person","datasets":["test_set"],"properties":{"name":["Ivan Petrov"]}}
            {"id":"s1","schema":"Sanction","properties":{"entity":["p1"],"programId":["A"],"startDate":["2014-03-17"],"endDate":["2020-01-01"]}}
            {"id":"s2","schema":"Sanction","properties":{"entity":["p1"],"programId":["B"],"listingDate":["2015-05-01"],"endDate":["2021-06-30"]}}
            """;

        var e = Assert.Single(ListReader.Read(ListFormat.Ftm, new MemoryStream(Encoding.UTF8.GetBytes(ftm)), "ended.json").Entities);

        Assert.Equal(new PartialDate(2021, 6, 30), e.LiftedOn);
        Assert.Equal(new PartialDate(2014, 3, 17), e.ListedOn);
        Assert.Equal("test_set", e.Source);
    }

    [Fact]
    public void Ftm_SubjectsOfSeveralDatasets_AreRefusedUnlessTheListIsNamed()
    {
        var e = Assert.Throws<ListFormatException>(() => ListReader.Read(ListFormat.Ftm, Repo.Data("sanctions", "zala.ftm.json")));
        Assert.Contains("--source", e.Reason, StringComparison.Ordinal);
        Assert.Contains("none is common to all", e.Reason, StringComparison.Ordinal);
        Assert.Equal("zala", ListReader.Read(ListFormat.Ftm, Repo.Data("sanctions", "zala.ftm.json"), "zala").Source);
    }

    [Theory]
    [InlineData("Zala")]
    [InlineData("a very long list name")]
    [InlineData("")]
    public void Read_BadListName_IsRefused(string source) =>
        Assert.Throws<ListFormatException>(() => ListReader.Read(ListFormat.Ftm, Repo.Data("sanctions", "zala.ftm.json"), source));

    [Fact]
    public void Ftm_FileWithoutSubjects_IsRefused()
    {
        const string ftm = """{"id":"a1","schema":"Address","properties":{"full":["Moscow"]}}""";
        var e = Assert.Throws<ListFormatException>(() => ListReader.Read(ListFormat.Ftm, new MemoryStream(Encoding.UTF8.GetBytes(ftm)), "addresses.json"));
        Assert.Contains("no subjects", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Un_RightRootWithoutRecords_IsRefused()
    {
        const string xml = "<CONSOLIDATED_LIST dateGenerated=\"2020-01-01\">\n<INDIVIDUALS/>\n<ENTITIES/>\n</CONSOLIDATED_LIST>";
        var e = Assert.Throws<ListFormatException>(() => ListReader.Read(ListFormat.Un, new MemoryStream(Encoding.UTF8.GetBytes(xml)), "empty.xml"));
        Assert.Contains("no <INDIVIDUAL> or <ENTITY> records", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedXml_NamesFileLineAndReason()
    {
        var e = Assert.Throws<ListFormatException>(() => ListReader.Read(ListFormat.Sema, Sample("sema-malformed.xml")));
        Assert.Equal("sema-malformed.xml", e.File);
        Assert.InRange(e.Line, 11, 14);
        Assert.Contains("malformed XML", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongXmlForTheFormat_IsRefused()
    {
        var e = Assert.Throws<ListFormatException>(() => ListReader.Read(ListFormat.Un, Sample("sema-bilingual.xml")));
        Assert.Equal(2, e.Line);
        Assert.Contains("not a UN list", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void UnclosedQuoteInCsv_NamesTheLine()
    {
        var e = Assert.Throws<ListFormatException>(() => ListReader.Read(ListFormat.Ofac, Sample("ofac-unclosed-quote.csv")));
        Assert.Equal(2, e.Line);
        Assert.Contains("not closed", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ShortCsvRow_NamesTheLine()
    {
        var e = Assert.Throws<ListFormatException>(() => ListReader.Read(ListFormat.Ofac, Sample("ofac-short-row.csv")));
        Assert.Equal("ofac-short-row.csv:2: 4 columns where the SDN CSV has 12", e.Message);
    }

    [Fact]
    public void BadJsonLine_NamesTheLine()
    {
        var e = Assert.Throws<ListFormatException>(() => ListReader.Read(ListFormat.Ftm, Sample("ftm-bad-line.json")));
        Assert.Equal(3, e.Line);
    }
}
