using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Commitments;

/// <summary>
/// The public view: an approver releases an UNCLASSIFIED // REL CAN UKR commitment and anyone reads it without an account — its
/// status, updates and indicators, not who wrote them; a commitment marked higher is never public, even one marked up after its
/// release; withdrawn, it is gone from the public view.
/// </summary>
public class PublicViewTests
{
    private const string Demining = "humanitarian-demining";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> ReleaseAsync(HttpClient client, Guid id, bool released, int version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/commitments/{id}/release", UriKind.Relative))
        {
            Content = JsonContent.Create(new { released }),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version}\""));
        return await client.SendAsync(request, Ct);
    }

    [Theory, Databases]
    public async Task Approvers_ReleaseACommitment_AndAnyoneReadsItWithoutAnAccount(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 6, 1, 12, 0));
        var history = await StockTakeTests.SeedAsync(app);
        var approver = app.TokenClient(await app.IssueTokenAsync(await app.CreateUserAsync("ua-approver", Participant.Ukraine, SecurityClassification.Secret,
            Roles.Viewer | Roles.Approver, [Demining], password: null, totpKey: TotpCodes.NewKey()), TokenScopes.Read | TokenScopes.Write));
        var writer = app.TokenClient(await app.IssueTokenAsync(await app.CreateUserAsync("ua-writer", Participant.Ukraine, SecurityClassification.Secret,
            Roles.Viewer | Roles.Contributor, [Demining], password: null), TokenScopes.Read | TokenScopes.Write));
        var anonymous = app.Browser();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The tracked commitment is PROTECTED A in the seed: here it is made releasable, with its history.
            var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            (await db.Commitments.SingleAsync(c => c.Id == history.Tracked.Id, Ct)).Classification = SecurityClassification.Unclassified;
            await db.SaveChangesAsync(Ct);
        }
        var id = history.Tracked.Id;

        var byWriter = await ReleaseAsync(writer, id, true, 1);
        var hidden = await ReleaseAsync(approver, history.Hidden.Id, true, 1);
        var idle = await ReleaseAsync(approver, history.Idle.Id, true, 1);
        var released = await ReleaseAsync(approver, id, true, 1);
        var list = await anonymous.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/public/commitments/", UriKind.Relative), Ct);
        var one = await anonymous.GetAsync(new Uri($"/api/v1/public/commitments/{id}", UriKind.Relative), Ct);
        var (page, shown) = await anonymous.GetPageAsync($"/public/commitments/{id}");
        var (_, listed) = await anonymous.GetPageAsync("/public/commitments");

        Assert.Equal(HttpStatusCode.Forbidden, byWriter.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, idle.StatusCode);
        Assert.True(released.StatusCode == HttpStatusCode.OK, await released.Content.ReadAsStringAsync(Ct));
        Assert.Equal("\"2\"", released.Headers.ETag!.Tag);
        Assert.Equal("2025-06-01T12:00:00Z", (await released.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("releasedAt").GetString());
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Contains(id, list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        var body = await one.Content.ReadAsStringAsync(Ct);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(3, json.GetProperty("updates").GetArrayLength());
        Assert.Equal("Land released", json.GetProperty("indicators")[0].GetProperty("name").GetString());
        Assert.DoesNotContain("writer", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Winter halts clearance in two districts.", shown.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, listed.QuerySelectorAll("table.public tbody tr").Length);

        // Marked up after its release, it is no longer public; marked back, it is again.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            (await db.Commitments.SingleAsync(c => c.Id == id, Ct)).Classification = SecurityClassification.ProtectedA;
            await db.SaveChangesAsync(Ct);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"/api/v1/public/commitments/{id}", UriKind.Relative), Ct)).StatusCode);
        var raised = await ReleaseAsync(approver, id, true, 2);
        Assert.Equal(HttpStatusCode.Conflict, raised.StatusCode);

        // Withdrawn: gone from the public view.
        var withdrawn = await ReleaseAsync(approver, history.Idle.Id, false, 2);
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"/api/v1/public/commitments/{history.Idle.Id}", UriKind.Relative), Ct)).StatusCode);
        var (gone, _) = await anonymous.GetPageAsync($"/public/commitments/{history.Idle.Id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(0, (await anonymous.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/public/commitments/", UriKind.Relative), Ct)).GetProperty("total").GetInt32());

        await using var check = app.Services.CreateAsyncScope();
        var actions = await check.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.RecordId == history.Idle.Id.ToString() && e.Action != "read").Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(["commitment.release", "commitment.withdraw"], actions.Order(StringComparer.Ordinal));
    }

    [Theory, Databases]
    public async Task ThePage_ReleasesByForm_AndSaysWhyAProtectedCommitmentCannotBe(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var history = await StockTakeTests.SeedAsync(app);
        var (page, _) = await app.SignedInWithCodeAsync("ua-page-approver", Participant.Ukraine, Roles.Viewer | Roles.Approver, areas: [Demining]);

        var (_, protectedPage) = await page.GetPageAsync($"/commitments/{history.Tracked.Id}");
        var (done, _) = await page.SubmitAsync($"/commitments/{history.Idle.Id}", "release");
        var (_, after) = await page.GetPageAsync($"/commitments/{history.Idle.Id}");
        var (_, publicList) = await app.Browser().GetPageAsync("/public/commitments");

        Assert.Contains("UNCLASSIFIED // REL CAN UKR", protectedPage.QuerySelector("#release-heading + p")!.TextContent, StringComparison.Ordinal);
        Assert.Null(protectedPage.QuerySelector("form input[name=_handler][value=release]"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.EndsWith("?done=released", done.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal("Withdraw from the public", after.QuerySelector("#release-heading ~ form button")!.TextContent.Trim());
        Assert.NotNull(publicList.QuerySelector($"a[href='/public/commitments/{history.Idle.Id}']"));
    }
}
