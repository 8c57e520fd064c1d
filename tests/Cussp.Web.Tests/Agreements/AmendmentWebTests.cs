using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Agreements;

/// <summary>
/// An amendment proposed and approved through <c>/api/v1/decisions</c> makes the register's next consolidated version, and every
/// page and API call of the register answers as of a day with <c>?asOf=</c>.
/// </summary>
public class AmendmentWebTests
{
    private static readonly string[] Areas = ["framework", "information-security"];

    private const string Publish = "The Participants will publish each consolidated version of this Agreement within thirty (30) days of its approval.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private static async Task<HttpResponseMessage> VoteAsync(HttpClient client, string id)
    {
        var read = await client.GetAsync(new Uri($"/api/v1/decisions/{id}", UriKind.Relative), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/decisions/{id}/approve", UriKind.Relative));
        request.Headers.IfMatch.Add(read.Headers.ETag!);
        return await client.SendAsync(request, Ct);
    }

    private static async Task<string> ProposeAsync(HttpClient client, object changes, string? effectiveOn = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/decisions/",
            new { kind = "amendment", title = "Publish consolidated versions", classification = "UNCLASSIFIED", changes, effectiveOn }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    private static readonly object[] Changes =
    [
        new { action = "replace", citation = "VIII.B.1", text = "The Participants will conduct a comprehensive review of the CUSSP within three (3) years after the signature of this Agreement, to update and make any amendments as necessary, and the Participants will continue such reviews on an ongoing basis, as necessary." },
        new { action = "insert", citation = "VIII.C.2", text = Publish },
        new { action = "repeal", citation = "IV.E.1.ii" },
    ];

    [Theory, Databases]
    public async Task ApprovedAmendment_MakesVersionTwo_WithItsDiff_AndEveryReadAnswersAsOfADay(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2026, 12, 7, 9, 0));
        var proposer = await app.ApiClientAsync("can-proposer", Participant.Canada, Roles.Contributor, Areas);
        var canada = await app.ApiClientAsync("can-approver", Participant.Canada, Roles.Approver, Areas);
        var canada2 = await app.ApiClientAsync("can-approver-2", Participant.Canada, Roles.Approver, Areas);
        var ukraine = await app.ApiClientAsync("ua-approver", Participant.Ukraine, Roles.Approver, Areas);
        var id = await ProposeAsync(proposer, Changes, "2027-01-15");
        var proposed = await JsonAsync(await proposer.GetAsync(new Uri($"/api/v1/decisions/{id}", UriKind.Relative), Ct));
        Assert.Equal(["replace VIII.B.1", "insert VIII.C.2", "repeal IV.E.1.ii"],
            proposed.GetProperty("changes").EnumerateArray().Select(c => $"{c.GetProperty("action").GetString()} {c.GetProperty("citation").GetString()}"));
        Assert.Equal("2027-01-15", proposed.GetProperty("effectiveOn").GetString());

        Assert.Equal(HttpStatusCode.OK, (await VoteAsync(canada, id)).StatusCode);
        var twice = await VoteAsync(canada2, id);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("Canada has already approved", (await JsonAsync(twice)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await VoteAsync(ukraine, id)).StatusCode);

        var anyone = app.Browser();
        var versions = await JsonAsync(await anyone.GetAsync(new Uri("/api/v1/agreements/cussp/versions", UriKind.Relative), Ct));
        Assert.Equal([(1, "2024-02-24"), (2, "2027-01-15")],
            versions.EnumerateArray().Select(v => (v.GetProperty("number").GetInt32(), v.GetProperty("effectiveOn").GetString())));
        var diff = await JsonAsync(await anyone.GetAsync(new Uri("/api/v1/agreements/cussp/diff", UriKind.Relative), Ct));
        Assert.Equal(["IV.E.1.ii removed", "VIII.B.1 changed", "VIII.C.2 added"],
            diff.GetProperty("provisions").EnumerateArray().Select(p => $"{p.GetProperty("citation").GetString()} {p.GetProperty("change").GetString()}"));
        Assert.Contains(diff.GetProperty("provisions")[1].GetProperty("words").EnumerateArray(),
            w => w.GetProperty("run").GetString() == "added" && w.GetProperty("text").GetString()!.Contains("Participants", StringComparison.Ordinal));

        // Today the signed text is in force; from the day asked for, version 2; before the signature, nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync(new Uri("/api/v1/agreements/cussp/provisions/VIII.C.2", UriKind.Relative), Ct)).StatusCode);
        var later = await JsonAsync(await anyone.GetAsync(new Uri("/api/v1/agreements/cussp/provisions/VIII.C.2?asOf=2027-01-15", UriKind.Relative), Ct));
        Assert.Equal((Publish, "commitment"), (later.GetProperty("text").GetString(), later.GetProperty("modality").GetString()));
        var list = await JsonAsync(await anyone.GetAsync(new Uri("/api/v1/agreements/cussp/provisions?asOf=2027-02-01", UriKind.Relative), Ct));
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("citation").GetString() == "VIII.C.2");
        Assert.DoesNotContain(list.EnumerateArray(), p => p.GetProperty("citation").GetString() == "IV.E.1.ii");
        var agreement = await JsonAsync(await anyone.GetAsync(new Uri("/api/v1/agreements/cussp?asOf=2027-02-01", UriKind.Relative), Ct));
        Assert.Equal(2, agreement.GetProperty("version").GetProperty("number").GetInt32());
        var akn = await anyone.GetStringAsync(new Uri("/api/v1/agreements/cussp/export?format=akn&asOf=2027-02-01", UriKind.Relative), Ct);
        Assert.Contains("eng@2027-01-15", akn, StringComparison.Ordinal);
        Assert.Contains("publish each consolidated version", akn, StringComparison.Ordinal);

