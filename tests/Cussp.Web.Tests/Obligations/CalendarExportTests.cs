using Cussp.Agreements;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Obligations;
using Cussp.Tests;
using Cussp.Web.Tests.Cli;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Obligations;

/// <summary>
/// <c>cussp calendar export</c>: the meetings the token's owner may read and the dates still to meet, as an iCalendar file that an
/// independent reader (Ical.Net) parses, with a VTIMEZONE for Europe/Kyiv and one for America/Toronto.
/// </summary>
public sealed class CalendarExportTests : CliTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, Databases]
    public async Task Export_WritesMeetingsAtTheirInstantInKyivTime_WithBothZones_AndOnlyWhatTheOwnerMayRead(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("olena", Participant.Ukraine, SecurityClassification.ProtectedA, Roles.Viewer, ["framework"], password: null);
        var writer = new AccessSubject(Guid.NewGuid(), "writer", Participant.Canada, SecurityClassification.Secret, Roles.Contributor, ["framework"]);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var meetings = scope.ServiceProvider.GetRequiredService<Meetings>();
            // 27 October 2025, 09:00 in Ottawa (EDT, UTC−4) is 15:00 in Kyiv (EET, UTC+2): the week the two are six hours apart.
            await meetings.RecordAsync(writer, AgreementRegister.CusspId, new MeetingInput(MeetingKind.LeadersMeeting, "Leaders meet, Ottawa; day one",
                Instant.FromUtc(2025, 10, 27, 13, 0), "Ottawa", SecurityClassification.ProtectedA), Ct);
            await meetings.RecordAsync(writer, AgreementRegister.CusspId, new MeetingInput(MeetingKind.DefencePolicyDialogue, "Dialogue",
                Instant.FromUtc(2025, 6, 3, 7, 0), "Kyiv", SecurityClassification.Secret, Area: "framework"), Ct);
        }
        var issued = await RunOnAsync(app, "tokens", "add", "olena", "--scope", "read", "--days", "1");
        Assert.True(issued.Exit == 0, issued.Err);
        KeyValuePair<string, string?>[] token = [new("CUSSP_TOKEN", issued.Out.Trim())];
        var file = Path.Combine(DataFolder + "-out.ics");

        var run = await RunOnAsync(app, token, "calendar", "export", "--out", file);
        Assert.True(run.Exit == 0, run.Err);
        var text = await File.ReadAllTextAsync(file, Ct);
        File.Delete(file);

        Assert.All(text.Split("\r\n")[..^1], line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        var calendar = Ical.Net.Calendar.Load(text)!;
        Assert.Equal(["America/Toronto", "Europe/Kyiv"], calendar.TimeZones.Select(z => z.TzId).Order(StringComparer.Ordinal));
        var meeting = Assert.Single(calendar.Events, e => e.Uid!.StartsWith("meeting-", StringComparison.Ordinal));
        Assert.Equal("[PROTECTED A // REL CAN UKR // framework] Leaders meet, Ottawa; day one", meeting.Summary);
        Assert.Equal("Europe/Kyiv", meeting.DtStart!.TzId);
        Assert.Equal(new DateTime(2025, 10, 27, 13, 0, 0, DateTimeKind.Utc), meeting.DtStart.AsUtc);
        Assert.Contains("DTSTART;TZID=Europe/Kyiv:20251027T150000", text, StringComparison.Ordinal);
        // The SECRET dialogue is not the owner's to read; the dates still to meet are whole days, the review's among them.
        Assert.DoesNotContain("Dialogue", text.Replace("Strategic Defence Policy Dialogue", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(calendar.Events, e => e.Uid == "due-VIII.B.1-review-2027@cussp-desk" && e.DtStart!.Date == new DateOnly(2027, 2, 24) && !e.DtStart.HasTime);
        // Each zone's transitions, at the local time they take effect in the offset before them.
        Assert.Contains("BEGIN:DAYLIGHT\r\nDTSTART:20250330T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300\r\nTZNAME:EEST", text, StringComparison.Ordinal);
        Assert.Contains("BEGIN:STANDARD\r\nDTSTART:20251026T040000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0200\r\nTZNAME:EET", text, StringComparison.Ordinal);
        Assert.Contains("BEGIN:DAYLIGHT\r\nDTSTART:20250309T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT", text, StringComparison.Ordinal);
        Assert.Contains("BEGIN:STANDARD\r\nDTSTART:20251102T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST", text, StringComparison.Ordinal);

        var noFolder = await RunOnAsync(app, token, "calendar", "export", "--out", Path.Combine(DataFolder, "missing", "x.ics"));
        Assert.Equal(2, noFolder.Exit);
    }

    [Theory, Databases]
    public async Task Feed_GivesEachUserTheirCalendar_AndEachDutyItsOwn_WithOpenConsultationsAtTheirDeadline(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 11, 3, 12, 0));
        var user = await app.CreateUserAsync("taras", Participant.Ukraine, SecurityClassification.ProtectedB, Roles.Viewer | Roles.Contributor,
            ["framework", "defence-security"], password: null);
        var writer = new AccessSubject(Guid.NewGuid(), "writer", Participant.Canada, SecurityClassification.Secret, Roles.Contributor,
            ["framework", "defence-security"]);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var meetings = scope.ServiceProvider.GetRequiredService<Meetings>();
            await meetings.RecordAsync(writer, AgreementRegister.CusspId, new MeetingInput(MeetingKind.LeadersMeeting, "Leaders meet",
                Instant.FromUtc(2025, 10, 27, 13, 0), "Ottawa", SecurityClassification.ProtectedA), Ct);
            await meetings.RecordAsync(writer, AgreementRegister.CusspId, new MeetingInput(MeetingKind.MinisterialMeeting, "Ministers meet",
                Instant.FromUtc(2025, 5, 2, 9, 0), "Kyiv", SecurityClassification.Unclassified), Ct);
            await meetings.RecordAsync(writer, AgreementRegister.CusspId, new MeetingInput(MeetingKind.LeadersMeeting, "Secret leaders' call",
                Instant.FromUtc(2025, 3, 2, 9, 0), "Kyiv", SecurityClassification.Secret), Ct);
            await scope.ServiceProvider.GetRequiredService<Consultations>().RequestAsync(writer, AgreementRegister.CusspId,
                new ConsultationRequestInput(ConsultationGround.RenewedAggression, "Strikes.", SecurityClassification.Unclassified), Ct);
        }
        await using var scopeForToken = app.Services.CreateAsyncScope();
        var (_, secret) = await scopeForToken.ServiceProvider.GetRequiredService<AccessTokens>()
            .IssueAsync(user.Id, "calendar", TokenScopes.Read, Duration.FromDays(30), Ct);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);

        var all = await client.GetAsync(new Uri("/api/v1/calendar.ics", UriKind.Relative), Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, all.StatusCode);
        Assert.Equal("text/calendar", all.Content.Headers.ContentType!.MediaType);
        var calendar = Ical.Net.Calendar.Load(await all.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(["America/Toronto", "Europe/Kyiv"], calendar.TimeZones.Select(z => z.TzId).Order(StringComparer.Ordinal));
        Assert.Equal(["Leaders meet", "Ministers meet"], calendar.Events.Where(e => e.Uid!.StartsWith("meeting-", StringComparison.Ordinal))
            .Select(e => e.Summary!.Replace("[PROTECTED A // REL CAN UKR // framework] ", "", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        var consult = Assert.Single(calendar.Events, e => e.Uid!.StartsWith("consult-", StringComparison.Ordinal));
        Assert.Equal(new DateTime(2025, 11, 4, 12, 0, 0, DateTimeKind.Utc), consult.DtStart!.AsUtc);
        Assert.Equal("Europe/Kyiv", consult.DtStart.TzId);

        var leaders = await client.GetAsync(new Uri("/api/v1/calendar.ics?duty=II.1.i/leaders-meeting", UriKind.Relative), Ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, leaders.StatusCode);
        var one = Ical.Net.Calendar.Load(await leaders.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("[PROTECTED A // REL CAN UKR // framework] Leaders meet", Assert.Single(one.Events, e => e.Uid!.StartsWith("meeting-", StringComparison.Ordinal)).Summary);
        Assert.All(one.Events.Where(e => e.Uid!.StartsWith("due-", StringComparison.Ordinal)), e => Assert.StartsWith("due-II.1.i-leaders-meeting-", e.Uid, StringComparison.Ordinal));
        Assert.DoesNotContain(one.Events, e => e.Uid!.StartsWith("consult-", StringComparison.Ordinal));

        // One duty's calendar logs as read only what it shows: the ministers' meeting (UNCLASSIFIED, not logged), not the leaders'.
        async Task<int> ProtectedReadsAsync()
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Cussp.Data.CusspDbContext>().AuditEntries
                .CountAsync(e => e.Action == "read" && e.RecordType == Meetings.RecordType, Ct);
        }
        var reads = await ProtectedReadsAsync();
        var ministers = await client.GetAsync(new Uri("/api/v1/calendar.ics?duty=II.1.i/ministerial-meeting", UriKind.Relative), Ct);
        Assert.Equal(["Ministers meet"], Ical.Net.Calendar.Load(await ministers.Content.ReadAsStringAsync(Ct))!.Events
            .Where(e => e.Uid!.StartsWith("meeting-", StringComparison.Ordinal)).Select(e => e.Summary));
        Assert.Equal(reads, await ProtectedReadsAsync());

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/v1/calendar.ics?duty=IX.1/none", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(new Uri("/api/v1/calendar.ics", UriKind.Relative), Ct)).StatusCode);
    }
}
