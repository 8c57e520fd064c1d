using System.Text;
using Cussp.Cli;
using Cussp.Screening;
using Cussp.Tests;
using Cussp.Web.Tests.Cli;

namespace Cussp.Web.Tests.Sanctions;

/// <summary><c>cussp sanctions import|export</c> and <c>cussp screen</c> in-process, on a throwaway SQLite data folder.</summary>
public sealed class ScreeningCommandsTests : CliTest
{
    private static string Sample(string name) => Path.Combine(Repo.Root, "tests", "Cussp.Screening.Tests", "Lists", "Samples", name);

    private static string Sema2020 => Repo.Data("sanctions", "sema-lmes-2020.xml");

    private string File(string name, string text)
    {
        Directory.CreateDirectory(DataFolder);
        var path = Path.Combine(DataFolder, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private async Task ImportSemaAsync()
    {
        var (exit, output, error) = await RunAsync("sanctions", "import", "--format", "sema", Sema2020);
        Assert.True(exit == 0, error);
        Assert.Contains("(sema, 1369 subjects): 1369 added, 0 changed, 0 removed, 0 unchanged.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screen_ListedNameInCyrillic_PrintsTheSubjectWithItsExplanation()
    {
        await ImportSemaAsync();

        var (exit, output, error) = await RunAsync("screen", "Віктор Медведчук");

        Assert.True(exit == 0, error);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var hit = lines.FindIndex(l => l.Contains("[sema sema-ukraine-1-3, person]", StringComparison.Ordinal));
        Assert.True(hit >= 0, output);
        Assert.Matches(@"^\d\.\d{3} ALERT  Viktor Volodymyrovich MEDVEDCHUK", lines[hit]);
        var explanation = lines.Skip(hit + 1).TakeWhile(l => l.Length > 0).ToList();
        Assert.Contains(explanation, l => l.Contains("- listed name \u201cViktor Volodymyrovich MEDVEDCHUK\u201d (primary)", StringComparison.Ordinal));
        Assert.Contains(explanation, l => l.Contains("- query compared as \u201cViktor Medvedchuk\u201d", StringComparison.Ordinal));
        Assert.Contains(explanation, l => l.Contains("medvedchuk \u2194 medvedchuk: same word 1.00", StringComparison.Ordinal));
        Assert.Contains(explanation, l => l.Contains("SEMA (Ukraine), schedule 1, item 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScreenBatch_WritesTheHitsOfEachLineAndReportsProgress()
    {
        await ImportSemaAsync();
        var names = File("names.csv", "name,birth_year\nViktor Medvedchuk,1954\nCamille Fontaine,\n\"MADURO MOROS, Nicolás\",\n");
        var hits = Path.Combine(DataFolder, "hits.csv");

        var (exit, output, error) = await RunAsync("screen", "--batch", names, "--out", hits);

        Assert.True(exit == 0, error);
        Assert.Empty(output);
        Assert.Contains("[#########################] 100% 3/3", error, StringComparison.Ordinal);
        Assert.Contains("Wrote " + hits, error, StringComparison.Ordinal);
        var rows = System.IO.File.ReadAllLines(hits);
        Assert.Equal("line,query,rank,score,alert,entity_id,source,caption,listed_name,name_kind,explanation", rows[0]);
        var byLine = rows.Skip(1).Select(Fields).GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(["2", "4"], byLine.Keys.Order());
        var medvedchuk = byLine["2"][0];
        Assert.Equal(["2", "Viktor Medvedchuk", "1"], medvedchuk[..3]);
        Assert.Equal(["true", "sema-ukraine-1-3", "sema", "Viktor Volodymyrovich MEDVEDCHUK"], medvedchuk[4..8]);
        Assert.Contains(byLine["4"], r => r[1] == "MADURO MOROS, Nicolás" && r[4] == "true" && r[5] == "sema-venezuela-na-1");
        Assert.All(rows.Skip(1).Select(Fields), r => Assert.Contains("listed name \u201c", r[10], StringComparison.Ordinal));
        Assert.DoesNotContain(rows, r => r.Contains("Camille", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ftm")]
    [InlineData("csv")]
    public async Task Export_WritesTheStoredListInTheFormatAsked(string format)
    {
        await ImportSemaAsync();
        var file = Path.Combine(DataFolder, "export." + format);

        var (exit, _, error) = await RunAsync("sanctions", "export", "--format", format, "--source", "sema", "--out", file);

        Assert.True(exit == 0, error);
        var original = ListReader.Read(ListFormat.Sema, Sema2020).Entities;
        if (format == "ftm")
        {
            var back = ListReader.Read(ListFormat.Ftm, file);
            Assert.Equal("sema", back.Source);
            Assert.Equal(original.Select(e => e.Id).Order(StringComparer.Ordinal), back.Entities.Select(e => e.Id).Order(StringComparer.Ordinal));
            Assert.Equal(ListWriter.ToJson(original.Single(e => e.Id == "sema-ukraine-1-3")), ListWriter.ToJson(back.Entities.Single(e => e.Id == "sema-ukraine-1-3")));
        }
        else
        {
            var rows = System.IO.File.ReadAllLines(file);
            Assert.Equal(1 + original.Sum(e => e.Names.Count), rows.Length);
            Assert.Contains("sema-ukraine-1-3,sema,Person,Viktor Volodymyrovich MEDVEDCHUK,Primary,,,,\"SEMA (Ukraine), schedule 1, item 3\",,", rows);
        }
    }

    [Fact]
    public async Task Import_MalformedOfacCsv_ExitsTwoNamingFileAndLineAndLeavesTheEarlierListAsItWas()
    {
        var first = File("sdn-part.csv", string.Join('\n', System.IO.File.ReadLines(Repo.Data("sanctions", "ofac-sdn-2024-05-03.csv")).Take(40)));
        Assert.Equal(0, (await RunAsync("sanctions", "import", "--format", "ofac", first)).Exit);
        var before = await RunAsync("sanctions", "export", "--format", "ftm");

        var (exit, output, error) = await RunAsync("sanctions", "import", "--format", "ofac", Sample("ofac-unclosed-quote.csv"));
        var after = await RunAsync("sanctions", "export", "--format", "ftm");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("ofac-unclosed-quote.csv:2: the quoted field", error, StringComparison.Ordinal);
        Assert.Equal(0, after.Exit);
        Assert.Equal(before.Out, after.Out);
        Assert.Equal(40, ListReader.Read(ListFormat.Ftm, new MemoryStream(Encoding.UTF8.GetBytes(before.Out)), "before.json").Entities.Count);
    }

    [Fact]
    public async Task Import_FileThatWouldRemoveMostOfAList_IsRefusedUnlessAllowed()
    {
        Assert.Equal(0, (await RunAsync("sanctions", "import", "--format", "sema", Sample("sema-2020-excerpt.xml"))).Exit);
        var one = File("one.xml", "<data-set><record><Country>Ukraine</Country><LastName>MEDVEDCHUK</LastName><GivenName>Viktor</GivenName><Schedule>1</Schedule><Item>3</Item></record></data-set>");
        var before = await RunAsync("sanctions", "export", "--format", "csv");

        var (exit, _, error) = await RunAsync("sanctions", "import", "--format", "sema", one);

        Assert.Equal(2, exit);
        Assert.Contains("one.xml: importing it would remove 3 of the 4 subjects listed in sema", error, StringComparison.Ordinal);
        Assert.Equal(before.Out, (await RunAsync("sanctions", "export", "--format", "csv")).Out);
        var (allowed, output, allowedError) = await RunAsync("sanctions", "import", "--format", "sema", one, "--allow-mass-removal");
        Assert.True(allowed == 0, allowedError);
        Assert.Contains("0 added, 1 changed, 3 removed, 0 unchanged", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_EmptyUnList_ExitsTwoWithTheReason()
    {
        var empty = File("un-empty.xml", "<CONSOLIDATED_LIST>\n<INDIVIDUALS/>\n<ENTITIES/>\n</CONSOLIDATED_LIST>\n");

        var (exit, _, error) = await RunAsync("sanctions", "import", "--format", "un", empty);

        Assert.Equal(2, exit);
        Assert.Contains("un-empty.xml", error, StringComparison.Ordinal);
        Assert.Contains("no <INDIVIDUAL> or <ENTITY> records", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportThenScreen_FindsACyrillicNameOfTheListWithItsExplanation()
    {
        var zala = Repo.Data("sanctions", "zala.ftm.json");
        var (unnamed, _, unnamedError) = await RunAsync("sanctions", "import", "--format", "ftm", zala);
        Assert.Equal(2, unnamed);
        Assert.Contains("--source NAME", unnamedError, StringComparison.Ordinal);

        var (exit, output, error) = await RunAsync("sanctions", "import", "--format", "ftm", zala, "--source", "zala");
        Assert.True(exit == 0, error);
        Assert.Contains("(zala, 17 subjects): 17 added", output, StringComparison.Ordinal);
        var again = await RunAsync("sanctions", "import", "--format", "ftm", zala, "--source", "zala");
        Assert.Contains("0 added, 0 changed, 0 removed, 17 unchanged. The same file was imported before.", again.Out, StringComparison.Ordinal);

        var (screenExit, hits, screenError) = await RunAsync("screen", "Захаров Александр Вячеславович");
        Assert.True(screenExit == 0, screenError);
        Assert.Contains("ALERT  Aleksandr Vyacheslavovich Zakharov  [zala NK-aU5ybkbRFJucf8YMwsJvDw, person]", hits, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screen_UnknownFormatOrNoName_ExitsTwo()
    {
        Assert.Equal(2, (await RunAsync("sanctions", "import", "--format", "pdf", Repo.Data("sanctions", "zala.ftm.json"))).Exit);
        Assert.Equal(2, (await RunAsync("screen")).Exit);
    }

    [Fact]
    public async Task Serve_BadThresholdSetting_FailsTheStartNamingTheSetting()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await CusspCli.RunAsync(["serve", "--urls", "http://127.0.0.1:0", "--Screening:Threshold=1.5", "--data", DataFolder], stdout, stderr);

        Assert.Equal(2, exit);
        Assert.Contains("cussp: Screening:Threshold \"1.5\" is not a number above 0 and at most 1", stderr.ToString(), StringComparison.Ordinal);
    }

    // One CSV row, quoted fields with doubled quotes.
    private static List<string> Fields(string row)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < row.Length; i++)
        {
            var c = row[i];
            if (quoted && c == '"' && i + 1 < row.Length && row[i + 1] == '"')
            {
                sb.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
        fields.Add(sb.ToString());
        return fields;
    }
}
