using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Data;
using Cussp.Exchange;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Exchange;

/// <summary>
/// Changing shared documents through <c>/api/v1/documents</c>: only the originating participant changes a marking, lowering it is a
/// separate downgrade, nobody sets a marking beyond their own access, and every change is based on the version the writer read.
/// </summary>
public class DocumentsApiTests
{
    private const string Defence = "defence-security";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpClient> ClientAsync(CusspApp app, string name, Participant participant, Roles roles = Roles.Viewer | Roles.Contributor,
        SecurityClassification clearance = SecurityClassification.Secret) =>
        app.TokenClient(await app.IssueTokenAsync(await app.CreateUserAsync(name, participant, clearance, roles, [Defence], password: null),
            TokenScopes.Read | TokenScopes.Write));

    private static object Document(string title, string classification, string releasability = "REL CAN UKR") => new
    {
        title,
        body = "Route through the northern crossing",
        classification,
        releasability,
        area = Defence,
    };

    private static async Task<(string Id, EntityTagHeaderValue ETag)> CreateAsync(HttpClient client, string title, string classification,
        string releasability = "REL CAN UKR")
    {
        var created = await client.PostAsJsonAsync("/api/v1/documents/", Document(title, classification, releasability), Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        return ((await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!, created.Headers.ETag!);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object body, EntityTagHeaderValue? etag)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(etag);
        }
        return await client.SendAsync(request, Ct);
    }

    private static async Task<SharedDocumentRecord> StoredAsync(CusspApp app, string id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().SharedDocuments.AsNoTracking().SingleAsync(d => d.Id == Guid.Parse(id), Ct);
    }

