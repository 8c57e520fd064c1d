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

namespace Cussp.Web.Tests.Obligations;

/// <summary>
/// The agreement's standing through <c>GET /api/v1/agreements/{id}/standing</c> (public) and the steps of its life through
/// <c>POST /api/v1/agreements/{id}/lifecycle/events</c> (approvers): a notice of termination makes it "termination notified" with the
/// day it ends; Ukraine's membership of NATO puts the decision on its future status among the obligations.
/// </summary>
public sealed class LifecycleApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpClient> ClientAsync(CusspApp app, string name, Roles roles) =>
        app.ApiClientAsync(name, Participant.Ukraine, roles, ["framework"]);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    [Theory, Databases]
    public async Task Steps_RecordedByAnApprover_ChangeTheStanding_AndTheObligations(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 9, 2, 9, 0));
        var approver = await ClientAsync(app, "ua-approver", Roles.Approver | Roles.Viewer);
        var writer = await ClientAsync(app, "ua-writer", Roles.Contributor);
        var anonymous = app.CreateClient();

        var before = await JsonAsync(await anonymous.GetAsync(new Uri("/api/v1/agreements/cussp/standing", UriKind.Relative), Ct));
        Assert.Equal(("in-effect", "2034-02-24"), (before.GetProperty("state").GetString(), before.GetProperty("ends").GetString()));

        var refused = await writer.PostAsJsonAsync("/api/v1/agreements/cussp/lifecycle/events",
            new { kind = "termination-notice", occurredOn = "2025-08-31", by = "canada" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var bad = await approver.PostAsJsonAsync("/api/v1/agreements/cussp/lifecycle/events", new { kind = "withdrawal", occurredOn = "31.08.2025", by = "France" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await JsonAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("kind", out _) && errors.TryGetProperty("occurredOn", out _) && errors.TryGetProperty("by", out _));
        var noSide = await approver.PostAsJsonAsync("/api/v1/agreements/cussp/lifecycle/events", new { kind = "termination-notice", occurredOn = "2025-08-31" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noSide.StatusCode);

        var notice = await approver.PostAsJsonAsync("/api/v1/agreements/cussp/lifecycle/events",
            new { kind = "termination-notice", occurredOn = "2025-08-31", by = "canada", note = "Note verbale received by the embassy." }, Ct);
        Assert.Equal(HttpStatusCode.Created, notice.StatusCode);
        var membership = await approver.PostAsJsonAsync("/api/v1/agreements/cussp/lifecycle/events", new { kind = "nato-membership", occurredOn = "2025-09-01" }, Ct);
        Assert.Equal(HttpStatusCode.Created, membership.StatusCode);

        var after = await JsonAsync(await anonymous.GetAsync(new Uri("/api/v1/agreements/cussp/standing", UriKind.Relative), Ct));
        Assert.Equal(["in-effect", "termination-notified"], after.GetProperty("states").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("2026-02-28", after.GetProperty("ends").GetString());
        Assert.Equal(["termination-notice", "nato-membership"], after.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));

        var clock = await JsonAsync(await writer.GetAsync(new Uri("/api/v1/obligations/", UriKind.Relative), Ct));
        var duties = clock.GetProperty("duties").EnumerateArray().ToDictionary(d => d.GetProperty("key").GetString()!);
        Assert.Equal(("on-event", "due", "2025-09-01"), (duties["VIII.A.3/future-status"].GetProperty("kind").GetString(),
            duties["VIII.A.3/future-status"].GetProperty("next").GetProperty("status").GetString(),
            duties["VIII.A.3/future-status"].GetProperty("next").GetProperty("opens").GetString()));
        Assert.Equal(("2026-02-28", "upcoming"), (duties["VIII.D.1/on-notice"].GetProperty("next").GetProperty("due").GetString(),
            duties["VIII.D.1/on-notice"].GetProperty("next").GetProperty("status").GetString()));
    }
}
