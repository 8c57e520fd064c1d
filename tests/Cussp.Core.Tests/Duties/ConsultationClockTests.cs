using Cussp.Agreements;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Notifications;
using Cussp.Obligations;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NodaTime;
using NodaTime.Testing;
using NodaTime.Text;

namespace Cussp.Core.Tests.Duties;

/// <summary>
/// The 24-hour clock of consultation requests: each request an occurrence of the duty to consult, due until 24 hours after the
/// instant it was filed, then overdue, met when the consultation is recorded (late after the deadline); dates in Kyiv across both
/// zones' changes of time; the notice's e-mail and the webhook's signature.
/// </summary>
public class ConsultationClockTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Instant At(string text) => OffsetDateTimePattern.ExtendedIso.Parse(text).GetValueOrThrow().ToInstant();

    private static ConsultationRecord Request(Instant at, Instant? heldAt = null) => new()
    {
        Id = Guid.NewGuid(),
        AgreementId = AgreementRegister.CusspId,
        Ground = ConsultationGround.RenewedAggression,
        Citation = "II.3",
        Summary = "s",
        RequestedBy = "r",
        RequestedAt = at,
        DueAt = at + Consultations.Window,
        HeldAt = heldAt,
        Area = "defence-security",
        Originator = Participant.Ukraine,
    };

    private static async Task<RegisterSnapshot> CusspAsync(TestDatabase db)
    {
        await using var scope = db.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync(AgreementRegister.CusspId, Ct))!;
    }

    private static Occurrence OnlyRequest(RegisterSnapshot snapshot, ConsultationRecord c, Instant now) =>
        Assert.Single(ObligationSchedule.Build(snapshot, [], now.InZone(Time.Zones.Kyiv).Date, null, [c], now).Duties
            .Single(d => d.Duty.Key == "II.3/on-request").Occurrences);

    [Fact]
    public async Task Request_IsDueUntil24HoursAfterFiling_ThenOverdue_AndMetWhenHeld_LateAfterTheDeadline()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        var snapshot = await CusspAsync(db);
        // Filed at 23:59 in Kyiv on 14 March 2026: Ottawa is already on summer time, Kyiv not yet, so they are 6 hours apart.
        var filed = At("2026-03-14T23:59:00+02:00");
        var open = Request(filed);
        var due = OnlyRequest(snapshot, open, filed + Duration.FromHours(23) + Duration.FromMinutes(59));
        Assert.Equal((OccurrenceStatus.Due, new LocalDate(2026, 3, 14), new LocalDate(2026, 3, 15)), (due.Status, due.Opens, due.Due));
        Assert.Equal(OccurrenceStatus.Due, OnlyRequest(snapshot, open, filed + Duration.FromHours(24)).Status);
        Assert.Equal(OccurrenceStatus.Overdue, OnlyRequest(snapshot, open, filed + Duration.FromHours(24) + Duration.FromSeconds(1)).Status);
        Assert.Equal((new LocalDateTime(2026, 3, 15, 17, 59), Offset.FromHours(-4)),
            (open.DueAt.InZone(Time.Zones.Ottawa).LocalDateTime, open.DueAt.InZone(Time.Zones.Ottawa).Offset));
        Assert.Equal(open.Id, due.Request!.Id);

        var onTime = OnlyRequest(snapshot, Request(filed, filed + Duration.FromHours(20)), filed + Duration.FromDays(3));
        Assert.Equal((OccurrenceStatus.Met, false), (onTime.Status, onTime.Late));
        var late = OnlyRequest(snapshot, Request(filed, filed + Duration.FromHours(30)), filed + Duration.FromDays(3));
        Assert.Equal((OccurrenceStatus.Met, true), (late.Status, late.Late));
    }

    [Fact]
    public async Task Deadline_IsTwentyFourHoursOfElapsedTime_AcrossKyivsChangeOfClocks()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        var snapshot = await CusspAsync(db);
        // Kyiv moves its clocks forward at 03:00 on 29 March 2026: a request at 12:00 that day is due at 12:00 the next (local time
        // unchanged), but one filed at 02:30 on the 29th is due at 03:30 on the 30th, 24 hours later.
        var beforeChange = Request(At("2026-03-29T02:30:00+02:00"));
        Assert.Equal(new LocalDateTime(2026, 3, 30, 3, 30), beforeChange.DueAt.InZone(Time.Zones.Kyiv).LocalDateTime);
        // Ottawa moves back on 1 November 2026: a request at 09:00 Ottawa on 31 October is due at 08:00 Ottawa on 1 November.
        var ottawa = Request(At("2026-10-31T09:00:00-04:00"));
        Assert.Equal(new LocalDateTime(2026, 11, 1, 8, 0), ottawa.DueAt.InZone(Time.Zones.Ottawa).LocalDateTime);
        // In the week between Kyiv's change (25 October) and Ottawa's (1 November), the capitals are 6 hours apart again.
        var week = Request(At("2026-10-27T23:59:00+02:00"));
        var occurrence = OnlyRequest(snapshot, week, week.RequestedAt);
        Assert.Equal((new LocalDate(2026, 10, 27), new LocalDate(2026, 10, 28)), (occurrence.Opens, occurrence.Due));
        Assert.Equal(Duration.FromHours(6), week.DueAt.InZone(Time.Zones.Kyiv).LocalDateTime.InUtc().ToInstant()
            - week.DueAt.InZone(Time.Zones.Ottawa).LocalDateTime.InUtc().ToInstant());
    }

    [Theory, Databases]
    public async Task Recording_BeforeTheRequest_IsRefused_NothingSaved_TheAttemptLogged_AndEscalationStopsWhenAcknowledged(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        var clock = db.Clock;
        clock.Reset(At("2026-06-01T09:00:00+03:00"));
        string[] areas = ["defence-security"];
        var ua = new AccessSubject(Guid.NewGuid(), "ua", Participant.Ukraine, SecurityClassification.Secret, Roles.Contributor, areas);
        var ca = new AccessSubject(Guid.NewGuid(), "ca", Participant.Canada, SecurityClassification.Secret, Roles.Contributor, areas);
        ConsultationRecord filed;
        await using (var scope = db.Services.CreateAsyncScope())
        {
            filed = await scope.ServiceProvider.GetRequiredService<Consultations>().RequestAsync(ua, AgreementRegister.CusspId,
                new ConsultationRequestInput(ConsultationGround.RenewedAggression, "Strikes.", SecurityClassification.Secret), Ct);
        }
        clock.Advance(Duration.FromHours(3));
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var e = await Assert.ThrowsAsync<InvalidInputException>(() => scope.ServiceProvider.GetRequiredService<Consultations>().RecordAsync(ca, filed.Id,
                new ConsultationHeldInput(filed.RequestedAt - Duration.FromMinutes(1), "Ministers", ConsultationMeasures.Assistance, null, []), filed.Version, Ct));
            Assert.Equal("heldAt", e.Field);
            var future = await Assert.ThrowsAsync<InvalidInputException>(() => scope.ServiceProvider.GetRequiredService<Consultations>().RecordAsync(ca, filed.Id,
                new ConsultationHeldInput(clock.GetCurrentInstant() + Duration.FromMinutes(1), "Ministers", ConsultationMeasures.None, null, []), filed.Version, Ct));
            Assert.Equal("heldAt", future.Field);
            var task = await Assert.ThrowsAsync<InvalidInputException>(() => scope.ServiceProvider.GetRequiredService<Consultations>().RecordAsync(ca, filed.Id,
                new ConsultationHeldInput(filed.RequestedAt, "Ministers", ConsultationMeasures.None, null, [new("Act", "", new LocalDate(2026, 5, 1))]), filed.Version, Ct));
            Assert.Equal(["followUps[0].dueOn", "followUps[0].owner"], task.Errors.Keys.Order(StringComparer.Ordinal));
        }
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var data = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            var stored = await data.Consultations.AsNoTracking().SingleAsync(c => c.Id == filed.Id, Ct);
            Assert.Equal((null, 0), (stored.HeldAt, stored.Version));
            Assert.Equal(0, await data.ConsultationTasks.CountAsync(Ct));
            Assert.Equal(3, await data.AuditEntries.CountAsync(a => a.Action == "consultation.record.refused" && a.RecordId == filed.Id.ToString(), Ct));
            // Acknowledged by Ukraine's own side? No: only the side asked acknowledges.
            await Assert.ThrowsAsync<RefusedException>(() => scope.ServiceProvider.GetRequiredService<Consultations>().AcknowledgeAsync(ua, filed.Id, 0, Ct));
            await scope.ServiceProvider.GetRequiredService<Consultations>().AcknowledgeAsync(ca, filed.Id, 0, Ct);
        }
        clock.Advance(Duration.FromHours(20));
        await using (var scope = db.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<ConsultationEscalation>().RunOnceAsync(Ct));
        }
    }

    [Fact]
    public void Email_TellsTheDatesInBothCapitals_InTheParticipantsSecondLanguage_WithoutTheRequestsWords()
    {
        var notice = new Notice(NoticeEvents.Escalated, 2, Consultations.RecordType, Guid.NewGuid(), "cussp", "II.3", "renewed-aggression", "Ukraine",
            "SECRET", "2026-10-27T21:59:00Z", "2026-10-28T21:59:00Z", "https://desk.example.org/consultations/x");
        using var toCanada = EmailSender.Compose(notice, Participant.Canada, MailboxAddress.Parse("desk@example.org"), [MailboxAddress.Parse("duty@example.ca")]);
        Assert.StartsWith("ESCALATION 2: ", toCanada.Subject, StringComparison.Ordinal);
        Assert.Contains(" / ESCALADE 2 : ", toCanada.Subject, StringComparison.Ordinal);
        Assert.Contains("2026-10-28 23:59 Kyiv · 2026-10-28 17:59 Ottawa · 2026-10-28 21:59 UTC", toCanada.TextBody, StringComparison.Ordinal);
        using var toUkraine = EmailSender.Compose(notice, Participant.Ukraine, MailboxAddress.Parse("desk@example.org"), [MailboxAddress.Parse("duty@example.ua")]);
        Assert.Contains("ЕСКАЛАЦІЯ 2", toUkraine.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("ESCALADE", toUkraine.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Webhook_Signature_IsHmacSha256OfTimestampDotBody_AsAnotherImplementationComputesIt()
    {
        // Computed with Python's hmac module: hmac.new(secret, b"1767225600." + body, hashlib.sha256).hexdigest().
        const string Body = "{\"event\":\"consultation.requested\"}";
        Assert.Equal("sha256=5deebd30d3248b9f251dd16478660c49aa48146223c23d8fecd459f0e1b2725d", WebhookSender.Sign("a-webhook-secret-0123", "1767225600", Body));
        Assert.Equal("sha256=8c38d6ae5e4974f4c6084f64ec0140d24ab70f2a996b800e9a32ee4b6f6a6697", WebhookSender.Sign("a-webhook-secret-0123", "1767225601", Body));
    }

    [Fact]
    public void Settings_ThatCannotWork_AreRefused_NamingTheSetting()
    {
        new NotificationSettings().Validate();
        var noSecret = Assert.Throws<ConfigurationException>(() => new NotificationSettings { Ukraine = new(WebhookUrl: "https://hooks.example.ua/") }.Validate());
        Assert.Contains("Notifications:Ukraine:WebhookSecret", noSecret.Message, StringComparison.Ordinal);
        var badUrl = Assert.Throws<ConfigurationException>(() => new NotificationSettings { Canada = new(WebhookUrl: "ftp://x", WebhookSecret: "0123456789abcdef") }.Validate());
        Assert.Contains("Notifications:Canada:WebhookUrl", badUrl.Message, StringComparison.Ordinal);
        var badMail = Assert.Throws<ConfigurationException>(() => new NotificationSettings { Canada = new(Email: "duty desk") }.Validate());
        Assert.Contains("Notifications:Canada:Email", badMail.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigurationException>(() => new NotificationSettings { WebhookRetries = 0 }.Validate());
        Assert.Equal(["a@example.org", "b@example.org"], new ParticipantContacts(Email: "a@example.org; b@example.org").Mailboxes);
    }
}
