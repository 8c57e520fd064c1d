using Cussp.Agreements;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Obligations;
using Cussp.Tests;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Duties;

/// <summary>Meetings scheduled ahead: shown against the duty they will meet, moved, called off, and counted only once they have begun.</summary>
public class MeetingScheduleTests
{
    private static readonly string[] Areas = ["framework", "defence-security"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AccessSubject Writer(Participant p = Participant.Canada, Roles role = Roles.Contributor) =>
        new(Guid.NewGuid(), $"writer-{p}", p, SecurityClassification.Secret, role, Areas);

    /// <summary>The test clock's start: 1 June 2026, noon in Kyiv.</summary>
    private static readonly Instant Now = Instant.FromUtc(2026, 6, 1, 9, 0);

    private static readonly Instant October = Instant.FromUtc(2026, 10, 15, 7, 0);

    private static Occurrence Leaders2026(ObligationsReport r) =>
        r.Duties.Single(d => d.Duty.MeetingKind == MeetingKind.LeadersMeeting).Occurrences.Single(o => o.Year == 2026);

    [Theory, Databases]
    public async Task AScheduledMeeting_IsShownAgainstItsDuty_MovesWithIt_AndMeetsItOnceBegun(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider, Now);
        await using var scope = db.Services.CreateAsyncScope();
        var meetings = scope.ServiceProvider.GetRequiredService<Meetings>();
        var clock = scope.ServiceProvider.GetRequiredService<ObligationClock>();
        var m = await meetings.RecordAsync(Writer(), AgreementRegister.CusspId, new MeetingInput(MeetingKind.LeadersMeeting, "Leaders' meeting 2026", October,
            "Ottawa", SecurityClassification.Unclassified), Ct);

        Assert.Equal(MeetingState.Scheduled, m.StateAt(Now));
        var before = Leaders2026(await clock.ReportAsync(Writer(), AgreementRegister.CusspId, 2026, Ct));
        Assert.Equal(OccurrenceStatus.Due, before.Status);
        Assert.Empty(before.Held);
        Assert.Equal([m.Id], before.Scheduled.Select(s => s.Id));
        var (page, total) = await meetings.ListAsync(Writer(), AgreementRegister.CusspId, null, MeetingState.Scheduled, 1, 50, Ct);
        Assert.Equal((1, m.Id), (total, page.Single().Id));
        Assert.Equal(0, (await meetings.ListAsync(Writer(), AgreementRegister.CusspId, null, MeetingState.Held, 1, 50, Ct)).Total);

        // Moved into the next year, it leaves 2026's duty with nothing scheduled; moved back, it returns.
        var first = m.Version;
        var moved = (await meetings.RescheduleAsync(Writer(Participant.Ukraine), m.Id, Instant.FromUtc(2027, 1, 20, 8, 0), "Kyiv", first, Ct)).Version;
        Assert.Empty(Leaders2026(await clock.ReportAsync(Writer(), AgreementRegister.CusspId, 2026, Ct)).Scheduled);
        await Assert.ThrowsAsync<StaleWriteException>(() => meetings.RescheduleAsync(Writer(), m.Id, October, "Ottawa", first, Ct));
        var back = await meetings.RescheduleAsync(Writer(), m.Id, October, "Ottawa", moved, Ct);
        Assert.Equal((October, "Ottawa", 2), (back.StartsAt, back.Place, back.Version));

        // Once it has begun, it meets the duty and can no longer be called off.
        db.Clock.Reset(October + Duration.FromMinutes(1));
        var after = Leaders2026(await clock.ReportAsync(Writer(), AgreementRegister.CusspId, 2026, Ct));
        Assert.Equal((OccurrenceStatus.Met, 1, 0), (after.Status, after.Held.Count, after.Scheduled.Count));
        var refused = await Assert.ThrowsAsync<ConflictException>(() => meetings.CancelAsync(Writer(), m.Id, "Too late", back.Version, Ct));
        Assert.Contains("has begun", refused.Message, StringComparison.Ordinal);

        var data = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var log = await data.AuditEntries.AsNoTracking().Where(e => e.RecordId == m.Id.ToString() && e.Action != "read").OrderBy(e => e.Seq).ToListAsync(Ct);
        Assert.Equal(["meeting.record", "meeting.reschedule", "meeting.reschedule"], log.Select(e => e.Action));
        Assert.Contains("2027-01-20T08:00:00Z", log[1].After, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task AProtectedMeetingScheduled_ThatTheReportNames_IsLoggedAsRead(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider, Now);
        await using var scope = db.Services.CreateAsyncScope();
        var m = await scope.ServiceProvider.GetRequiredService<Meetings>().RecordAsync(Writer(), AgreementRegister.CusspId,
            new MeetingInput(MeetingKind.LeadersMeeting, "Leaders' meeting 2026", October, "Ottawa", SecurityClassification.ProtectedA), Ct);

        var report = await scope.ServiceProvider.GetRequiredService<ObligationClock>().ReportAsync(Writer(Participant.Ukraine), AgreementRegister.CusspId, 2026, Ct);

        Assert.Equal([m.Id], Leaders2026(report).Scheduled.Select(s => s.Id));
        var data = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        Assert.True(await data.AuditEntries.AsNoTracking().AnyAsync(e => e.Action == "read" && e.RecordId == m.Id.ToString(), Ct));
    }

    [Theory, Databases]
    public async Task ACalledOffMeeting_StaysOnRecordAsCancelled_MeetsNoDuty_AndTakesNoMoreChanges(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider, Now);
        await using var scope = db.Services.CreateAsyncScope();
        var meetings = scope.ServiceProvider.GetRequiredService<Meetings>();
        var clock = scope.ServiceProvider.GetRequiredService<ObligationClock>();
        var m = await meetings.RecordAsync(Writer(), AgreementRegister.CusspId, new MeetingInput(MeetingKind.LeadersMeeting, "Leaders' meeting 2026", October,
            "Ottawa", SecurityClassification.Unclassified), Ct);

        var invalid = await Assert.ThrowsAsync<InvalidInputException>(() => meetings.CancelAsync(Writer(), m.Id, "  ", m.Version, Ct));
        Assert.Equal(["reason"], invalid.Errors.Keys);
        await Assert.ThrowsAsync<RefusedException>(() => meetings.CancelAsync(Writer(role: Roles.Viewer), m.Id, "No", m.Version, Ct));
        var off = await meetings.CancelAsync(Writer(Participant.Ukraine), m.Id, "The summit moved to another city", m.Version, Ct);
        var version = off.Version;

        Assert.Equal((MeetingState.Cancelled, "writer-Ukraine", "The summit moved to another city"), (off.StateAt(Now), off.CancelledBy, off.CancelReason));
        await Assert.ThrowsAsync<ConflictException>(() => meetings.CancelAsync(Writer(), m.Id, "Again", off.Version, Ct));
        await Assert.ThrowsAsync<ConflictException>(() => meetings.RescheduleAsync(Writer(), m.Id, October, "Kyiv", off.Version, Ct));
        await Assert.ThrowsAsync<ConflictException>(() => meetings.WriteMinutesAsync(Writer(), m.Id, new MeetingMinutesInput([], [], "Minutes", [], []), off.Version, Ct));

        // On its day and after, the duty stays unmet: a meeting called off is no meeting.
        db.Clock.Reset(Instant.FromUtc(2027, 1, 2, 0, 0));
        var report = await clock.ReportAsync(Writer(), AgreementRegister.CusspId, 2026, Ct);
        var leaders = Leaders2026(report);
        Assert.Equal((OccurrenceStatus.Missed, 0, 0), (leaders.Status, leaders.Held.Count, leaders.Scheduled.Count));
        Assert.Equal(1, (await meetings.ListAsync(Writer(), AgreementRegister.CusspId, null, MeetingState.Cancelled, 1, 50, Ct)).Total);

        // The calendar keeps the event, cancelled, so that a calendar that imported it drops it.
        var (calendarReport, all) = await clock.CalendarAsync(Writer(), AgreementRegister.CusspId, ct: Ct);
        var text = CalendarFeed.Write(all, calendarReport, db.Clock.GetCurrentInstant(), d => d.Key);
        var parsed = Calendar.Load(text)!;
        var ev = parsed.Events.Single(e => e.Uid == $"meeting-{m.Id}@cussp-desk");
        Assert.Equal(("CANCELLED", version), (ev.Status, ev.Sequence));

        var data = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        Assert.Equal(["meeting.record", "meeting.cancel"],
            await data.AuditEntries.AsNoTracking().Where(e => e.RecordId == m.Id.ToString() && e.Action != "read").OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct));
    }

    [Theory, Databases]
    public async Task Reschedule_BeforeSignatureOrAfterAnActionIsDue_IsRefusedByField_AndNothingChanges(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider, Now);
        await using var scope = db.Services.CreateAsyncScope();
        var meetings = scope.ServiceProvider.GetRequiredService<Meetings>();
        var m = await meetings.RecordAsync(Writer(), AgreementRegister.CusspId, new MeetingInput(MeetingKind.MinisterialMeeting, "Ministers", October,
            "Ottawa", SecurityClassification.Unclassified), Ct);
        var written = await meetings.WriteMinutesAsync(Writer(), m.Id, new MeetingMinutesInput([new("Air defence", "IV.A.7.iii")], [], null, [],
            [new("Circulate the draft", "Secretariat", new LocalDate(2026, 10, 20))]), m.Version, Ct);

        var early = await Assert.ThrowsAsync<InvalidInputException>(() =>
            meetings.RescheduleAsync(Writer(), m.Id, Instant.FromUtc(2024, 2, 23, 12, 0), new string('x', 201), written.Version, Ct));
        Assert.Equal(["place", "startsAt"], early.Errors.Keys.Order(StringComparer.Ordinal));
        var late = await Assert.ThrowsAsync<InvalidInputException>(() =>
            meetings.RescheduleAsync(Writer(), m.Id, Instant.FromUtc(2026, 11, 1, 8, 0), "Ottawa", written.Version, Ct));
        Assert.Contains("2026-10-20", late.Errors["actions"][0], StringComparison.Ordinal);

        var stored = (await meetings.GetAsync(Writer(), m.Id, Ct))!;
        Assert.Equal((October, "Ottawa", written.Version), (stored.StartsAt, stored.Place, stored.Version));
    }
}
