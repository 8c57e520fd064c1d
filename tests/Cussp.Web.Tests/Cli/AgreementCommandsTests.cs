using System.Xml.Linq;
using Cussp.Cli;
using Cussp.Tests;

namespace Cussp.Web.Tests.Cli;

/// <summary>The <c>cussp agreement …</c> commands, run in-process on a throwaway SQLite data folder.</summary>
public sealed class AgreementCommandsTests : CliTest
{
    private static string Sample(string name) => Path.Combine(Repo.Root, "tests", "Cussp.Core.Tests", "Agreements", "Samples", name);

    [Fact]
    public async Task Lifecycle_NoticeReceived_PrintsTheDatesAndTerminationSixMonthsLater()
    {
        var (exit, output, _) = await RunAsync("agreement", "lifecycle", "--notice-received", "2025-08-31");

        Assert.Equal(0, exit);
        Assert.Matches(@"Signed\s+2024-02-24", output);
        Assert.Matches(@"Review due by\s+2027-02-24", output);
        Assert.Matches(@"Expires\s+2034-02-24", output);
        Assert.Matches(@"Termination takes effect\s+2026-02-28\s+\(VIII\.D\.1", output);
    }

    [Theory]
    [InlineData("2025-02-30", "--notice-received \"2025-02-30\"")]
    [InlineData("31/08/2025", "YYYY-MM-DD")]
    [InlineData("2020-01-01", "before the signature")]
    public async Task Lifecycle_BadNoticeDate_ExitsTwoSayingWhatIsWrong(string date, string message)
    {
        var (exit, output, error) = await RunAsync("agreement", "lifecycle", "--notice-received", date);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Import_MalformedFile_ExitsTwoNamingTheLineAndWritesNothing()
    {
        var (exit, _, error) = await RunAsync("agreement", "import", Sample("malformed-skipped-item.txt"), "--id", "broken");

        Assert.Equal(2, exit);
        Assert.Contains("malformed-skipped-item.txt: line 11: expected item \"(ii)\" of I.1", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataFolder), "a refused import must not even create the data folder");
        var (listExit, list, _) = await RunAsync("agreement", "export", "--id", "broken", "--format", "json");
        Assert.Equal(2, listExit);
        Assert.Empty(list);
    }

    [Fact]
    public async Task Import_InventedArrangement_IsExportedWithItsOwnCitations()
    {
        var (exit, output, error) = await RunAsync("agreement", "import", Sample("invented-arrangement.txt"), "--id", "invented");
        Assert.True(exit == 0, error);
        Assert.Contains("17 provisions", output, StringComparison.Ordinal);

        var (mdExit, md, _) = await RunAsync("agreement", "export", "--id", "invented", "--format", "md");
        Assert.Equal(0, mdExit);
        Assert.Contains("II.A.1.ii.C", md, StringComparison.Ordinal);

        var again = await RunAsync("agreement", "import", Sample("invented-arrangement.txt"), "--id", "invented");
        Assert.Equal(2, again.Exit);
        Assert.Contains("already exists", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_MissingFile_ExitsTwo()
    {
        var (exit, _, error) = await RunAsync("agreement", "import", "/nonexistent/agreement.txt", "--id", "x");
        Assert.Equal(2, exit);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAkn_ToFile_WritesAnAkomaNtosoDocument()
    {
        Directory.CreateDirectory(DataFolder);
        var file = Path.Combine(DataFolder, "cussp.xml");

        var (exit, _, error) = await RunAsync("agreement", "export", "--format", "akn", "--out", file);

        Assert.True(exit == 0, error);
        var doc = XDocument.Load(file);
        Assert.Equal("akomaNtoso", doc.Root!.Name.LocalName);
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public async Task Export_UnknownFormatOrFolder_ExitsTwo()
    {
        Assert.Equal(2, (await RunAsync("agreement", "export", "--format", "pdf")).Exit);
        var (exit, _, error) = await RunAsync("agreement", "export", "--format", "json", "--out", "/nonexistent/dir/x.json");
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Override_SetAndClear_ChangesWhatExportsShow()
    {
        var set = await RunAsync("agreement", "override", "IV.N.3", "--actor", "Participants", "--reason", "both may act");
        Assert.True(set.Exit == 0, set.Err);
        var (_, json, _) = await RunAsync("agreement", "export", "--format", "json");
        Assert.Contains("both may act", json, StringComparison.Ordinal);

        var missingReason = await RunAsync("agreement", "override", "IV.N.3", "--actor", "Canada");
        Assert.Equal(2, missingReason.Exit);
        Assert.Contains("--reason", missingReason.Err, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("agreement", "override", "IV.N.3", "--clear")).Exit);
        var (_, after, _) = await RunAsync("agreement", "export", "--format", "json");
        Assert.DoesNotContain("both may act", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_ExitsTwoAndPointsToHelp()
    {
        var (exit, _, error) = await RunAsync("agreemnt", "lifecycle");
        Assert.Equal(2, exit);
        Assert.Contains("cussp --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheSubCommands()
    {
        var (exit, output, _) = await RunAsync("--help");
        Assert.Equal(0, exit);
        Assert.Contains("serve", output, StringComparison.Ordinal);
        Assert.Contains("agreement", output, StringComparison.Ordinal);
    }
}
