using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AngleSharp.Html.Dom;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Decisions;
using Cussp.Exchange;
using Cussp.Identity;
using Cussp.Obligations;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Cussp.Web.Tests.Identity.AuthorizationMatrixTests;

namespace Cussp.Web.Tests.Identity;

/// <summary>
/// Every route of the running app that writes, enumerated from its routing, tried by users of every participant, clearance, areas
/// and roles on records of every marking and of either originating participant: the API through read-write and read-only tokens,
/// the pages through the user's session with the form's antiforgery token, and every form post without it. The expectations are
/// the rules restated here, independently of the product: only writers of what they may read; the marking changed only by the
/// originator, never lowered by an edit, never set beyond the writer's own access; a downgrade only by the originator's writers;
/// the proposer never approving their own proposal. A refused write changes no row of any table (compared before and after, as
/// the no-change-on-GET test does); an allowed one succeeds and changes what it said. A write route this test does not know fails it.
/// </summary>
public partial class AuthorizationMatrixWriteTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The markings write targets carry, each once per originating participant.</summary>
    private static readonly Marking[] Templates =
    [
        new(SecurityClassification.ProtectedA, Releasability.RelCanUkr, AreaA),
        new(SecurityClassification.Secret, Releasability.RelCanUkr, AreaA),
        new(SecurityClassification.ProtectedB, Releasability.CanEyesOnly, AreaA),
        new(SecurityClassification.ProtectedB, Releasability.UkrEyesOnly, AreaB),
        new(SecurityClassification.Unclassified, Releasability.RelCanUkr, AreaB),
    ];

    /// <summary>The proposer of the shared decision targets: an account that is none of the callers.</summary>
    private static readonly Guid SeedAuthor = Guid.NewGuid();

    /// <summary>The forms that write marked records, by page route: what a browser posts, with the form's antiforgery token.</summary>
    private static readonly HashSet<string> MarkedForms =
        ["/documents/new", "/documents/{Id:guid}/edit", "/documents/{Id:guid}/downgrade", "/decisions/new", "/decisions/{Id:guid}", "/commitments/{Id:guid}",
            "/commitments/new", "/meetings/new", "/meetings/{Id:guid}", "/consultations/new", "/consultations/{Id:guid}", "/obligations",
            "/third-states"];

    /// <summary>A provision of each template's key component, on which commitments are added under the template's marking.</summary>
    private static readonly Dictionary<string, string> CitationIn = new(StringComparer.Ordinal)
    {
        [AreaA] = "IV.A.1",
        [AreaB] = "IV.C.1",
    };

    /// <summary>The organisation the lead is set to: Global Affairs Canada.</summary>
    private static readonly Guid GlobalAffairs = Guid.Parse("c0550001-0000-4000-8000-000000000001");

    /// <summary>The kinds of marked record writes are tried on.</summary>
    private enum Kind
    {
        Document,
        Decision,
        Commitment,
        Consultation,
        Meeting,
    }

    /// <summary>When the consultation targets were requested: four hours before the test clock's start, so a consultation can be held between.</summary>
    private static readonly Instant ConsultationFiled = TestDatabase.DefaultNow - Duration.FromHours(4);

    /// <summary>A record a write is tried on: a document, a decision or a commitment, with its marking, origin, proposer and version.</summary>
    private sealed record Target(Guid Id, Kind Kind, Marking Marking, Participant Originator, Guid ProposedBy, int Version);

    /// <summary>
    /// One write: the route it exercises, whether the rules allow it, and how to make it. <paramref name="Make"/> builds the request
    /// for a target id and version; <paramref name="Changed"/> says, after an allowed write, whether the record changed as asked.
    /// </summary>
    private sealed record Case(string Method, string Pattern, string Description, bool Allowed, Target? On,
        Func<Guid, int, string, HttpRequestMessage> Make, Func<CusspDbContext, Guid, Task<bool>> Changed, int? RefusedWith = null);

    private static bool Releasable(Participant p, Releasability r) =>
        r == Releasability.RelCanUkr || (r == Releasability.CanEyesOnly && p == Participant.Canada) || (r == Releasability.UkrEyesOnly && p == Participant.Ukraine);

    private static bool Covers(Caller c, Marking m) =>
        c.Account is { } u && (int)u.Clearance >= (int)m.Classification && Releasable(u.Participant, m.Releasability) && u.Areas.Contains(m.Area);

    private static bool Reads(Caller c, Target t) => MayRead(c, new Doc(t.Id, t.Marking.Classification, t.Marking.Releasability, t.Marking.Area));

    private static bool Writes(Caller c, Target t) => Reads(c, t) && c.Has(Roles.Contributor);

    private static bool Originates(Caller c, Target t) => c.Account?.Participant == t.Originator;

    private static Releasability EyesOnly(Participant p) => p == Participant.Canada ? Releasability.CanEyesOnly : Releasability.UkrEyesOnly;

    private static Participant Other(Participant p) => p == Participant.Canada ? Participant.Ukraine : Participant.Canada;

    [Theory, Databases]
    public async Task EveryWriteRoute_ForEveryCallerAndMarking_ChangesNothingUnlessTheRulesAllowAndThenDoesWhatItSays(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, [new("RateLimits:RequestsPerSecond", "1000000")]);
        var (callers, _) = await SeedAsync(app);
        var targets = await CreateTargetsAsync(app);
        var routes = app.Routes().SelectMany(r => r.Methods.Where(m => m != "GET").Select(m => (Method: m, r.Pattern))).ToList();
        var failures = new List<string>();
        var sent = 0;
        var allowedSent = 0;
        var refusedSent = 0;
        var readTokenRefusals = 0;
        var covered = new HashSet<(string, string)>();

        // Every caller's writes, with the clients that send them; each form post carries the token of the caller's own session.
        var plans = new List<(Caller Caller, HttpClient Client, List<Case> Cases)>();
        var asking = AskingOn(provider, callers);
        foreach (var (caller, index) in asking.Select((c, i) => (c, i)))
        {
            var client = caller.Channel switch
            {
                Channel.Session => await app.SessionAsync(caller.Account!),
                Channel.Token or Channel.ReadToken => app.TokenClient(caller.Token!),
                _ => app.Browser(),
            };
            // A token's first use of the minute records when it was used; after that, reading or writing nothing changes no row.
            await client.GetAsync(new Uri(caller.Channel == Channel.Session ? "/account" : "/api/v1/documents/count", UriKind.Relative), Ct);
            var form = caller.Channel == Channel.Session ? await FormTokenAsync(client) : null;
            var cases = routes.Where(r => caller.Takes(r.Pattern))
                .SelectMany(r => CasesFor(r.Method, r.Pattern, caller, index, targets, form)).ToList();
            covered.UnionWith(cases.Select(c => (c.Method, c.Pattern)));
            plans.Add((caller, client, cases));
        }

        // Every refused write of every caller between two snapshots of every table; the audit log names whoever changed something.
        var before = await TableSnapshot.TakeAsync(app);
        var audit = await TableSnapshot.AuditCountAsync(app);
        void Fail(string failure)
        {
            lock (failures)
            {
                failures.Add(failure);
            }
        }

        // The callers' refused writes go side by side, each caller's one after another on its own client.
        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (plan, _) =>
        {
            var (caller, client, cases) = plan;
            foreach (var c in cases.Where(c => !c.Allowed))
            {
                var target = c.On;
                using var request = c.Make(target?.Id ?? Guid.Empty, target?.Version ?? 0, caller.Key);
                var response = await client.SendAsync(request, Ct);
                Interlocked.Increment(ref sent);
                Interlocked.Increment(ref refusedSent);
                if (Succeeded(response))
                {
                    Fail($"{caller.Name} {c.Method} {c.Pattern} {c.Description}: {(int)response.StatusCode}, expected refusal");
                }
                if (c.RefusedWith is { } status)
                {
                    Interlocked.Increment(ref readTokenRefusals);
                    if ((int)response.StatusCode != status)
                    {
                        Fail($"{caller.Name} {c.Method} {c.Pattern} {c.Description}: {(int)response.StatusCode}, expected {status}");
                    }
                }
                if ((int)response.StatusCode >= 500)
                {
                    Fail($"{caller.Name} {c.Method} {c.Pattern} {c.Description}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                }
                lock (failures)
                {
                    if (failures.Count > 20)
                    {
                        Assert.Fail(string.Join("\n", failures));
                    }
                }
            }
        });
        var after = await TableSnapshot.TakeAsync(app);
        failures.AddRange(TableSnapshot.Differences(before, after).Select(d => $"refused writes changed {d}"));
        // A page that refuses still shows the record it was asked about, which is a logged read; nothing else may be logged.
        // A refused attempt on a consultation is logged as such, and changes nothing else.
        failures.AddRange((await TableSnapshot.AuditEntriesSinceAsync(app, audit)).Where(e => e.Action != "read" && !e.Action.EndsWith(".refused", StringComparison.Ordinal))
            .Select(e => $"refused writes logged {e.Action} {e.RecordType} {e.RecordId} by {e.ActorName}"));
        Assert.True(failures.Count == 0, $"{failures.Count} failures in {sent} refused writes:\n" + string.Join("\n", failures.Take(40)));

        // Allowed writes, each on a fresh copy of its target, so that nothing it changes is seen by another case: the callers side by
        // side, each caller's one after another.
        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (plan, _) =>
        {
            var (caller, client, cases) = plan;
            foreach (var c in cases.Where(c => c.Allowed))
            {
                var target = c.On is { } on ? await CopyAsync(app, on) : null;
                using var request = c.Make(target?.Id ?? Guid.Empty, target?.Version ?? 0, caller.Key);
                var response = await client.SendAsync(request, Ct);
                Interlocked.Increment(ref sent);
                Interlocked.Increment(ref allowedSent);
                await using var scope = app.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
                if (!Succeeded(response))
                {
                    var text = await response.Content.ReadAsStringAsync(Ct);
                    Fail($"{caller.Name} {c.Method} {c.Pattern} {c.Description}: {(int)response.StatusCode}, expected success {text[..Math.Min(300, text.Length)]}");
                }
                else if (!await c.Changed(db, target?.Id ?? Guid.Empty))
                {
                    Fail($"{caller.Name} {c.Method} {c.Pattern} {c.Description}: succeeded but the record does not show the change");
                }
                lock (failures)
                {
                    if (failures.Count > 20)
                    {
                        Assert.Fail(string.Join("\n", failures));
                    }
                }
            }
        });

        Assert.True(failures.Count == 0, $"{failures.Count} failures in {sent} writes:\n" + string.Join("\n", failures));
        var unknown = routes.Where(r => !covered.Contains((r.Method, r.Pattern))).ToList();
        Assert.True(unknown.Count == 0, "write routes the matrix does not know: " + string.Join(", ", unknown.Select(r => $"{r.Method} {r.Pattern}")));
        var share = (double)asking.Count / callers.Count;
        Assert.True(refusedSent > 8000 * share, $"only {refusedSent} refused writes checked");
        Assert.True(allowedSent > 1000 * share, $"only {allowedSent} allowed writes checked");
        Assert.True(readTokenRefusals > 500 * share, $"only {readTokenRefusals} writes of read-only tokens checked");
    }

    /// <summary>2xx from the API; from a form, the redirect to the page that shows the result (a refusal re-renders the form, or sends to sign-in).</summary>
    private static bool Succeeded(HttpResponseMessage response) =>
        (int)response.StatusCode is >= 200 and < 300
            ? response.RequestMessage?.Content is not FormUrlEncodedContent
            : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } to
              && !to.OriginalString.Contains("/account/", StringComparison.Ordinal);

    /// <summary>The concrete writes of one route for one caller, with what the rules say of each.</summary>
    private static IEnumerable<Case> CasesFor(string method, string pattern, Caller caller, int index, IReadOnlyList<Target> targets, string? formToken)
    {
        var signedIn = caller.Account is not null;
        var readOnly = caller.Channel == Channel.ReadToken;
        var docs = targets.Where(t => t.Kind == Kind.Document).ToList();
        var decisions = targets.Where(t => t.Kind == Kind.Decision && t.ProposedBy == SeedAuthor).ToList();
        var own = targets.Where(t => t.Kind == Kind.Decision && t.ProposedBy == caller.Account?.Id).ToList();
        var commitments = targets.Where(t => t.Kind == Kind.Commitment).ToList();
        var consultations = targets.Where(t => t.Kind == Kind.Consultation).ToList();
        var meetings = targets.Where(t => t.Kind == Kind.Meeting).ToList();
        IEnumerable<Case> cases = (method, pattern) switch
        {
            // The record of a meeting is written, and its actions closed, by contributors and approvers who may read the meeting.
            ("POST", "/api/v1/meetings/{id:guid}/minutes") => Every3rd(meetings, index).Select(t => Api(method, pattern,
                $"write the record of {t.Marking} of {t.Originator}", Reads(caller, t) && Acts(caller), t,
                (id, v, who) => Json(HttpMethod.Post, $"/api/v1/meetings/{id}/minutes", new { decisions = new[] { $"Decided by {who}" } }, v),
                MinutesBy(caller))),
            ("POST", "/api/v1/meetings/{id:guid}/actions/{actionId:guid}/done") => Every3rd(meetings, index + 1).Select(t => Api(method, pattern,
                $"close an action of {t.Marking} of {t.Originator}", Reads(caller, t) && Acts(caller), t,
                (id, v, _) => Json(HttpMethod.Post, $"/api/v1/meetings/{id}/actions/{GaugeOf(id)}/done", new { }, v), ActionDone)),
            // A meeting is moved, or called off before it begins, by contributors and approvers who may read it.
            ("POST", "/api/v1/meetings/{id:guid}/schedule") => Every3rd(meetings, index + 2).Select(t => Api(method, pattern,
                $"move {t.Marking} of {t.Originator}", Reads(caller, t) && Acts(caller), t,
                (id, v, who) => Json(HttpMethod.Post, $"/api/v1/meetings/{id}/schedule", new { startsAt = "2024-02-25T10:00:00+02:00", place = $"Moved by {who}" }, v),
                MovedBy(caller))),
            ("POST", "/api/v1/meetings/{id:guid}/cancel") => Every3rd(meetings, index).Select(t => Api(method, pattern,
                $"call off {t.Marking} of {t.Originator}", Reads(caller, t) && Acts(caller), t,
                (id, v, who) => Json(HttpMethod.Post, $"/api/v1/meetings/{id}/cancel", new { reason = $"Called off by {who}" }, v),
                CalledOffBy(caller))),
            ("POST", "/api/v1/documents/") => Templates.Select(m => Api(method, pattern, $"create {m}",
                signedIn && caller.Has(Roles.Contributor) && Covers(caller, m), null,
                (_, _, who) => Json(HttpMethod.Post, "/api/v1/documents/", DocumentBody($"Created by {who} {m}", m), null),
                async (db, _) => await db.SharedDocuments.AnyAsync(d => d.Title == $"Created by {caller.Key} {m}", Ct))),
            ("PUT", "/api/v1/documents/{id:guid}") => docs.Select((t, i) => Pick(Edits(caller, t), index + i)).Select(e => Api(method, pattern, e.Description, e.Allowed, t: e.On,
                (id, v, who) => Json(HttpMethod.Put, $"/api/v1/documents/{id}", DocumentBody($"Edited by {who}", e.To), v),
                async (db, id) => await db.SharedDocuments.AnyAsync(d => d.Id == id && d.Title == $"Edited by {caller.Key}"
                    && d.Classification == e.To.Classification && d.Releasability == e.To.Releasability, Ct))),
            ("POST", "/api/v1/documents/{id:guid}/downgrade") => docs.Select((t, i) => Pick(Downgrades(caller, t), index + i)).Select(e => Api(method, pattern, e.Description,
                e.Allowed, e.On,
                (id, v, _) => Json(HttpMethod.Post, $"/api/v1/documents/{id}/downgrade", new
                {
                    classification = e.To.Classification.Label(),
                    releasability = e.To.Releasability.Label(),
                    reason = "matrix",
                }, v),
                async (db, id) => await db.SharedDocuments.AnyAsync(d => d.Id == id && d.Classification == e.To.Classification
                    && d.Releasability == e.To.Releasability, Ct))),
            ("POST", "/api/v1/decisions/") => Templates.Select(m => Api(method, pattern, $"propose {m}",
                signedIn && (caller.Has(Roles.Contributor) || caller.Has(Roles.Approver)) && m.Releasability == Releasability.RelCanUkr && Covers(caller, m), null,
                (_, _, who) => Json(HttpMethod.Post, "/api/v1/decisions/", new
                {
                    kind = "amendment",
                    title = $"Proposed by {who} {m}",
                    details = "",
                    classification = m.Classification.Label(),
                    releasability = m.Releasability.Label(),
                    area = m.Area,
                }, null),
                async (db, _) => await db.JointDecisions.AnyAsync(d => d.Title == $"Proposed by {caller.Key} {m}", Ct))),
            ("POST", "/api/v1/decisions/{id:guid}/approve") => decisions.Select(t => Api(method, pattern, $"approve {t.Marking} of {t.Originator}",
                    Reads(caller, t) && caller.Has(Roles.Approver), t, Vote("approve", null), Voted(caller)))
                .Concat(own.Select(t => Api(method, pattern, "approve its own proposal", false, t, Vote("approve", null), Voted(caller)))),
            ("POST", "/api/v1/decisions/{id:guid}/reject") => decisions.Concat(own).Select(t => Api(method, pattern, $"reject {t.Marking} of {t.Originator}",
                Reads(caller, t) && caller.Has(Roles.Approver), t, Vote("reject", "matrix"), Voted(caller))),
            ("POST", "/api/v1/decisions/{id:guid}/downgrade") => decisions.Where(t => t.Marking.Classification > SecurityClassification.Unclassified)
                .Select(t => Api(method, pattern, $"downgrade {t.Marking} of {t.Originator}",
                    Writes(caller, t) && Originates(caller, t), t,
                    (id, v, _) => Json(HttpMethod.Post, $"/api/v1/decisions/{id}/downgrade", new
                    {
                        classification = (t.Marking.Classification - 1).Label(),
                        reason = "matrix",
                    }, v),
                    async (db, id) => await db.JointDecisions.AnyAsync(d => d.Id == id && d.Classification == t.Marking.Classification - 1, Ct))),
            // Progress on a commitment: its writers, whichever participant leads it or holds its marking (every third target per
            // caller, turning with the caller, so that across the callers every marking is tried).
            ("POST", "/api/v1/commitments/{id:guid}/updates") => Every3rd(commitments, index + 2).Select(t => Api(method, pattern, $"record progress on {t.Marking} of {t.Originator}",
                Writes(caller, t), t,
                (id, v, who) => Json(HttpMethod.Post, $"/api/v1/commitments/{id}/updates", new { text = $"Progress by {who}", status = "started" }, v),
                Progressed(caller))),
            ("POST", "/api/v1/commitments/{id:guid}/evidence") => Every3rd(commitments, index + 1).Select(t => Api(method, pattern, $"add evidence to {t.Marking} of {t.Originator}",
                Writes(caller, t), t,
                (id, v, who) => Json(HttpMethod.Post, $"/api/v1/commitments/{id}/evidence", new { kind = "link", title = $"Evidence by {who}", url = "https://example.org/" }, v),
                Evidenced(caller))),
            // Indicators and measurements follow the same rule as progress: every third target per caller, turning with the caller,
            // so that across the callers every marking is tried.
            ("POST", "/api/v1/commitments/{id:guid}/indicators") => Every3rd(commitments, index).Select(t => Api(method, pattern, $"add an indicator to {t.Marking} of {t.Originator}",
                Writes(caller, t), t,
                (id, v, who) => Json(HttpMethod.Post, $"/api/v1/commitments/{id}/indicators", new { name = $"Indicator by {who}", unit = "people", baseline = 0, target = 10 }, v),
                Indicated(caller))),
            ("POST", "/api/v1/commitments/{id:guid}/indicators/{indicatorId:guid}/measurements") => Every3rd(commitments, index + 1).Select(t => Api(method, pattern,
                $"measure an indicator of {t.Marking} of {t.Originator}", Writes(caller, t), t,
                (id, v, who) => Json(HttpMethod.Post, $"/api/v1/commitments/{id}/indicators/{GaugeOf(id)}/measurements", new { on = "2024-02-24", value = 3, note = $"Measured by {who}" }, v),
                Measured(caller))),
            // Compliance is scored by approvers of either participant, on the commitments they may read.
            ("POST", "/api/v1/commitments/{id:guid}/compliance") => Every3rd(commitments, index + 2).Select(t => Api(method, pattern,
                $"score compliance of {t.Marking} of {t.Originator}", Reads(caller, t) && caller.Has(Roles.Approver), t,
                (id, v, who) => Json(HttpMethod.Post, $"/api/v1/commitments/{id}/compliance", new { year = 2024, score = 1, reason = $"Scored by {who}" }, v),
                Scored(caller))),
            // A commitment is added by a contributor under a marking they could read, in the key component of its provision.
            ("POST", "/api/v1/commitments/") => Templates.Select(m => Api(method, pattern, $"add a commitment under {m}",
                signedIn && caller.Has(Roles.Contributor) && Covers(caller, m), null,
                (_, _, who) => Json(HttpMethod.Post, "/api/v1/commitments/", new
                {
                    citation = CitationIn[m.Area],
                    title = $"Added by {who} {m}",
                    lead = "both",
                    classification = m.Classification.Label(),
                    releasability = m.Releasability.Label(),
                }, null),
                async (db, _) => await db.Commitments.AnyAsync(c => c.Title == $"Added by {caller.Key} {m}" && c.Area == m.Area, Ct))),
            // A meeting is recorded by a contributor or an approver under a marking they could read.
            ("POST", "/api/v1/meetings/") => Templates.Select(m => Api(method, pattern, $"record a meeting under {m}",
                signedIn && (caller.Has(Roles.Contributor) || caller.Has(Roles.Approver)) && Covers(caller, m), null,
                (_, _, who) => Json(HttpMethod.Post, "/api/v1/meetings/", new
                {
                    kind = "leaders-meeting",
                    title = $"Recorded by {who} {m}",
                    startsAt = "2025-05-10T10:00:00Z",
                    place = "Kyiv",
                    classification = m.Classification.Label(),
                    releasability = m.Releasability.Label(),
                    area = m.Area,
                }, null),
                async (db, _) => await db.Meetings.AnyAsync(x => x.Title == $"Recorded by {caller.Key} {m}" && x.Area == m.Area, Ct))),
            // A consultation is requested by a contributor or an approver, always REL CAN UKR, under a marking they could read.
            ("POST", "/api/v1/consultations/") => Templates.Where(m => m.Releasability == Releasability.RelCanUkr).Select(m => Api(method, pattern,
                $"request a consultation under {m}", signedIn && Acts(caller) && Covers(caller, m), null,
                (_, _, who) => Json(HttpMethod.Post, "/api/v1/consultations/", new
                {
                    ground = "renewed-aggression",
                    summary = $"Requested by {who} {m}",
                    classification = m.Classification.Label(),
                    area = m.Area,
                }, null),
                async (db, _) => await db.Consultations.AnyAsync(x => x.Summary == $"Requested by {caller.Key} {m}" && x.Area == m.Area, Ct))),
            // The side asked acknowledges; either side records the consultation and closes its actions (every third target per caller,
            // turning with the caller).
            ("POST", "/api/v1/consultations/{id:guid}/acknowledge") => Every3rd(consultations, index).Select(t => Api(method, pattern,
                $"acknowledge {t.Marking} of {t.Originator}", Reads(caller, t) && Acts(caller) && caller.Account!.Participant == Other(t.Originator), t,
                (id, v, _) => Json(HttpMethod.Post, $"/api/v1/consultations/{id}/acknowledge", new { }, v), Acknowledged)),
            ("POST", "/api/v1/consultations/{id:guid}/record") => Every3rd(consultations, index + 1).Select(t => Api(method, pattern,
                $"record the consultation on {t.Marking} of {t.Originator}", Reads(caller, t) && Acts(caller), t,
                (id, v, who) => Json(HttpMethod.Post, $"/api/v1/consultations/{id}/record", new
                {
                    heldAt = "2024-02-24T08:00:00Z",
                    attendees = $"Held by {who}",
                    measures = new[] { "assistance" },
                }, v),
                HeldBy(caller))),
            ("POST", "/api/v1/consultations/{id:guid}/tasks/{taskId:guid}/done") => Every3rd(consultations, index + 2).Select(t => Api(method, pattern,
                $"close an action of {t.Marking} of {t.Originator}", Reads(caller, t) && Acts(caller), t,
                (id, v, _) => Json(HttpMethod.Post, $"/api/v1/consultations/{id}/tasks/{GaugeOf(id)}/done", new { }, v), TaskDone)),
            // Steps in the agreement's life are recorded by approvers; a decision on the future status may be recorded again (the
            // membership it follows is seeded).
            ("POST", "/api/v1/agreements/{id}/lifecycle/events") => [Api(method, pattern, "record a decision on the future status",
                signedIn && caller.Has(Roles.Approver) && Usable(caller), null,
                (_, _, who) => Json(HttpMethod.Post, "/api/v1/agreements/cussp/lifecycle/events", new
                {
                    kind = "future-status-decided",
                    occurredOn = "2024-02-24",
                    note = $"Decided by {who}",
                }, null),
                async (db, _) => await db.LifecycleEvents.AnyAsync(e => e.Note == $"Decided by {caller.Key}", Ct))],
            // Inviting a state of the G7 registry to a consultation: a joint decision, proposed by those who act on the request when
            // both sides can read it.
            ("POST", "/api/v1/consultations/{id:guid}/invitations") => Every3rd(consultations, index + 1).Select(t => Api(method, pattern,
                $"invite a state to {t.Marking} of {t.Originator}", Reads(caller, t) && Acts(caller) && t.Marking.Releasability == Releasability.RelCanUkr, t,
                (id, v, _) => Json(HttpMethod.Post, $"/api/v1/consultations/{id}/invitations", new { state = Poland }, v), Invited)),
            // The registry is kept by approvers.
            ("POST", "/api/v1/third-states/") => [Api(method, pattern, "add a state to the registry", signedIn && caller.Has(Roles.Approver) && Usable(caller), null,
                (_, _, who) => Json(HttpMethod.Post, "/api/v1/third-states/", new { name = $"State of {who}", arrangement = "Agreement", signedOn = "2024-01-01" }, null),
                async (db, _) => await db.ThirdStates.AnyAsync(s => s.Name == $"State of {caller.Key}", Ct))],
            // Each account marks its own notices read: whoever is signed in and may act through the API.
            ("POST", "/api/v1/notifications/read") => [Api(method, pattern, "mark its notices read", signedIn && Usable(caller), null,
                (_, _, _) => Json(HttpMethod.Post, "/api/v1/notifications/read", new { }, null), (_, _) => Task.FromResult(true))],
            // Release to the public: approvers who may read it, and only an UNCLASSIFIED // REL CAN UKR commitment.
            ("POST", "/api/v1/commitments/{id:guid}/release") => Every3rd(commitments, index + 2).Select(t => Api(method, pattern,
                $"release {t.Marking} of {t.Originator} to the public", Releases(caller, t), t,
                (id, v, _) => Json(HttpMethod.Post, $"/api/v1/commitments/{id}/release", new { released = true }, v),
                Published)),
            // Who leads follows the rule of progress.
            ("POST", "/api/v1/commitments/{id:guid}/lead") => Every3rd(commitments, index + 1).Select(t => Api(method, pattern,
                $"set the lead of {t.Marking} of {t.Originator}", Writes(caller, t), t,
                (id, v, _) => Json(HttpMethod.Post, $"/api/v1/commitments/{id}/lead", new { lead = "canada", leadOrganisationId = GlobalAffairs }, v),
                Led)),
            // Completion is reviewed by both participants: only a commitment both may read can be put to them (every third target per
            // caller, turning with the caller, as evidence).
            ("POST", "/api/v1/commitments/{id:guid}/completion") => Every3rd(commitments, index).Select(t => Api(method, pattern, $"ask completion of {t.Marking} of {t.Originator}",
                Writes(caller, t) && t.Marking.Releasability == Releasability.RelCanUkr, t,
                (id, v, _) => Json(HttpMethod.Post, $"/api/v1/commitments/{id}/completion", new { details = "matrix" }, v),
                CompletionAsked)),
            // Screening reads the lists: it changes nothing, and needs a reading role; a read-only token may screen.
            ("POST", "/api/v1/screening/") => [new Case(method, pattern, "screen a name",
                signedIn && (caller.Roles & (Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator)) != 0, null,
                (_, _, _) => Json(HttpMethod.Post, "/api/v1/screening/", new { name = "Volodymyr Zelenskyy" }, null), (_, _) => Task.FromResult(true))],
            _ when !pattern.StartsWith("/api/", StringComparison.Ordinal) => Forms(method, pattern, caller, index, docs, decisions, own, commitments, consultations, meetings, formToken),
            _ => [],
        };
        // A read-only token is refused with 403 on every write of the API, whatever its owner may do (screening only reads): a few
        // of each route show it.
        foreach (var c in readOnly ? cases.Where((_, i) => i % 4 == 0) : cases)
        {
            yield return readOnly && c.Pattern.StartsWith("/api/", StringComparison.Ordinal) && c.Pattern != "/api/v1/screening/"
                ? c with { Allowed = false, RefusedWith = 403 }
                : c;
        }

        static Case Api(string method, string pattern, string description, bool allowed, Target? t, Func<Guid, int, string, HttpRequestMessage> make,
            Func<CusspDbContext, Guid, Task<bool>> changed) => new(method, pattern, description, allowed, t, make, changed);
    }

    /// <summary>One of the variants, turning with <paramref name="turn"/>: over all callers and targets, every variant is tried on every marking.</summary>
    private static (Target On, string Description, Marking To, bool Allowed) Pick(IEnumerable<(Target On, string Description, Marking To, bool Allowed)> variants,
        int turn)
    {
        var all = variants.ToList();
        return all[turn % all.Count];
    }

    /// <summary>An edit of a document: the same marking, raised, narrowed, lowered, or excluding the writer's own participant.</summary>
    private static IEnumerable<(Target On, string Description, Marking To, bool Allowed)> Edits(Caller caller, Target t)
    {
        var m = t.Marking;
        var markingOwner = Writes(caller, t) && Originates(caller, t);
        yield return (t, $"edit text of {m} of {t.Originator}", m, Writes(caller, t));
        if (m.Classification < SecurityClassification.Secret)
        {
            var raised = m with { Classification = m.Classification + 1 };
            yield return (t, $"raise {m} of {t.Originator}", raised, markingOwner && Covers(caller, raised));
        }
        if (m.Releasability == Releasability.RelCanUkr)
        {
            yield return (t, $"narrow {m} of {t.Originator}", m with { Releasability = EyesOnly(t.Originator) }, markingOwner);
        }
        if (m.Classification > SecurityClassification.Unclassified)
        {
            yield return (t, $"lower {m} of {t.Originator} by an edit", m with { Classification = m.Classification - 1 }, false);
        }
        if (caller.Account is { } u)
        {
            yield return (t, $"exclude the writer's own side from {m} of {t.Originator}", m with { Releasability = EyesOnly(Other(u.Participant)) }, false);
        }
    }

    /// <summary>A downgrade of a document: a lower classification, a wider releasability, or nothing lower at all.</summary>
    private static IEnumerable<(Target On, string Description, Marking To, bool Allowed)> Downgrades(Caller caller, Target t)
    {
        var m = t.Marking;
        var allowed = Writes(caller, t) && Originates(caller, t);
        if (m.Classification > SecurityClassification.Unclassified)
        {
            yield return (t, $"downgrade {m} of {t.Originator} by a classification", m with { Classification = m.Classification - 1 }, allowed);
        }
        if (m.Releasability != Releasability.RelCanUkr)
        {
            yield return (t, $"release {m} of {t.Originator} to both", m with { Releasability = Releasability.RelCanUkr }, allowed);
        }
        yield return (t, $"downgrade {m} of {t.Originator} to itself", m, false);
    }

    /// <summary>
    /// The forms that write marked records, posted with the form's antiforgery token by a signed-in session, and every form post without
    /// one (which must be refused whoever sends it).
    /// </summary>
    private static IEnumerable<Case> Forms(string method, string pattern, Caller caller, int index, IReadOnlyList<Target> docs, IReadOnlyList<Target> decisions,
        IReadOnlyList<Target> own, IReadOnlyList<Target> commitments, IReadOnlyList<Target> consultations, IReadOnlyList<Target> meetings, string? token)
    {
        // The token's absence is refused whoever posts: anonymous callers, and one session of each participant and roles, show it on every form.
        if (caller.Channel == Channel.Anonymous || caller.Account is { Clearance: SecurityClassification.Secret, Areas.Count: 2 })
        {
            yield return new Case(method, pattern, "form post without antiforgery token", false, null,
                (_, _, _) => FormPost(AccountSession.Fill(pattern, name => name == "Id" ? docs[0].Id.ToString() : null), null, []), (_, _) => Task.FromResult(false));
        }
        if (token is null || !MarkedForms.Contains(pattern))
        {
            yield break;
        }
        var signedIn = caller.Account is not null;
        switch (pattern)
        {
            case "/documents/new":
                foreach (var m in Templates)
                {
                    yield return new Case(method, pattern, $"create {m} by form", signedIn && caller.Has(Roles.Contributor) && Covers(caller, m), null,
                        (_, _, who) => FormPost("/documents/new", token, [("_handler", "document"), ("Input.Title", $"Form by {who} {m}"), ("Input.Body", ""),
                            ("Input.Classification", m.Classification.ToString()), ("Input.Releasability", m.Releasability.ToString()), ("Input.Area", m.Area)]),
                        async (db, _) => await db.SharedDocuments.AnyAsync(d => d.Title == $"Form by {caller.Key} {m}", Ct));
                }
                break;
            case "/documents/{Id:guid}/edit":
                foreach (var e in docs.Select((t, i) => Pick(Edits(caller, t), index + i)))
                {
                    yield return new Case(method, pattern, e.Description + " by form", e.Allowed, e.On,
                        (id, v, who) => FormPost($"/documents/{id}/edit", token, [("_handler", "edit"), ("Input.Title", $"Form edit by {who}"), ("Input.Body", ""),
                            ("Input.Classification", e.To.Classification.ToString()), ("Input.Releasability", e.To.Releasability.ToString()),
                            ("Input.Area", e.To.Area), ("Input.Version", Number(v))]),
                        async (db, id) => await db.SharedDocuments.AnyAsync(d => d.Id == id && d.Title == $"Form edit by {caller.Key}"
                            && d.Classification == e.To.Classification && d.Releasability == e.To.Releasability, Ct));
                }
                break;
            case "/documents/{Id:guid}/downgrade":
                foreach (var e in docs.Select((t, i) => Pick(Downgrades(caller, t), index + i)))
                {
                    yield return new Case(method, pattern, e.Description + " by form", e.Allowed, e.On,
                        (id, v, _) => FormPost($"/documents/{id}/downgrade", token, [("_handler", "downgrade"),
                            ("Input.Classification", e.To.Classification.ToString()), ("Input.Releasability", e.To.Releasability.ToString()),
                            ("Input.Reason", "matrix"), ("Input.Version", Number(v))]),
                        async (db, id) => await db.SharedDocuments.AnyAsync(d => d.Id == id && d.Classification == e.To.Classification
                            && d.Releasability == e.To.Releasability, Ct));
                }
                break;
            case "/decisions/new":
                foreach (var m in Templates.Where(m => m.Releasability == Releasability.RelCanUkr))
                {
                    yield return new Case(method, pattern, $"propose {m} by form",
                        signedIn && (caller.Has(Roles.Contributor) || caller.Has(Roles.Approver)) && Covers(caller, m), null,
                        (_, _, who) => FormPost("/decisions/new", token, [("_handler", "proposal"), ("Input.Kind", "Amendment"),
                            ("Input.Title", $"Form proposal by {who} {m}"), ("Input.Details", ""), ("Input.Classification", m.Classification.ToString()),
                            ("Input.Area", m.Area)]),
                        async (db, _) => await db.JointDecisions.AnyAsync(d => d.Title == $"Form proposal by {caller.Key} {m}", Ct));
                }
                break;
            case "/decisions/{Id:guid}":
                foreach (var t in decisions)
                {
                    yield return new Case(method, pattern, $"approve {t.Marking} of {t.Originator} by form", Reads(caller, t) && caller.Has(Roles.Approver), t,
                        (id, v, _) => FormPost($"/decisions/{id}", token, [("_handler", "approve"), ("Approval.Version", Number(v))]), Voted(caller));
                    yield return new Case(method, pattern, $"reject {t.Marking} of {t.Originator} by form", Reads(caller, t) && caller.Has(Roles.Approver), t,
                        (id, v, _) => FormPost($"/decisions/{id}", token, [("_handler", "reject"), ("Rejection.Reason", "matrix"), ("Rejection.Version", Number(v))]),
                        Voted(caller));
                    if (t.Marking.Classification > SecurityClassification.Unclassified)
                    {
                        yield return new Case(method, pattern, $"downgrade {t.Marking} of {t.Originator} by form", Writes(caller, t) && Originates(caller, t), t,
                            (id, v, _) => FormPost($"/decisions/{id}", token, [("_handler", "downgrade"),
                                ("Lowering.Classification", (t.Marking.Classification - 1).ToString()), ("Lowering.Reason", "matrix"), ("Lowering.Version", Number(v))]),
                            async (db, id) => await db.JointDecisions.AnyAsync(d => d.Id == id && d.Classification == t.Marking.Classification - 1, Ct));
                    }
                }
                foreach (var t in own)
                {
                    yield return new Case(method, pattern, "approve its own proposal by form", false, t,
                        (id, v, _) => FormPost($"/decisions/{id}", token, [("_handler", "approve"), ("Approval.Version", Number(v))]), Voted(caller));
                }
                break;
            case "/commitments/new":
                foreach (var m in Templates)
                {
                    yield return new Case(method, pattern, $"add a commitment under {m} by form", signedIn && caller.Has(Roles.Contributor) && Covers(caller, m), null,
                        (_, _, who) => FormPost("/commitments/new", token, [("_handler", "add"), ("Input.Citation", CitationIn[m.Area]),
                            ("Input.Title", $"Form added by {who} {m}"), ("Input.Lead", "both"), ("Input.Organisation", ""),
                            ("Input.Classification", m.Classification.Label()), ("Input.Releasability", m.Releasability.Label())]),
                        async (db, _) => await db.Commitments.AnyAsync(c => c.Title == $"Form added by {caller.Key} {m}" && c.Area == m.Area, Ct));
                }
                break;
            case "/meetings/new":
                foreach (var m in Templates)
                {
                    yield return new Case(method, pattern, $"record a meeting under {m} by form",
                        signedIn && (caller.Has(Roles.Contributor) || caller.Has(Roles.Approver)) && Covers(caller, m), null,
                        (_, _, who) => FormPost("/meetings/new", token, [("_handler", "meeting"), ("Input.Kind", "leaders-meeting"),
                            ("Input.Title", $"Form meeting by {who} {m}"), ("Input.Date", "2025-05-10"), ("Input.Time", "10:00"), ("Input.Zone", "ottawa"),
                            ("Input.Place", ""), ("Input.Classification", m.Classification.ToString()), ("Input.Releasability", m.Releasability.ToString()),
                            ("Input.Area", m.Area)]),
                        async (db, _) => await db.Meetings.AnyAsync(x => x.Title == $"Form meeting by {caller.Key} {m}" && x.Area == m.Area, Ct));
                }
                break;
            case "/consultations/new":
                foreach (var m in Templates.Where(m => m.Releasability == Releasability.RelCanUkr))
                {
                    yield return new Case(method, pattern, $"request a consultation under {m} by form", signedIn && Acts(caller) && Covers(caller, m), null,
                        (_, _, who) => FormPost("/consultations/new", token, [("_handler", "consultation"), ("Input.Ground", "significant-escalation"),
                            ("Input.Summary", $"Form request by {who} {m}"), ("Input.Classification", m.Classification.ToString()), ("Input.Area", m.Area)]),
                        async (db, _) => await db.Consultations.AnyAsync(x => x.Summary == $"Form request by {caller.Key} {m}" && x.Area == m.Area, Ct));
                }
                break;
            case "/consultations/{Id:guid}":
                foreach (var t in Every3rd(consultations, index))
                {
                    yield return new Case(method, pattern, $"acknowledge {t.Marking} of {t.Originator} by form",
                        Reads(caller, t) && Acts(caller) && caller.Account!.Participant == Other(t.Originator), t,
                        (id, v, _) => FormPost($"/consultations/{id}", token, [("_handler", "acknowledge"), ("Ack.Version", Number(v))]), Acknowledged);
                }
                foreach (var t in Every3rd(consultations, index + 1))
                {
                    yield return new Case(method, pattern, $"record the consultation on {t.Marking} of {t.Originator} by form", Reads(caller, t) && Acts(caller), t,
                        (id, v, who) => FormPost($"/consultations/{id}", token, [("_handler", "held"), ("Held.Version", Number(v)), ("Held.Date", "2024-02-24"),
                            ("Held.Time", "10:00"), ("Held.Zone", "kyiv"), ("Held.Attendees", $"Held by {who}"), ("Held.Measures", "assistance")]),
                        HeldBy(caller));
                }
                foreach (var t in Every3rd(consultations, index + 2))
                {
                    yield return new Case(method, pattern, $"invite a state to {t.Marking} of {t.Originator} by form",
                        Reads(caller, t) && Acts(caller) && t.Marking.Releasability == Releasability.RelCanUkr, t,
                        (id, v, _) => FormPost($"/consultations/{id}", token, [("_handler", "invite"), ("Invitation.Version", Number(v)), ("Invitation.State", Poland)]),
                        Invited);
                }
                foreach (var t in Every3rd(consultations, index + 2))
                {
                    yield return new Case(method, pattern, $"close an action of {t.Marking} of {t.Originator} by form", Reads(caller, t) && Acts(caller), t,
                        (id, v, _) => FormPost($"/consultations/{id}", token, [("_handler", "task-" + GaugeOf(id)), ("Done.Version", Number(v))]), TaskDone);
                }
                break;
            case "/meetings/{Id:guid}":
                foreach (var t in Every3rd(meetings, index + 2))
                {
                    yield return new Case(method, pattern, $"write the record of {t.Marking} of {t.Originator} by form", Reads(caller, t) && Acts(caller), t,
                        (id, v, who) => FormPost($"/meetings/{id}", token, [("_handler", "minutes"), ("Rec.Version", Number(v)), ("Rec.Decisions", $"Decided by {who}")]),
                        MinutesBy(caller));
                    yield return new Case(method, pattern, $"close an action of {t.Marking} of {t.Originator} by form", Reads(caller, t) && Acts(caller), t,
                        (id, v, _) => FormPost($"/meetings/{id}", token, [("_handler", "action-" + GaugeOf(id)), ("Done.Version", Number(v))]), ActionDone);
                }
                foreach (var t in Every3rd(meetings, index))
                {
                    yield return new Case(method, pattern, $"move {t.Marking} of {t.Originator} by form", Reads(caller, t) && Acts(caller), t,
                        (id, v, who) => FormPost($"/meetings/{id}", token, [("_handler", "move"), ("Move.Version", Number(v)), ("Move.Date", "2024-02-25"),
                            ("Move.Time", "10:00"), ("Move.Zone", "kyiv"), ("Move.Place", $"Moved by {who}")]), MovedBy(caller));
                    yield return new Case(method, pattern, $"call off {t.Marking} of {t.Originator} by form", Reads(caller, t) && Acts(caller), t,
                        (id, v, who) => FormPost($"/meetings/{id}", token, [("_handler", "cancel"), ("Off.Version", Number(v)), ("Off.Reason", $"Called off by {who}")]),
                        CalledOffBy(caller));
                }
                break;
            case "/third-states":
                yield return new Case(method, pattern, "add a state to the registry by form", signedIn && caller.Has(Roles.Approver), null,
                    (_, _, who) => FormPost("/third-states", token, [("_handler", "state"), ("Input.Name", $"Form state of {who}"), ("Input.Arrangement", "Agreement"),
                        ("Input.SignedOn", "2024-01-01")]),
                    async (db, _) => await db.ThirdStates.AnyAsync(s => s.Name == $"Form state of {caller.Key}", Ct));
                break;
            case "/obligations":
                yield return new Case(method, pattern, "record a decision on the future status by form", signedIn && caller.Has(Roles.Approver), null,
                    (_, _, who) => FormPost("/obligations", token, [("_handler", "lifecycle"), ("Step.Kind", "future-status-decided"), ("Step.On", "2024-02-24"),
                        ("Step.By", ""), ("Step.Note", $"Form decision by {who}")]),
                    async (db, _) => await db.LifecycleEvents.AnyAsync(e => e.Note == $"Form decision by {caller.Key}", Ct));
                break;
            case "/commitments/{Id:guid}":
                // Each form on every third target, turning with the caller so that across the callers every marking is tried.
                foreach (var t in Every3rd(commitments, index))
                {
                    yield return new Case(method, pattern, $"record progress on {t.Marking} of {t.Originator} by form", Writes(caller, t), t,
                        (id, v, who) => FormPost($"/commitments/{id}", token, [("_handler", "update"), ("Update.Text", $"Progress by {who}"),
                            ("Update.Status", "started"), ("Update.Version", Number(v))]),
                        Progressed(caller));
                }
                foreach (var t in Every3rd(commitments, index + 1))
                {
                    yield return new Case(method, pattern, $"ask completion of {t.Marking} of {t.Originator} by form",
                        Writes(caller, t) && t.Marking.Releasability == Releasability.RelCanUkr, t,
                        (id, v, _) => FormPost($"/commitments/{id}", token, [("_handler", "completion"), ("Ask.Details", ""), ("Ask.Version", Number(v))]),
                        CompletionAsked);
                }
                foreach (var t in Every3rd(commitments, index))
                {
                    yield return new Case(method, pattern, $"add a link to {t.Marking} of {t.Originator} by form", Writes(caller, t), t,
                        (id, v, who) => FormPost($"/commitments/{id}", token, [("_handler", "link"), ("Link.Title", $"Evidence by {who}"),
                            ("Link.Url", "https://example.org/"), ("Link.Version", Number(v))]),
                        Evidenced(caller));
                    yield return new Case(method, pattern, $"measure an indicator of {t.Marking} of {t.Originator} by form", Writes(caller, t), t,
                        (id, v, who) => FormPost($"/commitments/{id}", token, [("_handler", "measurement"), ("Measure.Indicator", GaugeOf(id).ToString()),
                            ("Measure.On", "2024-02-24"), ("Measure.Value", "3"), ("Measure.Note", $"Measured by {who}"), ("Measure.Version", Number(v))]),
                        Measured(caller));
                }
                foreach (var t in Every3rd(commitments, index + 1))
                {
                    yield return new Case(method, pattern, $"score compliance of {t.Marking} of {t.Originator} by form",
                        Reads(caller, t) && caller.Has(Roles.Approver), t,
                        (id, v, who) => FormPost($"/commitments/{id}", token, [("_handler", "compliance"), ("Score.Year", "2024"), ("Score.Score", "0"),
                            ("Score.Reason", $"Scored by {who}"), ("Score.Version", Number(v))]),
                        Scored(caller));
                    yield return new Case(method, pattern, $"add a note to {t.Marking} of {t.Originator} by form", Writes(caller, t), t,
                        (id, v, who) => FormPost($"/commitments/{id}", token, [("_handler", "note"), ("Note.Title", $"Evidence by {who}"),
                            ("Note.Text", "matrix"), ("Note.Version", Number(v))]),
                        Evidenced(caller));
                }
                foreach (var t in Every3rd(commitments, index + 2))
                {
                    yield return new Case(method, pattern, $"attach a file to {t.Marking} of {t.Originator} by form", Writes(caller, t), t,
                        (id, v, who) => UploadPost($"/commitments/{id}", token, [("_handler", "file"), ("Attachment.Title", $"Evidence by {who}"),
                            ("Attachment.Version", Number(v))]),
                        Evidenced(caller));
                    yield return new Case(method, pattern, $"release {t.Marking} of {t.Originator} to the public by form", Releases(caller, t), t,
                        (id, v, _) => FormPost($"/commitments/{id}", token, [("_handler", "release"), ("Publication.Released", "true"),
                            ("Publication.Version", Number(v))]),
                        Published);
                    yield return new Case(method, pattern, $"set the lead of {t.Marking} of {t.Originator} by form", Writes(caller, t), t,
                        (id, v, _) => FormPost($"/commitments/{id}", token, [("_handler", "lead"), ("Leader.Lead", "canada"),
                            ("Leader.Organisation", GlobalAffairs.ToString()), ("Leader.Version", Number(v))]),
                        Led);
                    yield return new Case(method, pattern, $"add an indicator to {t.Marking} of {t.Originator} by form", Writes(caller, t), t,
                        (id, v, who) => FormPost($"/commitments/{id}", token, [("_handler", "indicator"), ("Gauge.Name", $"Indicator by {who}"),
                            ("Gauge.Unit", "people"), ("Gauge.Baseline", "0"), ("Gauge.Target", "10"), ("Gauge.TargetDate", ""), ("Gauge.Version", Number(v))]),
                        Indicated(caller));
                }
                break;
        }
    }

    private static IEnumerable<Target> Every3rd(IEnumerable<Target> targets, int turn) => targets.Where((_, i) => (i + turn) % 3 == 0);

    private static string Number(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static object DocumentBody(string title, Marking m) => new
    {
        title,
        body = "written in the matrix",
        classification = m.Classification.Label(),
        releasability = m.Releasability.Label(),
        area = m.Area,
    };

    private static HttpRequestMessage Json(HttpMethod method, string url, object body, int? version)
    {
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (version is { } v)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{Number(v)}\""));
        }
        return request;
    }

    private static Func<Guid, int, string, HttpRequestMessage> Vote(string verb, string? reason) =>
        (id, v, _) => Json(HttpMethod.Post, $"/api/v1/decisions/{id}/{verb}", new { reason }, v);

    private static Func<CusspDbContext, Guid, Task<bool>> Voted(Caller caller) =>
        async (db, id) => await db.DecisionVotes.AnyAsync(v => v.DecisionId == id && v.UserId == caller.Account!.Id, Ct);

    private static bool Releases(Caller caller, Target t) => Reads(caller, t) && caller.Has(Roles.Approver)
        && t.Marking.Classification == SecurityClassification.Unclassified && t.Marking.Releasability == Releasability.RelCanUkr;

    private static async Task<bool> Published(CusspDbContext db, Guid id) => await db.Commitments.AnyAsync(c => c.Id == id && c.ReleasedAt != null, Ct);

    private static async Task<bool> Led(CusspDbContext db, Guid id) =>
        await db.Commitments.AnyAsync(c => c.Id == id && c.LeadParticipant == Participant.Canada && c.LeadOrganisationId == GlobalAffairs, Ct);

    private static Func<CusspDbContext, Guid, Task<bool>> Progressed(Caller caller) =>
        async (db, id) => await db.CommitmentUpdates.AnyAsync(u => u.CommitmentId == id && u.Text == $"Progress by {caller.Key}", Ct)
            && await db.Commitments.AnyAsync(c => c.Id == id && c.Status == CommitmentStatus.Started && c.Version == 2, Ct);

    private static Func<CusspDbContext, Guid, Task<bool>> Evidenced(Caller caller) =>
        async (db, id) => await db.Evidence.AnyAsync(e => e.CommitmentId == id && e.Title == $"Evidence by {caller.Key}", Ct)
            && await db.Commitments.AnyAsync(c => c.Id == id && c.Version == 2, Ct);

    private static Func<CusspDbContext, Guid, Task<bool>> Indicated(Caller caller) =>
        async (db, id) => await db.Indicators.AnyAsync(i => i.CommitmentId == id && i.Name == $"Indicator by {caller.Key}", Ct)
            && await db.Commitments.AnyAsync(c => c.Id == id && c.Version == 2, Ct);

    private static Func<CusspDbContext, Guid, Task<bool>> Measured(Caller caller) =>
        async (db, id) =>
        {
            var gauge = GaugeOf(id);
            return await db.Measurements.AnyAsync(m => m.IndicatorId == gauge && m.Note == $"Measured by {caller.Key}", Ct)
                && await db.Commitments.AnyAsync(c => c.Id == id && c.Version == 2, Ct);
        };

    private static Func<CusspDbContext, Guid, Task<bool>> Scored(Caller caller) =>
        async (db, id) => await db.ComplianceScores.AnyAsync(s => s.CommitmentId == id && s.Reason == $"Scored by {caller.Key}", Ct)
            && await db.Commitments.AnyAsync(c => c.Id == id && c.Version == 2, Ct);

    // The indicator seeded on a commitment target, named from the commitment's id so that a request can be built from it alone.
    private static Guid GaugeOf(Guid commitment)
    {
        var bytes = commitment.ToByteArray();
        bytes[^1] ^= 0x5A;
        return new Guid(bytes);
    }

    // Contributors and approvers act on consultations: file, acknowledge, record, close actions.
    private static bool Acts(Caller caller) => caller.Has(Roles.Contributor) || caller.Has(Roles.Approver);

    // An account that may act at all: not disabled, its password its own, the second factor its roles need set up.
    private static bool Usable(Caller caller) => caller.Account is { Disabled: false, MustChangePassword: false } a && (!a.RequiresTwoFactor || a.TwoFactorEnabled);

    private static async Task<bool> Acknowledged(CusspDbContext db, Guid id) =>
        await db.Consultations.AnyAsync(c => c.Id == id && c.AcknowledgedAt != null && c.Version == 1, Ct);

    private static Func<CusspDbContext, Guid, Task<bool>> MinutesBy(Caller caller) =>
        async (db, id) => await db.MeetingEntries.AnyAsync(e => e.MeetingId == id && e.Kind == MeetingEntryKind.Decision && e.Text == $"Decided by {caller.Key}", Ct);

    private static Func<CusspDbContext, Guid, Task<bool>> MovedBy(Caller caller) =>
        async (db, id) => await db.Meetings.AnyAsync(m => m.Id == id && m.Place == $"Moved by {caller.Key}", Ct);

    private static Func<CusspDbContext, Guid, Task<bool>> CalledOffBy(Caller caller) =>
        async (db, id) => await db.Meetings.AnyAsync(m => m.Id == id && m.CancelledAt != null && m.CancelReason == $"Called off by {caller.Key}", Ct);

    private static async Task<bool> ActionDone(CusspDbContext db, Guid id) =>
        await db.MeetingEntries.AnyAsync(e => e.Id == GaugeOf(id) && e.DoneAt != null, Ct);

    private static Func<CusspDbContext, Guid, Task<bool>> HeldBy(Caller caller) =>
        async (db, id) => await db.Consultations.AnyAsync(c => c.Id == id && c.HeldAt != null && c.Attendees == $"Held by {caller.Key}", Ct);

    // A state of the seeded registry.
    private const string Poland = "6f1c0001-0000-4000-8000-000000000020";

    private static async Task<bool> Invited(CusspDbContext db, Guid id) =>
        await db.JointDecisions.AnyAsync(d => d.ConsultationId == id && d.Kind == DecisionKind.ThirdStateInvitation && d.State == DecisionState.Pending, Ct);

    private static async Task<bool> TaskDone(CusspDbContext db, Guid id)
    {
        var task = GaugeOf(id);
        return await db.ConsultationTasks.AnyAsync(t => t.Id == task && t.DoneAt != null, Ct);
    }

    private static async Task<bool> CompletionAsked(CusspDbContext db, Guid id) =>
        await db.JointDecisions.AnyAsync(d => d.CommitmentId == id && d.State == DecisionState.Pending && d.Kind == DecisionKind.CommitmentCompletion, Ct);

    // The file form, posted as a browser does: multipart, with a small text file.
    private static HttpRequestMessage UploadPost(string url, string? token, IEnumerable<(string, string)> fields)
    {
        var body = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Concat(token is null ? [] : new[] { ("__RequestVerificationToken", token) }))
        {
            body.Add(new StringContent(value), name);
        }
        body.Add(new ByteArrayContent("hectares released: 1200\n"u8.ToArray()), "upload", "released.txt");
        return new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = body };
    }

    private static HttpRequestMessage FormPost(string url, string? token, IEnumerable<(string, string)> fields) =>
        new(HttpMethod.Post, new Uri(url, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([.. fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)),
                .. token is null ? [] : new[] { new KeyValuePair<string, string>("__RequestVerificationToken", token) }]),
        };

    private static async Task<string> FormTokenAsync(HttpClient client)
    {
        var (_, page) = await client.GetPageAsync("/account");
        return (page.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement)?.Value
            ?? throw new InvalidOperationException("/account shows no form with an antiforgery token");
    }

    /// <summary>
    /// One document and one decision per marking template and originating participant, proposed by someone who is none of the
    /// callers; and for every approver a decision of its own, which it may never approve.
    /// </summary>
    private static async Task<List<Target>> CreateTargetsAsync(CusspApp app)
    {
        var targets = new List<Target>();
        foreach (var m in Templates)
        {
            foreach (var originator in Enum.GetValues<Participant>())
            {
                targets.Add(new Target(Guid.NewGuid(), Kind.Document, m, originator, SeedAuthor, 1));
                targets.Add(new Target(Guid.NewGuid(), Kind.Decision, m, originator, SeedAuthor, 0));
                targets.Add(new Target(Guid.NewGuid(), Kind.Commitment, m, originator, SeedAuthor, 1));
                targets.Add(new Target(Guid.NewGuid(), Kind.Consultation, m, originator, SeedAuthor, 0));
                targets.Add(new Target(Guid.NewGuid(), Kind.Meeting, m, originator, SeedAuthor, 0));
            }
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        foreach (var approver in await db.Users.AsNoTracking().Where(u => (u.Roles & Roles.Approver) == Roles.Approver).Select(u => new { u.Id, u.Participant })
            .ToListAsync(Ct))
        {
            targets.Add(new Target(Guid.NewGuid(), Kind.Decision, Templates[0], approver.Participant, approver.Id, 0));
        }
        foreach (var t in targets)
        {
            Add(db, t);
        }
        db.LifecycleEvents.Add(new LifecycleEventRecord
        {
            Id = Guid.NewGuid(),
            AgreementId = "cussp",
            Kind = LifecycleEventKind.NatoMembership,
            OccurredOn = new LocalDate(2024, 2, 24),
            By = Participant.Ukraine,
            Note = "seed",
            RecordedBy = "seed",
        });
        await db.SaveChangesAsync(Ct);
        return targets;
    }

    /// <summary>A fresh copy of <paramref name="t"/>, for one allowed write to change.</summary>
    private static async Task<Target> CopyAsync(CusspApp app, Target t)
    {
        var copy = t with { Id = Guid.NewGuid() };
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        Add(db, copy);
        await db.SaveChangesAsync(Ct);
        return copy;
    }

    private static void Add(CusspDbContext db, Target t)
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        if (t.Kind == Kind.Commitment)
        {
            db.Commitments.Add(new CommitmentRecord
            {
                Id = t.Id,
                AgreementId = "cussp",
                Citation = "II.3",
                Title = $"Write target {t.Marking}",
                LeadParticipant = t.Originator,
                Status = CommitmentStatus.NotStarted,
                CreatedBy = "seed",
                CreatedAt = now,
                UpdatedAt = now,
                Originator = t.Originator,
                Classification = t.Marking.Classification,
                Releasability = t.Marking.Releasability,
                Area = t.Marking.Area,
                Version = t.Version,
            });
            // Evidence is there, so that asking for completion turns on the marking and the caller alone.
            db.Evidence.Add(new EvidenceRecord
            {
                Id = Guid.NewGuid(),
                CommitmentId = t.Id,
                Kind = EvidenceKind.Note,
                Title = "Seeded evidence",
                Text = "matrix",
                AddedBy = "seed",
                AddedAt = now,
            });
            db.Indicators.Add(new IndicatorRecord
            {
                Id = GaugeOf(t.Id),
                CommitmentId = t.Id,
                Name = "Seeded indicator",
                Unit = IndicatorUnit.People,
                Baseline = 0,
                Target = 100,
                AddedBy = "seed",
                AddedAt = now,
            });
        }
        else if (t.Kind == Kind.Consultation)
        {
            // An open request with a follow-up action, so that acknowledging, recording and closing the action turn on the caller alone.
            db.Consultations.Add(new ConsultationRecord
            {
                Id = t.Id,
                AgreementId = "cussp",
                Ground = ConsultationGround.RenewedAggression,
                Citation = "II.3",
                Summary = $"Write target {t.Marking}",
                RequestedBy = "seed",
                RequestedById = t.ProposedBy,
                RequestedAt = ConsultationFiled,
                DueAt = ConsultationFiled + Duration.FromHours(24),
                Originator = t.Originator,
                Classification = t.Marking.Classification,
                Releasability = t.Marking.Releasability,
                Area = t.Marking.Area,
                Version = t.Version,
            });
            db.ConsultationTasks.Add(new ConsultationTaskRecord { Id = GaugeOf(t.Id), ConsultationId = t.Id, Title = "Seeded action", Owner = "seed", DueOn = new LocalDate(2024, 3, 1) });
        }
        else if (t.Kind == Kind.Meeting)
        {
            // A meeting scheduled for later the same day, with an open action, so that writing its record, closing the action, moving
            // it and calling it off turn on the caller alone.
            db.Meetings.Add(new MeetingRecord
            {
                Id = t.Id,
                AgreementId = "cussp",
                Kind = MeetingKind.MinisterialMeeting,
                Citation = "II.1.i",
                Title = $"Write target {t.Marking}",
                StartsAt = TestDatabase.DefaultNow + Duration.FromHours(2),
                Place = "Kyiv",
                RecordedBy = "seed",
                RecordedAt = ConsultationFiled,
                MinutesBy = "seed",
                MinutesAt = ConsultationFiled,
                Originator = t.Originator,
                Classification = t.Marking.Classification,
                Releasability = t.Marking.Releasability,
                Area = t.Marking.Area,
                Version = t.Version,
            });
            db.MeetingEntries.Add(new MeetingEntryRecord { Id = GaugeOf(t.Id), MeetingId = t.Id, Kind = MeetingEntryKind.Action, Text = "Seeded action", Owner = "seed", DueOn = new LocalDate(2024, 3, 1) });
        }
        else if (t.Kind == Kind.Decision)
        {
            db.JointDecisions.Add(new JointDecisionRecord
            {
                Id = t.Id,
                Kind = DecisionKind.Amendment,
                Title = $"Write target {t.Marking}",
                Details = "",
                Citation = "VIII.C.1",
                ProposedBy = "seed",
                ProposedById = t.ProposedBy,
                Originator = t.Originator,
                ProposedAt = now,
                Classification = t.Marking.Classification,
                Releasability = t.Marking.Releasability,
                Area = t.Marking.Area,
                State = DecisionState.Pending,
                Version = t.Version,
            });
        }
        else
        {
            db.SharedDocuments.Add(new SharedDocumentRecord
            {
                Id = t.Id,
                Title = $"Write target {t.Marking}",
                Body = "",
                Classification = t.Marking.Classification,
                Releasability = t.Marking.Releasability,
                Area = t.Marking.Area,
                Originator = t.Originator,
                CreatedBy = "seed",
                CreatedAt = now,
                UpdatedAt = now,
                Version = t.Version,
            });
        }
    }
}
