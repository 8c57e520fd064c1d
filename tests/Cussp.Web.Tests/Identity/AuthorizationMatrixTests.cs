using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cussp.Data;
using Cussp.Decisions;
using Cussp.Exchange;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Identity;

/// <summary>
/// Every endpoint and page of the running app, enumerated from its routing, asked by users of every participant, clearance,
/// areas and roles about records of every marking. The expectations come from the rules as written here, independently of
/// the product's <see cref="AccessPolicy"/>: no unauthorised 2xx, no authorised refusal, and lists, counts and search show
/// exactly what get-by-id shows. A route this test does not know fails it, so a new endpoint cannot go unchecked.
/// </summary>
public partial class AuthorizationMatrixTests
{
    private const string AreaA = "defence-security";
    private const string AreaB = "intelligence-cyber";

    private sealed record Caller(string Name, UserAccount? Account, string? Token)
    {
        public Roles Roles => Account?.Roles ?? Roles.None;
        public bool Has(Roles r) => (Roles & r) != 0;
    }

    private sealed record Doc(Guid Id, SecurityClassification Classification, Releasability Releasability, string Area);

    // The rule, restated: a reading role, releasable to the caller's participant, clearance at or above, area among the caller's.
    private static bool MayRead(Caller c, Doc d) =>
        c.Account is { } u
        && (u.Roles & (Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator)) != 0
        && (d.Releasability == Releasability.RelCanUkr
            || (d.Releasability == Releasability.CanEyesOnly && u.Participant == Participant.Canada)
            || (d.Releasability == Releasability.UkrEyesOnly && u.Participant == Participant.Ukraine))
        && (int)u.Clearance >= (int)d.Classification
        && u.Areas.Contains(d.Area);

