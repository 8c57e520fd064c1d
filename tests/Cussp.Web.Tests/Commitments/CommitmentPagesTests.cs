using System.Net;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Commitments;

/// <summary>The commitment pages, used through their links and forms: the filtered list, a commitment with its history, and progress recorded.</summary>
public class CommitmentPagesTests
{
    private const string Defence = "defence-security";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<CommitmentRecord>> StoredAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Commitments.AsNoTracking().Include(c => c.Updates)
            .OrderBy(c => c.ProvisionOrdinal).ToListAsync(Ct);
    }

    [Theory, Databases]
    public async Task List_ShowsTheReadersCommitments_AndFiltersThem(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var reader = await app.CreateUserAsync("reader", areas: [Defence], password: null);
        var client = await app.SessionAsync(reader);
        var inDefence = (await StoredAsync(app)).Where(c => c.Area == Defence).ToList();

        var (_, all) = await client.GetPageAsync("/commitments");
        var (_, ukraine) = await client.GetPageAsync("/commitments?lead=ukraine");
        var (bad, badPage) = await client.GetPageAsync("/commitments?status=done&component=weather");

        var links = all.QuerySelectorAll("table.commitments tbody a[href^='/commitments/']").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(inDefence.Take(50).Select(c => $"/commitments/{c.Id}"), links);
        Assert.Equal($"Commitments: {inDefence.Count}", all.QuerySelector("p.count")!.TextContent);
        var first = all.QuerySelector("table.commitments tbody tr")!.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal([inDefence[0].Citation, CommitmentWords.TitleParts(inDefence[0]).Words + (CommitmentWords.TitleParts(inDefence[0]).Cut ? "…" : ""),
            inDefence[0].LeadParticipant?.ToString() ?? "Both participants", "Not started", "UNCLASSIFIED // REL CAN UKR // defence-security"], first);
        Assert.Equal($"Commitments: {inDefence.Count(c => c.LeadParticipant == Participant.Ukraine)}", ukraine.QuerySelector("p.count")!.TextContent);
        Assert.Equal("ukraine", ukraine.QuerySelector("#c-lead option[selected]")!.GetAttribute("value"));
        Assert.Equal("/api/v1/commitments/export.csv", all.QuerySelector("a[download]")!.GetAttribute("href"));
        var (_, notStarted) = await client.GetPageAsync("/commitments?status=not-started");
        Assert.Equal("/api/v1/commitments/export.csv?status=not-started", notStarted.QuerySelector("a[download]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var alert = badPage.QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("the status is not one of the stage scale", alert, StringComparison.Ordinal);
        Assert.Contains("the key component is not one of the agreement’s", alert, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task View_RecordsAnUpdate_AndShowsItInTheHistory(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var writer = await app.CreateUserAsync("ua-writer", Participant.Ukraine, roles: Roles.Viewer | Roles.Contributor, areas: [Defence], password: null);
        var viewer = await app.CreateUserAsync("viewer", areas: [Defence], password: null);
        var c = (await StoredAsync(app)).First(c => c.Area == Defence);
        var page = $"/commitments/{c.Id}";
        var client = await app.SessionAsync(writer);

        var (saved, _) = await client.SubmitAsync(page, "update", ("Update.Text", "Demining teams trained: 120.\nSecond line."), ("Update.Status", "limited"));
        var (_, shown) = await client.GetPageAsync(saved.Headers.Location!.OriginalString);
        var (_, viewed) = await (await app.SessionAsync(viewer)).GetPageAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"{page}?done=saved", saved.Headers.Location!.OriginalString);
        Assert.Equal("Your update was recorded.", shown.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Equal("Limited progress", shown.QuerySelector("dl.facts-list .status")!.TextContent);
        var entry = shown.QuerySelector("ol.history li")!;
        Assert.Contains("ua-writer", entry.TextContent, StringComparison.Ordinal);
        Assert.Contains("Status: Not started → Limited progress", entry.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Demining teams trained: 120.", "Second line."], entry.QuerySelectorAll("p:not(.hint)").Select(p => p.TextContent));
        Assert.Null(viewed.QuerySelector("form textarea"));
        Assert.Equal("Only contributors record progress on commitments.", viewed.QuerySelector("#update-heading + p")!.TextContent);
        Assert.Equal(CommitmentStatus.Limited, (await StoredAsync(app)).Single(x => x.Id == c.Id).Status);
    }

    [Theory, Databases]
    public async Task View_TwoWritersAtOnce_TheSecondIsAConflictShowingBoth_AndNothingIsLost(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var canadian = await app.CreateUserAsync("can-writer", roles: Roles.Viewer | Roles.Contributor, areas: [Defence], password: null);
        var ukrainian = await app.CreateUserAsync("ua-writer", Participant.Ukraine, roles: Roles.Viewer | Roles.Contributor, areas: [Defence], password: null);
        var c = (await StoredAsync(app)).First(c => c.Area == Defence);
        var page = $"/commitments/{c.Id}";
        var second = await app.SessionAsync(ukrainian);
        var (_, opened) = await second.GetPageAsync(page);
        var form = opened.QuerySelectorAll("form").Single(f => f.QuerySelector("input[name=_handler][value='update']") is not null);
        var fields = Forms.Fields(form).Where(f => f.Key is not "Update.Text" and not "Update.Status").ToList();

        var (first, _) = await (await app.SessionAsync(canadian)).SubmitAsync(page, "update", ("Update.Text", "Air defence systems delivered."),
            ("Update.Status", "substantial"));
        var (conflict, shown) = await second.PostPageAsync(page,
            [.. fields, new("Update.Text", "Pilots' training is late."), new("Update.Status", "at-risk")]);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("nothing of yours was saved", shown.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Pilots' training is late.", shown.QuerySelector("blockquote.unsaved")!.TextContent);
        Assert.Equal("Pilots' training is late.", shown.QuerySelector("#u-text")!.TextContent);
        Assert.Equal("2", shown.QuerySelector("input[name='Update.Version']")!.GetAttribute("value"));
        Assert.Equal("Substantial progress", shown.QuerySelector("dl.facts-list .status")!.TextContent);
        Assert.Contains("Air defence systems delivered.", shown.QuerySelector("ol.history")!.TextContent, StringComparison.Ordinal);
        var stored = (await StoredAsync(app)).Single(x => x.Id == c.Id);
        Assert.Equal("Air defence systems delivered.", Assert.Single(stored.Updates).Text);
        Assert.Equal(CommitmentStatus.Substantial, stored.Status);
    }

    [Theory, Databases]
    public async Task View_OfACommitmentOutsideTheReadersAreas_IsNotFound_LikeOneThatDoesNotExist(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var reader = await app.CreateUserAsync("veterans", areas: ["veterans-care"], password: null);
        var c = (await StoredAsync(app)).First(c => c.Area == Defence);
        var client = await app.SessionAsync(reader);

        var (hidden, hiddenPage) = await client.GetPageAsync($"/commitments/{c.Id}");
        var (missing, missingPage) = await client.GetPageAsync($"/commitments/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(missingPage.QuerySelector("main")!.TextContent, hiddenPage.QuerySelector("main")!.TextContent);
    }
}
