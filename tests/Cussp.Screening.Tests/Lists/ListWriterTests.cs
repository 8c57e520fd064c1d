using System.Text;
using Cussp.Screening;

namespace Cussp.Screening.Tests.Lists;

public class ListWriterTests
{
    public static TheoryData<string> Lists => ["sema", "un", "ofac", "zala"];

    private static SanctionsList Original(string list) => list switch
    {
        "sema" => ListReaderTests.Sema2020.Value,
        "un" => ListReaderTests.Un2020.Value,
        "ofac" => ListReaderTests.Ofac2024.Value,
        _ => ListReaderTests.Zala.Value,
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void WriteFtm_ReadsBackToTheSameSubjectsFieldByField(string list)
    {
        var original = Original(list).Entities;
        var sw = new StringWriter();
        ListWriter.WriteFtm(original, sw);

        var back = ListReader.Read(ListFormat.Ftm, new MemoryStream(Encoding.UTF8.GetBytes(sw.ToString())), "export.ftm.json");

        Assert.Equal(Original(list).Source, back.Source);
        Assert.Equal(original.Select(e => e.Id), back.Entities.Select(e => e.Id));
        for (var i = 0; i < original.Count; i++)
        {
            Assert.Equal(ListWriter.ToJson(original[i]), ListWriter.ToJson(back.Entities[i]));
        }
    }

    [Fact]
    public void WriteFtm_KeepsScheduleItemDatesAndIdentifierTypes()
    {
        var e = new ListedEntity("sema-russia-1-7", EntityKind.Vessel, "sema") { ListedOn = new PartialDate(2023, 5, 19), Notes = "Crude oil tanker" };
        e.AddName("Example Tanker", NameKind.Primary);
        e.AddIdentifier("imo", "9610781");
        e.AddIdentifier("mmsi", "273456789");
        e.AddIdentifier("registration", "RU-1234", "Russia");
        e.LegalBasis.Add(new LegalBasis("SEMA (Russia / Russie)", "1, Part 2", "7"));
        e.Lift(new PartialDate(2025, 1, 31));
        var sw = new StringWriter();

        ListWriter.WriteFtm([e], sw);
        var text = sw.ToString();
        var back = Assert.Single(ListReader.Read(ListFormat.Ftm, new MemoryStream(Encoding.UTF8.GetBytes(text)), "one.json").Entities);

        Assert.Contains("\"mmsi\":[\"273456789\"]", text, StringComparison.Ordinal);
        Assert.Contains("\"imoNumber\":[\"9610781\"]", text, StringComparison.Ordinal);
        Assert.Contains("\"provisions\":[\"Schedule 1, Part 2\"]", text, StringComparison.Ordinal);
        Assert.Equal(new LegalBasis("SEMA (Russia / Russie)", "1, Part 2", "7", new PartialDate(2025, 1, 31)), Assert.Single(back.LegalBasis));
        Assert.Equal(new PartialDate(2025, 1, 31), back.LiftedOn);
        Assert.Equal(new PartialDate(2023, 5, 19), back.ListedOn);
        Assert.Equal(e.Identifiers.OrderBy(i => i.Type, StringComparer.Ordinal), back.Identifiers.OrderBy(i => i.Type, StringComparer.Ordinal));
        Assert.Equal(ListWriter.ToJson(e), ListWriter.ToJson(back));
    }

    [Fact]
    public void ToJson_RoundTripsEveryField()
    {
        foreach (var e in ListReaderTests.Ofac2024.Value.Entities.Where(e => e.Identifiers.Count > 0).Take(300))
        {
            var json = ListWriter.ToJson(e);
            Assert.Equal(json, ListWriter.ToJson(ListWriter.FromJson(json)));
        }
    }

    [Fact]
    public void WriteCsv_OneRowPerNameQuotedWhereNeeded()
    {
        var e = ListReaderTests.Ofac2024.Value.Entities.Single(x => x.Id == "ofac-173");
        var sw = new StringWriter();
        ListWriter.WriteCsv([e], sw);
        var lines = sw.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + e.Names.Count, lines.Length);
        Assert.StartsWith("ofac-173,ofac,Organization,\"ANGLO-CARIBBEAN CO., LTD.\",Primary,", lines[1], StringComparison.Ordinal);
    }
}
