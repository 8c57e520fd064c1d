using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Cli;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests;

/// <summary>
/// The one text-input rule as each way in shows it: the API answers 400 naming the field, a page shows the message beside the
/// field, the command line exits 2 with one line; and nothing is stored.
/// </summary>
public sealed class TextInputWebTests : CliTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Refused = ["\0", "\u001B", "\u202E", "\u009B"];

    private static readonly string[] Areas = ["defence-security", "sovereignty-democracy", "framework"];

    private static string With(string character) => "invoice" + character + "gpj.exe";

    private static string Hex(string character) => "U+" + ((int)character[0]).ToString("X4", CultureInfo.InvariantCulture);

    /// <summary>The free text the app has stored, and the audit log's length.</summary>
    private static async Task<string> StoredAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        return string.Join("\n",
            string.Join("|", await db.SharedDocuments.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Title + "/" + d.Body).ToListAsync(Ct)),
            string.Join("|", await db.JointDecisions.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Title + "/" + d.Details + "/" + d.State).ToListAsync(Ct)),
            string.Join("|", await db.DecisionVotes.AsNoTracking().OrderBy(v => v.Id).Select(v => v.Reason).ToListAsync(Ct)),
            string.Join("|", await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.DisplayName).ToListAsync(Ct)),
            string.Join("|", await db.Organisations.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Name + "/" + o.ShortName).ToListAsync(Ct)),
            string.Join("|", await db.AccessTokens.AsNoTracking().OrderBy(t => t.Id).Select(t => t.Name).ToListAsync(Ct)),
            // A refused vote is kept in the log as an attempt; it changes nothing else.
            await db.AuditEntries.CountAsync(e => !e.Action.EndsWith(".refused"), Ct));
    }

    /// <summary>A write on a record's current version, as a careful client sends it: the JSON body and the record's ETag.</summary>
    private static Task<HttpResponseMessage> WriteAsync(HttpClient client, HttpMethod method, string url, object body, EntityTagHeaderValue version)
    {
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(version);
        return client.SendAsync(request, Ct);
    }

    private static async Task<string[]> FieldErrorsAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    private static void AssertNames(string[] problems, string character) =>
        Assert.Contains(problems, p => p.StartsWith($"The character {Hex(character)}", StringComparison.Ordinal) && p.Contains("at position 8", StringComparison.Ordinal));

    [Theory, Databases]
    public async Task DocumentsApi_FreeTextWithControlOrDirectionCharacter_Is400NamingTheFieldAndNothingStored(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var author = await app.CreateUserAsync("author", Participant.Ukraine, roles: Roles.Contributor, areas: Areas, password: null);
        var client = app.TokenClient(await app.IssueTokenAsync(author, TokenScopes.Read | TokenScopes.Write));
        object Document(string title, string body) => new { title, body, classification = "PROTECTED A", releasability = "REL CAN UKR", area = "defence-security" };
        var created = await client.PostAsJsonAsync("/api/v1/documents/", Document("Графік", "Рядок\r\nLigne « deux »"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString();
        var version = created.Headers.ETag!;
        var before = await StoredAsync(app);

        foreach (var c in Refused)
        {
            AssertNames(await FieldErrorsAsync(await client.PostAsJsonAsync("/api/v1/documents/", Document(With(c), ""), Ct), "title"), c);
            AssertNames(await FieldErrorsAsync(await client.PostAsJsonAsync("/api/v1/documents/", Document("Графік", With(c)), Ct), "body"), c);
            AssertNames(await FieldErrorsAsync(await WriteAsync(client, HttpMethod.Put, $"/api/v1/documents/{id}", Document(With(c), ""), version), "title"), c);
        }

        Assert.Equal(before, await StoredAsync(app));
        Assert.Contains("Графік/Рядок\nLigne « deux »", before, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task DecisionsApi_FreeTextWithControlOrDirectionCharacter_Is400NamingTheFieldAndNothingStored(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var proposer = await app.CreateUserAsync("proposer", Participant.Canada, roles: Roles.Contributor, areas: Areas, password: null);
        var approver = await app.CreateUserAsync("approver", Participant.Ukraine, roles: Roles.Approver, areas: Areas, password: null,
            totpKey: TotpCodes.NewKey());
        var proposing = app.TokenClient(await app.IssueTokenAsync(proposer, TokenScopes.Read | TokenScopes.Write));
        var voting = app.TokenClient(await app.IssueTokenAsync(approver, TokenScopes.Read | TokenScopes.Write));
        object Proposal(string title, string details) => new { kind = "amendment", title, details, classification = "UNCLASSIFIED" };
        var created = await proposing.PostAsJsonAsync("/api/v1/decisions/", Proposal("Зміна", "Перший рядок\r\nDeuxième ligne"), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString();
        // A token's first use is recorded (and audited) once: before the counting starts.
        var read = await voting.GetAsync(new Uri($"/api/v1/decisions/{id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var version = read.Headers.ETag!;
        var before = await StoredAsync(app);

        foreach (var c in Refused)
        {
            AssertNames(await FieldErrorsAsync(await proposing.PostAsJsonAsync("/api/v1/decisions/", Proposal(With(c), ""), Ct), "title"), c);
            AssertNames(await FieldErrorsAsync(await proposing.PostAsJsonAsync("/api/v1/decisions/", Proposal("Зміна", With(c)), Ct), "details"), c);
            AssertNames(await FieldErrorsAsync(await WriteAsync(voting, HttpMethod.Post, $"/api/v1/decisions/{id}/reject", new { reason = With(c) }, version), "reason"), c);
            AssertNames(await FieldErrorsAsync(await WriteAsync(voting, HttpMethod.Post, $"/api/v1/decisions/{id}/approve", new { reason = With(c) }, version), "reason"), c);
        }

        Assert.Equal(before, await StoredAsync(app));
        Assert.Contains("Зміна/Перший рядок\nDeuxième ligne/Pending", before, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task Forms_FreeTextWithControlOrDirectionCharacter_ShowTheMessageBesideTheFieldAndStoreNothing(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, [new("RateLimits:SignInsPerMinute", "1000")]);
        var (canada, _) = await app.SignedInWithCodeAsync("chief", Participant.Canada,
            Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator, areas: Areas);
        var (ukraine, _) = await app.SignedInWithCodeAsync("ua-chief", Participant.Ukraine, Roles.Contributor, areas: Areas);
        var (proposed, _) = await ukraine.SubmitAsync("/decisions/new", "proposal", ("Input.Title", "Запросити Польщу"), ("Input.Details", "Рядок\r\nще рядок"));
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var decision = new Uri(new Uri("http://localhost"), proposed.Headers.Location!).AbsolutePath;
        var before = await StoredAsync(app);
        // A browser cannot send a NUL in a form that the server reads: ASP.NET Core refuses the whole post before any page sees it.
        foreach (var c in Refused.Where(c => c != "\0"))
        {
            (string Page, string Form, string Field, string ErrorShownAt)[] forms =
            [
                ("/documents/new", "document", "Input.Title", "[role=alert]"),
                ("/documents/new", "document", "Input.Body", "[role=alert]"),
                ("/decisions/new", "proposal", "Input.Title", "#p-title-error"),
                ("/decisions/new", "proposal", "Input.Details", "#p-details-error"),
                (decision, "reject", "Rejection.Reason", "#v-reason-error"),
                ("/account/tokens", "create", "Input.Name", "[role=alert]"),
                ("/admin/users/new", "account", "Input.DisplayName", "#u-display-error"),
                ("/admin/organisations/new", "organisation", "Input.Name", "#o-name-error"),
                ("/admin/organisations/new", "organisation", "Input.ShortName", "#o-short-error"),
            ];
            foreach (var (page, form, field, shownAt) in forms)
            {
                var filled = new List<(string, string?)> { (field, With(c)) };
                filled.AddRange(new[] { ("Input.Title", "Звіт"), ("Input.Name", "Служба"), ("Input.ShortName", "СЛ"), ("Input.UserName", "novyi"),
                    ("Input.DisplayName", "Новий") }.Where(f => f.Item1 != field).Select(f => (f.Item1, (string?)f.Item2)));
                var (response, shown) = await canada.SubmitAsync(page, form, [.. filled]);

                Assert.True((int)response.StatusCode is 200 or 400, $"{page} {field}: {(int)response.StatusCode}");
                var message = shown.QuerySelector(shownAt)?.TextContent ?? "";
                Assert.True(message.Contains($"The character {Hex(c)} at position 8 is not allowed", StringComparison.Ordinal), $"{page} {field}: \"{message}\"");
            }
        }

        Assert.Equal(before, await StoredAsync(app));
    }

    [Fact]
    public async Task Cli_FreeTextWithControlOrDirectionCharacter_ExitsTwoWithOneLineAndStoresNothing()
    {
        var sample = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "tests", "Cussp.Core.Tests", "Agreements", "Samples", "invented-arrangement.txt"), Ct);
        var file = Path.Combine(Path.GetTempPath(), $"cussp-spoiled-{Guid.NewGuid():N}.txt");
        try
        {
            Assert.Equal(0, (await RunAsync("users", "add", "olena", "--name", "Олена", "--participant", "Ukraine")).Exit);
            foreach (var c in Refused)
            {
                await File.WriteAllTextAsync(file, "invoice" + c + sample, Ct);
                var commands = new List<(string[] Args, string Names)> { (["agreement", "import", file, "--id", "invented"], "line 1: The character") };
                // A command line cannot carry a NUL: the operating system ends an argument there. A file can.
                if (c != "\0")
                {
                    commands.Add((["users", "add", "taras", "--name", With(c), "--participant", "Ukraine"], "display name: The character"));
                    commands.Add((["agreement", "override", "II.3", "--actor", "Canada", "--reason", With(c)], "--reason: The character"));
                }
                foreach (var (args, names) in commands)
                {
                    var (exit, output, error) = await RunAsync(args);

                    Assert.Equal(2, exit);
                    var line = Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
                    Assert.Contains($"{names} {Hex(c)}", line, StringComparison.Ordinal);
                    Assert.Contains("at position 8 is not allowed", line, StringComparison.Ordinal);
                    Assert.DoesNotContain(line, char.IsControl);
                    Assert.DoesNotContain(c, output + error, StringComparison.Ordinal);
                }
            }

            var (_, users, _) = await RunAsync("users", "list");
            Assert.DoesNotContain("taras", users, StringComparison.Ordinal);
            var (_, cussp, _) = await RunAsync("agreement", "export", "--format", "json");
            Assert.DoesNotContain("invoice", cussp, StringComparison.Ordinal);
            await File.WriteAllTextAsync(file, sample, Ct);
            Assert.Equal(0, (await RunAsync("agreement", "import", file, "--id", "invented")).Exit);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
