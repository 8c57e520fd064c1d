using Cussp.Cli;

namespace Cussp.Web.Tests.Cli;

/// <summary>Runs <c>cussp</c> commands in-process on a throwaway SQLite data folder, deleted after the test.</summary>
public abstract class CliTest : IDisposable
{
    /// <summary>The data folder every command of the test is given with <c>--data</c>; not created until a command needs it.</summary>
    protected string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "cussp-cli-" + Guid.NewGuid().ToString("N"));

    /// <summary>Runs one command with its output and errors captured.</summary>
    protected static async Task<(int Exit, string Out, string Err)> RunOnAsync(string data, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CusspCli.RunAsync([.. args, "--data", data], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs one command on the database of a running <paramref name="app"/>, SQLite or PostgreSQL.</summary>
    protected static async Task<(int Exit, string Out, string Err)> RunOnAsync(Cussp.Tests.CusspApp app, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CusspCli.RunAsync([.. args, "--data", app.DataDirectory], stdout, stderr, app.DatabaseConfiguration);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs one command on the database of a running <paramref name="app"/> with <paramref name="settings"/> set, as environment variables would be.</summary>
    protected static async Task<(int Exit, string Out, string Err)> RunOnAsync(Cussp.Tests.CusspApp app, IEnumerable<KeyValuePair<string, string?>> settings,
        params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CusspCli.RunAsync([.. args, "--data", app.DataDirectory], stdout, stderr, [.. app.DatabaseConfiguration, .. settings]);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs one command on <see cref="DataFolder"/>.</summary>
    protected Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunOnAsync(DataFolder, args);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataFolder))
        {
            Directory.Delete(DataFolder, recursive: true);
        }
    }
}
