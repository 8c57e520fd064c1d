using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using NodaTime;

namespace Cussp.Web.Tests.Obligations;

/// <summary>The record of a meeting through its page and <c>POST /api/v1/meetings/{id}/minutes</c>: agenda, attendees, minutes, decisions, actions.</summary>
public class MeetingRecordWebTests
{
    private static readonly string[] Areas = ["framework", "defence-security"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    [Theory, Databases]
    public async Task Record_WrittenByForm_IsShownAndAnsweredByTheApi_AndItsActionsAreClosedThroughEither(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 11, 20, 9, 0));
        var writer = await app.CreateUserAsync("writer", roles: Roles.Viewer | Roles.Contributor, areas: Areas, password: null);
        var viewer = await app.CreateUserAsync("viewer", Participant.Ukraine, areas: Areas, password: null);
        var client = await app.SessionAsync(writer);
        var reader = await app.SessionAsync(viewer);
        var (saved, _) = await client.SubmitAsync("/meetings/new", "meeting", ("Input.Kind", "defence-policy-dialogue"), ("Input.Title", "Defence policy dialogue"),
            ("Input.Date", "2025-10-09"), ("Input.Time", "10:00"), ("Input.Zone", "kyiv"), ("Input.Place", "Kyiv"),
            ("Input.Classification", "Unclassified"), ("Input.Releasability", "RelCanUkr"), ("Input.Area", ""));
        var page = saved.Headers.Location!.OriginalString;
        var id = Guid.Parse(page["/meetings/".Length..]);

        var (_, empty) = await reader.GetPageAsync(page);
        Assert.Contains("No record has been written yet", empty.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Null(empty.QuerySelector("form[aria-labelledby=write-heading]"));

        (string, string?)[] fields =
        [
            ("Rec.AgendaText", "Air defence coalition"), ("Rec.AgendaCitation", "IV.A.7.iii"), ("Rec.AgendaCommitment", ""),
            ("Rec.AgendaText", "Training"), ("Rec.AgendaCitation", "IX.1"), ("Rec.AgendaCommitment", ""),
            ("Rec.Canada", "Deputy Minister of National Defence\nPolicy Director"), ("Rec.Ukraine", "Deputy Minister of Defence"),
            ("Rec.Minutes", "The dialogue reviewed the year."), ("Rec.Decisions", "Meet again in Ottawa\nShare the training plan"),
            ("Rec.ActionText", "Send the training plan"), ("Rec.ActionOwner", "Policy Director"), ("Rec.ActionDue", "2025-12-01"),
        ];
        var (refused, refusedPage) = await client.SubmitAsync(page, "minutes", fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("true", refusedPage.QuerySelector("#r-a1-text")!.GetAttribute("aria-invalid"));
        Assert.Null(refusedPage.QuerySelector("#r-a0-text")!.GetAttribute("aria-invalid"));
        Assert.Equal("Training", refusedPage.QuerySelector("#r-a1-text")!.GetAttribute("value"));

        var (written, _) = await client.SubmitAsync(page, "minutes", [.. fields.Select(f => f is ("Rec.AgendaCitation", "IX.1") ? (f.Item1, "IV.A.7.vi") : f)]);
        Assert.Equal(HttpStatusCode.Redirect, written.StatusCode);
        var (_, shown) = await reader.GetPageAsync(page);
        var main = shown.QuerySelector("main")!.TextContent;
        Assert.Contains("Deputy Minister of National Defence; Policy Director", main, StringComparison.Ordinal);
        Assert.Equal(["Meet again in Ottawa", "Share the training plan"], shown.QuerySelectorAll("h3 + ol")[^1].QuerySelectorAll("li").Select(l => l.TextContent));
        Assert.NotNull(shown.QuerySelector("a[href='/agreements/cussp/provisions/IV.A.7.iii']"));

        var api = await app.ApiClientAsync("api-writer", Participant.Canada, Roles.Contributor, Areas);
        var read = await api.GetAsync(new Uri($"/api/v1/meetings/{id}", UriKind.Relative), Ct);
        var json = await JsonAsync(read);
        Assert.Equal(["IV.A.7.iii", "IV.A.7.vi"], json.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("citation").GetString()));
        Assert.Equal(["canada", "canada", "ukraine"], json.GetProperty("attendees").EnumerateArray().Select(a => a.GetProperty("side").GetString()));
        var action = json.GetProperty("actions")[0];
        Assert.Equal(("Policy Director", "2025-12-01"), (action.GetProperty("owner").GetString(), action.GetProperty("due").GetString()));

        using var done = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/meetings/{id}/actions/{action.GetProperty("id").GetGuid()}/done", UriKind.Relative));
        done.Headers.IfMatch.Add(read.Headers.ETag!);
        var closed = await api.SendAsync(done, Ct);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("api-writer", (await JsonAsync(closed)).GetProperty("actions")[0].GetProperty("doneBy").GetString());

        using var stale = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/meetings/{id}/minutes", UriKind.Relative))
        {
            Content = JsonContent.Create(new { decisions = new[] { "x" } }),
        };
        stale.Headers.IfMatch.Add(read.Headers.ETag!);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.SendAsync(stale, Ct)).StatusCode);
        using var bad = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/meetings/{id}/minutes", UriKind.Relative))
        {
            Content = JsonContent.Create(new { attendees = new[] { new { name = "Someone", side = "poland" } }, actions = new[] { new { text = "x", owner = "y", due = "soon" } } }),
        };
        bad.Headers.IfMatch.Add(closed.Headers.ETag!);
        var problem = await JsonAsync(await api.SendAsync(bad, Ct));
        Assert.Equal(["actions[0].due", "attendees[0].side"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }
}
