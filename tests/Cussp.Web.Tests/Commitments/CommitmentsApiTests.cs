using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Audit;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Commitments;

/// <summary>
/// <c>/api/v1/commitments</c>: lists filtered by the access policy and by component, part, lead and status; one commitment with its
/// history and version; progress updates based on the version the writer read, with nothing written when one is refused.
/// </summary>
public class CommitmentsApiTests
{
    private const string Defence = "defence-security";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpClient> ClientAsync(CusspApp app, string name, Participant participant = Participant.Canada,
        Roles roles = Roles.Viewer | Roles.Contributor, string[]? areas = null, TokenScopes scopes = TokenScopes.Read | TokenScopes.Write) =>
        app.TokenClient(await app.IssueTokenAsync(await app.CreateUserAsync(name, participant, SecurityClassification.Secret, roles, areas ?? [Defence],
            password: null), scopes));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private static async Task<List<CommitmentRecord>> StoredAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Commitments.AsNoTracking().Include(c => c.Updates).ToListAsync(Ct);
    }

    private static async Task<HttpResponseMessage> PostUpdateAsync(HttpClient client, Guid id, object body, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/commitments/{id}/updates", UriKind.Relative))
        {
            Content = JsonContent.Create(body),
        };
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        }
        return await client.SendAsync(request, Ct);
    }

    [Theory, Databases]
    public async Task List_ShowsWhatTheCallersAreasAllow_FilteredAndPaged(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var defence = await ClientAsync(app, "defence-reader", roles: Roles.Viewer);
        var stored = await StoredAsync(app);
        var inDefence = stored.Where(c => c.Area == Defence).OrderBy(c => c.ProvisionOrdinal).ToList();

        var all = await JsonAsync(await defence.GetAsync(new Uri("/api/v1/commitments/?pageSize=200", UriKind.Relative), Ct));
        var canada = await JsonAsync(await defence.GetAsync(new Uri("/api/v1/commitments/?lead=Canada&pageSize=200", UriKind.Relative), Ct));
        var second = await JsonAsync(await defence.GetAsync(new Uri("/api/v1/commitments/?page=2&pageSize=3", UriKind.Relative), Ct));
        var notStarted = await JsonAsync(await defence.GetAsync(new Uri("/api/v1/commitments/?status=not-started&part=IV", UriKind.Relative), Ct));

        Assert.True(inDefence.Count > 5 && inDefence.Count < stored.Count, $"{inDefence.Count} of {stored.Count}");
        Assert.Equal(inDefence.Select(c => c.Id), all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(inDefence.Count, all.GetProperty("total").GetInt32());
        Assert.Equal(inDefence.Count(c => c.LeadParticipant == Participant.Canada), canada.GetProperty("total").GetInt32());
        Assert.All(canada.GetProperty("items").EnumerateArray(), i => Assert.Equal("canada", i.GetProperty("lead").GetString()));
        Assert.Equal(inDefence.Skip(3).Take(3).Select(c => c.Id), second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.All(notStarted.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.StartsWith("IV.", i.GetProperty("citation").GetString(), StringComparison.Ordinal);
            Assert.Equal("not-started", i.GetProperty("status").GetString());
            Assert.Equal("UNCLASSIFIED // REL CAN UKR // defence-security", i.GetProperty("marking").GetString());
        });
        Assert.Equal(JsonValueKind.Null, all.GetProperty("items")[0].GetProperty("updates").ValueKind);
    }

    [Theory, Databases]
    public async Task Export_IsTheFilteredListAsACsvAttachment_EachRowMarked(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var defence = await ClientAsync(app, "defence-reader", roles: Roles.Viewer);
        var inDefence = (await StoredAsync(app)).Where(c => c.Area == Defence).OrderBy(c => c.ProvisionOrdinal).ToList();

        var all = await defence.GetAsync(new Uri("/api/v1/commitments/export.csv", UriKind.Relative), Ct);
        var ukraine = await defence.GetAsync(new Uri("/api/v1/commitments/export.csv?lead=ukraine", UriKind.Relative), Ct);
        var bad = await defence.GetAsync(new Uri("/api/v1/commitments/export.csv?status=done", UriKind.Relative), Ct);

        Assert.Equal("text/csv", all.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", all.Content.Headers.ContentDisposition?.DispositionType);
        var lines = (await all.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,agreement,citation,title,lead", lines[0], StringComparison.Ordinal);
        Assert.Equal(inDefence.Select(c => c.Id.ToString()), lines.Skip(1).Select(l => l[..36]));
        Assert.All(lines.Skip(1), l => Assert.Contains("UNCLASSIFIED // REL CAN UKR // defence-security", l, StringComparison.Ordinal));
        var ukraineLines = (await ukraine.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(inDefence.Count(c => c.LeadParticipant == Participant.Ukraine), ukraineLines.Count);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory, Databases]
    public async Task List_WithUnknownFilters_IsAProblemNamingEachOne(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var reader = await ClientAsync(app, "reader", roles: Roles.Viewer);

        var bad = await reader.GetAsync(new Uri("/api/v1/commitments/?lead=poland&status=done", UriKind.Relative), Ct);
        var component = await reader.GetAsync(new Uri("/api/v1/commitments/?component=weather&part=IX&lead=poland&status=done", UriKind.Relative), Ct);
        var agreement = await reader.GetAsync(new Uri("/api/v1/commitments/?agreement=nowhere", UriKind.Relative), Ct);
        var anonymous = await app.CreateClient().GetAsync(new Uri("/api/v1/commitments/", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Contains("canada, ukraine or both", errors.GetProperty("lead")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("at-risk", errors.GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        var componentErrors = (await component.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["component", "lead", "part", "status"], componentErrors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, agreement.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory, Databases]
    public async Task Update_WithTheVersionRead_IsRecordedWithItsHistory_AStaleOneChangesNothing(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var canada = await ClientAsync(app, "can-writer");
        var ukraine = await ClientAsync(app, "ua-writer", Participant.Ukraine);
        var id = (await StoredAsync(app)).First(c => c.Area == Defence).Id;
        var read = await canada.GetAsync(new Uri($"/api/v1/commitments/{id}", UriKind.Relative), Ct);
        var etag = read.Headers.ETag!.Tag;

        var first = await PostUpdateAsync(canada, id, new { text = "Training of the first brigade began in Yavoriv.", status = "started" }, etag);
        var stale = await PostUpdateAsync(ukraine, id, new { text = "Written over the first.", status = "at-risk" }, etag);
        var body = await JsonAsync(first);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag!.Tag);
        Assert.Equal("started", body.GetProperty("status").GetString());
        var update = Assert.Single(body.GetProperty("updates").EnumerateArray());
        Assert.Equal("can-writer", update.GetProperty("by").GetString());
        Assert.Equal("not-started", update.GetProperty("statusBefore").GetString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var stored = (await StoredAsync(app)).Single(c => c.Id == id);
        Assert.Equal(CommitmentStatus.Started, stored.Status);
        Assert.Equal(2, stored.Version);
        Assert.Equal("Training of the first brigade began in Yavoriv.", Assert.Single(stored.Updates).Text);
        await using var scope = app.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking()
            .SingleAsync(e => e.Action == "commitment.update" && e.RecordId == id.ToString(), Ct);
        Assert.Contains("\"status\":\"started\"", entry.After, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task Update_Refused_WritesNothing_AndSaysWhy(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var writer = await ClientAsync(app, "writer");
        var viewer = await ClientAsync(app, "viewer", roles: Roles.Viewer);
        var readOnly = await ClientAsync(app, "read-token", scopes: TokenScopes.Read);
        var elsewhere = await ClientAsync(app, "elsewhere", areas: ["veterans-care"]);
        var id = (await StoredAsync(app)).First(c => c.Area == Defence).Id;

        var complete = await PostUpdateAsync(writer, id, new { text = "Done.", status = "complete" }, "\"1\"");
        var unknown = await PostUpdateAsync(writer, id, new { text = "Done.", status = "finished" }, "\"1\"");
        var empty = await PostUpdateAsync(writer, id, new { text = "  ", status = (string?)null }, "\"1\"");
        var noVersion = await PostUpdateAsync(writer, id, new { text = "Progress." }, null);
        var notWriter = await PostUpdateAsync(viewer, id, new { text = "Progress." }, "\"1\"");
        var readScope = await PostUpdateAsync(readOnly, id, new { text = "Progress." }, "\"1\"");
        var unseen = await PostUpdateAsync(elsewhere, id, new { text = "Progress." }, "\"1\"");
        var missing = await PostUpdateAsync(elsewhere, Guid.NewGuid(), new { text = "Progress." }, "\"1\"");

        Assert.Equal(HttpStatusCode.BadRequest, complete.StatusCode);
        Assert.Contains("reviewed by both participants", await complete.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(HttpStatusCode.PreconditionRequired, noVersion.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notWriter.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readScope.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unseen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains($"There is no commitment {id} that you may see.", await unseen.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var stored = (await StoredAsync(app)).Single(c => c.Id == id);
        Assert.Empty(stored.Updates);
        Assert.Equal(1, stored.Version);
    }
}
