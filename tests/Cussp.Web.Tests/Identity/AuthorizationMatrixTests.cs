using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Decisions;
using Cussp.Exchange;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Identity;

/// <summary>
/// Every endpoint and page of the running app that reads, enumerated from its routing, asked by users of every participant,
/// clearance, areas (none included) and roles about records of every marking: pages through the user's cookie session, the API
/// through a read-write token and, for users who could write, a read-only one. The expectations come from the rules as written
/// here, independently of the product's <see cref="AccessPolicy"/>: no unauthorised 2xx, no authorised refusal, lists, counts and
/// search showing exactly what get-by-id shows, and a record the caller may not see answered exactly as a random id that exists
/// nowhere. A route this test does not know fails it, so a new endpoint cannot go unchecked. Writes are
/// <see cref="AuthorizationMatrixWriteTests"/>'s.
/// </summary>
public partial class AuthorizationMatrixTests
{
    internal const string AreaA = "defence-security";
    internal const string AreaB = "intelligence-cyber";

    /// <summary>How a caller reaches the app.</summary>
    internal enum Channel
    {
        /// <summary>No credentials, on every route.</summary>
        Anonymous,
        /// <summary>A browser's cookie session, on the pages.</summary>
        Session,
        /// <summary>A read-write access token, on the API.</summary>
        Token,
        /// <summary>A read-only access token, on the API.</summary>
        ReadToken,
    }

    internal sealed record Caller(UserAccount? Account, Channel Channel, string? Token = null)
    {
        public Roles Roles => Account?.Roles ?? Roles.None;
        public bool Has(Roles r) => (Roles & r) != 0;
        public string Key => Account?.UserName ?? "anonymous";
        public string Name => $"{Key} ({Channel})";

        public bool Takes(string pattern) => Channel switch
        {
            Channel.Session => AccountSession.IsPage(pattern),
            Channel.Token or Channel.ReadToken => !AccountSession.IsPage(pattern),
            _ => true,
        };
    }

    internal sealed record Doc(Guid Id, SecurityClassification Classification, Releasability Releasability, string Area);

