using System.Net;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using NodaTime;

namespace Cussp.Web.Tests.Obligations;

/// <summary>The obligations clock's page and the meeting pages, as a contributor records a meeting by form and a reader sees the duty met.</summary>
public class ObligationPagesTests
{
    private static readonly string[] Areas = ["framework", "defence-security"];

    [Theory, Databases]
    public async Task MeetingRecordedByForm_InOttawaTime_IsShownInThreeZones_AndMeetsTheYearsDutyOnTheClock(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 11, 20, 9, 0));
        var writer = await app.CreateUserAsync("writer", roles: Roles.Viewer | Roles.Contributor, areas: Areas, password: null);
        var viewer = await app.CreateUserAsync("viewer", Participant.Ukraine, areas: Areas, password: null);
        var client = await app.SessionAsync(writer);
        var reader = await app.SessionAsync(viewer);

        var (_, before) = await reader.GetPageAsync("/obligations");
        Assert.Contains("Now: 2025-11-20 11:00 in Kyiv, 2025-11-20 04:00 in Ottawa.", before.Body!.TextContent, StringComparison.Ordinal);
        var leadersRow = before.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.StartsWith("Leaders' meeting", StringComparison.Ordinal));
        Assert.Equal("Due", leadersRow.QuerySelectorAll("td")[1].QuerySelector(".status")!.TextContent);
        // Viewers see no form to record meetings.
        Assert.Empty(before.QuerySelectorAll("a[href='/meetings/new']"));
        var (_, refused) = await reader.GetPageAsync("/meetings/new");
        Assert.Equal("Only contributors and approvers record meetings.", refused.QuerySelector("p.empty")!.TextContent);

        // 9 October, 19:30 in Ottawa is already 10 October in Kyiv.
        var (saved, _) = await client.SubmitAsync("/meetings/new", "meeting", ("Input.Kind", "leaders-meeting"), ("Input.Title", "Leaders meet in Ottawa"),
            ("Input.Date", "2025-10-09"), ("Input.Time", "19:30"), ("Input.Zone", "ottawa"), ("Input.Place", "Ottawa"),
            ("Input.Classification", "ProtectedA"), ("Input.Releasability", "RelCanUkr"), ("Input.Area", ""));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var meetingUrl = saved.Headers.Location!.OriginalString;
        var (_, meeting) = await reader.GetPageAsync(meetingUrl);
        var facts = meeting.QuerySelectorAll("dl.facts dd").Select(d => d.TextContent.Trim()).ToList();
        Assert.Equal("Leaders meet in Ottawa", meeting.QuerySelector("h1")!.TextContent);
        Assert.Contains("2025-10-10 02:30", facts);
        Assert.Contains("2025-10-09 19:30", facts);
        Assert.Contains("2025-10-09 23:30", facts);
        Assert.Contains("PROTECTED A // REL CAN UKR // framework", facts);

        var (_, after) = await reader.GetPageAsync("/obligations?year=2025");
        var row = after.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.StartsWith("Leaders' meeting", StringComparison.Ordinal));
        var thisYear = row.QuerySelectorAll("td")[1];
        Assert.Equal("Met", thisYear.QuerySelector(".status")!.TextContent);
        Assert.Equal(meetingUrl, thisYear.QuerySelector("ul.held a")!.GetAttribute("href"));
        Assert.Contains("(2025-10-10)", thisYear.QuerySelector("ul.held li")!.TextContent, StringComparison.Ordinal);
        // The next leaders' meeting is the next year's; the review is still to come by its date.
        Assert.Contains("2026: by 2026-12-31", row.QuerySelectorAll("td")[2].TextContent, StringComparison.Ordinal);
        var (_, list) = await reader.GetPageAsync("/meetings");
        Assert.Equal("Meetings: 1", list.QuerySelector("[role=status]")!.TextContent);
    }

    [Theory, Databases]
    public async Task MeetingForm_BadDateAndTime_AreNamedBesideTheirFields_AndNothingIsSaved(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var writer = await app.CreateUserAsync("writer", roles: Roles.Viewer | Roles.Contributor, areas: Areas, password: null);
        var client = await app.SessionAsync(writer);

        var (shown, page) = await client.SubmitAsync("/meetings/new", "meeting", ("Input.Title", "Dialogue"), ("Input.Date", "tomorrow"), ("Input.Time", "25:00"));
        var (_, early) = await client.SubmitAsync("/meetings/new", "meeting", ("Input.Title", "Dialogue"), ("Input.Date", "2023-05-01"), ("Input.Time", "10:00"));

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Equal("Give the day it began, such as 2025-03-14.", page.QuerySelector("#m-date-error")!.TextContent.Trim());
        Assert.Equal("Give the time it began, such as 14:30.", page.QuerySelector("#m-time-error")!.TextContent.Trim());
        Assert.Equal("true", page.QuerySelector("#m-date")!.GetAttribute("aria-invalid"));
        Assert.Contains("2024-02-24", early.QuerySelector("#m-date-error")!.TextContent, StringComparison.Ordinal);
        var (_, list) = await client.GetPageAsync("/meetings");
        Assert.Equal("Meetings: 0", list.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("No meeting that you may read has been recorded.", list.QuerySelector("p.empty")!.TextContent);
    }
}