    private static bool MayWrite(Caller c, Doc d) => MayRead(c, d) && c.Has(Roles.Contributor);

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    [Theory, Databases]
    public async Task EveryEndpoint_ForEveryCallerAndMarking_ShowsExactlyWhatTheRulesAllow(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CusspApp.StartAsync(provider, [new("RateLimits:RequestsPerSecond", "1000000")]);
        var (callers, docs, decisionFor) = await SeedAsync(app);
        var routes = app.Routes();
        var failures = new List<string>();
        var checkedRequests = 0;

        // Reads first, for everyone; then writes, so that what the writes add cannot blur what the reads show.
        foreach (var (caller, writes) in callers.Select(c => (c, false)).Concat(callers.Select(c => (c, true))))
        {
            // Scripts reach the API with their token; pages know only the cookie session a browser holds.
            var api = caller.Token is null ? app.Browser() : app.TokenClient(caller.Token);
            var pages = caller.Account is { } account ? await app.SessionAsync(account) : app.Browser();
            var visible = docs.Where(d => MayRead(caller, d)).Select(d => d.Id).ToHashSet();

            foreach (var (pattern, methods) in routes)
            {
                foreach (var method in methods.Where(m => (m != "GET") == writes))
                {
                    foreach (var (url, expectation) in Expand(pattern, method, caller, docs, callers, decisionFor))
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
                        if (expectation.Body is { } body)
                        {
                            request.Content = JsonContent.Create(body);
                        }
                        var response = await (AccountSession.IsPage(pattern) ? pages : api).SendAsync(request, ct);
                        checkedRequests++;
                        var ok = (int)response.StatusCode is >= 200 and < 300;
                        if (ok && !expectation.Allowed)
                        {
                            failures.Add($"{caller.Name} {method} {url}: {(int)response.StatusCode}, expected refusal");
                        }
                        else if (!ok && expectation.Allowed && expectation.MustSucceed)
                        {
                            failures.Add($"{caller.Name} {method} {url}: {(int)response.StatusCode}, expected success" +
                                ((int)response.StatusCode >= 500 ? " " + await response.Content.ReadAsStringAsync(ct) : ""));
                        }
                        if (ok && expectation.ListOf is { } kind)
                        {
                            var (shown, count) = await ShownAsync(response, kind, ct);
                            if (count != visible.Count || (shown is not null && !shown.SetEquals(visible)))
                            {
                                failures.Add($"{caller.Name} {method} {url}: shows {count} documents, rules allow {visible.Count}" +
                                    (shown is null ? "" : $" (extra {shown.Except(visible).Count()}, missing {visible.Except(shown).Count()})"));
                            }
                        }
                        if (failures.Count > 20)
                        {
                            Assert.Fail(string.Join("\n", failures));
                        }
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} failures in {checkedRequests} requests:\n" + string.Join("\n", failures));
        Assert.True(checkedRequests > 5000, $"only {checkedRequests} requests checked");
    }

    private sealed record Expectation(bool Allowed, bool MustSucceed = true, object? Body = null, string? ListOf = null);

    /// <summary>Turns a route into concrete requests with what the rules say of each.</summary>
    private static IEnumerable<(string Url, Expectation Expected)> Expand(string pattern, string method, Caller caller, IReadOnlyList<Doc> docs,
        IReadOnlyList<Caller> callers, Dictionary<string, Guid> decisionFor)
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
            // The page for addresses that match nothing: always 404.
            case ("GET", "/{*path:nonfile}"):
                yield return ("/no-such-page/" + Uri.EscapeDataString(caller.Name), new Expectation(false));
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
            case ("GET", "/admin/users/{Id:guid}"):
                yield return ($"/admin/users/{callers.First(c => c.Account is not null).Account!.Id}",
                    new Expectation(usable && caller.Has(Roles.Administrator)));
                yield break;

            // The audit log: auditors only.
            case ("GET", "/audit"):
                yield return (pattern, new Expectation(usable && caller.Has(Roles.Auditor)));
                yield break;

            // Marked records: by id, in lists, counts and search.
            case ("GET", "/api/v1/documents/{id:guid}" or "/documents/{Id:guid}"):
                foreach (var d in docs)
                {
                    yield return (Fill(pattern, _ => d.Id.ToString()), new Expectation(usable && MayRead(caller, d)));
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
            case ("POST", "/api/v1/documents/"):
                foreach (var d in sample)
                {
                    yield return (pattern, new Expectation(usable && MayWrite(caller, d), Body: Request(d)));
                }
                yield break;
            case ("PUT", "/api/v1/documents/{id:guid}"):
                foreach (var d in sample)
                {
                    yield return ($"/api/v1/documents/{d.Id}", new Expectation(usable && MayWrite(caller, d), Body: Request(d)));
                }
                yield break;

            // Screening: names people are checking are not public.
            case ("POST", "/api/v1/screening/"):
                yield return (pattern, new Expectation(usable && (caller.Roles & (Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator)) != 0,
                    Body: new { name = "Volodymyr Zelenskyy" }));
                yield break;

            // Joint decisions.
            case ("POST", "/api/v1/decisions/"):
                yield return (pattern, new Expectation(usable && (caller.Has(Roles.Contributor) || caller.Has(Roles.Approver)),
                    Body: new { kind = "amendment", title = "Matrix amendment", details = "" }));
                yield break;
            case ("GET", "/api/v1/decisions/{id:guid}"):
                yield return ($"/api/v1/decisions/{decisionFor[caller.Name + "/approve"]}",
                    new Expectation(usable && (caller.Roles & (Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator | Roles.Auditor)) != 0));
                yield break;
            case ("POST", "/api/v1/decisions/{id:guid}/approve" or "/api/v1/decisions/{id:guid}/reject"):
                yield return (Fill(pattern, _ => decisionFor[caller.Name + pattern[pattern.LastIndexOf('/')..]].ToString()),
                    new Expectation(usable && caller.Has(Roles.Approver), Body: new { reason = "matrix" }));
                yield break;

            // Form posts need the antiforgery token this caller does not send: nothing may change.
            case ("POST", _) when !pattern.StartsWith("/api/", StringComparison.Ordinal):
                yield return (Fill(pattern, p => p switch
                {
                    "Id" => callers.First(c => c.Account is not null).Account!.Id.ToString(),
                    "Citation" => "II.3",
                    _ => throw new InvalidOperationException($"no value for {{{p}}} in {pattern}"),
                }), new Expectation(false));
                yield break;
            default:
                throw new InvalidOperationException(
                    $"{method} {pattern} is not in the authorization matrix: say who may use it before it ships.");
        }
    }

    private static object Request(Doc d) => new
    {
        title = "Written",
        body = "written in the test",
        classification = d.Classification.Label(),
        releasability = d.Releasability.Label(),
        area = d.Area,
    };

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
            default:
                var shown = DocumentLink().Matches(text).Select(m => Guid.Parse(m.Groups[1].Value)).ToHashSet();
                return (shown, shown.Count);
        }
    }

    [GeneratedRegex(@"href=""/documents/([0-9a-f\-]{36})""")]
    private static partial Regex DocumentLink();

    private static async Task<(List<Caller>, List<Doc>, Dictionary<string, Guid>)> SeedAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var callers = new List<Caller> { new("anonymous", null, null) };
        var decisionFor = new Dictionary<string, Guid>();
        var roleSets = new[] { Roles.None, Roles.Viewer, Roles.Contributor, Roles.Approver, Roles.Administrator, Roles.Auditor, Roles.Approver | Roles.Contributor };
        var areaSets = new[] { new[] { AreaA }, new[] { AreaA, AreaB } };
        var proposer = new AccessSubject(Guid.NewGuid(), "proposer", Participant.Canada, SecurityClassification.Secret, Roles.Contributor, [AreaA]);
        foreach (var participant in Enum.GetValues<Participant>())
        {
            foreach (var clearance in Enum.GetValues<SecurityClassification>())
            {
                foreach (var areas in areaSets)
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
                            Organisation = "Matrix",
                            TwoFactorEnabled = true,
                        };
                        Assert.True((await users.CreateAsync(user)).Succeeded);
                        var (_, secret) = await tokens.IssueAsync(user.Id, "matrix", TokenScopes.Read | TokenScopes.Write, Duration.FromDays(30));
                        callers.Add(new Caller(name, user, secret));
                        foreach (var verb in new[] { "/approve", "/reject" })
                        {
                            decisionFor[name + verb] = (await decisions.ProposeAsync(proposer, DecisionKind.Amendment, $"For {name}", "")).Id;
                        }
                    }
                }
            }
        }
        decisionFor["anonymous/approve"] = decisionFor["anonymous/reject"] = decisionFor.Values.First();
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
        return (callers, docs, decisionFor);
    }
}