    // The rule, restated: a reading role, releasable to the caller's participant, clearance at or above, area among the caller's.
    internal static bool MayRead(Caller c, Doc d) =>
        c.Account is { } u
        && (u.Roles & (Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator)) != 0
        && (d.Releasability == Releasability.RelCanUkr
            || (d.Releasability == Releasability.CanEyesOnly && u.Participant == Participant.Canada)
            || (d.Releasability == Releasability.UkrEyesOnly && u.Participant == Participant.Ukraine))
        && (int)u.Clearance >= (int)d.Classification
        && u.Areas.Contains(d.Area);

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"""traceId"":""[^""]*""")]
    private static partial Regex TraceId();

    // A signed-in page's antiforgery token for scripts is new on every request and says nothing about the record.
    [GeneratedRegex(@"<meta name=""csrf-token"" content=""[^""]*""")]
    private static partial Regex CsrfToken();

    [Theory, Databases]
    public async Task EveryEndpoint_ForEveryCallerAndMarking_ShowsExactlyWhatTheRulesAllow(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CusspApp.StartAsync(provider, [new("RateLimits:RequestsPerSecond", "1000000")]);
        var (callers, docs) = await SeedAsync(app);
        var asking = AskingOn(provider, callers);
        var decisions = await SeedDecisionsAsync(app);
        var (commitments, commitmentFiles) = await SeedCommitmentsAsync(app);
        var meetings = await SeedMeetingsAsync(app);
        var consultations = await SeedConsultationsAsync(app, callers);
        var routes = app.Routes();
        var failures = new List<string>();
        var checkedRequests = 0;
        var comparedWithMissing = 0;

        void Fail(string failure)
        {
            lock (failures)
            {
                failures.Add(failure);
            }
        }

        // The callers ask side by side, as a server's users do: each with its own client, the counts and failures shared.
        await Parallel.ForEachAsync(asking, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (caller, _) =>
        {
            // Scripts reach the API with their token; pages know only the cookie session a browser holds.
            var client = caller.Channel switch
            {
                Channel.Session => await app.SessionAsync(caller.Account!),
                Channel.Token or Channel.ReadToken => app.TokenClient(caller.Token!),
                _ => app.Browser(),
            };
            var visible = docs.Where(d => MayRead(caller, d)).Select(d => d.Id).ToHashSet();
            var visibleDecisions = decisions.All.Where(d => MayRead(caller, d)).Select(d => d.Id).ToHashSet();
            var visibleCommitments = commitments.Where(d => MayRead(caller, d)).Select(d => d.Id).ToHashSet();
            var visibleMeetings = meetings.Where(d => MayRead(caller, d)).Select(d => d.Id).ToHashSet();
            var visibleConsultations = consultations.Where(d => MayRead(caller, d)).Select(d => d.Id).ToHashSet();
            var missing = new Dictionary<string, Shape>();

            foreach (var (pattern, methods) in routes.Where(r => caller.Takes(r.Pattern)))
            {
                foreach (var method in methods.Where(m => m == "GET"))
                {
                    foreach (var (url, expectation) in Scoped(caller, Expand(pattern, method, caller, docs, callers, decisions, commitments, commitmentFiles, meetings, consultations)))
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
                        var response = await client.SendAsync(request, ct);
                        Interlocked.Increment(ref checkedRequests);
                        var ok = (int)response.StatusCode is >= 200 and < 300;
                        if (ok && !expectation.Allowed)
                        {
                            Fail($"{caller.Name} {method} {url}: {(int)response.StatusCode}, expected refusal");
                        }
                        else if (!ok && expectation.Allowed && expectation.MustSucceed)
                        {
                            Fail($"{caller.Name} {method} {url}: {(int)response.StatusCode}, expected success" +
                                ((int)response.StatusCode >= 500 ? " " + await response.Content.ReadAsStringAsync(ct) : ""));
                        }
                        // Refused, a record must look exactly like one that does not exist: same status, same problem, no detail.
                        if (!ok && expectation.Record is { } record)
                        {
                            if (!missing.TryGetValue(pattern, out var nowhere))
                            {
                                var randomId = Guid.NewGuid();
                                using var probe = new HttpRequestMessage(new HttpMethod(method), new Uri(url.Replace(record.ToString(), randomId.ToString(),
                                    StringComparison.Ordinal), UriKind.Relative));
                                missing[pattern] = nowhere = await Shape.OfAsync(await client.SendAsync(probe, ct), randomId, ct);
                                Interlocked.Increment(ref checkedRequests);
                            }
                            var shape = await Shape.OfAsync(response, record, ct);
                            Interlocked.Increment(ref comparedWithMissing);
                            if (shape != nowhere)
                            {
                                Fail($"{caller.Name} {method} {url}: refused as {shape}, but a random id gets {nowhere}");
                            }
                        }
                        if (ok && expectation.ListOf is { } kind)
                        {
                            var (shown, count) = await ShownAsync(response, kind, ct);
                            var expected = kind.StartsWith("decisions", StringComparison.Ordinal) ? visibleDecisions
                                : kind.StartsWith("consultations", StringComparison.Ordinal) || kind.StartsWith("notifications", StringComparison.Ordinal) ? visibleConsultations
                                : kind.StartsWith("meetings", StringComparison.Ordinal) || kind.StartsWith("obligations", StringComparison.Ordinal) ? visibleMeetings
                                : kind is "public-api" or "public-page" ? commitmentFiles.Select(f => f.Commitment).Where(Released).Select(d => d.Id).ToHashSet()
                                // Only the seeded commitments changed (each added, with a file given as evidence): each shows twice among the changes.
                                : kind is "commitments-changes" or "changes-page" ? commitmentFiles.Select(f => f.Commitment.Id).Where(visibleCommitments.Contains).ToHashSet()
                                : kind.StartsWith("commitments", StringComparison.Ordinal) || kind is "compliance-page" or "stocktake-page" ? visibleCommitments
                                : visible;
                            var expectedCount = kind == "changes-page" ? 2 * expected.Count : expected.Count;
                            // A page of decisions or commitments shows one page of links and the full count: the links must be among the allowed ones.
                            var linksWrong = shown is not null && (kind.EndsWith("-page", StringComparison.Ordinal) ? !shown.IsSubsetOf(expected) : !shown.SetEquals(expected));
                            if (count != expectedCount || linksWrong)
                            {
                                Fail($"{caller.Name} {method} {url}: shows {count} records, rules allow {expectedCount}" +
                                    (shown is null ? "" : $" (extra {shown.Except(expected).Count()}, missing {expected.Except(shown).Count()})"));
                            }
                        }
                        lock (failures)
                        {
                            if (failures.Count > 20)
                            {
                                Assert.Fail(string.Join("\n", failures));
                            }
                        }
                    }
                }
            }
        });
        Assert.True(failures.Count == 0, $"{failures.Count} failures in {checkedRequests} requests:\n" + string.Join("\n", failures));
        var share = (double)asking.Count / callers.Count;
        Assert.True(checkedRequests > 20000 * share, $"only {checkedRequests} requests checked");
        Assert.True(comparedWithMissing > 3000 * share, $"only {comparedWithMissing} refusals compared with a missing record");
        Assert.Contains(asking, c => c.Account is { Areas.Count: 0 });
    }

    /// <summary>What a caller may do with a request. <paramref name="Record"/>: the record a by-id request is about.</summary>
    private sealed record Expectation(bool Allowed, bool MustSucceed = true, string? ListOf = null, Guid? Record = null);

    /// <summary>A response with the record's id and the trace id masked: what it tells the caller.</summary>
    private sealed record Shape(int Status, string? ContentType, string? Location, string Body)
    {
        public static async Task<Shape> OfAsync(HttpResponseMessage response, Guid id, CancellationToken ct)
        {
            string Mask(string text) => CsrfToken().Replace(TraceId().Replace(text.Replace(id.ToString(), "{id}", StringComparison.OrdinalIgnoreCase),
                "\"traceId\":\"\""), "<meta name=\"csrf-token\" content=\"\"");
            return new Shape((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(),
                response.Headers.Location is { } location ? Mask(location.OriginalString) : null, Mask(await response.Content.ReadAsStringAsync(ct)));
        }

        public override string ToString() => $"{Status} {ContentType} {Location} {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
    }

    /// <summary>A read-only token sees what its owner sees, and reads only some of the records by id to keep the run short.</summary>
    private static IEnumerable<(string Url, Expectation Expected)> Scoped(Caller caller, IEnumerable<(string Url, Expectation Expected)> requests)
    {
        if (caller.Channel != Channel.ReadToken)
        {
            return requests;
        }
        var byId = 0;
        return requests.Where(r => r.Expected.Record is null || byId++ % 5 == 0);
    }

    /// <summary>Turns a route into concrete requests with what the rules say of each.</summary>
    private static IEnumerable<(string Url, Expectation Expected)> Expand(string pattern, string method, Caller caller, IReadOnlyList<Doc> docs,
        IReadOnlyList<Caller> callers, DecisionSeed decisions, IReadOnlyList<Doc> commitments, IReadOnlyList<(Doc Commitment, Guid File)> commitmentFiles,
        IReadOnlyList<Doc> meetings, IReadOnlyList<Doc> consultations)
    {
        var signedIn = caller.Account is not null;
        var usable = caller.Account is { } a && (!a.RequiresTwoFactor || a.TwoFactorEnabled);
        var reader = (caller.Roles & (Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator)) != 0;
        var sample = docs.Where((_, i) => i % 7 == callers.ToList().IndexOf(caller) % 7).ToList();

        switch (method, pattern)
        {
            // Public: the agreement register, health, the API description, the sign-in pages.
            case ("GET", "/" or "/agreements" or "/api/v1" or "/api/v1/agreements" or "/api/v1/agreements/" or "/healthz"
                or "/account/signin" or "/account/signin/code" or "/account/denied"):
                yield return (pattern, new Expectation(true, MustSucceed: pattern != "/account/denied"));
                yield break;
            // Blazor's own redirect helper: it serves no data.
            case ("GET", "/_framework/opaque-redirect"):
                yield return (pattern, new Expectation(true, MustSucceed: false));
                yield break;
            case ("GET", "/openapi/{documentName}.json"):
                yield return ("/openapi/v1.json", new Expectation(true));
                yield break;
            case ("GET", _) when pattern.StartsWith("/agreements/", StringComparison.Ordinal) || pattern.StartsWith("/api/v1/agreements/", StringComparison.Ordinal):
                yield return (Fill(pattern, p => p switch
                {
                    "id" or "Id" => "cussp",
                    "citation" or "Citation" => "II.3",
                    "Component" => "framework",
                    _ => throw new InvalidOperationException($"no value for {{{p}}} in {pattern}"),
                }), new Expectation(true));
                yield break;

            // The caller's own account pages: anyone signed in; they show only the caller's own data.
            case ("GET", "/account" or "/account/password" or "/account/2fa" or "/account/tokens"):
                yield return (pattern, new Expectation(signedIn, MustSucceed: false));
                yield break;

            // Administration.
            case ("GET", "/admin/users" or "/admin/users/new"):
                yield return (pattern, new Expectation(usable && caller.Has(Roles.Administrator)));
                yield break;
            // An administrator manages their own participant's accounts and organisations only.
            case ("GET", "/admin/users/{Id:guid}"):
                foreach (var side in Enum.GetValues<Participant>())
                {
                    yield return ($"/admin/users/{callers.First(c => c.Account?.Participant == side).Account!.Id}",
                        new Expectation(usable && caller.Has(Roles.Administrator) && caller.Account!.Participant == side));
                }
                yield break;
            case ("GET", "/admin/organisations" or "/admin/organisations/new"):
                yield return (pattern, new Expectation(usable && caller.Has(Roles.Administrator)));
                yield break;
            case ("GET", "/admin/organisations/{Id:guid}"):
                foreach (var side in Enum.GetValues<Participant>())
                {
                    yield return ($"/admin/organisations/{Organisations.JointSecretariatOf(side)}",
                        new Expectation(usable && caller.Has(Roles.Administrator) && caller.Account!.Participant == side));
                }
                yield break;

            // The audit log: auditors only.
            case ("GET", "/audit"):
                yield return (pattern, new Expectation(usable && caller.Has(Roles.Auditor)));
                yield break;

            // Marked records: by id, in lists, counts and search.
            case ("GET", "/api/v1/documents/{id:guid}" or "/documents/{Id:guid}"):
                foreach (var d in docs)
                {
                    yield return (Fill(pattern, _ => d.Id.ToString()), new Expectation(usable && MayRead(caller, d), Record: d.Id));
                }
                yield break;
            // The edit and downgrade pages show the document to whoever may read it (and say there whether they may change it). They
            // read it as its page does: each caller tries every third document on each, turning with the caller, so that across the
            // callers every marking is tried on both.
            case ("GET", "/documents/{Id:guid}/edit" or "/documents/{Id:guid}/downgrade"):
                foreach (var d in docs.Where((_, i) => (i + callers.ToList().IndexOf(caller) + (pattern.EndsWith("/edit", StringComparison.Ordinal) ? 0 : 1)) % 3 == 0))
                {
                    yield return (Fill(pattern, _ => d.Id.ToString()), new Expectation(usable && MayRead(caller, d), Record: d.Id));
                }
                yield break;
            case ("GET", "/api/v1/documents/"):
                yield return ("/api/v1/documents/?pageSize=200", new Expectation(signedIn, MustSucceed: signedIn, ListOf: "api"));
                yield return ("/api/v1/documents/?pageSize=200&q=matrix", new Expectation(signedIn, MustSucceed: signedIn, ListOf: "api"));
                yield break;
            case ("GET", "/api/v1/documents/count"):
                yield return (pattern, new Expectation(signedIn, MustSucceed: signedIn, ListOf: "count"));
                yield break;
            case ("GET", "/documents"):
                yield return ("/documents?q=matrix", new Expectation(usable, MustSucceed: usable, ListOf: "page"));
                yield break;
            case ("GET", "/documents/new"):
                yield return (pattern, new Expectation(usable, MustSucceed: false));
                yield break;
            // Joint decisions: marked records (always REL CAN UKR when proposed).
            // Decisions, commitments and meetings are read through the same access policy as documents, which every caller reads
            // all of by id: each caller reads every other one of these, turning with the caller, so that across the callers every
            // marking is read on every route.
            case ("GET", "/api/v1/decisions/{id:guid}" or "/decisions/{Id:guid}"):
                foreach (var d in decisions.All.Take(31).Where((_, i) => (i + callers.ToList().IndexOf(caller)) % 2 == 0))
                {
                    yield return (Fill(pattern, _ => d.Id.ToString()), new Expectation(usable && MayRead(caller, d), Record: d.Id));
                }
                yield break;
            case ("GET", "/api/v1/decisions/"):
                yield return ("/api/v1/decisions/?pageSize=200", new Expectation(signedIn, MustSucceed: signedIn, ListOf: "decisions-api"));
                yield break;
            case ("GET", "/decisions"):
                yield return (pattern, new Expectation(usable, MustSucceed: usable, ListOf: "decisions-page"));
                yield break;
            case ("GET", "/commitments/new"):
                yield return (pattern, new Expectation(usable, MustSucceed: false));
                yield break;
            case ("GET", "/decisions/new"):
                yield return (pattern, new Expectation(usable, MustSucceed: false));
                yield break;
            // Commitments: marked records, derived from the text (UNCLASSIFIED) and seeded of every marking.
            case ("GET", "/api/v1/commitments/{id:guid}" or "/commitments/{Id:guid}"):
                foreach (var d in commitments.Where(c => c.Classification > SecurityClassification.Unclassified || c.Releasability != Releasability.RelCanUkr)
                    .Concat(commitments.Take(3)).Where((_, i) => (i + callers.ToList().IndexOf(caller)) % 2 == 0))
                {
                    yield return (Fill(pattern, _ => d.Id.ToString()), new Expectation(usable && MayRead(caller, d), Record: d.Id));
                }
                yield break;
            // A file given as evidence, on every third seeded commitment (each classification, releasability and area among them):
            // readable where its commitment is.
            case ("GET", "/api/v1/commitments/{id:guid}/evidence/{evidenceId:guid}/content"):
                foreach (var (d, evidence) in commitmentFiles.Where((_, i) => i % 3 == 0))
                {
                    yield return ($"/api/v1/commitments/{d.Id}/evidence/{evidence}/content", new Expectation(usable && MayRead(caller, d), Record: evidence));
                }
                yield break;
            // The export holds exactly what the list does.
            case ("GET", "/api/v1/commitments/export.csv"):
                yield return (pattern, new Expectation(signedIn, MustSucceed: signedIn, ListOf: "commitments-csv"));
                yield break;
            case ("GET", "/api/v1/commitments/export.xlsx"):
                yield return (pattern, new Expectation(signedIn, MustSucceed: signedIn, ListOf: "commitments-xlsx"));
                yield break;
            // The public view: anyone, signed in or not, reads the released UNCLASSIFIED // REL CAN UKR commitments, and no other.
            case ("GET", "/api/v1/public/commitments/"):
                yield return (pattern + "?pageSize=200", new Expectation(true, MustSucceed: true, ListOf: "public-api"));
                yield break;
            case ("GET", "/public/commitments"):
                yield return (pattern, new Expectation(true, MustSucceed: true, ListOf: "public-page"));
                yield break;
            case ("GET", "/api/v1/public/commitments/{id:guid}" or "/public/commitments/{Id:guid}"):
                foreach (var (d, _) in commitmentFiles.Where(f => f.Commitment.Area == AreaA))
                {
                    var released = Released(d);
                    yield return (Fill(pattern, _ => d.Id.ToString()), new Expectation(released, MustSucceed: released, Record: d.Id));
                }
                yield break;
            // What changed: the changes of exactly the commitments the caller may read.
            case ("GET", "/api/v1/commitments/changes"):
                yield return (pattern + "?pageSize=200", new Expectation(signedIn, MustSucceed: signedIn, ListOf: "commitments-changes"));
                yield break;
            case ("GET", "/commitments/changes"):
                yield return (pattern, new Expectation(usable, MustSucceed: usable, ListOf: "changes-page"));
                yield break;
            // The stock-take reports on exactly the commitments the caller may read.
            case ("GET", "/api/v1/commitments/stocktake"):
                yield return (pattern + "?format=md", new Expectation(signedIn, MustSucceed: signedIn, ListOf: "commitments-stocktake"));
                yield return (pattern, new Expectation(signedIn, MustSucceed: signedIn));
                yield break;
            case ("GET", "/api/v1/commitments/review"):
                yield return (pattern + "?format=md", new Expectation(signedIn, MustSucceed: signedIn, ListOf: "commitments-stocktake"));
                yield break;
            case ("GET", "/commitments/stocktake"):
                yield return (pattern, new Expectation(usable, MustSucceed: usable, ListOf: "stocktake-page"));
                yield break;
            // A year's compliance counts exactly the commitments the caller may read.
            case ("GET", "/api/v1/commitments/compliance"):
                yield return (pattern, new Expectation(signedIn, MustSucceed: signedIn, ListOf: "commitments-compliance"));
                break;
            case ("GET", "/api/v1/commitments/"):
                yield return ("/api/v1/commitments/?pageSize=200", new Expectation(signedIn, MustSucceed: signedIn, ListOf: "commitments-api"));
                yield break;
            case ("GET", "/commitments/compliance"):
                yield return (pattern, new Expectation(usable, MustSucceed: usable, ListOf: "compliance-page"));
                break;
            case ("GET", "/commitments"):
                yield return (pattern, new Expectation(usable, MustSucceed: usable, ListOf: "commitments-page"));
                yield break;
            // Meetings: marked records; the obligations clock counts exactly the meetings the caller may read.
            case ("GET", "/api/v1/meetings/{id:guid}"):
                foreach (var d in meetings.Where((_, i) => (i + callers.ToList().IndexOf(caller)) % 3 == 1))
                {
                    yield return (Fill(pattern, _ => d.Id.ToString()), new Expectation(usable && MayRead(caller, d), Record: d.Id));
                }
                yield break;
            case ("GET", "/api/v1/meetings/"):
                yield return (pattern + "?pageSize=200", new Expectation(signedIn, MustSucceed: signedIn, ListOf: "meetings-api"));
                yield break;
            // Each caller reads every third meeting by id, turning with the caller.
            case ("GET", "/meetings/{Id:guid}"):
                foreach (var d in meetings.Where((_, i) => (i + callers.ToList().IndexOf(caller)) % 3 == 0))
                {
                    yield return (Fill(pattern, _ => d.Id.ToString()), new Expectation(usable && MayRead(caller, d), Record: d.Id));
                }
                yield break;
            case ("GET", "/meetings"):
                yield return (pattern, new Expectation(usable, MustSucceed: usable, ListOf: "meetings-page"));
                yield break;
            case ("GET", "/meetings/new"):
                yield return (pattern, new Expectation(usable, MustSucceed: false));
                yield break;
            // The clock's page for the year the seeded meetings were held in lists each one the caller may read.
            case ("GET", "/obligations"):
                yield return (pattern + "?year=2024", new Expectation(usable, MustSucceed: usable, ListOf: "obligations-page"));
                yield break;
            case ("GET", "/api/v1/obligations/"):
                yield return (pattern, new Expectation(signedIn, MustSucceed: signedIn, ListOf: "obligations-api"));
                yield break;
            // Consultation requests: marked records, read like meetings; each caller's notices show only the requests it may read.
            case ("GET", "/api/v1/consultations/{id:guid}" or "/consultations/{Id:guid}"):
                foreach (var d in consultations.Where((_, i) => (i + callers.ToList().IndexOf(caller) + (pattern.StartsWith("/api", StringComparison.Ordinal) ? 1 : 0)) % 3 == 0))
                {
                    yield return (Fill(pattern, _ => d.Id.ToString()), new Expectation(usable && MayRead(caller, d), Record: d.Id));
                }
                yield break;
            case ("GET", "/api/v1/consultations/"):
                yield return (pattern + "?pageSize=200", new Expectation(signedIn, MustSucceed: signedIn, ListOf: "consultations-api"));
                yield break;
            case ("GET", "/consultations"):
                yield return (pattern, new Expectation(usable, MustSucceed: usable, ListOf: "consultations-page"));
                yield break;
            case ("GET", "/consultations/new"):
                yield return (pattern, new Expectation(usable, MustSucceed: false));
                yield break;
            // The registry of states with G7 arrangements is public reference data.
            case ("GET", "/api/v1/third-states/" or "/third-states"):
                yield return (pattern, new Expectation(true));
                yield break;
            // The calendar feed holds exactly the meetings the caller may read.
            case ("GET", "/api/v1/calendar.ics"):
                yield return (pattern, new Expectation(signedIn, MustSucceed: signedIn, ListOf: "meetings-calendar"));
                yield break;
            case ("GET", "/api/v1/notifications/"):
                yield return (pattern + "?pageSize=100", new Expectation(signedIn, MustSucceed: signedIn, ListOf: "notifications-api"));
                yield break;
            case ("GET", "/notifications"):
                yield return (pattern, new Expectation(usable, MustSucceed: usable, ListOf: "notifications-page"));
                yield break;
            default:
                throw new InvalidOperationException(
                    $"{method} {pattern} is not in the authorization matrix: say who may read it before it ships.");
        }
    }

    private static string Fill(string pattern, Func<string, string> value) =>
        Parameter().Replace(pattern, m => Uri.EscapeDataString(value(m.Groups[1].Value)));

    private static async Task<(HashSet<Guid>? Ids, int Count)> ShownAsync(HttpResponseMessage response, string kind, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        switch (kind)
        {
            case "api":
                using (var json = JsonDocument.Parse(text))
                {
                    var ids = json.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToHashSet();
                    Assert.Equal(ids.Count, json.RootElement.GetProperty("total").GetInt32());
                    return (ids, ids.Count);
                }
            case "count":
                using (var json = JsonDocument.Parse(text))
                {
                    return (null, json.RootElement.GetProperty("count").GetInt32());
                }
            case "decisions-api" or "commitments-api" or "meetings-api" or "consultations-api":
                goto case "api";
            case "notifications-api":
                using (var json = JsonDocument.Parse(text))
                {
                    var about = json.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("subjectId").GetGuid()).ToList();
                    Assert.Equal(about.Count, json.RootElement.GetProperty("total").GetInt32());
                    return (about.ToHashSet(), about.Count);
                }
            case "meetings-calendar":
                var inFeed = CalendarMeeting().Matches(text).Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
                return (inFeed, inFeed.Count);
            case "consultations-page":
                var requestLinks = ConsultationLink().Matches(text).Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
                return (requestLinks, int.Parse(ConsultationCount().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            case "notifications-page":
                var noticeLinks = ConsultationLink().Matches(text).Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
                return (noticeLinks, int.Parse(UnreadCount().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            case "meetings-page":
                var meetingLinks = MeetingLink().Matches(text).Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
                return (meetingLinks, int.Parse(MeetingCount().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            case "obligations-page":
                var heldLinks = MeetingLink().Matches(text).Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
                return (heldLinks, heldLinks.Count);
            case "obligations-api":
                using (var json = JsonDocument.Parse(text))
                {
                    var held = json.RootElement.GetProperty("duties").EnumerateArray().SelectMany(d => d.GetProperty("occurrences").EnumerateArray())
                        .SelectMany(o => o.GetProperty("held").EnumerateArray()).Select(h => h.GetProperty("id").GetGuid()).ToHashSet();
                    return (held, held.Count);
                }
            case "commitments-compliance":
                using (var json = JsonDocument.Parse(text))
                {
                    return (null, json.RootElement.GetProperty("overall").GetProperty("commitments").GetInt32());
                }
            case "compliance-page":
                var summary = ComplianceSummaryLine().Match(text);
                Assert.True(summary.Success, "the compliance page says how many commitments it counts");
                return (null, int.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            case "public-api":
                goto case "api";
            case "public-page":
                var publicLinks = PublicLink().Matches(text).Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
                return (publicLinks, int.Parse(PublicCount().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            case "commitments-changes":
                using (var json = JsonDocument.Parse(text))
                {
                    var changed = json.RootElement.GetProperty("items").EnumerateArray()
                        .Select(e => e.GetProperty("commitment").GetProperty("id").GetGuid()).ToHashSet();
                    Assert.Equal(json.RootElement.GetProperty("total").GetInt32(), json.RootElement.GetProperty("items").GetArrayLength());
                    return (changed, changed.Count);
                }
            case "changes-page":
                var changedLinks = CommitmentLink().Matches(text).Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
                return (changedLinks, int.Parse(ChangesCount().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            case "commitments-stocktake" or "stocktake-page":
                var overview = StockTakeOverview().Match(text);
                Assert.True(overview.Success, "the stock-take says how many commitments it reports on");
                return (null, int.Parse(overview.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
            case "commitments-xlsx":
                using (var book = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync(ct)), false))
                {
                    var ids = book.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Skip(1)
                        .Select(r => Guid.Parse(r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().First().InnerText)).ToHashSet();
                    return (ids, ids.Count);
                }
            case "commitments-csv":
                var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => Guid.Parse(line[..36])).ToHashSet();
                return (rows, rows.Count);
            case "commitments-page":
                var commitmentLinks = CommitmentLink().Matches(text).Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
                return (commitmentLinks, int.Parse(CommitmentCount().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            case "decisions-page":
                var links = DecisionLink().Matches(text).Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
                return (links, int.Parse(DecisionCount().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            default:
                var shown = DocumentLink().Matches(text).Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
                return (shown, shown.Count);
        }
    }

    [GeneratedRegex(@"href=""/documents/([0-9a-f\-]{36})""")]
    private static partial Regex DocumentLink();

    [GeneratedRegex(@"href=""/decisions/([0-9a-f\-]{36})""")]
    private static partial Regex DecisionLink();

    [GeneratedRegex(@"class=""count"" role=""status"">Decisions: (\d+)<")]
    private static partial Regex DecisionCount();

    [GeneratedRegex(@"class=""count"" role=""status"">\d+ of (\d+) commitments scored")]
    private static partial Regex ComplianceSummaryLine();

    [GeneratedRegex(@"href=""/public/commitments/([0-9a-f\-]{36})""")]
    private static partial Regex PublicLink();

    [GeneratedRegex(@"class=""count"" role=""status"">(\d+) commitments released to the public")]
    private static partial Regex PublicCount();

    // The seeded commitments released to the public that the public view shows: those still UNCLASSIFIED // REL CAN UKR.
    private static bool Released(Doc d) =>
        d.Area == AreaA && d.Classification == SecurityClassification.Unclassified && d.Releasability == Releasability.RelCanUkr;

    [GeneratedRegex(@"class=""count"" role=""status"">(\d+) changes since")]
    private static partial Regex ChangesCount();

    [GeneratedRegex(@"(\d[\d,]*) commitments\. Compliance in \d{4}")]
    private static partial Regex StockTakeOverview();

    [GeneratedRegex(@"href=""/commitments/([0-9a-f\-]{36})""")]
    private static partial Regex CommitmentLink();

    [GeneratedRegex(@"href=""/meetings/([0-9a-f\-]{36})""")]
    private static partial Regex MeetingLink();

    [GeneratedRegex(@"class=""count"" role=""status"">Meetings: (\d+)<")]
    private static partial Regex MeetingCount();

    [GeneratedRegex(@"UID:meeting-([0-9a-f\-]{36})@")]
    private static partial Regex CalendarMeeting();

    [GeneratedRegex(@"href=""/consultations/([0-9a-f\-]{36})""")]
    private static partial Regex ConsultationLink();

    [GeneratedRegex(@"class=""count"" role=""status"">(\d+) requests<")]
    private static partial Regex ConsultationCount();

    [GeneratedRegex(@"class=""count"" role=""status"">(\d+) unread<")]
    private static partial Regex UnreadCount();

    [GeneratedRegex(@"class=""count"" role=""status"">Commitments: (\d+)<")]
    private static partial Regex CommitmentCount();

    /// <summary>
    /// The callers that ask on <paramref name="provider"/>: every one on SQLite; on PostgreSQL the anonymous caller and every other
    /// account with all its channels, which still spans both participants and every clearance, set of areas and role. The rules are
    /// the one access policy in either case; what PostgreSQL adds is that policy's translation into its SQL, which every caller's
    /// lists, counts and reads by id go through.
    /// </summary>
    internal static List<Caller> AskingOn(DatabaseProvider provider, List<Caller> callers)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            return callers;
        }
        var kept = callers.Select(c => c.Account).OfType<UserAccount>().Distinct().Where((_, i) => i % 2 == 0).ToHashSet();
        return [.. callers.Where(c => c.Account is null || kept.Contains(c.Account))];
    }

    internal static async Task<(List<Caller>, List<Doc>)> SeedAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var callers = new List<Caller> { new(null, Channel.Anonymous) };
        var roleSets = new[] { Roles.None, Roles.Viewer, Roles.Contributor, Roles.Approver, Roles.Administrator, Roles.Auditor, Roles.Approver | Roles.Contributor };
        // No areas at all is tried once per participant and roles, at the highest clearance: it must show nothing anyway.
        var areaSets = new[] { Array.Empty<string>(), [AreaA], [AreaA, AreaB] };
        foreach (var participant in Enum.GetValues<Participant>())
        {
            foreach (var clearance in Enum.GetValues<SecurityClassification>())
            {
                foreach (var areas in areaSets.Where(a => a.Length > 0 || clearance == SecurityClassification.Secret))
                {
                    foreach (var roles in roleSets)
                    {
                        var name = $"{participant}-{clearance}-{areas.Length}-{roles}".Replace(", ", "_", StringComparison.Ordinal).ToLowerInvariant();
                        var user = new UserAccount
                        {
                            Id = Guid.NewGuid(),
                            UserName = name,
                            DisplayName = name,
                            Participant = participant,
                            Clearance = clearance,
                            Roles = roles,
                            Areas = [.. areas],
                            OrganisationId = Organisations.JointSecretariatOf(participant),
                            TwoFactorEnabled = true,
                        };
                        Assert.True((await users.CreateAsync(user)).Succeeded);
                        var (_, secret) = await tokens.IssueAsync(user.Id, "matrix", TokenScopes.Read | TokenScopes.Write, Duration.FromDays(30));
                        callers.Add(new Caller(user, Channel.Session));
                        callers.Add(new Caller(user, Channel.Token, secret));
                        // A read-only token matters where its owner could write.
                        if ((roles & (Roles.Contributor | Roles.Approver | Roles.Administrator)) != 0)
                        {
                            var (_, readOnly) = await tokens.IssueAsync(user.Id, "matrix-read", TokenScopes.Read, Duration.FromDays(30));
                            callers.Add(new Caller(user, Channel.ReadToken, readOnly));
                        }
                    }
                }
            }
        }
        var docs = new List<Doc>();
        var now = SystemClock.Instance.GetCurrentInstant();
        foreach (var classification in Enum.GetValues<SecurityClassification>())
        {
            foreach (var releasability in Enum.GetValues<Releasability>())
            {
                foreach (var area in new[] { AreaA, AreaB })
                {
                    var record = new SharedDocumentRecord
                    {
                        Id = Guid.NewGuid(),
                        Title = $"Matrix {classification} {releasability} {area}",
                        Body = "matrix test record",
                        Classification = classification,
                        Releasability = releasability,
                        Area = area,
                        Originator = Participant.Canada,
                        CreatedBy = "seed",
                        CreatedAt = now,
                        UpdatedAt = now,
                    };
                    db.SharedDocuments.Add(record);
                    docs.Add(new Doc(record.Id, classification, releasability, area));
                }
            }
        }
        await db.SaveChangesAsync();
        return (callers, docs);
    }

    /// <summary>
    /// Consultation requests of every marking, filed in 2025, written to the tables directly, each with a notice to every account: what
    /// a caller is shown of either is exactly the requests it may read.
    /// </summary>
    private static async Task<List<Doc>> SeedConsultationsAsync(CusspApp app, IReadOnlyList<Caller> callers)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var accounts = callers.Select(c => c.Account).OfType<UserAccount>().Select(a => a.Id).Distinct().ToList();
        var consultations = new List<Doc>();
        foreach (var classification in Enum.GetValues<SecurityClassification>())
        {
            foreach (var releasability in Enum.GetValues<Releasability>())
            {
                foreach (var area in new[] { AreaA, AreaB })
                {
                    var at = Instant.FromUtc(2025, 4, 1, 9, 0) + Duration.FromHours(consultations.Count);
                    var record = new Cussp.Obligations.ConsultationRecord
                    {
                        Id = Guid.NewGuid(),
                        AgreementId = "cussp",
                        Ground = Cussp.Obligations.ConsultationGround.SignificantEscalation,
                        Citation = "II.5",
                        Summary = $"Matrix consultation {classification} {releasability} {area}",
                        RequestedBy = "seed",
                        RequestedById = Guid.NewGuid(),
                        RequestedAt = at,
                        DueAt = at + Duration.FromHours(24),
                        Classification = classification,
                        Releasability = releasability,
                        Area = area,
                        Originator = Participant.Canada,
                    };
                    db.Consultations.Add(record);
                    db.Notifications.AddRange(accounts.Select(a => new Cussp.Notifications.NotificationRecord
                    {
                        Id = Guid.NewGuid(),
                        RecipientId = a,
                        Event = Cussp.Notifications.NoticeEvents.Requested,
                        SubjectType = Cussp.Obligations.Consultations.RecordType,
                        SubjectId = record.Id,
                        CreatedAt = at,
                    }));
                    consultations.Add(new Doc(record.Id, classification, releasability, area));
                }
            }
        }
        await db.SaveChangesAsync();
        return consultations;
    }

    /// <summary>Leaders' meetings of every marking, held in 2025, written to the table directly.</summary>
    private static async Task<List<Doc>> SeedMeetingsAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var meetings = new List<Doc>();
        foreach (var classification in Enum.GetValues<SecurityClassification>())
        {
            foreach (var releasability in Enum.GetValues<Releasability>())
            {
                foreach (var area in new[] { AreaA, AreaB })
                {
                    var record = new Cussp.Obligations.MeetingRecord
                    {
                        Id = Guid.NewGuid(),
                        AgreementId = "cussp",
                        Kind = Cussp.Obligations.MeetingKind.LeadersMeeting,
                        Citation = "II.1.i",
                        Title = $"Matrix meeting {classification} {releasability} {area}",
                        // Held on the day of signature, before the test clock's now: a meeting counts on the clock once it has begun.
                        StartsAt = Instant.FromUtc(2024, 2, 24, 0, 0) + Duration.FromMinutes(meetings.Count),
                        Place = "Kyiv",
                        Classification = classification,
                        Releasability = releasability,
                        Area = area,
                        Originator = Participant.Ukraine,
                        RecordedBy = "seed",
                        RecordedAt = app.Clock.GetCurrentInstant(),
                    };
                    db.Meetings.Add(record);
                    meetings.Add(new Doc(record.Id, classification, releasability, area));
                }
            }
        }
        await db.SaveChangesAsync();
        return meetings;
    }

    /// <summary>
    /// Commitments of every marking, written to the table directly beside those derived from the agreement's text, each with a file
    /// given as evidence; returns all of them, derived ones included, with their markings, and the seeded ones' files.
    /// </summary>
    private static async Task<(List<Doc> All, List<(Doc Commitment, Guid File)> Files)> SeedCommitmentsAsync(CusspApp app)
    {
        var files = new List<(Doc, Guid)>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        // On the app's clock, as the app records them: the year's reports (the stock-take) count what existed in the year.
        var now = app.Clock.GetCurrentInstant();
        foreach (var classification in Enum.GetValues<SecurityClassification>())
        {
            foreach (var releasability in Enum.GetValues<Releasability>())
            {
                foreach (var area in new[] { AreaA, AreaB })
                {
                    var id = Guid.NewGuid();
                    var file = Guid.NewGuid();
                    db.Commitments.Add(new CommitmentRecord
                    {
                        Id = id,
                        AgreementId = "cussp",
                        Citation = "IV.D.1",
                        Title = $"Matrix commitment {classification} {releasability} {area}",
                        LeadParticipant = Participant.Ukraine,
                        Originator = Participant.Ukraine,
                        CreatedBy = "seed",
                        CreatedAt = now,
                        UpdatedAt = now,
                        Classification = classification,
                        Releasability = releasability,
                        Area = area,
                        // Released to the public in one area, whatever the marking: only UNCLASSIFIED // REL CAN UKR shows publicly.
                        ReleasedAt = area == AreaA ? now : null,
                    });
                    db.Evidence.Add(new EvidenceRecord
                    {
                        Id = file,
                        CommitmentId = id,
                        Kind = EvidenceKind.File,
                        Title = "Matrix file",
                        FileName = "matrix.txt",
                        ContentType = "text/plain",
                        Length = 6,
                        AddedBy = "seed",
                        AddedAt = now,
                    });
                    db.EvidenceContent.Add(new EvidenceContentRecord { EvidenceId = file, Content = "matrix"u8.ToArray() });
                    files.Add((new Doc(id, classification, releasability, area), file));
                }
            }
        }
        await db.SaveChangesAsync();
        return (await db.Commitments.AsNoTracking().Select(c => new Doc(c.Id, c.Classification, c.Releasability, c.Area)).ToListAsync(), files);
    }

    /// <summary>Joint decisions of every marking.</summary>
    private sealed record DecisionSeed(IReadOnlyList<Doc> All);

    /// <summary>
    /// Joint decisions of every marking, written to the table directly, so that even a marking the use case refuses, such as
    /// CAN EYES ONLY, is there to prove the filter.
    /// </summary>
    private static async Task<DecisionSeed> SeedDecisionsAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var all = new List<Doc>();
        var now = SystemClock.Instance.GetCurrentInstant();
        JointDecisionRecord Add(string title, SecurityClassification classification, Releasability releasability, string area)
        {
            var record = new JointDecisionRecord
            {
                Id = Guid.NewGuid(),
                Kind = DecisionKind.Amendment,
                Title = title,
                Details = "matrix test decision",
                Citation = JointDecisions.CitationOf(DecisionKind.Amendment),
                Classification = classification,
                Releasability = releasability,
                Area = area,
                ProposedBy = "seed",
                Originator = Participant.Canada,
                ProposedAt = now,
                State = DecisionState.Pending,
            };
            db.JointDecisions.Add(record);
            all.Add(new Doc(record.Id, classification, releasability, area));
            return record;
        }
        foreach (var classification in Enum.GetValues<SecurityClassification>())
        {
            foreach (var releasability in Enum.GetValues<Releasability>())
            {
                foreach (var area in new[] { AreaA, AreaB })
                {
                    Add($"Matrix decision {classification} {releasability} {area}", classification, releasability, area);
                }
            }
        }
        await db.SaveChangesAsync();
        return new DecisionSeed(all);
    }
}
