using System.Text;
using Cussp.Screening;

namespace Cussp.Screening.Tests.Lists;

public class ListWriterTests
{
    [Fact]
    public void WriteFtm_ReadsBackToTheSameSubjects()
    {
        var original = ListReaderTests.Un2020.Value.Entities.Take(200).ToList();
        var sw = new StringWriter();
        ListWriter.WriteFtm(original, sw);
        var back = ListReader.Read(ListFormat.Ftm, new MemoryStream(Encoding.UTF8.GetBytes(sw.ToString())), "export.ftm.json");
        Assert.Equal(original.Select(e => e.Id), back.Entities.Select(e => e.Id));
        for (var i = 0; i < original.Count; i++)
        {
            Assert.Equal(original[i].Names.OrderBy(n => n.Value, StringComparer.Ordinal), back.Entities[i].Names.OrderBy(n => n.Value, StringComparer.Ordinal));
            Assert.Equal(original[i].BirthDates, back.Entities[i].BirthDates);
            Assert.Equal(original[i].ListedOn, back.Entities[i].ListedOn);
            Assert.Equal(original[i].LegalBasis.Select(b => b.Regime), back.Entities[i].LegalBasis.Select(b => b.Regime));
        }
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
