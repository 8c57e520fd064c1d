using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using NodaTime;

namespace Cussp.Web.Tests.Obligations;

/// <summary>
/// The registry of states with arrangements under the G7 Joint Declaration (<c>/api/v1/third-states</c>, public; approvers add) and
/// inviting one of them to a consultation: a joint decision an approver of each participant approves (II.3).
/// </summary>
public sealed class InvitationApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Areas = ["framework", "defence-security"];

    private const string Poland = "6f1c0001-0000-4000-8000-000000000020";

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private static HttpRequestMessage Post(string url, object body, EntityTagHeaderValue etag) =>
        new(HttpMethod.Post, url) { Content = JsonContent.Create(body), Headers = { IfMatch = { etag } } };

    [Theory, Databases]
    public async Task Invitation_IsATwoPartyDecision_ShownOnTheConsultation_AndTheRegistryIsPublicAndKeptByApprovers(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2026, 3, 14, 9, 0));
        var writer = await app.ApiClientAsync("ca-writer", Participant.Canada, Roles.Contributor, Areas);
        var caApprover = await app.ApiClientAsync("ca-approver", Participant.Canada, Roles.Approver | Roles.Viewer, Areas);
        var uaApprover = await app.ApiClientAsync("ua-approver", Participant.Ukraine, Roles.Approver | Roles.Viewer, Areas);

        var registry = await JsonAsync(await app.CreateClient().GetAsync(new Uri("/api/v1/third-states/", UriKind.Relative), Ct));
        Assert.Equal(20, registry.GetArrayLength());
        Assert.Equal(("United Kingdom", "2024-01-12"), (registry[0].GetProperty("name").GetString(), registry[0].GetProperty("signedOn").GetString()));
        Assert.DoesNotContain(registry.EnumerateArray(), s => s.GetProperty("name").GetString() == "Canada");
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.PostAsJsonAsync("/api/v1/third-states/",
            new { name = "Moldova", arrangement = "Agreement", signedOn = "2025-01-01" }, Ct)).StatusCode);
        var duplicate = await caApprover.PostAsJsonAsync("/api/v1/third-states/", new { name = "Poland", arrangement = "Again", signedOn = "2023-07-11" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        var errors = (await JsonAsync(duplicate)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _) && errors.TryGetProperty("signedOn", out _));
        Assert.Equal(HttpStatusCode.Created, (await caApprover.PostAsJsonAsync("/api/v1/third-states/",
            new { name = "Albania", arrangement = "Agreement on security cooperation between Albania and Ukraine", signedOn = "2026-02-02" }, Ct)).StatusCode);

        var filed = await writer.PostAsJsonAsync("/api/v1/consultations/", new { ground = "renewed-aggression", summary = "Strikes.", classification = "PROTECTED A" }, Ct);
        var id = (await JsonAsync(filed)).GetProperty("id").GetGuid();
        var invited = await writer.SendAsync(Post($"/api/v1/consultations/{id}/invitations", new { state = Poland }, filed.Headers.ETag!), Ct);
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var decision = (await JsonAsync(invited)).GetProperty("decision").GetGuid();
        Assert.Equal(HttpStatusCode.PreconditionFailed,
            (await writer.SendAsync(Post($"/api/v1/consultations/{id}/invitations", new { state = Poland }, filed.Headers.ETag!), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict,
            (await writer.SendAsync(Post($"/api/v1/consultations/{id}/invitations", new { state = Poland }, invited.Headers.ETag!), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await writer.SendAsync(Post($"/api/v1/consultations/{id}/invitations", new { state = Guid.NewGuid() }, invited.Headers.ETag!), Ct)).StatusCode);

        async Task<JsonElement> InvitationAsync() => (await JsonAsync(await writer.GetAsync(new Uri($"/api/v1/consultations/{id}", UriKind.Relative), Ct)))
            .GetProperty("invitations").EnumerateArray().Single();
        Assert.Equal(("Poland", "pending", decision), ((await InvitationAsync()).GetProperty("stateName").GetString(),
            (await InvitationAsync()).GetProperty("decisionState").GetString(), (await InvitationAsync()).GetProperty("decision").GetGuid()));

        // Each side's approver consents; then Poland is invited.
        foreach (var approver in new[] { caApprover, uaApprover })
        {
            var read = await approver.GetAsync(new Uri($"/api/v1/decisions/{decision}", UriKind.Relative), Ct);
            Assert.Equal("third-state-invitation", (await JsonAsync(read)).GetProperty("kind").GetString());
            var vote = await approver.SendAsync(Post($"/api/v1/decisions/{decision}/approve", new { }, read.Headers.ETag!), Ct);
            Assert.Equal(HttpStatusCode.OK, vote.StatusCode);
        }
        Assert.Equal("approved", (await InvitationAsync()).GetProperty("decisionState").GetString());
    }

    [Theory, Databases]
    public async Task InviteForm_WithAStateNotInTheRegistry_SaysToChooseOne_AndProposesNothing(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2026, 3, 14, 9, 0));
        var writer = await app.CreateUserAsync("writer", roles: Roles.Viewer | Roles.Contributor, areas: Areas, password: null);
        var client = await app.SessionAsync(writer);
        var api = await app.ApiClientAsync("ca-writer", Participant.Canada, Roles.Contributor, Areas);
        var filed = await api.PostAsJsonAsync("/api/v1/consultations/", new { ground = "renewed-aggression", summary = "Strikes.", classification = "UNCLASSIFIED" }, Ct);
        var id = (await JsonAsync(filed)).GetProperty("id").GetGuid();

        var (response, page) = await client.SubmitAsync($"/consultations/{id}", "invite", ("Invitation.State", Guid.NewGuid().ToString()));
        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Choose a state from the registry", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var after = await JsonAsync(await api.GetAsync(new Uri($"/api/v1/consultations/{id}", UriKind.Relative), Ct));
        Assert.Equal(0, after.GetProperty("invitations").GetArrayLength());
    }
}
