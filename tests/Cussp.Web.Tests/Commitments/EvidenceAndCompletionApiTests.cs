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
/// Evidence and completion over the API: links and notes as JSON, files as multipart with their type read from the content and
/// downloaded as attachments, and completion asked for on the evidence, then settled by approvers of both participants.
/// </summary>
public class EvidenceAndCompletionApiTests
{
    private const string Demining = "humanitarian-demining";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpClient> ClientAsync(CusspApp app, string name, Participant participant, Roles roles) =>
        app.TokenClient(await app.IssueTokenAsync(await app.CreateUserAsync(name, participant, SecurityClassification.Secret, roles, [Demining],
            password: null, totpKey: (roles & Roles.Approver) != 0 ? TotpCodes.NewKey() : null), TokenScopes.Read | TokenScopes.Write));

    private static async Task<Guid> FirstAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Commitments.AsNoTracking().Where(c => c.Area == Demining)
            .OrderBy(c => c.ProvisionOrdinal).Select(c => c.Id).FirstAsync(Ct);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string url, HttpContent? content, int? version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = content };
        if (version is { } v)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{v}\""));
        }
        return await client.SendAsync(request, Ct);
    }

    private static MultipartFormDataContent File(string title, byte[] content, string name)
    {
        var form = new MultipartFormDataContent { { new StringContent(title), "title" } };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return form;
    }

    [Theory, Databases]
    public async Task Evidence_LinkNoteAndFile_AreAdded_AndTheFileDownloadsAsAnAttachment(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var writer = await ClientAsync(app, "ua-writer", Participant.Ukraine, Roles.Viewer | Roles.Contributor);
        var reader = await ClientAsync(app, "can-reader", Participant.Canada, Roles.Viewer);
        var id = await FirstAsync(app);
        var pdf = "%PDF-1.4\nhectares released"u8.ToArray();

        var link = await SendAsync(writer, $"/api/v1/commitments/{id}/evidence",
            JsonContent.Create(new { kind = "link", title = "Ministry release", url = "https://mod.gov.ua/news/3" }), 1);
        var note = await SendAsync(writer, $"/api/v1/commitments/{id}/evidence",
            JsonContent.Create(new { kind = "note", title = "Field visit", text = "Teams at work near Izium." }), 2);
        var file = await SendAsync(writer, $"/api/v1/commitments/{id}/evidence", File("Survey report", pdf, "survey.pdf"), 3);
        var exe = await SendAsync(writer, $"/api/v1/commitments/{id}/evidence", File("Tool", [0x4D, 0x5A, 0x90, 0], "survey.pdf"), 4);
        var stale = await SendAsync(writer, $"/api/v1/commitments/{id}/evidence", JsonContent.Create(new { kind = "note", title = "t", text = "x" }), 1);
        var unknownKind = await SendAsync(writer, $"/api/v1/commitments/{id}/evidence", JsonContent.Create(new { kind = "video", title = "t" }), 4);
        var byReader = await SendAsync(reader, $"/api/v1/commitments/{id}/evidence", JsonContent.Create(new { kind = "note", title = "t", text = "x" }), 4);

        Assert.Equal(HttpStatusCode.Created, link.StatusCode);
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        Assert.True(file.StatusCode == HttpStatusCode.Created, await file.Content.ReadAsStringAsync(Ct));
        Assert.Equal("\"4\"", file.Headers.ETag!.Tag);
        var evidence = (await file.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("evidence");
        Assert.Equal(["link", "note", "file"], evidence.EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        var download = evidence[2].GetProperty("download").GetString()!;
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.Contains("not a file of an accepted type", await exe.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownKind.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byReader.StatusCode);

        var got = await reader.GetAsync(new Uri(download, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal("application/pdf", got.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", got.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("survey.pdf", got.Content.Headers.ContentDisposition?.FileNameStar ?? got.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(pdf, await got.Content.ReadAsByteArrayAsync(Ct));
        var outsider = await ClientAsync(app, "outsider", Participant.Canada, Roles.Viewer);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            var user = await db.Users.SingleAsync(u => u.UserName == "outsider", Ct);
            user.Areas = ["veterans-care"];
            await db.SaveChangesAsync(Ct);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(new Uri(download, UriKind.Relative), Ct)).StatusCode);
    }

    [Theory, Databases]
    public async Task Completion_AskedOnTheEvidence_IsApprovedByBothSides_AndTheCommitmentIsComplete(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var writer = await ClientAsync(app, "ua-writer", Participant.Ukraine, Roles.Viewer | Roles.Contributor);
        var ukApprover = await ClientAsync(app, "ua-approver", Participant.Ukraine, Roles.Approver);
        var caApprover = await ClientAsync(app, "can-approver", Participant.Canada, Roles.Approver);
        var id = await FirstAsync(app);

        var early = await SendAsync(writer, $"/api/v1/commitments/{id}/completion", null, 1);
        await SendAsync(writer, $"/api/v1/commitments/{id}/evidence", JsonContent.Create(new { kind = "note", title = "Visit", text = "Seen." }), 1);
        var asked = await SendAsync(writer, $"/api/v1/commitments/{id}/completion", JsonContent.Create(new { details = "All districts surveyed." }), 2);
        var decision = (await asked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("decision").GetGuid();
        var first = await SendAsync(ukApprover, $"/api/v1/decisions/{decision}/approve", null, 0);
        var second = await SendAsync(caApprover, $"/api/v1/decisions/{decision}/approve", null, 1);
        var after = await (await writer.GetAsync(new Uri($"/api/v1/commitments/{id}", UriKind.Relative), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var decided = await (await writer.GetAsync(new Uri($"/api/v1/decisions/{decision}", UriKind.Relative), Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("evidence", await early.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        Assert.Equal($"/api/v1/decisions/{decision}", asked.Headers.Location!.OriginalString);
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync(Ct));
        Assert.True(second.IsSuccessStatusCode, await second.Content.ReadAsStringAsync(Ct));
        Assert.Equal("complete", after.GetProperty("status").GetString());
        Assert.Equal(decision, after.GetProperty("updates").EnumerateArray().Last().GetProperty("decisionId").GetGuid());
        Assert.Equal(("commitment-completion", "approved", id), (decided.GetProperty("kind").GetString(), decided.GetProperty("state").GetString(),
            decided.GetProperty("commitmentId").GetGuid()));
    }
}
