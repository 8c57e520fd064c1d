using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Commitments;

/// <summary>Evidence and completion on the commitment page, through its forms: a link, a file upload, a refused file, and the request for review.</summary>
public class EvidencePagesTests
{
    private const string Demining = "humanitarian-demining";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<CommitmentRecord> FirstAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Commitments.AsNoTracking().Include(c => c.Evidence)
            .Where(c => c.Area == Demining).OrderBy(c => c.ProvisionOrdinal).FirstAsync(Ct);
    }

    // The file form as a browser posts it: multipart, with the page's antiforgery token and the version it shows.
    private static async Task<(HttpResponseMessage Response, AngleSharp.Html.Dom.IHtmlDocument Page)> UploadAsync(HttpClient client, string page,
        string title, byte[] content, string name)
    {
        var (_, shown) = await client.GetPageAsync(page);
        var form = shown.QuerySelectorAll("form").Single(f => f.QuerySelector("input[name=_handler][value='file']") is not null);
        Assert.Equal("multipart/form-data", form.GetAttribute("enctype"));
        using var body = new MultipartFormDataContent();
        foreach (var field in Forms.Fields(form).Where(f => f.Key != "Attachment.Title"))
        {
            body.Add(new StringContent(field.Value), field.Key);
        }
        body.Add(new StringContent(title), "Attachment.Title");
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, "upload", name);
        var response = await client.PostAsync(new Uri(page, UriKind.Relative), body, Ct);
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync(Ct), Ct));
    }

    [Theory, Databases]
    public async Task Evidence_AddedByForm_IsListed_AndCompletionCanThenBeAskedFor(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var writer = await app.CreateUserAsync("ua-writer", Participant.Ukraine, roles: Roles.Viewer | Roles.Contributor, areas: [Demining], password: null);
        var c = await FirstAsync(app);
        var page = $"/commitments/{c.Id}";
        var client = await app.SessionAsync(writer);

        var (_, before) = await client.GetPageAsync(page);
        var (link, _) = await client.SubmitAsync(page, "link", ("Link.Title", "Ministry release"), ("Link.Url", "https://mod.gov.ua/news/4"));
        var (badUrl, badUrlPage) = await client.SubmitAsync(page, "link", ("Link.Title", "Release"), ("Link.Url", "javascript:alert(1)"));
        var (file, _) = await UploadAsync(client, page, "Survey report", "%PDF-1.5\nsurvey"u8.ToArray(), "survey.pdf");
        var (exe, exePage) = await UploadAsync(client, page, "Tool", [0x4D, 0x5A, 0x90, 0], "tool.pdf");
        var (_, after) = await client.GetPageAsync(page);
        var (asked, _) = await client.SubmitAsync(page, "completion", ("Ask.Details", "All districts surveyed."));
        var (_, pending) = await client.GetPageAsync(asked.Headers.Location!.OriginalString);

        Assert.Equal("Add evidence first: completion is reviewed on the evidence.", before.QuerySelector("#completion-heading + p + p")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, link.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
        Assert.Equal("true", badUrlPage.QuerySelector("#l-url")!.GetAttribute("aria-invalid"));
        Assert.NotNull(badUrlPage.QuerySelector("#l-url-error"));
        Assert.True(file.StatusCode == HttpStatusCode.Redirect, $"{(int)file.StatusCode}");
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.NotNull(exePage.QuerySelector("#f-file-error"));
        var items = after.QuerySelectorAll("ul.evidence li").Select(li => li.TextContent).ToList();
        Assert.Equal(2, items.Count);
        Assert.Contains("Ministry release", items[0], StringComparison.Ordinal);
        var download = after.QuerySelector("ul.evidence a[download]")!;
        Assert.Equal("survey.pdf", download.GetAttribute("download"));
        var got = await client.GetAsync(new Uri(download.GetAttribute("href")!, UriKind.Relative), Ct);
        Assert.Equal("attachment", got.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.StartsWith("/decisions/", pending.QuerySelector("#completion-heading + p a")!.GetAttribute("href"), StringComparison.Ordinal);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<CusspDbContext>().JointDecisions.CountAsync(d => d.CommitmentId == c.Id, Ct));
    }
}
