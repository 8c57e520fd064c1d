using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Decisions;

/// <summary>Two-party decisions through <c>/api/v1/decisions</c>, as scripts of each side use them with their access tokens.</summary>
public class DecisionsApiTests
{
    private const string Defence = "defence-security";

    private static async Task<HttpClient> ClientAsync(CusspApp app, string name, Participant participant, Roles roles,
        SecurityClassification clearance = SecurityClassification.Secret, string[]? areas = null)
    {
        var user = await app.CreateUserAsync(name, participant, clearance, roles, areas ?? [Defence, "sovereignty-democracy", "framework"], password: null,
            totpKey: (roles & (Roles.Approver | Roles.Administrator)) != 0 ? TotpCodes.NewKey() : null);
        await using var scope = app.Services.CreateAsyncScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<AccessTokens>()
            .IssueAsync(user.Id, "test", TokenScopes.Read | TokenScopes.Write, Duration.FromDays(1), TestContext.Current.CancellationToken);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

    private static async Task<string> ProposeAsync(HttpClient client, string title, string classification = "PROTECTED A", string kind = "amendment",
        string? area = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/decisions/", new { kind, title, details = "Text of the proposal.", classification, area },
            TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>The decision's ETag as <paramref name="client"/> reads it, or a made-up one when it cannot read it.</summary>
    private static async Task<string> ETagAsync(HttpClient client, string id)
    {
        var response = await client.GetAsync(new Uri($"/api/v1/decisions/{id}", UriKind.Relative), TestContext.Current.CancellationToken);
        return response.Headers.ETag?.Tag ?? "\"0\"";
    }

    /// <summary>Votes as a script does: reads the decision, then votes on the version it read.</summary>
    private static async Task<HttpResponseMessage> VoteAsync(HttpClient client, string id, string verb, string? reason = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/decisions/{id}/{verb}", UriKind.Relative))
        {
            Content = JsonContent.Create(new { reason }),
        };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(await ETagAsync(client, id)));
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> StoredAsync(HttpClient client, string id) =>
        await JsonAsync(await client.GetAsync(new Uri($"/api/v1/decisions/{id}", UriKind.Relative), TestContext.Current.CancellationToken));

    [Theory, Databases]
    public async Task Approve_AnApproverOfEachSideInEitherOrder_ApprovesTheDecision(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var proposer = await ClientAsync(app, "can-proposer", Participant.Canada, Roles.Contributor);
        var canada = await ClientAsync(app, "can-approver", Participant.Canada, Roles.Approver | Roles.Contributor);
        var ukraine = await ClientAsync(app, "ua-approver", Participant.Ukraine, Roles.Approver);

        foreach (var (first, second) in new[] { (canada, ukraine), (ukraine, canada) })
        {
            var id = await ProposeAsync(proposer, "Add a part on air defence");
            var afterFirst = await VoteAsync(first, id, "approve");
            Assert.Equal(HttpStatusCode.OK, afterFirst.StatusCode);
            Assert.Equal("pending", (await JsonAsync(afterFirst)).GetProperty("state").GetString());

            var afterSecond = await JsonAsync(await VoteAsync(second, id, "approve"));

            Assert.Equal("approved", afterSecond.GetProperty("state").GetString());
            Assert.Equal(["Canada", "Ukraine"], afterSecond.GetProperty("votes").EnumerateArray().Select(v => v.GetProperty("participant").GetString()).Order());
            Assert.NotNull(afterSecond.GetProperty("decidedAt").GetString());
        }
    }

    [Theory, Databases]
    public async Task Reject_BySideEitherWithAReason_EndsTheDecision_AndTheSameSideCannotVoteTwice(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var canada = await ClientAsync(app, "can-approver", Participant.Canada, Roles.Approver | Roles.Contributor);
        var canadaToo = await ClientAsync(app, "can-approver-2", Participant.Canada, Roles.Approver);
        var ukraine = await ClientAsync(app, "ua-approver", Participant.Ukraine, Roles.Approver);
        var id = await ProposeAsync(await ClientAsync(app, "can-proposer", Participant.Canada, Roles.Contributor), "Invite Poland", kind: "third-state-invitation");

        Assert.Equal(HttpStatusCode.OK, (await VoteAsync(canada, id, "approve")).StatusCode);
        var twice = await VoteAsync(canadaToo, id, "approve");
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Contains("Canada has already approved", (await JsonAsync(twice)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        var noReason = await VoteAsync(ukraine, id, "reject", " ");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("application/problem+json", noReason.Content.Headers.ContentType?.MediaType);
        Assert.True((await JsonAsync(noReason)).GetProperty("errors").TryGetProperty("reason", out _));

        var rejected = await VoteAsync(ukraine, id, "reject", "Not before the leaders meet");
        Assert.Equal("rejected", (await JsonAsync(rejected)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await VoteAsync(canadaToo, id, "reject", "late")).StatusCode);
        var stored = await JsonAsync(await canada.GetAsync(new Uri($"/api/v1/decisions/{id}", UriKind.Relative), TestContext.Current.CancellationToken));
        Assert.Equal(("rejected", "Not before the leaders meet"), (stored.GetProperty("state").GetString(),
            stored.GetProperty("votes").EnumerateArray().Single(v => !v.GetProperty("approve").GetBoolean()).GetProperty("reason").GetString()));
    }

    [Theory, Databases]
    public async Task Vote_ByANonApprover_Is403EvenOnADecisionTheyCanRead(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var proposer = await ClientAsync(app, "can-contributor", Participant.Canada, Roles.Contributor);
        var viewer = await ClientAsync(app, "ua-viewer", Participant.Ukraine, Roles.Viewer | Roles.Contributor);
        var admin = await ClientAsync(app, "ua-admin", Participant.Ukraine, Roles.Administrator);
        var id = await ProposeAsync(proposer, "Amend IV.A.7");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(new Uri($"/api/v1/decisions/{id}", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);

        foreach (var client in new[] { proposer, viewer, admin })
        {
            var response = await VoteAsync(client, id, "approve");
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await VoteAsync(viewer, Guid.NewGuid().ToString(), "reject", "x")).StatusCode);
        var stored = await JsonAsync(await proposer.GetAsync(new Uri($"/api/v1/decisions/{id}", UriKind.Relative), TestContext.Current.CancellationToken));
        Assert.Equal(("pending", 0), (stored.GetProperty("state").GetString(), stored.GetProperty("votes").GetArrayLength()));
    }

    [Theory, Databases]
    public async Task Read_AcrossParticipants_FollowsClearanceAndAreaAndDecisionsAreAlwaysRelCanUkr(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CusspApp.StartAsync(provider);
        var canada = await ClientAsync(app, "can-approver", Participant.Canada, Roles.Approver | Roles.Contributor);
        var ukrainian = await ClientAsync(app, "ua-viewer", Participant.Ukraine, Roles.Viewer, SecurityClassification.ProtectedB, [Defence]);
        var lowClearance = await ClientAsync(app, "ua-low", Participant.Ukraine, Roles.Viewer, SecurityClassification.ProtectedA, [Defence]);
        var otherArea = await ClientAsync(app, "ua-other", Participant.Ukraine, Roles.Viewer, SecurityClassification.Secret, ["veterans-care"]);
        var auditor = await ClientAsync(app, "auditor", Participant.Canada, Roles.Auditor);

        var invitation = await ProposeAsync(canada, "Invite Lithuania to the consultation", "PROTECTED B", "third-state-invitation");
        var settled = await ProposeAsync(canada, "Settled earlier", "UNCLASSIFIED", "amendment", Defence);
        await VoteAsync(canada, settled, "reject", "Withdrawn");
        var eyesOnly = await canada.PostAsJsonAsync("/api/v1/decisions/", new
        {
            kind = "amendment",
            title = "Canada only",
            details = "",
            classification = "UNCLASSIFIED",
            releasability = "CAN EYES ONLY",
        }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, eyesOnly.StatusCode);
        Assert.Contains("REL CAN UKR", await eyesOnly.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var seen = await JsonAsync(await ukrainian.GetAsync(new Uri($"/api/v1/decisions/{invitation}", UriKind.Relative), ct));
        Assert.Equal("PROTECTED B // REL CAN UKR // defence-security", seen.GetProperty("marking").GetString());
        var list = await JsonAsync(await ukrainian.GetAsync(new Uri("/api/v1/decisions/", UriKind.Relative), ct));
        Assert.Equal([invitation, settled], list.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        var pendingOnly = await JsonAsync(await ukrainian.GetAsync(new Uri("/api/v1/decisions/?state=pending", UriKind.Relative), ct));
        Assert.Equal(1, pendingOnly.GetProperty("total").GetInt32());

        foreach (var refused in new[] { lowClearance, otherArea, auditor })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await refused.GetAsync(new Uri($"/api/v1/decisions/{invitation}", UriKind.Relative), ct)).StatusCode);
            var theirs = await JsonAsync(await refused.GetAsync(new Uri("/api/v1/decisions/", UriKind.Relative), ct));
            Assert.DoesNotContain(theirs.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetString() == invitation);
        }
        var bad = await ukrainian.GetAsync(new Uri("/api/v1/decisions/?state=maybe", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("pending, approved or rejected", await bad.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task Approve_ByTheProposerThemselves_Is403AndAnotherApproverOfTheSameSideApproves(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var proposer = await ClientAsync(app, "can-approver", Participant.Canada, Roles.Approver | Roles.Contributor);
        var colleague = await ClientAsync(app, "can-approver-2", Participant.Canada, Roles.Approver);
        var id = await ProposeAsync(proposer, "Amend II.3");

        var own = await VoteAsync(proposer, id, "approve");

        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("another approver of Canada", (await JsonAsync(own)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var stored = await StoredAsync(proposer, id);
        Assert.Equal(("pending", 0, 0), (stored.GetProperty("state").GetString(), stored.GetProperty("votes").GetArrayLength(), stored.GetProperty("version").GetInt32()));
        var byColleague = await JsonAsync(await VoteAsync(colleague, id, "approve"));
        Assert.Equal("can-approver-2", byColleague.GetProperty("votes")[0].GetProperty("userName").GetString());
    }

    [Theory, Databases]
    public async Task Vote_WithoutIfMatchOrOnAnOlderVersion_Is428Or412AndChangesNothing_WithoutABodyIsAccepted(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await CusspApp.StartAsync(provider);
        var proposer = await ClientAsync(app, "can-proposer", Participant.Canada, Roles.Contributor);
        var canada = await ClientAsync(app, "can-approver", Participant.Canada, Roles.Approver);
        var ukraine = await ClientAsync(app, "ua-approver", Participant.Ukraine, Roles.Approver);
        var id = await ProposeAsync(proposer, "Amend IV.C");
        var read = await canada.GetAsync(new Uri($"/api/v1/decisions/{id}", UriKind.Relative), ct);
        Assert.Equal("\"0\"", read.Headers.ETag?.Tag);

        var unversioned = await canada.PostAsync(new Uri($"/api/v1/decisions/{id}/approve", UriKind.Relative), null, ct);
        Assert.Equal(HttpStatusCode.PreconditionRequired, unversioned.StatusCode);
        Assert.Equal("application/problem+json", unversioned.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await StoredAsync(canada, id)).GetProperty("votes").GetArrayLength());

        using var bare = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/decisions/{id}/approve", UriKind.Relative));
        bare.Headers.IfMatch.Add(read.Headers.ETag!);
        var approved = await canada.SendAsync(bare, ct);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("\"1\"", approved.Headers.ETag?.Tag);

        using var stale = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/decisions/{id}/reject", UriKind.Relative))
        {
            Content = JsonContent.Create(new { reason = "Read before Canada approved" }),
        };
        stale.Headers.IfMatch.Add(read.Headers.ETag!);
        var refused = await ukraine.SendAsync(stale, ct);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        var stored = await StoredAsync(ukraine, id);
        Assert.Equal(("pending", 1), (stored.GetProperty("state").GetString(), stored.GetProperty("votes").GetArrayLength()));
    }
}
