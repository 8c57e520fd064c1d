using Cussp.Agreements;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Obligations;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Core.Tests.Duties;

public class ObligationClockTests
{
    private static readonly string[] Areas = ["framework", "defence-security", "sovereignty-democracy"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AccessSubject Writer(Participant p = Participant.Canada, SecurityClassification clearance = SecurityClassification.Secret,
        Roles roles = Roles.Contributor) => new(Guid.NewGuid(), "writer-" + p, p, clearance, roles, Areas);

    private static Instant At(string text) => OffsetDateTimePattern.ExtendedIso.Parse(text).GetValueOrThrow().ToInstant();

    private static MeetingInput Meeting(MeetingKind kind, string startsAt, SecurityClassification classification = SecurityClassification.Unclassified,
        string? citation = null) => new(kind, $"{kind} at {startsAt}", At(startsAt), "Kyiv", classification, Citation: citation);

    private static async Task<RegisterSnapshot> CusspAsync(TestDatabase db)
    {
        await using var scope = db.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync(AgreementRegister.CusspId, Ct))!;
    }

    [Theory, Databases]
    public async Task Duties_OfTheCussp_AreTheMeetingsReviewExpiryConsultationAndTermination_EachOnItsCitation(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        var duties = ObligationSchedule.DutiesOf(await CusspAsync(db));

        Assert.Equal(
            ["II.1.i/leaders-meeting", "II.1.i/ministerial-meeting", "II.3/on-request", "IV.A.7.i/defence-policy-dialogue", "VIII.A.1/expiry",
                "VIII.B.1/review", "VIII.D.1/on-notice"],
            duties.Select(d => d.Key).Order(StringComparer.Ordinal));
        Assert.Equal(2, duties.Single(d => d.MeetingKind == MeetingKind.MinisterialMeeting).PerPeriod);
        Assert.Equal(Period.FromHours(24), duties.Single(d => d.Kind == DutyKind.OnRequest).Rule.Period);
    }

    [Fact]
    public async Task Annual_Duties_HaveAnOccurrencePerYearOfTheTerm_MissedDueAndUpcomingByToday()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        var report = ObligationSchedule.Build(await CusspAsync(db), [], new LocalDate(2026, 12, 7));
        var leaders = report.Duties.Single(d => d.Duty.MeetingKind == MeetingKind.LeadersMeeting);

        // Ten years of the term, each ending within it: 2024 (from the day of signature) to 2033; 2034 ends after expiry.
        Assert.Equal(Enumerable.Range(2024, 10), leaders.Occurrences.Select(o => o.Year));
        Assert.Equal(new LocalDate(2024, 2, 24), leaders.Occurrences[0].Opens);
        Assert.Equal(new LocalDate(2033, 12, 31), leaders.Occurrences[^1].Due);
        Assert.Equal([OccurrenceStatus.Missed, OccurrenceStatus.Missed, OccurrenceStatus.Due, OccurrenceStatus.Upcoming],
            leaders.Occurrences.Take(4).Select(o => o.Status));
        Assert.Equal(2026, leaders.Next!.Year);
        Assert.Equal(new LocalDate(2026, 12, 31), leaders.Next.Due);

        var review = report.Duties.Single(d => d.Duty.Kind == DutyKind.Deadline);
        Assert.Equal(new LocalDate(2027, 2, 24), review.Next!.Due);
        Assert.Equal(OccurrenceStatus.Due, review.Next.Status);
        var expiry = report.Duties.Single(d => d.Duty.Kind == DutyKind.Expiry);
        Assert.Equal((new LocalDate(2034, 2, 24), OccurrenceStatus.Upcoming), (expiry.Next!.Due, expiry.Next.Status));
        Assert.All(report.Duties.Where(d => d.Duty.Kind is DutyKind.OnRequest or DutyKind.OnNotice), d => Assert.Empty(d.Occurrences));

