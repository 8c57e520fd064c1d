using System.Net;
using Cussp.Data;
using Cussp.Exchange;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Exchange;

/// <summary>The document pages, used through their forms: the list, editing on the web, and the downgrade.</summary>
public class DocumentPagesTests
{
    private static readonly string[] Areas = ["defence-security", "sovereignty-democracy"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<SharedDocumentRecord> ShareAsync(CusspApp app, UserAccount author, string title, SecurityClassification classification,
        Releasability releasability = Releasability.RelCanUkr)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SharedDocuments>().CreateAsync(author.ToSubject(),
            new DocumentInput(title, "Route through the northern crossing", classification, releasability, "defence-security"), Ct);
    }

    private static async Task<SharedDocumentRecord> StoredAsync(CusspApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().SharedDocuments.AsNoTracking().SingleAsync(d => d.Id == id, Ct);
    }

    [Theory, Databases]
    public async Task List_ShowsEachDocumentsDateOriginatorAndMarking(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var author = await app.CreateUserAsync("ua-writer", Participant.Ukraine, roles: Roles.Viewer | Roles.Contributor, areas: Areas, password: null);
        await ShareAsync(app, author, "Convoy schedule", SecurityClassification.ProtectedB);

        var (_, page) = await (await app.SessionAsync(author)).GetPageAsync("/documents");

        var cells = page.QuerySelectorAll("table.documents tbody tr td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("Convoy schedule", cells[0]);
        Assert.Equal("Ukraineua-writer", cells[1]);
        Assert.Equal("2024-02-24 12:00", cells[2]);
        Assert.Equal("PROTECTED B // REL CAN UKR // defence-security", cells[3]);
    }

    [Theory, Databases]
    public async Task Edit_ByTheOriginator_ChangesTextAndRaisesTheMarking_ByTheOtherSide_OnlyTheText(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var canadian = await app.CreateUserAsync("can-writer", Participant.Canada, roles: Roles.Viewer | Roles.Contributor, areas: Areas, password: null);
        var ukrainian = await app.CreateUserAsync("ua-writer", Participant.Ukraine, roles: Roles.Viewer | Roles.Contributor, areas: Areas, password: null);
        var d = await ShareAsync(app, canadian, "Convoy schedule", SecurityClassification.ProtectedB);
        var edit = $"/documents/{d.Id}/edit";

        var (saved, _) = await (await app.SessionAsync(canadian)).SubmitAsync(edit, "edit", ("Input.Title", "Convoy schedule, final"),
            ("Input.Classification", "Confidential"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith($"/documents/{d.Id}?done=saved", saved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var stored = await StoredAsync(app, d.Id);
        Assert.Equal(("Convoy schedule, final", SecurityClassification.Confidential, 2), (stored.Title, stored.Classification, stored.Version));

        // The other side's form offers no marking to change, and a marking slipped into the post is refused with nothing written.
        var theirs = await app.SessionAsync(ukrainian);
        var (_, form) = await theirs.GetPageAsync(edit);
        Assert.Null(form.QuerySelector("select[name='Input.Classification']"));
        Assert.Contains("Only Canada changes the marking", form.QuerySelector("fieldset")!.TextContent, StringComparison.Ordinal);
        var (refused, refusedPage) = await theirs.SubmitAsync(edit, "edit", ("Input.Classification", "Unclassified"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.NotNull(refusedPage.QuerySelector("[role=alert]"));
        Assert.Equal((SecurityClassification.Confidential, 2), ((await StoredAsync(app, d.Id)).Classification, (await StoredAsync(app, d.Id)).Version));
        var (edited, _) = await theirs.SubmitAsync(edit, "edit", ("Input.Body", "Route changed: southern crossing"));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(("Route changed: southern crossing", SecurityClassification.Confidential), ((await StoredAsync(app, d.Id)).Body,
            (await StoredAsync(app, d.Id)).Classification));
    }

    [Theory, Databases]
    public async Task Edit_OnAFormOpenedBeforeAnotherChange_IsRefusedAndShowsTheDocumentAsItIsNow(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var author = await app.CreateUserAsync("can-writer", Participant.Canada, roles: Roles.Viewer | Roles.Contributor, areas: Areas, password: null);
        var d = await ShareAsync(app, author, "Convoy schedule", SecurityClassification.ProtectedB);
        var first = await app.SessionAsync(author);
        var second = await app.SessionAsync(author);
        var (_, opened) = await first.GetPageAsync($"/documents/{d.Id}/edit");
        var form = opened.QuerySelectorAll("form").Single(f => f.QuerySelector("input[name=_handler][value=edit]") is not null);
        Assert.Equal(HttpStatusCode.Redirect, (await second.SubmitAsync($"/documents/{d.Id}/edit", "edit", ("Input.Title", "Changed meanwhile"))).Response.StatusCode);

        var fields = Forms.Fields(form).Where(f => f.Key != "Input.Title").Append(new("Input.Title", "Written on the old copy"));
        var (stale, page) = await first.PostPageAsync($"/documents/{d.Id}/edit", fields);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed since you opened it", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Changed meanwhile", ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("#e-title")!).Value);
        Assert.Equal(("Changed meanwhile", 2), ((await StoredAsync(app, d.Id)).Title, (await StoredAsync(app, d.Id)).Version));
    }

    [Theory, Databases]
    public async Task Downgrade_ThroughItsForm_NeedsAReasonAndIsOfferedToTheOriginatorOnly(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var canadian = await app.CreateUserAsync("can-writer", Participant.Canada, roles: Roles.Viewer | Roles.Contributor, areas: Areas, password: null);
        var ukrainian = await app.CreateUserAsync("ua-writer", Participant.Ukraine, roles: Roles.Viewer | Roles.Contributor, areas: Areas, password: null);
        var d = await ShareAsync(app, canadian, "Convoy schedule", SecurityClassification.Confidential, Releasability.CanEyesOnly);
        var mine = await app.SessionAsync(canadian);
        var (_, view) = await mine.GetPageAsync($"/documents/{d.Id}");
        Assert.NotNull(view.QuerySelector($"a[href='/documents/{d.Id}/downgrade']"));

        var (noReason, noReasonPage) = await mine.SubmitAsync($"/documents/{d.Id}/downgrade", "downgrade", ("Input.Classification", "ProtectedA"));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("true", noReasonPage.QuerySelector("#g-reason")!.GetAttribute("aria-invalid"));
        Assert.Equal(SecurityClassification.Confidential, (await StoredAsync(app, d.Id)).Classification);

        var (done, _) = await mine.SubmitAsync($"/documents/{d.Id}/downgrade", "downgrade", ("Input.Classification", "ProtectedA"),
            ("Input.Releasability", "RelCanUkr"), ("Input.Reason", "The convoy has passed."));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var stored = await StoredAsync(app, d.Id);
        Assert.Equal((SecurityClassification.ProtectedA, Releasability.RelCanUkr), (stored.Classification, stored.Releasability));

        var (_, theirView) = await (await app.SessionAsync(ukrainian)).GetPageAsync($"/documents/{d.Id}");
        Assert.Null(theirView.QuerySelector($"a[href='/documents/{d.Id}/downgrade']"));
        var (_, theirForm) = await (await app.SessionAsync(ukrainian)).GetPageAsync($"/documents/{d.Id}/downgrade");
        Assert.Null(theirForm.QuerySelector("input[name=_handler][value=downgrade]"));
    }
}
