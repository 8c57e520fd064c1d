using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Audit;

public class AuditTrailWebTests
{
    private static async Task<HttpClient> TokenClientAsync(CusspApp app, UserAccount user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<AccessTokens>()
            .IssueAsync(user.Id, "test", TokenScopes.Read | TokenScopes.Write, Duration.FromDays(1), TestContext.Current.CancellationToken);
        var client = app.Browser();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<List<AuditEntryRecord>> EntriesAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking().OrderBy(e => e.Seq)
            .ToListAsync(TestContext.Current.CancellationToken);
    }

    [Theory, Databases]
    public async Task Documents_WritesAndProtectedReads_AreLoggedUnderTheUserWithoutTheProtectedText(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("writer", roles: Roles.Contributor, password: null);
        var client = await TokenClientAsync(app, user);

        var created = await client.PostAsJsonAsync("/api/v1/documents/", new
        {
            title = "Convoy schedule",
            body = "Route through the northern crossing",
            classification = "PROTECTED B",
            releasability = "REL CAN UKR",
            area = "defence-security",
        }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString()!;
        var open = await client.PostAsJsonAsync("/api/v1/documents/", new
        {
            title = "Press lines",
            body = "Public",
            classification = "UNCLASSIFIED",
            releasability = "REL CAN UKR",
            area = "defence-security",
        }, ct);
        var openId = JsonDocument.Parse(await open.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/api/v1/documents/{id}", UriKind.Relative), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/api/v1/documents/{openId}", UriKind.Relative), ct)).StatusCode);

        var entries = await EntriesAsync(app);
        var create = Assert.Single(entries, e => e.Action == "document.create" && e.RecordId == id);
        Assert.Equal($"user:{user.Id}", create.Actor);
        Assert.DoesNotContain("northern crossing", create.After, StringComparison.Ordinal);
        Assert.Contains("PROTECTED B", create.After, StringComparison.Ordinal);
        var read = Assert.Single(entries, e => e.Action == "read" && e.RecordId == id);
        Assert.Equal(("writer", "PROTECTED B // REL CAN UKR // defence-security"), (read.ActorName, read.Marking));
        Assert.DoesNotContain(entries, e => e.Action == "read" && e.RecordId == openId);
        Assert.DoesNotContain(entries, e => (e.Before + e.After).Contains("AQAAAA", StringComparison.Ordinal));

        var verification = await AuditVerifier.VerifyAsync(app.Services.GetRequiredService<DatabaseSettings>(),
            app.Services.GetRequiredService<IAuditSigningKey>().PublicKey, ct);
        Assert.Null(verification.Fault);
    }

    [Theory, Databases]
    public async Task FailedSignIns_AreLoggedWithTheClientAddressAndNeverTheTypedUnknownName(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, [BehindProxy.Setting], BehindProxy.Services);
        var user = await app.CreateUserAsync("careless");
        var client = app.Browser();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.23");

        await client.SignInAsync("careless", "not my password at all");
        await client.SignInAsync("my-secret-password-typed-as-a-name", "not my password at all");

        var failures = (await EntriesAsync(app)).Where(e => e.Action == "account.sign-in-failed").ToList();
        Assert.Equal(2, failures.Count);
        var wrong = failures[0];
        Assert.Equal((nameof(UserAccount), user.Id.ToString(), "anonymous"), (wrong.RecordType, wrong.RecordId, wrong.Actor));
        Assert.Contains("\"address\":\"198.51.100.23\"", wrong.After, StringComparison.Ordinal);
        Assert.Contains("\"userName\":\"careless\"", wrong.After, StringComparison.Ordinal);
        Assert.Contains("\"failure\":\"WrongPassword\"", wrong.After, StringComparison.Ordinal);
        var unknown = failures[1];
        Assert.Equal("unknown", unknown.RecordId);
        Assert.Contains("\"address\":\"198.51.100.23\"", unknown.After, StringComparison.Ordinal);
        Assert.Contains("\"failure\":\"UnknownName\"", unknown.After, StringComparison.Ordinal);
        // What people type into the name field is sometimes their password: it is nowhere in the log or the database.
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        Assert.DoesNotContain(await db.AuditEntries.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken),
            e => (e.Before + e.After + e.RecordId).Contains("my-secret-password", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(await db.SignInFailures.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken),
            f => f.Key.Contains("SECRET", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(failures, e => (e.Before + e.After).Contains("PasswordHash", StringComparison.Ordinal));
    }

    private static async Task<HttpClient> SignedInAsync(CusspApp app, string userName)
    {
        var client = app.Browser();
        var signIn = await client.SignInAsync(userName);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        return client;
    }

    [Theory, Databases]
    public async Task AuditPage_ShowsEntriesToAuditorsOnly(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CusspApp.StartAsync(provider);
        var auditor = await app.CreateUserAsync("auditor", roles: Roles.Auditor, password: null);
        var viewer = await app.CreateUserAsync("viewer", roles: Roles.Viewer, password: null);

        var auditorSession = await app.SessionAsync(auditor);
        var (response, page) = await auditorSession.GetPageAsync("/audit?actor=system");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("agreement.import", page.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        var (_, badPage) = await auditorSession.GetPageAsync("/audit?from=2026-02-30");
        Assert.Contains("2026-02-30", badPage.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        var refused = await (await app.SessionAsync(viewer)).GetAsync(new Uri("/audit", UriKind.Relative), ct);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        var token = await (await TokenClientAsync(app, auditor)).GetAsync(new Uri("/audit", UriKind.Relative), ct);
        Assert.NotEqual(HttpStatusCode.OK, token.StatusCode);
    }

    [Theory, Databases]
    public async Task AuditPage_FilterByUserName_ShowsThatUsersEntriesAndAnUnknownNameSaysSo(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CusspApp.StartAsync(provider);
        var alice = await app.CreateUserAsync("alice", roles: Roles.Contributor, password: null);
        var bob = await app.CreateUserAsync("bob", roles: Roles.Contributor, password: null);
        await app.CreateUserAsync("auditor", roles: Roles.Auditor);
        foreach (var (user, title) in new[] { (alice, "Alice's note"), (bob, "Bob's note") })
        {
            var created = await (await TokenClientAsync(app, user)).PostAsJsonAsync("/api/v1/documents/", new
            {
                title,
                body = "",
                classification = "UNCLASSIFIED",
                releasability = "REL CAN UKR",
                area = "defence-security",
            }, ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var auditor = await SignedInAsync(app, "auditor");

        foreach (var filter in new[] { "alice", "ALICE", $"user:{alice.Id}" })
        {
            var (response, page) = await auditor.GetPageAsync("/audit?actor=" + Uri.EscapeDataString(filter));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var actors = page.QuerySelectorAll("tbody tr td:nth-child(3) .hint").Select(e => e.TextContent).Distinct().ToList();
            Assert.Equal([$"user:{alice.Id}"], actors);
            Assert.Contains("document.create", page.QuerySelector("tbody")!.TextContent, StringComparison.Ordinal);
        }

        var (unknownResponse, unknown) = await auditor.GetPageAsync("/audit?actor=mallory");
        Assert.Equal(HttpStatusCode.OK, unknownResponse.StatusCode);
        Assert.Contains("No account is called “mallory”", unknown.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(unknown.QuerySelector("table"));
        Assert.Equal("true", unknown.QuerySelector("#a-actor")!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task AuditPage_MoreThanAPage_PagesOlderAndBackToTheNewest()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CusspApp.StartAsync(DatabaseProvider.Sqlite);
        var writer = await app.CreateUserAsync("writer", roles: Roles.Contributor, password: null);
        await app.CreateUserAsync("auditor", roles: Roles.Auditor);
        var script = await TokenClientAsync(app, writer);
        for (var i = 0; i < 105; i++)
        {
            var created = await script.PostAsJsonAsync("/api/v1/documents/", new
            {
                title = $"Note {i}",
                body = "",
                classification = "UNCLASSIFIED",
                releasability = "REL CAN UKR",
                area = "defence-security",
            }, ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var auditor = await SignedInAsync(app, "auditor");

        var (_, first) = await auditor.GetPageAsync("/audit?actor=writer&type=SharedDocument");
        Assert.Equal(100, first.QuerySelectorAll("tbody tr").Length);
        var older = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Contains("actor=writer", older, StringComparison.Ordinal);
        var (_, second) = await auditor.GetPageAsync(older);
        Assert.Equal(5, second.QuerySelectorAll("tbody tr").Length);
        Assert.Null(second.QuerySelector("a[rel=next]"));
        var firstSeqs = first.QuerySelectorAll("tbody tr td:first-child").Select(td => long.Parse(td.TextContent, System.Globalization.CultureInfo.InvariantCulture));
        var secondSeqs = second.QuerySelectorAll("tbody tr td:first-child").Select(td => long.Parse(td.TextContent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(secondSeqs.Max() < firstSeqs.Min());
        var newest = second.QuerySelectorAll(".pager a").Single().GetAttribute("href")!;
        Assert.DoesNotContain("before=", newest, StringComparison.Ordinal);
        Assert.Equal(100, (await auditor.GetPageAsync(newest)).Document.QuerySelectorAll("tbody tr").Length);
    }

    [Theory, Databases]
    public async Task AuditPage_ForAuditorsOfEachSide_ShowsEntriesAboutMarkedRecordsOnlyWhereTheirAccessCoversTheMarking(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var writer = await app.CreateUserAsync("ua-writer", Participant.Ukraine, roles: Roles.Contributor | Roles.Viewer, password: null);
        var canadian = await app.CreateUserAsync("can-auditor", Participant.Canada, roles: Roles.Auditor, password: null);
        var ukrainian = await app.CreateUserAsync("ua-auditor", Participant.Ukraine, roles: Roles.Auditor, password: null);
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = (await scope.ServiceProvider.GetRequiredService<Cussp.Exchange.SharedDocuments>().CreateAsync(writer.ToSubject(),
                new Cussp.Exchange.DocumentInput("Positions", "Grid squares", SecurityClassification.Confidential, Releasability.UkrEyesOnly, "defence-security"),
                TestContext.Current.CancellationToken)).Id;
        }

        var (_, theirs) = await (await app.SessionAsync(canadian)).GetPageAsync($"/audit?id={id}");
        var (_, ours) = await (await app.SessionAsync(ukrainian)).GetPageAsync($"/audit?id={id}");

        Assert.Null(theirs.QuerySelector("table"));
        Assert.DoesNotContain(id.ToString(), theirs.Body!.TextContent, StringComparison.Ordinal);
        var row = ours.QuerySelector("table.audit tbody tr")!;
        Assert.Contains("document.create", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("CONFIDENTIAL // UKR EYES ONLY // defence-security", row.QuerySelector("td.marking")!.TextContent.Trim());
        Assert.Contains("contentHmac", row.QuerySelector("td.change pre")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector("td.when"));
        // Entries about nothing marked stay every auditor's.
        var (_, system) = await (await app.SessionAsync(canadian)).GetPageAsync("/audit?actor=system");
        Assert.Contains("agreement.import", system.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
    }
}