    [Theory, Databases]
    public async Task Update_ByTheOtherParticipant_CannotChangeTheMarkingButMayEditTheText(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var canada = await ClientAsync(app, "can-writer", Participant.Canada);
        var ukraine = await ClientAsync(app, "ua-writer", Participant.Ukraine);
        var uaUnclassified = await ClientAsync(app, "ua-reader", Participant.Ukraine, Roles.Viewer, SecurityClassification.Unclassified);
        var (first, etag) = await CreateAsync(canada, "Convoy schedule", "CONFIDENTIAL");
        var (second, secondTag) = await CreateAsync(canada, "Depot list", "PROTECTED B");

        // The review's two writes: lowering a Canadian document, and making another UKR EYES ONLY so that its author loses it.
        var lowered = await SendAsync(ukraine, HttpMethod.Put, $"/api/v1/documents/{first}", Document("Convoy schedule", "UNCLASSIFIED"), etag);
        var hidden = await SendAsync(ukraine, HttpMethod.Put, $"/api/v1/documents/{second}", Document("Depot list", "PROTECTED B", "UKR EYES ONLY"), secondTag);

        Assert.Equal(HttpStatusCode.Forbidden, lowered.StatusCode);
        Assert.Contains("Only Canada changes the marking", await lowered.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, hidden.StatusCode);
        Assert.Equal((SecurityClassification.Confidential, Releasability.RelCanUkr, 1), ((await StoredAsync(app, first)).Classification,
            (await StoredAsync(app, first)).Releasability, (await StoredAsync(app, first)).Version));
        Assert.Equal((Releasability.RelCanUkr, 1), ((await StoredAsync(app, second)).Releasability, (await StoredAsync(app, second)).Version));
        Assert.Equal(HttpStatusCode.NotFound, (await uaUnclassified.GetAsync(new Uri($"/api/v1/documents/{first}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await canada.GetAsync(new Uri($"/api/v1/documents/{second}", UriKind.Relative), Ct)).StatusCode);

        var edited = await SendAsync(ukraine, HttpMethod.Put, $"/api/v1/documents/{first}", Document("Convoy schedule, corrected", "CONFIDENTIAL"), etag);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal("\"2\"", edited.Headers.ETag?.Tag);
        Assert.Equal(("Convoy schedule, corrected", SecurityClassification.Confidential, Participant.Canada),
            ((await StoredAsync(app, first)).Title, (await StoredAsync(app, first)).Classification, (await StoredAsync(app, first)).Originator));
    }

    [Theory, Databases]
    public async Task Update_ByTheOriginator_RaisesOrNarrowsButNeverLowersNorGoesBeyondItsOwnAccess(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var canada = await ClientAsync(app, "can-writer", Participant.Canada, clearance: SecurityClassification.Confidential);
        var (id, etag) = await CreateAsync(canada, "Convoy schedule", "PROTECTED B");

        foreach (var (marking, why) in new[]
        {
            (Document("Convoy schedule", "PROTECTED A"), "lowers the protection"),
            (Document("Convoy schedule", "SECRET"), "above your clearance"),
            (Document("Convoy schedule", "PROTECTED B", "UKR EYES ONLY"), "exclude your own participant"),
        })
        {
            var refused = await SendAsync(canada, HttpMethod.Put, $"/api/v1/documents/{id}", marking, etag);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains(why, await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }
        Assert.Equal((SecurityClassification.ProtectedB, 1), ((await StoredAsync(app, id)).Classification, (await StoredAsync(app, id)).Version));

        var raised = await SendAsync(canada, HttpMethod.Put, $"/api/v1/documents/{id}", Document("Convoy schedule", "CONFIDENTIAL", "CAN EYES ONLY"), etag);
        Assert.Equal(HttpStatusCode.OK, raised.StatusCode);
        var stored = await StoredAsync(app, id);
        Assert.Equal((SecurityClassification.Confidential, Releasability.CanEyesOnly, 2), (stored.Classification, stored.Releasability, stored.Version));
    }

    [Theory, Databases]
    public async Task Update_WithoutIfMatch_Is428_AndOnAnOlderVersion_Is412_AndChangesNothing(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var canada = await ClientAsync(app, "can-writer", Participant.Canada);
        var (id, etag) = await CreateAsync(canada, "Convoy schedule", "PROTECTED B");
        var fetched = await canada.GetAsync(new Uri($"/api/v1/documents/{id}", UriKind.Relative), Ct);
        Assert.Equal(etag, fetched.Headers.ETag);

        var unversioned = await SendAsync(canada, HttpMethod.Put, $"/api/v1/documents/{id}", Document("No version", "PROTECTED B"), null);
        var wildcard = await SendAsync(canada, HttpMethod.Put, $"/api/v1/documents/{id}", Document("Any version", "PROTECTED B"), EntityTagHeaderValue.Any);
        var weak = await SendAsync(canada, HttpMethod.Put, $"/api/v1/documents/{id}", Document("Weak", "PROTECTED B"), new EntityTagHeaderValue("\"1\"", true));
        Assert.Equal(HttpStatusCode.PreconditionRequired, unversioned.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionRequired, wildcard.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal("application/problem+json", unversioned.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(canada, HttpMethod.Put, $"/api/v1/documents/{id}", Document("First change", "PROTECTED B"), etag)).StatusCode);
        var stale = await SendAsync(canada, HttpMethod.Put, $"/api/v1/documents/{id}", Document("Second change on the old copy", "PROTECTED B"), etag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("changed since you read it", await stale.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var stored = await StoredAsync(app, id);
        Assert.Equal(("First change", 2), (stored.Title, stored.Version));
    }

    [Theory, Databases]
    public async Task Downgrade_ByTheOriginatorWithAReason_LowersTheMarkingAndLogsItUnderTheOldMarking(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var canada = await ClientAsync(app, "can-writer", Participant.Canada);
        var ukraine = await ClientAsync(app, "ua-writer", Participant.Ukraine);
        var (id, etag) = await CreateAsync(canada, "Convoy schedule", "CONFIDENTIAL", "CAN EYES ONLY");
        var (shared, sharedTag) = await CreateAsync(canada, "Depot list", "CONFIDENTIAL");
        var url = $"/api/v1/documents/{id}/downgrade";

        var noReason = await SendAsync(canada, HttpMethod.Post, url, new { classification = "PROTECTED A", releasability = "REL CAN UKR", reason = " " }, etag);
        var raising = await SendAsync(canada, HttpMethod.Post, url, new { classification = "SECRET", releasability = "CAN EYES ONLY", reason = "up" }, etag);
        var otherSide = await SendAsync(ukraine, HttpMethod.Post, $"/api/v1/documents/{shared}/downgrade",
            new { classification = "UNCLASSIFIED", releasability = "REL CAN UKR", reason = "ours now" }, sharedTag);
        var unversioned = await SendAsync(canada, HttpMethod.Post, url, new { classification = "PROTECTED A", releasability = "REL CAN UKR", reason = "r" }, null);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.PreconditionRequired),
            (noReason.StatusCode, raising.StatusCode, otherSide.StatusCode, unversioned.StatusCode));
        Assert.Equal(1, (await StoredAsync(app, id)).Version);
        Assert.Equal(SecurityClassification.Confidential, (await StoredAsync(app, shared)).Classification);

        var downgraded = await SendAsync(canada, HttpMethod.Post, url,
            new { classification = "PROTECTED A", releasability = "REL CAN UKR", reason = "The convoy has passed." }, etag);

        Assert.Equal(HttpStatusCode.OK, downgraded.StatusCode);
        var stored = await StoredAsync(app, id);
        Assert.Equal((SecurityClassification.ProtectedA, Releasability.RelCanUkr, 2), (stored.Classification, stored.Releasability, stored.Version));
        Assert.Equal(HttpStatusCode.OK, (await ukraine.GetAsync(new Uri($"/api/v1/documents/{id}", UriKind.Relative), Ct)).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking()
            .SingleAsync(e => e.Action == "document.downgrade" && e.RecordId == id, Ct);
        Assert.Equal("CONFIDENTIAL // CAN EYES ONLY // defence-security", entry.Marking);
        Assert.Contains("CONFIDENTIAL // CAN EYES ONLY", entry.Before, StringComparison.Ordinal);
        Assert.Contains("PROTECTED A // REL CAN UKR", entry.After, StringComparison.Ordinal);
        Assert.Contains("The convoy has passed.", entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain("northern crossing", entry.Before + entry.After, StringComparison.Ordinal);
    }
}
