using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Obligations;
using Cussp.Tests;
using Cussp.Web.Tests.Cli;
using Cussp.Web.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Obligations;

/// <summary>
/// Meetings scheduled ahead, through their pages and <c>POST /api/v1/meetings/{id}/schedule</c> and <c>…/cancel</c>: listed as
/// scheduled, shown against the duty they will meet, moved, called off.
/// </summary>
public class MeetingScheduleWebTests : CliTest
{
    private static readonly string[] Areas = ["framework", "defence-security"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    [Theory, Databases]
    public async Task AMeetingScheduledByForm_IsListedAsScheduled_ShownOnItsDuty_MovedAndCalledOffOnItsPage(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2026, 6, 1, 9, 0));
        var writer = await app.CreateUserAsync("writer", roles: Roles.Viewer | Roles.Contributor, areas: Areas, password: null);
        var client = await app.SessionAsync(writer);
        var (saved, _) = await client.SubmitAsync("/meetings/new", "meeting", ("Input.Kind", "leaders-meeting"), ("Input.Title", "Leaders' meeting 2026"),
            ("Input.Date", "2026-10-15"), ("Input.Time", "10:00"), ("Input.Zone", "ottawa"), ("Input.Place", "Ottawa"),
            ("Input.Classification", "Unclassified"), ("Input.Releasability", "RelCanUkr"), ("Input.Area", ""));
        var page = saved.Headers.Location!.OriginalString;

