using System.Text.Json;
using CsvHelper;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Cli;

/// <summary>
/// <c>cussp commitments list|show|export</c>: read as the owner of the token in <c>CUSSP_TOKEN</c>, with that account's access and no
/// more, every read in the audit log under that account; refused with exit code 2 and nothing written when the token or a filter is wrong.
/// </summary>
public sealed class CommitmentCommandsTests : CliTest
{
    private const string Defence = "defence-security";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The token is issued as the operator hands one out, with 'cussp tokens add', on the command line's own clock.
    private static async Task<(UserAccount User, KeyValuePair<string, string?>[] Token)> ReaderAsync(CusspApp app, string name, string[] areas)
    {
        var user = await app.CreateUserAsync(name, Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer, areas, password: null);
        var issued = await RunOnAsync(app, "tokens", "add", name, "--scope", "read", "--days", "1");
        Assert.True(issued.Exit == 0, issued.Err);
        return (user, [new("CUSSP_TOKEN", issued.Out.Trim())]);
    }

    private static async Task<List<CommitmentRecord>> StoredAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Commitments.AsNoTracking().OrderBy(c => c.ProvisionOrdinal).ToListAsync(Ct);
    }

    [Theory, Databases]
    public async Task List_ShowsWhatTheTokensOwnerMayRead_AndTheAuditLogNamesThem(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var (user, token) = await ReaderAsync(app, "olena", [Defence]);
        var inDefence = (await StoredAsync(app)).Where(c => c.Area == Defence).ToList();
        // Reads of protected material are audited: one of them is made PROTECTED A.
        await using (var seed = app.Services.CreateAsyncScope())
        {
            var db = seed.ServiceProvider.GetRequiredService<CusspDbContext>();
            (await db.Commitments.SingleAsync(c => c.Id == inDefence[1].Id, Ct)).Classification = SecurityClassification.ProtectedA;
            await db.SaveChangesAsync(Ct);
        }

        var all = await RunOnAsync(app, token, "commitments", "list", "--page-size", "200");
        var json = await RunOnAsync(app, token, "commitments", "list", "--lead", "both", "--json");

        Assert.True(all.Exit == 0, all.Err);
        var lines = all.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(inDefence.Select(c => c.Id.ToString()), lines.Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries)[3].Trim()));
        Assert.Contains($"Commitments 1–{inDefence.Count} of {inDefence.Count} that you may read.", all.Err, StringComparison.Ordinal);
        Assert.True(json.Exit == 0, json.Err);
        var page = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(inDefence.Count(c => c.LeadParticipant is null), page.GetProperty("total").GetInt32());
        await using var scope = app.Services.CreateAsyncScope();
        var reads = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.RecordType == CommitmentTracker.RecordType && e.Action == "read").ToListAsync(Ct);
        // One read for each command that showed it: the list, and the list of joint commitments when it is one.
        Assert.Equal(inDefence[1].LeadParticipant is null ? 2 : 1, reads.Count);
        Assert.All(reads, read => Assert.Equal((inDefence[1].Id.ToString(), $"user:{user.Id}", "PROTECTED A // REL CAN UKR // defence-security"),
            (read.RecordId, read.Actor, read.Marking)));
    }

    [Theory, Databases]
    public async Task Show_PrintsTheCommitmentWithItsHistoryAndMarking_ButNotOneOutsideTheReadersAreas(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var (_, token) = await ReaderAsync(app, "olena", [Defence]);
        var stored = await StoredAsync(app);
        var mine = stored.First(c => c.Area == Defence);
        var other = stored.First(c => c.Area != Defence);
        var writer = await app.CreateUserAsync("writer", roles: Roles.Viewer | Roles.Contributor, areas: [Defence], password: null);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CommitmentTracker>().RecordUpdateAsync(writer.ToSubject(), mine.Id,
                new CommitmentUpdateInput("Instructors deployed.", CommitmentStatus.Started), 1, Ct);
            var indicators = scope.ServiceProvider.GetRequiredService<CommitmentIndicators>();
            var trained = await indicators.AddIndicatorAsync(writer.ToSubject(), mine.Id,
                new IndicatorInput("Instructors trained", IndicatorUnit.People, 0m, 400m, new NodaTime.LocalDate(2027, 12, 31)), 2, Ct);
            await indicators.AddMeasurementAsync(writer.ToSubject(), mine.Id, trained.Id, new MeasurementInput(new NodaTime.LocalDate(2024, 2, 24), 100m), 3, Ct);
        }

        var shown = await RunOnAsync(app, token, "commitments", "show", mine.Id.ToString());
        var hidden = await RunOnAsync(app, token, "commitments", "show", other.Id.ToString());
        var missing = await RunOnAsync(app, token, "commitments", "show", Guid.Empty.ToString());
        var notAnId = await RunOnAsync(app, token, "commitments", "show", "I.3");

        Assert.True(shown.Exit == 0, shown.Err);
        var lines = shown.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("UNCLASSIFIED // REL CAN UKR // defence-security", lines[0]);
        Assert.Equal(lines[0], lines[^1]);
        Assert.Contains("Status:  started", shown.Out, StringComparison.Ordinal);
        Assert.Contains("writer (not-started -> started): Instructors deployed.", shown.Out, StringComparison.Ordinal);
        Assert.Contains("  Instructors trained (people): baseline 0, target 400 by 2027-12-31; latest 100 on 2024-02-24 (25 % of the way)", shown.Out,
            StringComparison.Ordinal);
        Assert.Contains("    2024-02-24 100 writer", shown.Out, StringComparison.Ordinal);
        Assert.Equal(2, hidden.Exit);
        Assert.Equal(hidden.Err.Replace(other.Id.ToString(), "ID", StringComparison.Ordinal),
            missing.Err.Replace(Guid.Empty.ToString(), "ID", StringComparison.Ordinal));
        Assert.Equal(2, notAnId.Exit);
        Assert.Contains("not a commitment id", notAnId.Err, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task Export_WritesEveryRowWithItsMarking_AndEscapesFormulas(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var (_, token) = await ReaderAsync(app, "olena", [Defence, "sanctions-compensation"]);
        var visible = (await StoredAsync(app)).Where(c => c.Area is Defence or "sanctions-compensation").ToList();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            var first = await db.Commitments.SingleAsync(c => c.Id == visible[0].Id, Ct);
            first.Title = "=HYPERLINK(\"http://example.test\",\"open\")";
            await db.SaveChangesAsync(Ct);
        }
        Directory.CreateDirectory(DataFolder);
        var file = Path.Combine(DataFolder, "commitments.csv");

        var csv = await RunOnAsync(app, token, "commitments", "export", "--out", file);
        var json = await RunOnAsync(app, token, "commitments", "export", "--format", "json", "--component", "sanctions-compensation");

        Assert.True(csv.Exit == 0, csv.Err);
        Assert.Contains($"{visible.Count} commitments", csv.Err, StringComparison.Ordinal);
        {
            var rows = new List<string[]>();
            await using var parsed = CsvReader.FromFile(file, new CsvReaderOptions { HasHeader = false });
            while (await parsed.ReadAsync(Ct))
            {
                rows.Add(parsed.Current.ToArray());
            }
            Assert.Equal(Features.Commitments.CommitmentExport.Columns, rows[0]);
            Assert.Equal(visible.Select(c => c.Id.ToString()), rows.Skip(1).Select(r => r[0]));
            Assert.All(rows.Skip(1), r => Assert.StartsWith("UNCLASSIFIED // REL CAN UKR // ", r[11], StringComparison.Ordinal));
            Assert.False(rows[1][3].StartsWith('='), rows[1][3]);
            Assert.Contains("HYPERLINK", rows[1][3], StringComparison.Ordinal);
        }
        Assert.True(json.Exit == 0, json.Err);
        var exported = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal("UNCLASSIFIED", exported.GetProperty("highestClassification").GetString());
        Assert.True(exported.GetProperty("count").GetInt32() > 0);
        Assert.Equal(exported.GetProperty("count").GetInt32(), exported.GetProperty("items").GetArrayLength());
    }

    [Theory, Databases]
    public async Task Commands_WithoutALiveTokenOrWithABadFilter_ExitTwo_AndWriteNoFile(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var (user, token) = await ReaderAsync(app, "olena", [Defence]);
        Directory.CreateDirectory(DataFolder);
        var file = Path.Combine(DataFolder, "out.csv");

        var none = await RunOnAsync(app, "commitments", "list");
        var unknown = await RunOnAsync(app, [new("CUSSP_TOKEN", "cussp_pat_unknown")], "commitments", "list");
        var badFilter = await RunOnAsync(app, token, "commitments", "export", "--status", "done", "--part", "IX", "--out", file);
        var badFormat = await RunOnAsync(app, token, "commitments", "export", "--format", "xml");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            var account = await db.Users.SingleAsync(u => u.Id == user.Id, Ct);
            account.Disabled = true;
            await db.SaveChangesAsync(Ct);
        }
        var disabled = await RunOnAsync(app, token, "commitments", "list");

        Assert.Equal(2, none.Exit);
        Assert.Contains("CUSSP_TOKEN is not set", none.Err, StringComparison.Ordinal);
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("not a live token", unknown.Err, StringComparison.Ordinal);
        Assert.Equal(2, badFilter.Exit);
        Assert.Contains("\"done\"", badFilter.Err, StringComparison.Ordinal);
        Assert.Contains("\"IX\"", badFilter.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.Equal(2, badFormat.Exit);
        Assert.Equal(2, disabled.Exit);
        Assert.Equal("", disabled.Out);
    }
}
