using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Cli;
using Cussp.Web.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Obligations;

/// <summary>
/// The obligations clock through <c>/api/v1/obligations</c>, the meetings that meet its duties through <c>/api/v1/meetings</c>,
/// and <c>cussp obligations list</c>: each duty with its occurrences, their status as the meetings the caller may read show it,
/// dates in Kyiv and instants in UTC, Kyiv and Ottawa time.
/// </summary>
public sealed class ObligationsApiTests : CliTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Areas = ["framework", "defence-security", "sovereignty-democracy"];

    private static async Task<(HttpClient Client, string Token)> ClientAsync(CusspApp app, string name, Participant participant, Roles roles,
        SecurityClassification clearance = SecurityClassification.Secret)
    {
        var user = await app.CreateUserAsync(name, participant, clearance, roles, Areas, password: null);
        await using var scope = app.Services.CreateAsyncScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<AccessTokens>()
            .IssueAsync(user.Id, "test", TokenScopes.Read | TokenScopes.Write, Duration.FromDays(1), Ct);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return (client, secret);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private static JsonElement Duty(JsonElement report, string key) =>
        report.GetProperty("duties").EnumerateArray().Single(d => d.GetProperty("key").GetString() == key);

    [Theory, Databases]
    public async Task Meeting_RecordedByAContributor_MeetsItsYearsDuty_ForReadersWhoMayReadIt(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 11, 20, 9, 0));
        var (writer, _) = await ClientAsync(app, "writer", Participant.Canada, Roles.Contributor);
        var (reader, _) = await ClientAsync(app, "reader", Participant.Ukraine, Roles.Viewer);
        var (uncleared, _) = await ClientAsync(app, "uncleared", Participant.Ukraine, Roles.Viewer, SecurityClassification.ProtectedA);

        var before = await JsonAsync(await reader.GetAsync(new Uri("/api/v1/obligations/?year=2025", UriKind.Relative), Ct));
        Assert.Equal("2025-11-20", before.GetProperty("today").GetString());
        Assert.Equal("Europe/Kyiv", before.GetProperty("zone").GetString());
        Assert.Equal("due", Duty(before, "II.1.i/leaders-meeting").GetProperty("occurrences")[0].GetProperty("status").GetString());

        // Held in Ottawa on the evening of 9 October: 10 October in Kyiv.
        var created = await writer.PostAsJsonAsync("/api/v1/meetings/", new
        {
            kind = "leaders-meeting",
            title = "Prime Minister and President meet in Ottawa",
            startsAt = "2025-10-09T19:30:00-04:00",
            place = "Ottawa",
            classification = "PROTECTED B",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"0\"", created.Headers.ETag?.Tag);
        var meeting = await JsonAsync(created);
        Assert.Equal("II.1.i", meeting.GetProperty("citation").GetString());
        Assert.Equal("2025-10-09T23:30:00Z", meeting.GetProperty("startsAt").GetProperty("utc").GetString());
        Assert.Equal("2025-10-10T02:30:00+03:00", meeting.GetProperty("startsAt").GetProperty("kyiv").GetString());
        Assert.Equal("2025-10-09T19:30:00-04:00", meeting.GetProperty("startsAt").GetProperty("ottawa").GetString());
        Assert.Equal("PROTECTED B // REL CAN UKR // framework", meeting.GetProperty("marking").GetString());

        var after = await JsonAsync(await reader.GetAsync(new Uri("/api/v1/obligations/?year=2025", UriKind.Relative), Ct));
        var leaders = Duty(after, "II.1.i/leaders-meeting");
        var occurrence = leaders.GetProperty("occurrences")[0];
        Assert.Equal(("met", "2025-10-10"), (occurrence.GetProperty("status").GetString(), occurrence.GetProperty("held")[0].GetProperty("heldOn").GetString()));
        Assert.Equal(2026, leaders.GetProperty("next").GetProperty("year").GetInt32());
        // A reader not cleared for the meeting sees the duty unmet, and the meeting as one that does not exist.
        var unclearedView = await JsonAsync(await uncleared.GetAsync(new Uri("/api/v1/obligations/?year=2025", UriKind.Relative), Ct));
        Assert.Equal("due", Duty(unclearedView, "II.1.i/leaders-meeting").GetProperty("occurrences")[0].GetProperty("status").GetString());
        var id = meeting.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await uncleared.GetAsync(new Uri($"/api/v1/meetings/{id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(0, (await JsonAsync(await uncleared.GetAsync(new Uri("/api/v1/meetings/", UriKind.Relative), Ct))).GetProperty("total").GetInt32());
        var listed = await JsonAsync(await reader.GetAsync(new Uri("/api/v1/meetings/?kind=leaders-meeting", UriKind.Relative), Ct));
        Assert.Equal(id, listed.GetProperty("items")[0].GetProperty("id").GetString());
    }

    [Theory, Databases]
    public async Task BadInput_IsAProblemNamingTheField_AndViewersMayNotRecord(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var (writer, _) = await ClientAsync(app, "writer", Participant.Canada, Roles.Contributor);
        var (viewer, _) = await ClientAsync(app, "viewer", Participant.Canada, Roles.Viewer);

        async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return (await JsonAsync(response)).GetProperty("errors");
        }

        var noOffset = await ProblemAsync(await writer.PostAsJsonAsync("/api/v1/meetings/",
            new { kind = "review", title = "Review", startsAt = "2025-03-01T10:00:00", classification = "UNCLASSIFIED" }, Ct));
        Assert.True(noOffset.TryGetProperty("startsAt", out _));
        var badKind = await ProblemAsync(await writer.PostAsJsonAsync("/api/v1/meetings/",
            new { kind = "summit", title = "Review", startsAt = "2025-03-01T10:00:00Z", classification = "UNCLASSIFIED" }, Ct));
        Assert.Contains("leaders-meeting", badKind.GetProperty("kind")[0].GetString(), StringComparison.Ordinal);
        var beforeSignature = await ProblemAsync(await writer.PostAsJsonAsync("/api/v1/meetings/",
            new { kind = "review", title = "Review", startsAt = "2024-01-10T10:00:00Z", classification = "UNCLASSIFIED" }, Ct));
        Assert.True(beforeSignature.TryGetProperty("startsAt", out _));
        var badYear = await ProblemAsync(await writer.GetAsync(new Uri("/api/v1/obligations/?year=twenty", UriKind.Relative), Ct));
        Assert.True(badYear.TryGetProperty("year", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/v1/meetings/",
            new { kind = "review", title = "Review", startsAt = "2025-03-01T10:00:00Z", classification = "UNCLASSIFIED" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(new Uri("/api/v1/obligations/", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(0, (await JsonAsync(await writer.GetAsync(new Uri("/api/v1/meetings/", UriKind.Relative), Ct))).GetProperty("total").GetInt32());
    }

    [Theory, Databases]
    public async Task Cli_ObligationsList_ShowsEveryDutyWithItsNextOccurrence_AndABadYearIsExitCode2(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("olena", Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer, Areas, password: null);
        var issued = await RunOnAsync(app, "tokens", "add", "olena", "--scope", "read", "--days", "1");
        Assert.True(issued.Exit == 0, issued.Err);
        KeyValuePair<string, string?>[] token = [new("CUSSP_TOKEN", issued.Out.Trim())];

        var json = await RunOnAsync(app, token, "obligations", "list", "--json");
        Assert.True(json.Exit == 0, json.Err);
        var report = JsonDocument.Parse(json.Out).RootElement;
        // The command line keeps the system's time: the next leaders' meeting is this year's (in Kyiv), due at its end.
        var today = SystemClock.Instance.GetCurrentInstant().InZone(Cussp.Time.Zones.Kyiv).Date;
        Assert.Equal(today.ToString("yyyy-MM-dd", null), report.GetProperty("today").GetString());
        Assert.Equal(7, report.GetProperty("duties").GetArrayLength());
        Assert.Equal(($"{today.Year}-12-31", "due"), (Duty(report, "II.1.i/leaders-meeting").GetProperty("next").GetProperty("due").GetString(),
            Duty(report, "II.1.i/leaders-meeting").GetProperty("next").GetProperty("status").GetString()));
        var review = Duty(report, "VIII.B.1/review").GetProperty("next");
        Assert.Equal(("2027-02-24", today <= new LocalDate(2027, 2, 24) ? "due" : "overdue"),
            (review.GetProperty("due").GetString(), review.GetProperty("status").GetString()));
        Assert.Equal("2034-02-24", Duty(report, "VIII.A.1/expiry").GetProperty("next").GetProperty("due").GetString());
        Assert.Equal(JsonValueKind.Null, Duty(report, "II.3/on-request").GetProperty("next").ValueKind);

        var text = await RunOnAsync(app, token, "obligations", "list", "--year", "2024");
        Assert.True(text.Exit == 0, text.Err);
        Assert.Contains("defence-policy-dialogue", text.Out, StringComparison.Ordinal);
        Assert.Contains("2024 due 2024-12-31 missed (0 of 1 held)", text.Out, StringComparison.Ordinal);
        Assert.Contains("7 duties of cussp", text.Err, StringComparison.Ordinal);

        var badYear = await RunOnAsync(app, token, "obligations", "list", "--year", "next");
        Assert.Equal(2, badYear.Exit);
        Assert.Contains("--year", badYear.Err, StringComparison.Ordinal);
        var noToken = await RunOnAsync(app, "obligations", "list");
        Assert.Equal(2, noToken.Exit);
        Assert.Contains("CUSSP_TOKEN", noToken.Err, StringComparison.Ordinal);
    }
}