        var early = await anyone.GetAsync(new Uri("/api/v1/agreements/cussp/provisions?asOf=2023-12-31", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("signed on 2024-02-24", (await JsonAsync(early)).GetProperty("errors").GetProperty("asOf")[0].GetString(), StringComparison.Ordinal);
        var notADay = await anyone.GetAsync(new Uri("/api/v1/agreements/cussp?asOf=2027-02-30", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notADay.StatusCode);
        Assert.Contains("YYYY-MM-DD", (await JsonAsync(notADay)).GetProperty("errors").GetProperty("asOf")[0].GetString(), StringComparison.Ordinal);

        // The pages: the reader of a day says which version it shows and keeps the day in its links; the versions page shows the diff.
        var reader = await anyone.GetStringAsync(new Uri("/agreements/cussp?asOf=2027-02-01", UriKind.Relative), Ct);
        Assert.Contains("as in force on 1 February 2027: version 2, in force from 15 January 2027", reader, StringComparison.Ordinal);
        Assert.Contains("/agreements/cussp/provisions/VIII.C.2?asOf=2027-02-01", reader, StringComparison.Ordinal);
        var today = await anyone.GetStringAsync(new Uri("/agreements/cussp", UriKind.Relative), Ct);
        Assert.DoesNotContain("VIII.C.2", today, StringComparison.Ordinal);
        var page = await anyone.GetStringAsync(new Uri("/agreements/cussp/versions", UriKind.Relative), Ct);
        Assert.Contains("<ins>", page, StringComparison.Ordinal);
        Assert.Contains("<del>Participantswill</del>", page, StringComparison.Ordinal);
        Assert.Contains("(not yet in force)", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await anyone.GetAsync(new Uri("/agreements/cussp/versions?from=9", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anyone.GetAsync(new Uri("/agreements/cussp?asOf=yesterday", UriKind.Relative), Ct)).StatusCode);

        await using var scope = app.Services.CreateAsyncScope();
        var actions = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.RecordId == id || e.Action == "agreement.amend").OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(["decision.propose", "decision.approve", "decision.approve.refused", "decision.approve", "agreement.amend"], actions);
    }

    [Theory, Databases]
    public async Task Propose_ChangesThatDoNotApply_AnswerAProblemNamingEachChange(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var proposer = await app.ApiClientAsync("ua-proposer", Participant.Ukraine, Roles.Contributor, Areas);

        var response = await proposer.PostAsJsonAsync("/api/v1/decisions/", new
        {
            kind = "amendment",
            title = "Bad",
            classification = "UNCLASSIFIED",
            changes = new object[] { new { action = "rewrite", citation = "II.6", text = "x" }, new { action = "replace", citation = "II.99", text = "x" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("replace, insert or repeal", (await JsonAsync(response)).GetProperty("errors").GetProperty("changes[0].action")[0].GetString(), StringComparison.Ordinal);

        var second = await proposer.PostAsJsonAsync("/api/v1/decisions/", new
        {
            kind = "amendment",
            title = "Bad",
            classification = "UNCLASSIFIED",
            changes = new object[] { new { action = "replace", citation = "II.6", text = "New words." }, new { action = "replace", citation = "II.99", text = "x" } },
        }, Ct);
        var errors = (await JsonAsync(second)).GetProperty("errors");
        Assert.Equal(["changes[1]"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains("no provision II.99", errors.GetProperty("changes[1]")[0].GetString(), StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<CusspDbContext>().JointDecisions.AnyAsync(Ct));
    }
}
