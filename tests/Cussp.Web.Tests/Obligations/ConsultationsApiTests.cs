using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Notifications;
using Cussp.Obligations;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Obligations;

/// <summary>
/// Consultation requests through <c>/api/v1/consultations</c>: the 24-hour clock from the instant of filing, shown in Kyiv, Ottawa and
/// UTC; the other side notified in the app, by e-mail to an SMTP server and by a signed webhook retried after failures; escalations
/// at 12 and 20 hours sent once even when two nodes run them at once; the consultation recorded, meeting the duty.
/// </summary>
public sealed class ConsultationsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Areas = ["framework", "defence-security"];

    private const string Secret = "a-webhook-secret-of-ukraine-0123";

    // 14 March 2026, 23:59 in Kyiv: Ottawa has moved its clocks (8 March) and Kyiv has not yet (29 March), so they are 6 hours apart.
    private static readonly Instant Filed = Instant.FromUtc(2026, 3, 14, 21, 59);

    private static Task<HttpClient> ClientAsync(CusspApp app, string name, Participant participant, Roles roles,
        SecurityClassification clearance = SecurityClassification.Secret) => app.ApiClientAsync(name, participant, roles, Areas, clearance);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private static async Task<T> InScopeAsync<T>(CusspApp app, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static Task<List<string>> AuditActionsAsync(CusspApp app) =>
        InScopeAsync(app, sp => sp.GetRequiredService<CusspDbContext>().AuditEntries.Where(e => e.RecordType == Consultations.RecordType)
            .OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct));

    private static HttpRequestMessage Post(string url, object? body, string etag) =>
        new(HttpMethod.Post, url) { Content = JsonContent.Create(body ?? new { }), Headers = { IfMatch = { new EntityTagHeaderValue(etag) } } };

    private static async Task<JsonElement> NoticesAsync(HttpClient client)
    {
        var response = await client.GetAsync(new Uri("/api/v1/notifications/", UriKind.Relative), Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        return await JsonAsync(response);
    }

    [Theory, Databases]
    public async Task Request_StartsTheClock_NotifiesTheOtherSide_Escalates_AndIsMetWhenRecorded(DatabaseProvider provider)
    {
        await using var smtp = new TestSmtpServer();
        await using var hook = await TestWebhook.StartAsync(failFirst: 1);
        await using var app = await CusspApp.StartAsync(provider, [.. smtp.Settings("duty@mod.gov.ua", "duty@international.gc.ca"),
            new("Notifications:Ukraine:WebhookUrl", hook.Url), new("Notifications:Ukraine:WebhookSecret", Secret),
            new("Notifications:WebhookRetryDelay", "00:00:00.010"), new("Notifications:PublicUrl", "https://desk.example.org")]);
        app.Clock.Reset(Filed);
        var requester = await ClientAsync(app, "ca-writer", Participant.Canada, Roles.Contributor);
        var caApprover = await ClientAsync(app, "ca-approver", Participant.Canada, Roles.Approver);
        var uaApprover = await ClientAsync(app, "ua-approver", Participant.Ukraine, Roles.Approver);
        var uaWriter = await ClientAsync(app, "ua-writer", Participant.Ukraine, Roles.Contributor);
        var uncleared = await ClientAsync(app, "ua-uncleared", Participant.Ukraine, Roles.Approver, SecurityClassification.ProtectedB);

        var created = await requester.PostAsJsonAsync("/api/v1/consultations/", new
        {
            ground = "renewed-aggression",
            summary = "Massed missile strikes on Kyiv's power grid overnight.",
            classification = "CONFIDENTIAL",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var request = await JsonAsync(created);
        var id = request.GetProperty("id").GetGuid();
        Assert.Equal(("II.3", "requested", "Canada"), (request.GetProperty("citation").GetString(), request.GetProperty("state").GetString(),
            request.GetProperty("requester").GetString()));
        Assert.Equal(86_400, request.GetProperty("secondsLeft").GetInt64());
        var due = request.GetProperty("dueAt");
        Assert.Equal("2026-03-15T21:59:00Z", due.GetProperty("utc").GetString());
        Assert.Equal("2026-03-15T23:59:00+02:00", due.GetProperty("kyiv").GetString());
        Assert.Equal("2026-03-15T17:59:00-04:00", due.GetProperty("ottawa").GetString());
        Assert.Equal("CONFIDENTIAL // REL CAN UKR // defence-security", request.GetProperty("marking").GetString());

        // In the app: the side asked, as far as its approvers may read the request; not the requesting side, not the uncleared.
        var inbox = await NoticesAsync(uaApprover);
        Assert.Equal(1, inbox.GetProperty("unread").GetInt32());
        Assert.Equal(("consultation.requested", id), (inbox.GetProperty("items")[0].GetProperty("event").GetString(),
            inbox.GetProperty("items")[0].GetProperty("subjectId").GetGuid()));
        Assert.Equal(0, (await NoticesAsync(caApprover)).GetProperty("total").GetInt32());
        Assert.Equal(0, (await NoticesAsync(uncleared)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await uncleared.GetAsync(new Uri($"/api/v1/consultations/{id}", UriKind.Relative), Ct)).StatusCode);

        // Outside: one e-mail to Ukraine's duty mailbox, without the request's words; one webhook call, retried once after a 503.
        var sent = await InScopeAsync(app, sp => sp.GetRequiredService<NoticeDelivery>().RunOnceAsync(Ct));
        Assert.Equal((2, 0), sent);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("duty@mod.gov.ua", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Contains("II.3", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("2026-03-15 23:59 Kyiv · 2026-03-15 17:59 Ottawa · 2026-03-15 21:59 UTC", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://desk.example.org/consultations/{id}", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("згідно з II.3", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("missile", mail.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([503, 204], hook.Calls.Select(c => c.Status));
        var call = hook.Calls.Last();
        Assert.Equal(WebhookSender.Sign(Secret, call.Timestamp!, call.Body), call.Signature);
        Assert.NotEqual(WebhookSender.Sign("another-secret-entirely-0123456", call.Timestamp!, call.Body), call.Signature);
        Assert.Equal("consultation.requested", call.Event);
        var body = JsonDocument.Parse(call.Body).RootElement;
        Assert.Equal((id, "2026-03-15T21:59:00Z"), (body.GetProperty("subjectId").GetGuid(), body.GetProperty("dueAt").GetString()));
        Assert.DoesNotContain("missile", call.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((0, 0), await InScopeAsync(app, sp => sp.GetRequiredService<NoticeDelivery>().RunOnceAsync(Ct)));

        // The duty to consult within 24 hours is due.
        var clock = await JsonAsync(await caApprover.GetAsync(new Uri("/api/v1/obligations/?year=2026", UriKind.Relative), Ct));
        var duty = clock.GetProperty("duties").EnumerateArray().Single(d => d.GetProperty("key").GetString() == "II.3/on-request");
        Assert.Equal(("due", "2026-03-14", "2026-03-15"), (duty.GetProperty("occurrences")[0].GetProperty("status").GetString(),
            duty.GetProperty("occurrences")[0].GetProperty("opens").GetString(), duty.GetProperty("occurrences")[0].GetProperty("due").GetString()));

        // Unacknowledged: nothing at 11 h 59, the first escalation at 12 h, the second at 20 h.
        app.Clock.Reset(Filed + Duration.FromHours(12) - Duration.FromMinutes(1));
        Assert.Equal(0, await InScopeAsync(app, sp => sp.GetRequiredService<ConsultationEscalation>().RunOnceAsync(Ct)));
        app.Clock.Reset(Filed + Duration.FromHours(12));
        Assert.Equal(1, await InScopeAsync(app, sp => sp.GetRequiredService<ConsultationEscalation>().RunOnceAsync(Ct)));
        var escalated = (await NoticesAsync(uaApprover)).GetProperty("items")[0];
        Assert.Equal(("consultation.escalated", 1), (escalated.GetProperty("event").GetString(), escalated.GetProperty("level").GetInt32()));
        Assert.Equal("consultation.escalated", (await NoticesAsync(requester)).GetProperty("items")[0].GetProperty("event").GetString());
        app.Clock.Reset(Filed + Duration.FromHours(20));
        Assert.Equal(1, await InScopeAsync(app, sp => sp.GetRequiredService<ConsultationEscalation>().RunOnceAsync(Ct)));
        Assert.Equal(0, await InScopeAsync(app, sp => sp.GetRequiredService<ConsultationEscalation>().RunOnceAsync(Ct)));
        Assert.Equal(2, (await JsonAsync(await caApprover.GetAsync(new Uri($"/api/v1/consultations/{id}", UriKind.Relative), Ct)))
            .GetProperty("escalations").GetInt32());

        // The requesting side cannot acknowledge its own request; the side asked does, with the version it read.
        var read = await uaWriter.GetAsync(new Uri($"/api/v1/consultations/{id}", UriKind.Relative), Ct);
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.SendAsync(Post($"/api/v1/consultations/{id}/acknowledge", null, etag), Ct)).StatusCode);
        var acknowledged = await uaWriter.SendAsync(Post($"/api/v1/consultations/{id}/acknowledge", null, etag), Ct);
        Assert.True(acknowledged.IsSuccessStatusCode, await acknowledged.Content.ReadAsStringAsync(Ct));
        Assert.Equal("acknowledged", (await JsonAsync(acknowledged)).GetProperty("state").GetString());
        etag = acknowledged.Headers.ETag!.Tag;

        // A consultation before its request is refused, nothing saved, the attempt logged.
        var early = await requester.SendAsync(Post($"/api/v1/consultations/{id}/record", new
        {
            heldAt = "2026-03-14T20:00:00Z",
            attendees = "Deputy ministers of defence",
            measures = new[] { "assistance" },
        }, etag), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.True((await JsonAsync(early)).GetProperty("errors").TryGetProperty("heldAt", out _));
        Assert.Contains("consultation.record.refused", await AuditActionsAsync(app));

        var recorded = await requester.SendAsync(Post($"/api/v1/consultations/{id}/record", new
        {
            heldAt = "2026-03-15T10:00:00+02:00",
            attendees = "Minister of National Defence; Minister of Defence of Ukraine",
            measures = new[] { "assistance", "costs-on-russia", "reimpose-sanctions" },
            outcome = "Air defence interceptors to be delivered; sanctions lifted in 2025 to be re-imposed.",
            followUps = new[]
            {
                new { title = "Deliver interceptors", owner = "National Defence", dueOn = "2026-04-15" },
                new { title = "Re-list lifted entities", owner = "Global Affairs Canada", dueOn = "2026-03-31" },
            },
        }, etag), Ct);
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var held = await JsonAsync(recorded);
        Assert.Equal(("held", true), (held.GetProperty("state").GetString(), held.GetProperty("onTime").GetBoolean()));
        Assert.Equal(["assistance", "costs-on-russia", "reimpose-sanctions"], held.GetProperty("measures").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("Re-list lifted entities", held.GetProperty("followUps")[0].GetProperty("title").GetString());

        clock = await JsonAsync(await caApprover.GetAsync(new Uri("/api/v1/obligations/?year=2026", UriKind.Relative), Ct));
        duty = clock.GetProperty("duties").EnumerateArray().Single(d => d.GetProperty("key").GetString() == "II.3/on-request");
        Assert.Equal(("met", false), (duty.GetProperty("occurrences")[0].GetProperty("status").GetString(), duty.GetProperty("occurrences")[0].GetProperty("late").GetBoolean()));

        // A follow-up action is closed with the request's version; recording twice is a conflict.
        var task = held.GetProperty("followUps")[0].GetProperty("id").GetGuid();
        var done = await uaWriter.SendAsync(Post($"/api/v1/consultations/{id}/tasks/{task}/done", null, recorded.Headers.ETag!.Tag), Ct);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("ua-writer", (await JsonAsync(done)).GetProperty("followUps")[0].GetProperty("doneBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await requester.SendAsync(Post($"/api/v1/consultations/{id}/record", new
        {
            heldAt = "2026-03-15T10:00:00+02:00",
            attendees = "again",
        }, done.Headers.ETag!.Tag), Ct)).StatusCode);
        Assert.Equal(["consultation.request", "consultation.escalate", "consultation.escalate", "consultation.acknowledge.refused", "consultation.acknowledge",
            "consultation.record.refused", "consultation.record", "consultation.task-done", "consultation.record.refused"],
            (await AuditActionsAsync(app)).Where(a => a != "read"));
    }

    [Theory, Databases]
    public async Task Escalation_RunByTwoNodesAtOnce_IsSentOnce_AndTheBackgroundJobSendsIt(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, [new("Notifications:RunJobs", "true"), new("Notifications:Interval", "00:00:00.100")]);
        app.Clock.Reset(Filed);
        var requester = await ClientAsync(app, "ua-writer", Participant.Ukraine, Roles.Contributor);
        await ClientAsync(app, "ca-approver", Participant.Canada, Roles.Approver);
        var first = await JsonAsync(await requester.PostAsJsonAsync("/api/v1/consultations/", new
        {
            ground = "significant-escalation",
            summary = "Offensive across the northern border.",
            classification = "UNCLASSIFIED",
        }, Ct));
        Assert.Equal("II.5", first.GetProperty("citation").GetString());

        // The job, on its own, sends both levels once the clock has passed 20 hours (as after a night with no node running).
        app.Clock.Reset(Filed + Duration.FromHours(21));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await InScopeAsync(app, sp => sp.GetRequiredService<CusspDbContext>().Consultations.Select(c => c.Escalations).SingleAsync(Ct)) < 2
               && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }
        Assert.Equal(2, await InScopeAsync(app, sp => sp.GetRequiredService<CusspDbContext>().Consultations.Select(c => c.Escalations).SingleAsync(Ct)));

        // A second request, escalated by two nodes' runs at once: each level is claimed by one of them.
        app.Clock.Reset(Filed + Duration.FromHours(22));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var ua = (await scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>().FindByNameAsync("ua-writer"))!.ToSubject();
            await scope.ServiceProvider.GetRequiredService<Consultations>().RequestAsync(ua, "cussp",
                new ConsultationRequestInput(ConsultationGround.Other, "Second request.", SecurityClassification.Unclassified), Ct);
        }
        app.Clock.Reset(Filed + Duration.FromHours(22 + 21));
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => InScopeAsync(app, sp => sp.GetRequiredService<ConsultationEscalation>().RunOnceAsync(Ct))));
        var escalations = await InScopeAsync(app, sp => sp.GetRequiredService<CusspDbContext>().AuditEntries
            .CountAsync(e => e.Action == "consultation.escalate", Ct));
        Assert.Equal(4, escalations);
        Assert.True(runs.Sum() <= 2, $"the runs claimed {runs.Sum()} escalations of the second request");
        var notices = await InScopeAsync(app, sp => sp.GetRequiredService<CusspDbContext>().Notifications
            .Where(n => n.Event == NoticeEvents.Escalated).GroupBy(n => new { n.SubjectId, n.RecipientId, n.Level }).Select(g => g.Count()).ToListAsync(Ct));
        Assert.All(notices, n => Assert.Equal(1, n));
    }

    [Theory, Databases]
    public async Task BadRequests_AreRefusedWithTheField_NothingSaved_AndTheAttemptLogged(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Filed);
        var viewer = await ClientAsync(app, "ca-viewer", Participant.Canada, Roles.Viewer);
        var writer = await ClientAsync(app, "ca-writer", Participant.Canada, Roles.Contributor, SecurityClassification.ProtectedB);

        var refused = await viewer.PostAsJsonAsync("/api/v1/consultations/", new { ground = "other", summary = "x", classification = "UNCLASSIFIED" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var unknown = await writer.PostAsJsonAsync("/api/v1/consultations/", new { ground = "invasion", summary = "x", classification = "UNCLASSIFIED" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("renewed-aggression", (await JsonAsync(unknown)).GetProperty("errors").GetProperty("ground")[0].GetString(), StringComparison.Ordinal);
        var empty = await writer.PostAsJsonAsync("/api/v1/consultations/", new { ground = "other", summary = "  ", classification = "UNCLASSIFIED" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await JsonAsync(empty)).GetProperty("errors").TryGetProperty("summary", out _));
        var above = await writer.PostAsJsonAsync("/api/v1/consultations/", new { ground = "other", summary = "x", classification = "SECRET" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, above.StatusCode);

        // A subject who acts for no participant (no such account can be made; the use case refuses it all the same).
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var nobody = new AccessSubject(Guid.NewGuid(), "nobody", (Participant)0, SecurityClassification.Secret, Roles.Contributor, Areas);
            await Assert.ThrowsAsync<RefusedException>(() => scope.ServiceProvider.GetRequiredService<Consultations>().RequestAsync(nobody, "cussp",
                new ConsultationRequestInput(ConsultationGround.Other, "x", SecurityClassification.Unclassified), Ct));
        }
        Assert.Equal(0, await InScopeAsync(app, sp => sp.GetRequiredService<CusspDbContext>().Consultations.CountAsync(Ct)));
        Assert.Equal(0, await InScopeAsync(app, sp => sp.GetRequiredService<CusspDbContext>().Notifications.CountAsync(Ct)));
        Assert.Equal(Enumerable.Repeat("consultation.request.refused", 4), await AuditActionsAsync(app));
    }
}