        var (_, list) = await client.GetPageAsync("/meetings?state=scheduled");
        Assert.Equal(["Leaders' meeting 2026"], list.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent));
        Assert.Equal("Scheduled", list.QuerySelector("tbody tr .status")!.TextContent);
        Assert.Equal("page", list.QuerySelector("a[href='/meetings?state=scheduled']")!.GetAttribute("aria-current"));
        var (_, held) = await client.GetPageAsync("/meetings?state=held");
        Assert.Empty(held.QuerySelectorAll("tbody tr"));
        var (_, duties) = await client.GetPageAsync("/obligations?year=2026");
        Assert.Contains(duties.QuerySelectorAll(".held a"), a => a.GetAttribute("href") == page && a.TextContent == "Leaders' meeting 2026");

        // The form shows the time in Kyiv; a day it cannot read is refused on its field and nothing moves.
        var (_, shown) = await client.GetPageAsync(page);
        Assert.Equal(("2026-10-15", "17:00"), (shown.QuerySelector("#v-date")!.GetAttribute("value"), shown.QuerySelector("#v-time")!.GetAttribute("value")));
        var (bad, badPage) = await client.SubmitAsync(page, "move", ("Move.Date", "15/10/2026"), ("Move.Time", "10:00"), ("Move.Zone", "kyiv"), ("Move.Place", "Kyiv"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("true", badPage.QuerySelector("#v-date")!.GetAttribute("aria-invalid"));
        var (moved, _) = await client.SubmitAsync(page, "move", ("Move.Date", "2026-11-03"), ("Move.Time", "09:30"), ("Move.Zone", "kyiv"), ("Move.Place", "Kyiv"));
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);

        var api = await app.ApiClientAsync("api-writer", Participant.Ukraine, Roles.Contributor, Areas);
        var id = Guid.Parse(page["/meetings/".Length..]);
        var read = await api.GetAsync(new Uri($"/api/v1/meetings/{id}", UriKind.Relative), Ct);
        var json = await JsonAsync(read);
        Assert.Equal(("scheduled", "2026-11-03T07:30:00Z", "Kyiv"),
            (json.GetProperty("state").GetString(), json.GetProperty("startsAt").GetProperty("utc").GetString(), json.GetProperty("place").GetString()));

        var (empty, emptyPage) = await client.SubmitAsync(page, "cancel", ("Off.Reason", " "));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("true", emptyPage.QuerySelector("#c-reason")!.GetAttribute("aria-invalid"));
        var (off, _) = await client.SubmitAsync(page, "cancel", ("Off.Reason", "The leaders meet at the NATO summit instead."));
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        var (_, after) = await client.GetPageAsync(page);
        Assert.Contains("The leaders meet at the NATO summit instead.", after.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Cancelled", after.QuerySelector("dd .status")!.TextContent);
        Assert.Null(after.QuerySelector("form[aria-labelledby=move-heading]"));
        Assert.Null(after.QuerySelector("form[aria-labelledby=write-heading]"));
        var (_, noLonger) = await client.GetPageAsync("/obligations?year=2026");
        Assert.DoesNotContain(noLonger.QuerySelectorAll(".held a"), a => a.GetAttribute("href") == page);
    }

    [Theory, Databases]
    public async Task ScheduleAndCancel_ThroughTheApi_TakeIfMatch_SayWhatIsWrong_AndRefuseAMeetingThatHasBegun(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2026, 6, 1, 9, 0));
        var api = await app.ApiClientAsync("api-writer", Participant.Canada, Roles.Contributor, Areas);
        var created = await api.PostAsJsonAsync(new Uri("/api/v1/meetings/", UriKind.Relative), new
        {
            kind = "defence-policy-dialogue",
            title = "Defence policy dialogue",
            startsAt = "2026-09-10T10:00:00+03:00",
            place = "Kyiv",
            classification = "UNCLASSIFIED",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("id").GetGuid();
        var etag = created.Headers.ETag!;

        HttpRequestMessage Post(string path, object body, System.Net.Http.Headers.EntityTagHeaderValue? tag)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/meetings/{id}/{path}", UriKind.Relative)) { Content = JsonContent.Create(body) };
            if (tag is not null)
            {
                request.Headers.IfMatch.Add(tag);
            }
            return request;
        }

        using (var untagged = Post("schedule", new { startsAt = "2026-09-11T10:00:00+03:00" }, null))
        {
            Assert.Equal(HttpStatusCode.PreconditionRequired, (await api.SendAsync(untagged, Ct)).StatusCode);
        }
        using (var noOffset = Post("schedule", new { startsAt = "2026-09-11T10:00:00" }, etag))
        {
            var refused = await api.SendAsync(noOffset, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(["startsAt"], (await JsonAsync(refused)).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }
        using var move = Post("schedule", new { startsAt = "2026-09-11T10:00:00+03:00", place = "Lviv" }, etag);
        var moved = await api.SendAsync(move, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal("2026-09-11T10:00:00+03:00", (await JsonAsync(moved)).GetProperty("startsAt").GetProperty("kyiv").GetString());
        using (var stale = Post("cancel", new { reason = "x" }, etag))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.SendAsync(stale, Ct)).StatusCode);
        }

        // On the day, once it has begun, it is no longer called off (409); its state is held and the duty is met.
        app.Clock.Reset(Instant.FromUtc(2026, 9, 11, 8, 0));
        api = await app.ApiClientAsync("api-writer-later", Participant.Ukraine, Roles.Contributor, Areas);
        using var late = Post("cancel", new { reason = "Postponed" }, moved.Headers.ETag);
        var conflict = await api.SendAsync(late, Ct);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("has begun", (await JsonAsync(conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var list = await JsonAsync(await api.GetAsync(new Uri("/api/v1/meetings/?state=held", UriKind.Relative), Ct));
        Assert.Equal([id], list.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));
        var unknown = await api.GetAsync(new Uri("/api/v1/meetings/?state=postponed", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var duties = await JsonAsync(await api.GetAsync(new Uri("/api/v1/obligations/?year=2026", UriKind.Relative), Ct));
        var dialogue = duties.GetProperty("duties").EnumerateArray().Single(d => d.GetProperty("meetingKind").GetString() == "defence-policy-dialogue");
        Assert.Equal("met", dialogue.GetProperty("occurrences")[0].GetProperty("status").GetString());
    }

    [Theory, Databases]
    public async Task Cli_MeetingsList_ShowsEachMeetingsState_FiltersByIt_AndAnUnknownStateIsExitCode2(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var writer = await app.CreateUserAsync("olena", Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer | Roles.Contributor, Areas, password: null);
        // The command line keeps the system's time: one meeting held last year, one a month from now, one called off.
        var now = SystemClock.Instance.GetCurrentInstant();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var meetings = scope.ServiceProvider.GetRequiredService<Meetings>();
            await meetings.RecordAsync(writer.ToSubject(), "cussp", new MeetingInput(MeetingKind.LeadersMeeting, "Leaders in Kyiv", Instant.FromUtc(2025, 5, 10, 9, 0),
                "Kyiv", SecurityClassification.Unclassified), Ct);
            await meetings.RecordAsync(writer.ToSubject(), "cussp", new MeetingInput(MeetingKind.DefencePolicyDialogue, "Dialogue in Ottawa",
                now + Duration.FromDays(30), "Ottawa", SecurityClassification.Unclassified), Ct);
            var off = await meetings.RecordAsync(writer.ToSubject(), "cussp", new MeetingInput(MeetingKind.MinisterialMeeting, "Ministers in Lviv",
                now + Duration.FromDays(40), "Lviv", SecurityClassification.Unclassified), Ct);
            await meetings.CancelAsync(writer.ToSubject(), off.Id, "Moved to the summit", off.Version, Ct);
        }
        var issued = await RunOnAsync(app, "tokens", "add", "olena", "--scope", "read", "--days", "1");
        Assert.True(issued.Exit == 0, issued.Err);
        KeyValuePair<string, string?>[] token = [new("CUSSP_TOKEN", issued.Out.Trim())];

        var all = await RunOnAsync(app, token, "meetings", "list");
        Assert.True(all.Exit == 0, all.Err);
        var rows = all.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal([("cancelled", "Ministers in Lviv (Lviv)"), ("scheduled", "Dialogue in Ottawa (Ottawa)"), ("held", "Leaders in Kyiv (Kyiv)")],
            rows.Select(r => (r[2], r[^1])));
        Assert.Contains("2025-05-10 12:00 Kyiv  2025-05-10 05:00 Ottawa", all.Out, StringComparison.Ordinal);

        var scheduled = await RunOnAsync(app, token, "meetings", "list", "--state", "scheduled", "--json");
        Assert.True(scheduled.Exit == 0, scheduled.Err);
        var json = JsonDocument.Parse(scheduled.Out).RootElement;
        Assert.Equal([("Dialogue in Ottawa", "scheduled")], json.EnumerateArray().Select(m => (m.GetProperty("title").GetString(), m.GetProperty("state").GetString())));

        var bad = await RunOnAsync(app, token, "meetings", "list", "--state", "postponed");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("scheduled, held, cancelled", bad.Err, StringComparison.Ordinal);
    }
}
