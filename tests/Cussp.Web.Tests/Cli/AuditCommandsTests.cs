using Cussp.Cli;
using Cussp.Tests;
using Microsoft.Data.Sqlite;

namespace Cussp.Web.Tests.Cli;

/// <summary><c>cussp audit verify|export|key</c>, run in-process on a throwaway SQLite data folder with a log written by other commands.</summary>
public sealed class AuditCommandsTests : CliTest
{
    /// <summary>A log of several batches: the register's import at creation, then accounts added, disabled and enabled.</summary>
    private async Task WriteLogAsync()
    {
        foreach (var name in new[] { "first", "second", "third" })
        {
            Assert.Equal(0, (await RunAsync("users", "add", name, "--name", name, "--participant", "Canada")).Exit);
        }
        Assert.Equal(0, (await RunAsync("users", "disable", "second")).Exit);
        Assert.Equal(0, (await RunAsync("users", "enable", "second")).Exit);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(DataFolder, "cussp.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task AuditVerify_IntactLog_ExitsZeroCountingEntriesAndCheckpoints()
    {
        await WriteLogAsync();

        var (exit, output, error) = await RunAsync("audit", "verify");

        Assert.True(exit == 0, error);
        Assert.Matches(@"Audit log intact: \d+ entries, \d+ checkpoints, signed by key [0-9a-f]{64}\.", output);
    }

    [Fact]
    public async Task AuditVerify_OneRowEditedInTheDatabaseFile_ExitsOneNamingThatEntry()
    {
        await WriteLogAsync();
        long edited;
        using (var connection = Open())
        {
            // The first entry of the last batch but one: an entry in the middle of the log that a checkpoint seals on its own.
            var sizes = new List<long>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = """SELECT "TreeSize" FROM audit_checkpoints ORDER BY "TreeSize" """;
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    sizes.Add(reader.GetInt64(0));
                }
            }
            Assert.True(sizes.Count >= 4, $"{sizes.Count} checkpoints");
            edited = sizes[^3] + 1;
            using var edit = connection.CreateCommand();
            edit.CommandText = $"""
                DROP TRIGGER audit_entries_no_update;
                UPDATE audit_entries SET "ActorName" = 'Somebody Else' WHERE "Seq" = {edited};
                """;
            Assert.Equal(1, edit.ExecuteNonQuery());
        }

        var (exit, output, error) = await RunAsync("audit", "verify");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains($"the audit log does not verify: entry {edited}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_IntermediateCheckpointsTimeEdited_ExitsOneNamingThatCheckpoint()
    {
        await WriteLogAsync();
        long edited;
        using (var connection = Open())
        {
            var sizes = CheckpointSizes(connection);
            edited = sizes[^3];
            using var edit = connection.CreateCommand();
            edit.CommandText = $"""
                DROP TRIGGER audit_checkpoints_no_update;
                UPDATE audit_checkpoints SET "At" = "At" - 1 WHERE "TreeSize" = {edited};
                """;
            Assert.Equal(1, edit.ExecuteNonQuery());
        }

        var (exit, output, error) = await RunAsync("audit", "verify");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains($"the audit log does not verify: checkpoint {edited}: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersAdd_LatestCheckpointEdited_ExitsOneNamingItAndAddsNoOne()
    {
        await WriteLogAsync();
        long latest;
        using (var connection = Open())
        {
            latest = CheckpointSizes(connection)[^1];
            using var edit = connection.CreateCommand();
            edit.CommandText = $"""
                DROP TRIGGER audit_checkpoints_no_update;
                UPDATE audit_checkpoints SET "At" = "At" + 1 WHERE "TreeSize" = {latest};
                """;
            Assert.Equal(1, edit.ExecuteNonQuery());
        }

        var (exit, _, error) = await RunAsync("users", "add", "fourth", "--name", "fourth", "--participant", "Canada");

        Assert.Equal(1, exit);
        Assert.StartsWith($"cussp: nothing was written, because the audit log does not verify: checkpoint {latest}: ", error, StringComparison.Ordinal);
        using var check = Open();
        Assert.Equal(0, Scalar(check, "SELECT COUNT(*) FROM \"AspNetUsers\" WHERE \"UserName\" = 'fourth'"));
        Assert.Equal(latest, Scalar(check, "SELECT MAX(\"TreeSize\") FROM audit_checkpoints"));
    }

    private static List<long> CheckpointSizes(SqliteConnection connection)
    {
        var sizes = new List<long>();
        using var command = connection.CreateCommand();
        command.CommandText = """SELECT "TreeSize" FROM audit_checkpoints ORDER BY "TreeSize" """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            sizes.Add(reader.GetInt64(0));
        }
        return sizes;
    }

    [Fact]
    public async Task AuditExport_Since_WritesAFileTheIndependentVerifierAccepts()
    {
        await WriteLogAsync();
        var file = Path.Combine(DataFolder, "export.json");
        var (keyExit, pem, _) = await RunAsync("audit", "key");
        Assert.Equal(0, keyExit);

        var (exit, _, error) = await RunAsync("audit", "export", "--since", "2000-01-01", "--out", file);

        Assert.True(exit == 0, error);
        Assert.Matches(@"Wrote .*export\.json: \d+ entries, \d+ checkpoints, proofs to tree size \d+\.", error);
        var json = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.Empty(IndependentExportVerifier.Check(json, pem));
        using var connection = Open();
        Assert.Contains($"\"treeSize\": {Scalar(connection, "SELECT COUNT(*) FROM audit_entries")}", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-02-30", "--since \"2024-02-30\": not a calendar date in the form YYYY-MM-DD")]
    [InlineData("yesterday", "--since \"yesterday\": not a calendar date")]
    public async Task AuditExport_BadSince_ExitsTwoAndWritesNoFile(string since, string message)
    {
        await WriteLogAsync();
        var file = Path.Combine(DataFolder, "export.json");

        var (exit, _, error) = await RunAsync("audit", "export", "--since", since, "--out", file);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task AuditVerify_NoDatabase_ExitsTwo()
    {
        var (exit, _, error) = await RunAsync("audit", "verify");

        Assert.Equal(2, exit);
        Assert.Contains("there is no database here", error, StringComparison.Ordinal);
    }
}