        // A year asked for lists that year's occurrences only; the next one is still the next one.
        var of2025 = ObligationSchedule.Build(await CusspAsync(db), [], new LocalDate(2026, 12, 7), 2025);
        var leaders2025 = of2025.Duties.Single(d => d.Duty.MeetingKind == MeetingKind.LeadersMeeting);
        Assert.Equal(OccurrenceStatus.Missed, Assert.Single(leaders2025.Occurrences).Status);
        Assert.Equal(2026, leaders2025.Next!.Year);
    }

    [Fact]
    public async Task Review_NotHeldByItsDate_IsOverdue_HeldLate_IsMetLate_AndTheTermsEnd_Passes()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        var snapshot = await CusspAsync(db);
        OccurrenceStatus ReviewOn(LocalDate today, params MeetingRecord[] held) =>
            ObligationSchedule.Build(snapshot, held, today).Duties.Single(d => d.Duty.Kind == DutyKind.Deadline).Occurrences.Single().Status;

        Assert.Equal(OccurrenceStatus.Due, ReviewOn(new LocalDate(2027, 2, 24)));
        Assert.Equal(OccurrenceStatus.Overdue, ReviewOn(new LocalDate(2027, 2, 25)));
        var late = Record(MeetingKind.Review, "VIII.B.1", "2027-03-01T09:00:00+02:00");
        var report = ObligationSchedule.Build(snapshot, [late], new LocalDate(2027, 3, 2));
        var review = report.Duties.Single(d => d.Duty.Kind == DutyKind.Deadline).Occurrences.Single();
        Assert.Equal((OccurrenceStatus.Met, true), (review.Status, review.Late));
        Assert.Null(report.Duties.Single(d => d.Duty.Kind == DutyKind.Deadline).Next);

        var expiry = ObligationSchedule.Build(snapshot, [], new LocalDate(2034, 2, 24)).Duties.Single(d => d.Duty.Kind == DutyKind.Expiry);
        Assert.Equal(OccurrenceStatus.Passed, expiry.Occurrences.Single().Status);
        Assert.Equal(OccurrenceStatus.Upcoming, ObligationSchedule.Build(snapshot, [], new LocalDate(2034, 2, 23))
            .Duties.Single(d => d.Duty.Kind == DutyKind.Expiry).Occurrences.Single().Status);
    }

    [Fact]
    public async Task Meetings_CountOnTheirDayInKyiv_AndMinisterialMeetingsNeedTwoAYear()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        var snapshot = await CusspAsync(db);
        // 31 December 2025 at 22:30 UTC is already 1 January 2026 in Kyiv (UTC+2 in winter), still 31 December in Ottawa.
        var newYear = Record(MeetingKind.LeadersMeeting, "II.1.i", "2025-12-31T22:30:00Z");
        // Two ministerial meetings in 2025 meet that year's duty; one in 2024 does not.
        var ministers = new[]
        {
            Record(MeetingKind.MinisterialMeeting, "II.1.i", "2024-06-01T10:00:00+03:00"),
            Record(MeetingKind.MinisterialMeeting, "II.1.i", "2025-03-01T10:00:00+02:00"),
            Record(MeetingKind.MinisterialMeeting, "II.1.i", "2025-10-01T10:00:00-04:00"),
        };
        var report = ObligationSchedule.Build(snapshot, [newYear, .. ministers], new LocalDate(2026, 3, 1));

        var leaders = report.Duties.Single(d => d.Duty.MeetingKind == MeetingKind.LeadersMeeting).Occurrences;
        Assert.Equal(OccurrenceStatus.Missed, leaders.Single(o => o.Year == 2025).Status);
        var of2026 = leaders.Single(o => o.Year == 2026);
        Assert.Equal(OccurrenceStatus.Met, of2026.Status);
        Assert.Equal(new LocalDate(2026, 1, 1), Assert.Single(of2026.Held).HeldOn);

        var ministerial = report.Duties.Single(d => d.Duty.MeetingKind == MeetingKind.MinisterialMeeting).Occurrences;
        var of2024 = ministerial.Single(o => o.Year == 2024);
        Assert.Equal((OccurrenceStatus.Missed, 1, 2), (of2024.Status, of2024.Held.Count, of2024.Required));
        Assert.Equal(OccurrenceStatus.Met, ministerial.Single(o => o.Year == 2025).Status);
        Assert.Equal(OccurrenceStatus.Due, ministerial.Single(o => o.Year == 2026).Status);
    }

    [Fact]
    public async Task AScheduledMeeting_MeetsItsDutyOnlyOnceItHasBegun()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        var snapshot = await CusspAsync(db);
        var scheduled = Record(MeetingKind.LeadersMeeting, "II.1.i", "2026-10-15T10:00:00+03:00");

        var before = ObligationSchedule.Build(snapshot, [scheduled], new LocalDate(2026, 10, 14), now: At("2026-10-14T12:00:00+03:00"));
        var onTheDay = ObligationSchedule.Build(snapshot, [scheduled], new LocalDate(2026, 10, 15), now: At("2026-10-15T10:00:00+03:00"));
        var byTheDay = ObligationSchedule.Build(snapshot, [scheduled], new LocalDate(2026, 10, 15));

        OccurrenceStatus Of2026(ObligationsReport r) =>
            r.Duties.Single(d => d.Duty.MeetingKind == MeetingKind.LeadersMeeting).Occurrences.Single(o => o.Year == 2026).Status;
        Assert.Equal((OccurrenceStatus.Due, OccurrenceStatus.Met, OccurrenceStatus.Met), (Of2026(before), Of2026(onTheDay), Of2026(byTheDay)));
    }

    private static MeetingRecord Record(MeetingKind kind, string citation, string startsAt) => new()
    {
        Id = Guid.NewGuid(),
        AgreementId = AgreementRegister.CusspId,
        Kind = kind,
        Citation = citation,
        Title = kind.ToString(),
        StartsAt = At(startsAt),
        Place = "Kyiv",
        Area = "framework",
        RecordedBy = "test",
    };

    [Theory, Databases]
    public async Task Clock_CountsOnlyTheMeetingsTheReaderMayRead_AndLogsTheProtectedOnesItShows(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider, Instant.FromUtc(2025, 11, 1, 10, 0));
        await using var scope = db.Services.CreateAsyncScope();
        var meetings = scope.ServiceProvider.GetRequiredService<Meetings>();
        var open = await meetings.RecordAsync(Writer(), AgreementRegister.CusspId, Meeting(MeetingKind.LeadersMeeting, "2025-05-10T11:00:00+03:00"), Ct);
        var secret = await meetings.RecordAsync(Writer(), AgreementRegister.CusspId,
            Meeting(MeetingKind.DefencePolicyDialogue, "2025-06-10T11:00:00+03:00", SecurityClassification.Secret), Ct);
        Assert.Equal("II.1.i", open.Citation);
        Assert.Equal("IV.A.7.i", secret.Citation);

        var clock = scope.ServiceProvider.GetRequiredService<ObligationClock>();
        var cleared = await clock.ReportAsync(Writer(roles: Roles.Viewer), AgreementRegister.CusspId, 2025, Ct);
        var notCleared = await clock.ReportAsync(Writer(Participant.Ukraine, SecurityClassification.ProtectedB, Roles.Viewer), AgreementRegister.CusspId, 2025, Ct);
        OccurrenceStatus Dialogue(ObligationsReport r) => r.Duties.Single(d => d.Duty.MeetingKind == MeetingKind.DefencePolicyDialogue).Occurrences.Single().Status;
        OccurrenceStatus Leaders(ObligationsReport r) => r.Duties.Single(d => d.Duty.MeetingKind == MeetingKind.LeadersMeeting).Occurrences.Single().Status;

        Assert.Equal((OccurrenceStatus.Met, OccurrenceStatus.Met), (Leaders(cleared), Dialogue(cleared)));
        Assert.Equal((OccurrenceStatus.Met, OccurrenceStatus.Due), (Leaders(notCleared), Dialogue(notCleared)));
        var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var logged = await context.AuditEntries.AsNoTracking().Where(e => e.RecordType == Meetings.RecordType).Select(e => new { e.Action, e.RecordId }).ToListAsync(Ct);
        Assert.Equal(2, logged.Count(e => e.Action == "meeting.record"));
        Assert.Contains(logged, e => e.Action == "read" && e.RecordId == secret.Id.ToString());
        Assert.DoesNotContain(logged, e => e.Action == "read" && e.RecordId == open.Id.ToString());
    }

    [Theory, Databases]
    public async Task Record_BadInput_IsRefusedByField_AndSavesNothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider, Instant.FromUtc(2025, 11, 1, 10, 0));
        await using var scope = db.Services.CreateAsyncScope();
        var meetings = scope.ServiceProvider.GetRequiredService<Meetings>();

        var early = await Assert.ThrowsAsync<InvalidInputException>(() =>
            meetings.RecordAsync(Writer(), AgreementRegister.CusspId, Meeting(MeetingKind.LeadersMeeting, "2024-02-23T12:00:00+02:00"), Ct));
        Assert.Contains("startsAt", early.Errors.Keys);
        var cited = await Assert.ThrowsAsync<InvalidInputException>(() =>
            meetings.RecordAsync(Writer(), AgreementRegister.CusspId, Meeting(MeetingKind.Other, "2025-02-23T12:00:00+02:00", citation: "XX.9"), Ct));
        Assert.Contains("citation", cited.Errors.Keys);
        var untitled = await Assert.ThrowsAsync<InvalidInputException>(() =>
            meetings.RecordAsync(Writer(), AgreementRegister.CusspId, Meeting(MeetingKind.Review, "2025-02-23T12:00:00+02:00") with { Title = " " }, Ct));
        Assert.Contains("title", untitled.Errors.Keys);
        await Assert.ThrowsAsync<RefusedException>(() =>
            meetings.RecordAsync(Writer(roles: Roles.Viewer), AgreementRegister.CusspId, Meeting(MeetingKind.Review, "2025-02-23T12:00:00+02:00"), Ct));
        await Assert.ThrowsAsync<RefusedException>(() => meetings.RecordAsync(Writer(clearance: SecurityClassification.ProtectedA), AgreementRegister.CusspId,
            Meeting(MeetingKind.Review, "2025-02-23T12:00:00+02:00", SecurityClassification.Secret), Ct));

        var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        Assert.Equal(0, await context.Meetings.CountAsync(Ct));
        Assert.Equal(0, await context.AuditEntries.CountAsync(e => e.RecordType == Meetings.RecordType, Ct));
    }
}
