using Cussp.Agreements;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Obligations;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Duties;

/// <summary>
/// The agreement's states from its dates and the steps recorded: in effect from signature, termination notified then terminated six
/// calendar months after the notice's receipt (31 August → 28 February), under review while a review is open, expired at the end of the
/// term; Ukraine's membership of NATO creating the duty to decide on the future status (VIII.A.3), met by the decision.
/// </summary>
public class LifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AccessSubject Approver = new(Guid.NewGuid(), "approver", Participant.Canada, SecurityClassification.Secret, Roles.Approver,
        ["framework"]);

    private static async Task<(IReadOnlyList<AgreementState> States, LocalDate? Ends)> StandingAsync(TestDatabase db)
    {
        await using var scope = db.Services.CreateAsyncScope();
        var s = await scope.ServiceProvider.GetRequiredService<AgreementLifecycle>().StandingAsync(Approver, AgreementRegister.CusspId, Ct);
        return (s.States, s.Ends);
    }

    private static async Task RecordAsync(TestDatabase db, LifecycleEventKind kind, LocalDate on, Participant? by = null, AccessSubject? who = null)
    {
        await using var scope = db.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AgreementLifecycle>().RecordAsync(who ?? Approver, AgreementRegister.CusspId,
            new LifecycleEventInput(kind, on, by, "recorded in a test"), Ct);
    }

    private static async Task<DutySchedule?> DutyAsync(TestDatabase db, string key)
    {
        await using var scope = db.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ObligationClock>().ReportAsync(Approver, AgreementRegister.CusspId, null, Ct);
        return report.Duties.SingleOrDefault(d => d.Duty.Key == key);
    }

    private static void Today(TestDatabase db, int y, int m, int d) => db.Clock.Reset(new LocalDate(y, m, d).At(new LocalTime(12, 0)).InZoneStrictly(Time.Zones.Kyiv).ToInstant());

    [Theory, Databases]
    public async Task Notice_OnTheLastDayOfAugust_TerminatesOnTheLastDayOfFebruary_AfterBeingNotified(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        Today(db, 2025, 9, 1);
        var first = await StandingAsync(db);
        Assert.Equal([AgreementState.InEffect], first.States);
        Assert.Equal(new LocalDate(2034, 2, 24), first.Ends);

        await RecordAsync(db, LifecycleEventKind.TerminationNotice, new LocalDate(2025, 8, 31), Participant.Ukraine);
        var notified = await StandingAsync(db);
        Assert.Equal([AgreementState.InEffect, AgreementState.TerminationNotified], notified.States);
        Assert.Equal(new LocalDate(2026, 2, 28), notified.Ends);
        var notice = (await DutyAsync(db, "VIII.D.1/on-notice"))!.Occurrences.Single();
        Assert.Equal((new LocalDate(2026, 2, 28), OccurrenceStatus.Upcoming), (notice.Due, notice.Status));
        var second = await Assert.ThrowsAsync<InvalidInputException>(() => RecordAsync(db, LifecycleEventKind.TerminationNotice, new LocalDate(2025, 9, 1), Participant.Canada));
        Assert.Equal("kind", second.Field);

        Today(db, 2026, 2, 27);
        Assert.Contains(AgreementState.TerminationNotified, (await StandingAsync(db)).States);
        Today(db, 2026, 2, 28);
        Assert.Equal([AgreementState.Terminated], (await StandingAsync(db)).States);
        Assert.Equal(OccurrenceStatus.Passed, (await DutyAsync(db, "VIII.D.1/on-notice"))!.Occurrences.Single().Status);
    }

    [Theory, Databases]
    public async Task NatoMembership_CreatesTheDutyToDecideTheFutureStatus_MetByTheDecision_AndReviewsOpenAndClose(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        Today(db, 2028, 7, 15);
        Assert.Null(await DutyAsync(db, "VIII.A.3/future-status"));
        await Assert.ThrowsAsync<InvalidInputException>(() => RecordAsync(db, LifecycleEventKind.FutureStatusDecided, new LocalDate(2028, 7, 1)));

        await RecordAsync(db, LifecycleEventKind.NatoMembership, new LocalDate(2028, 7, 10));
        var duty = (await DutyAsync(db, "VIII.A.3/future-status"))!;
        Assert.Equal((DutyKind.OnEvent, OccurrenceStatus.Due, new LocalDate(2028, 7, 10)), (duty.Duty.Kind, duty.Next!.Status, duty.Next.Opens));
        await RecordAsync(db, LifecycleEventKind.FutureStatusDecided, new LocalDate(2028, 7, 14));
        Assert.Equal(OccurrenceStatus.Met, (await DutyAsync(db, "VIII.A.3/future-status"))!.Occurrences.Single().Status);

        await RecordAsync(db, LifecycleEventKind.ReviewOpened, new LocalDate(2028, 7, 12));
        Assert.Equal([AgreementState.InEffect, AgreementState.UnderReview], (await StandingAsync(db)).States);
        await Assert.ThrowsAsync<InvalidInputException>(() => RecordAsync(db, LifecycleEventKind.ReviewOpened, new LocalDate(2028, 7, 13)));
        await RecordAsync(db, LifecycleEventKind.ReviewClosed, new LocalDate(2028, 7, 15));
        Assert.Equal([AgreementState.InEffect], (await StandingAsync(db)).States);

        // A day to come, or before signature, is refused; so is a contributor.
        Assert.Equal("occurredOn", (await Assert.ThrowsAsync<InvalidInputException>(() => RecordAsync(db, LifecycleEventKind.ReviewOpened, new LocalDate(2028, 7, 16)))).Field);
        Assert.Equal("occurredOn", (await Assert.ThrowsAsync<InvalidInputException>(() => RecordAsync(db, LifecycleEventKind.ReviewOpened, new LocalDate(2024, 2, 23)))).Field);
        await Assert.ThrowsAsync<RefusedException>(() => RecordAsync(db, LifecycleEventKind.ReviewOpened, new LocalDate(2028, 7, 15),
            who: Approver with { Roles = Roles.Contributor }));
        await using var scope = db.Services.CreateAsyncScope();
        Assert.Equal(4, await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.CountAsync(e => e.Action == "lifecycle.record", Ct));

        Today(db, 2034, 2, 24);
        Assert.Equal([AgreementState.Expired], (await StandingAsync(db)).States);
    }
}
