using Cussp.Cli;
using Cussp.Tests;

namespace Cussp.Web.Tests.Sanctions;

/// <summary><c>cussp sanctions import</c> and <c>cussp screen</c> in-process, on a throwaway SQLite data folder.</summary>
public sealed class ScreeningCommandsTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "cussp-cli-" + Guid.NewGuid().ToString("N"));

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CusspCli.RunAsync([.. args, "--data", _data], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task ImportThenScreen_FindsACyrillicNameOfTheListWithItsExplanation()
    {
        var (exit, output, error) = await RunAsync("sanctions", "import", "--format", "ftm", Repo.Shared("data", "sanctions", "zala.ftm.json"));
        Assert.True(exit == 0, error);
        Assert.Matches(@"\d+", output);

        var again = await RunAsync("sanctions", "import", "--format", "ftm", Repo.Shared("data", "sanctions", "zala.ftm.json"));
        Assert.Equal(0, again.Exit);

        var (screenExit, hits, screenError) = await RunAsync("screen", "Захаров Александр Анатольевич", "--all");
        Assert.True(screenExit == 0, screenError);
        Assert.False(string.IsNullOrWhiteSpace(hits));
    }

    [Fact]
    public async Task Import_MalformedFile_ExitsTwoNamingFileAndLineAndWritesNothing()
    {
        Directory.CreateDirectory(_data);
        var bad = Path.Combine(_data, "broken.xml");
        await File.WriteAllTextAsync(bad, "<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>A</FIRST_NAME>\n</CONSOLIDATED_LIST>\n",
            TestContext.Current.CancellationToken);

        var (exit, _, error) = await RunAsync("sanctions", "import", "--format", "un", bad);

        Assert.Equal(2, exit);
        Assert.Contains("broken.xml", error, StringComparison.Ordinal);
        Assert.Matches(@"broken\.xml:\d+", error);
        var (_, exported, _) = await RunAsync("sanctions", "export", "--format", "csv");
        Assert.True(exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 1, exported);
    }

    [Fact]
    public async Task Screen_UnknownFormatOrNoName_ExitsTwo()
    {
        Assert.Equal(2, (await RunAsync("sanctions", "import", "--format", "pdf", Repo.Shared("data", "sanctions", "zala.ftm.json"))).Exit);
        Assert.Equal(2, (await RunAsync("screen")).Exit);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
