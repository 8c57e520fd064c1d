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

namespace Cussp.Web.Tests.Commitments;

/// <summary>
/// Commitments users add on any provision — one provision split into several — and who leads each: on the API and the pages, each
/// bad field named, nothing saved on a refusal, every change in the audit log.
/// </summary>
public class AuthoringTests
{
    private const string Demining = "humanitarian-demining";
    private static readonly Guid MinistryOfDefence = Guid.Parse("c0550002-0000-4000-8000-000000000002");
    private static readonly Guid GlobalAffairs = Guid.Parse("c0550001-0000-4000-8000-000000000001");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<int> CountAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Commitments.CountAsync(Ct);
    }

    [Theory, Databases]
    public async Task Contributors_SplitAProvisionIntoCommitments_AndSetWhoLeads(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        string citation;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            citation = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Commitments.Where(c => c.Area == Demining)
                .Select(c => c.Citation).FirstAsync(Ct);
        }
        var writer = app.TokenClient(await app.IssueTokenAsync(await app.CreateUserAsync("ua-writer", Participant.Ukraine, SecurityClassification.ProtectedB,
            Roles.Viewer | Roles.Contributor, [Demining], password: null), TokenScopes.Read | TokenScopes.Write));
        var viewer = app.TokenClient(await app.IssueTokenAsync(await app.CreateUserAsync("ua-viewer", Participant.Ukraine, SecurityClassification.ProtectedB,
            Roles.Viewer, [Demining], password: null), TokenScopes.Read | TokenScopes.Write));
        var before = await CountAsync(app);
        Task<HttpResponseMessage> AddAsync(HttpClient client, object body) =>
            client.PostAsJsonAsync(new Uri("/api/v1/commitments/", UriKind.Relative), body, Ct);

        var first = await AddAsync(writer, new { citation, title = "Survey the Kharkiv districts", lead = "ukraine", leadOrganisationId = MinistryOfDefence });
        var second = await AddAsync(writer, new { citation, title = "Train 200 deminers", lead = "both", classification = "PROTECTED A" });
        var bad = await AddAsync(writer, new { citation = "XI.Z.9", title = "", lead = "nobody", leadOrganisationId = GlobalAffairs, classification = "TOP" });
        var wrongOrganisation = await AddAsync(writer, new { citation, title = "Clear roads", lead = "ukraine", leadOrganisationId = GlobalAffairs });
        var aboveClearance = await AddAsync(writer, new { citation, title = "Secret survey", lead = "ukraine", classification = "SECRET" });
        var notWriter = await AddAsync(viewer, new { citation, title = "Survey", lead = "ukraine" });

        Assert.True(first.StatusCode == HttpStatusCode.Created, await first.Content.ReadAsStringAsync(Ct));
        Assert.Equal("\"1\"", first.Headers.ETag!.Tag);
        var added = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((citation, "ukraine", MinistryOfDefence, false, "not-started", "UNCLASSIFIED // REL CAN UKR // " + Demining),
            (added.GetProperty("citation").GetString(), added.GetProperty("lead").GetString(), added.GetProperty("leadOrganisationId").GetGuid(),
                added.GetProperty("derived").GetBoolean(), added.GetProperty("status").GetString(), added.GetProperty("marking").GetString()));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("PROTECTED A", (await second.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("classification").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.Equal(["citation", "classification", "lead", "title"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, wrongOrganisation.StatusCode);
        Assert.Contains("Global Affairs Canada is Canada's", (await wrongOrganisation.Content.ReadFromJsonAsync<JsonElement>(Ct))
            .GetProperty("errors").GetProperty("leadOrganisationId")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, aboveClearance.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notWriter.StatusCode);
        Assert.Equal(before + 2, await CountAsync(app));

        // The provision's commitments: the derived one and the two added.
        var list = await writer.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/commitments/?component={Demining}&pageSize=200", UriKind.Relative), Ct);
        Assert.Equal(3, list.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("citation").GetString() == citation));

        // Who leads: set with If-Match; a stale version is refused, and a wrong organisation names the field.
        var id = added.GetProperty("id").GetGuid();
        async Task<HttpResponseMessage> LeadAsync(object body, int? version)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/commitments/{id}/lead", UriKind.Relative)) { Content = JsonContent.Create(body) };
            if (version is { } v)
            {
                request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
            }
            return await writer.SendAsync(request, Ct);
        }
        var canada = await LeadAsync(new { lead = "canada", leadOrganisationId = GlobalAffairs }, 1);
        var stale = await LeadAsync(new { lead = "both" }, 1);
        var mismatch = await LeadAsync(new { lead = "canada", leadOrganisationId = MinistryOfDefence }, 2);
        var noVersion = await LeadAsync(new { lead = "both" }, null);
        Assert.True(canada.StatusCode == HttpStatusCode.OK, await canada.Content.ReadAsStringAsync(Ct));
        Assert.Equal("\"2\"", canada.Headers.ETag!.Tag);
        var led = await canada.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("canada", GlobalAffairs), (led.GetProperty("lead").GetString(), led.GetProperty("leadOrganisationId").GetGuid()));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Equal((HttpStatusCode)428, noVersion.StatusCode);

        await using var check = app.Services.CreateAsyncScope();
        var actions = await check.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.RecordId == id.ToString()).Select(e => e.Action).ToListAsync(Ct);
        Assert.Equal(["commitment.add", "commitment.lead"], actions.Where(a => a != "read").Order(StringComparer.Ordinal));
    }

    [Theory, Databases]
    public async Task ThePages_AddACommitmentAndSetItsLead_WithErrorsBesideTheFields(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("ua-page-writer", Participant.Ukraine, SecurityClassification.ProtectedB, Roles.Viewer | Roles.Contributor,
            [Demining], password: null);
        var session = await app.SessionAsync(user);
        string citation;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            citation = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Commitments.Where(c => c.Area == Demining)
                .Select(c => c.Citation).FirstAsync(Ct);
        }
        var before = await CountAsync(app);

        var (_, form) = await session.GetPageAsync($"/commitments/new?citation={citation}");
        var (bad, badPage) = await session.SubmitAsync($"/commitments/new?citation={citation}", "add", ("Input.Citation", "IV.Z.99"), ("Input.Title", ""),
            ("Input.Lead", "ukraine"), ("Input.Organisation", ""), ("Input.Classification", "UNCLASSIFIED"), ("Input.Releasability", "REL CAN UKR"));
        var (ok, _) = await session.SubmitAsync("/commitments/new", "add", ("Input.Citation", citation), ("Input.Title", "Map the minefields of Izium"),
            ("Input.Lead", "ukraine"), ("Input.Organisation", MinistryOfDefence.ToString()), ("Input.Classification", "UNCLASSIFIED"),
            ("Input.Releasability", "UKR EYES ONLY"));

        Assert.Equal(citation, form.QuerySelector("#a-citation")!.GetAttribute("value"));
        Assert.Equal(["UNCLASSIFIED", "PROTECTED A", "PROTECTED B"], form.QuerySelectorAll("#a-class option").Select(o => o.GetAttribute("value")));
        Assert.DoesNotContain("CAN EYES ONLY", form.QuerySelectorAll("#a-rel option").Select(o => o.GetAttribute("value")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull(badPage.QuerySelector("#a-citation-error"));
        Assert.NotNull(badPage.QuerySelector("#a-title-error"));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var location = ok.Headers.Location!.OriginalString;
        Assert.EndsWith("?done=added", location, StringComparison.Ordinal);
        Assert.Equal(before + 1, await CountAsync(app));

        var (_, view) = await session.GetPageAsync(location);
        Assert.Contains("Ministry of Defence of Ukraine", view.QuerySelector(".facts-list")!.TextContent, StringComparison.Ordinal);
        var page = location[..location.IndexOf('?', StringComparison.Ordinal)];
        var (wrong, wrongPage) = await session.SubmitAsync(page, "lead", ("Leader.Lead", "canada"), ("Leader.Organisation", MinistryOfDefence.ToString()));
        var (saved, _) = await session.SubmitAsync(page, "lead", ("Leader.Lead", "both"), ("Leader.Organisation", GlobalAffairs.ToString()));
        var (_, after) = await session.GetPageAsync(page);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.NotNull(wrongPage.QuerySelector("#l-org-error"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Global Affairs Canada", after.QuerySelector(".facts-list")!.TextContent, StringComparison.Ordinal);
    }
}
