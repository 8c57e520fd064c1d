using System.Data.Common;
using System.Globalization;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Identity;

/// <summary>Every row of every table of the model but the audit log's, as text in a stable order: to prove that something changed nothing.</summary>
internal static class TableSnapshot
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<Dictionary<string, List<string>>> TakeAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>()
            .Where(t => !t.StartsWith("audit_", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(Ct);
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            var rows = new List<string>();
            while (await reader.ReadAsync(Ct))
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader, i))));
            }
            rows.Sort(StringComparer.Ordinal);
            snapshot[table] = rows;
        }
        Assert.Contains("AspNetUsers", snapshot.Keys);
        return snapshot;
    }

    /// <summary>What differs between two snapshots, a line per table, with a few of the rows.</summary>
    public static IEnumerable<string> Differences(Dictionary<string, List<string>> before, Dictionary<string, List<string>> after)
    {
        foreach (var (table, rows) in before)
        {
            if (!rows.SequenceEqual(after[table]))
            {
                yield return $"{table}: now " + string.Join("; ", after[table].Except(rows).Take(3)) + " / was " + string.Join("; ", rows.Except(after[table]).Take(3));
            }
        }
    }

    /// <summary>How many entries the audit log holds.</summary>
    public static async Task<long> AuditCountAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.LongCountAsync(Ct);
    }

    /// <summary>The audit entries after the first <paramref name="count"/>.</summary>
    public static async Task<List<AuditEntryRecord>> AuditEntriesSinceAsync(CusspApp app, long count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking().Where(e => e.Seq > count)
            .OrderBy(e => e.Seq).ToListAsync(Ct);
    }

    private static string Text(DbDataReader reader, int i) =>
        reader.IsDBNull(i) ? "∅" : reader.GetValue(i) switch
        {
            byte[] bytes => Convert.ToHexString(bytes),
            var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
}
