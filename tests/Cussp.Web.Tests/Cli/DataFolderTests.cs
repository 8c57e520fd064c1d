using System.Diagnostics;
using Cussp.Tests;

namespace Cussp.Web.Tests.Cli;

/// <summary>
/// Where the default data folder lands when <c>cussp</c> is started for real, as a separate process: beside the user, in the
/// directory the command was typed in, whether the built binary is run or <c>dotnet run</c> is; and the server says which one.
/// </summary>
public sealed class DataFolderTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("cussp-cwd-").FullName;

#if DEBUG
    private const string BuildConfiguration = "Debug";
#else
    private const string BuildConfiguration = "Release";
#endif

    private static string Executable => Path.Combine(Repo.Root, "src", "Cussp", "bin", BuildConfiguration, "net10.0", "cussp.dll");

    [Fact]
    public async Task Serve_BuiltBinaryWithoutDataOption_UsesCusspDataInTheWorkingDirectoryAndSaysSo()
    {
        var announced = await DataFolderAnnouncedAsync(Executable, "serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(Path.Combine(_workingDirectory, "cussp-data"), announced);
        Assert.True(File.Exists(Path.Combine(_workingDirectory, "cussp-data", "cussp.db")));
    }

    [Fact]
    public async Task Serve_DotnetRunFromAnotherDirectory_UsesCusspDataThereNotInTheProjectFolder()
    {
        var announced = await DataFolderAnnouncedAsync("run", "--no-build", "-c", BuildConfiguration, "--project",
            Path.Combine(Repo.Root, "src", "Cussp"), "--", "serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(Path.Combine(_workingDirectory, "cussp-data"), announced);
        Assert.True(File.Exists(Path.Combine(_workingDirectory, "cussp-data", "cussp.db")));
    }

    /// <summary>
    /// Starts <c>dotnet ARGS</c> in the test's working directory with no data folder configured, waits until the first start has
    /// created its administrator (so the database exists), and returns the data folder it announced.
    /// </summary>
    private async Task<string> DataFolderAnnouncedAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        // Nothing inherited from the test run may pick the folder or the database instead of the default.
        foreach (var name in new[] { "CUSSP_DATA", "Database__Provider", "ConnectionStrings__Cussp", "ASPNETCORE_URLS" })
        {
            start.Environment.Remove(name);
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        string? announced = null;
        var output = new List<string>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(StartTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.Add(line);
                if (line.StartsWith("Data folder: ", StringComparison.Ordinal))
                {
                    announced = line["Data folder: ".Length..];
                }
                if (line.StartsWith("First start: created the administrator", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
        Assert.True(announced is not null, $"no data folder announced:\n{string.Join('\n', output)}\n{await errors}");
        return announced;
    }

    public void Dispose()
    {
        if (Directory.Exists(_workingDirectory))
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
    }
}
