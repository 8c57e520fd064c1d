using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Cussp.Agreements;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Core.Tests.Agreements;

public class AgreementExportTests
{
    private static readonly Lazy<XmlSchemaSet> AknSchema = new(() =>
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.Add(AgreementExport.AknNamespace, Repo.Data("schemas", "akn-3.0", "akomantoso30.xsd"));
        set.Compile();
        return set;
    });

    /// <summary>Every complaint of the Akoma Ntoso 3.0 schema about the document in <paramref name="xml"/>, read from its start.</summary>
    internal static List<string> SchemaErrors(Stream xml)
    {
        xml.Position = 0;
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = AknSchema.Value };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using (var reader = XmlReader.Create(xml, settings))
        {
            while (reader.Read())
            {
            }
        }
        return errors;
    }

    private static async Task<RegisterSnapshot> CusspAsync(TestDatabase db)
    {
        await using var scope = db.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync("cussp", TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task WriteAkn_Cussp_IsValidAgainstTheAkomaNtosoSchema()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        using var buffer = new MemoryStream();
        AgreementExport.Write(await CusspAsync(db), ExportFormat.Akn, buffer);
        Assert.Empty(SchemaErrors(buffer));

        buffer.Position = 0;
        var doc = XDocument.Load(buffer);
        XNamespace akn = AgreementExport.AknNamespace;
        Assert.Equal("agreement", doc.Root!.Element(akn + "doc")!.Attribute("name")!.Value);
        var eIds = doc.Descendants().Select(e => (string?)e.Attribute("eId")).Where(e => e is not null).ToHashSet();
        Assert.Contains("part_IV__sec_K__para_1__list_1__item_ii", eIds);
        Assert.Contains("part_IV__sec_A__para_7__list_1__item_iii__list_1__item_A", eIds);
        Assert.Contains("preamble__recital_8", eIds);
    }

    [Theory]
    [InlineData("II.3", "part_II__para_3")]
    [InlineData("IV.K.1.ii", "part_IV__sec_K__para_1__list_1__item_ii")]
    [InlineData("PRE.1", "preamble__recital_1")]
    public void EId_Citation_FollowsTheAknNamingConvention(string citation, string eId) => Assert.Equal(eId, AgreementExport.EId(citation));

    [Fact]
    public async Task WriteJsonAndMarkdown_Cussp_CarryEveryProvision()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        var s = await CusspAsync(db);
        using var json = new MemoryStream();
        AgreementExport.Write(s, ExportFormat.Json, json);
        using var parsed = System.Text.Json.JsonDocument.Parse(json.ToArray());
        Assert.Equal(161, parsed.RootElement.GetProperty("provisions").GetArrayLength());

        using var md = new MemoryStream();
        AgreementExport.Write(s, ExportFormat.Md, md);
        var text = System.Text.Encoding.UTF8.GetString(md.ToArray());
        Assert.All(s.Provisions, p => Assert.Contains(p.Citation, text, StringComparison.Ordinal));
    }

    [Theory, Databases]
    public async Task EveryFormat_CarriesPrimaryAndSecondaryComponentsAndTheSummaryLines(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        var s = await CusspAsync(db);

        using var akn = new MemoryStream();
        AgreementExport.Write(s, ExportFormat.Akn, akn);
        Assert.Empty(SchemaErrors(akn));
        akn.Position = 0;
        XNamespace cussp = AgreementExport.RegisterNamespace;
        var doc = XDocument.Load(akn);
        var ivA2 = doc.Descendants(cussp + "provision").Single(e => (string?)e.Attribute("citation") == "IV.A.2");
        Assert.Equal("defence-security", (string?)ivA2.Attribute("component"));
        Assert.Equal("economic-military-assistance", (string?)ivA2.Attribute("secondaryComponents"));
        Assert.Contains("2.2", ((string?)ivA2.Attribute("summaryLines"))!.Split(' '));
        Assert.Equal("framework", (string?)doc.Descendants(cussp + "provision").Single(e => (string?)e.Attribute("citation") == "VIII.D.1").Attribute("component"));
        Assert.Equal(24, doc.Descendants(cussp + "summaryLine").Count());

        using var json = new MemoryStream();
        AgreementExport.Write(s, ExportFormat.Json, json);
        using var parsed = System.Text.Json.JsonDocument.Parse(json.ToArray());
        var provision = parsed.RootElement.GetProperty("provisions").EnumerateArray().Single(p => p.GetProperty("citation").GetString() == "IV.A.2");
        Assert.Equal("defence-security", provision.GetProperty("component").GetString());
        Assert.Equal(["economic-military-assistance"], provision.GetProperty("secondaryComponents").EnumerateArray().Select(e => e.GetString()));
        var line = parsed.RootElement.GetProperty("summaryLines").EnumerateArray().Single(l => l.GetProperty("number").GetString() == "3.4");
        Assert.Contains("II.3", line.GetProperty("provisions").EnumerateArray().Select(e => e.GetString()));

        using var md = new MemoryStream();
        AgreementExport.Write(s, ExportFormat.Md, md);
        var text = System.Text.Encoding.UTF8.GetString(md.ToArray());
        Assert.Contains("defence-security (also economic-military-assistance)", text, StringComparison.Ordinal);
        Assert.Contains("· framework]_", text, StringComparison.Ordinal);
        Assert.Contains("\n- **3.4** Any future Russian aggression will prompt immediate consultations", text, StringComparison.Ordinal);
    }
}
