using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Commitments;

/// <summary>
/// Progress on commitments where readers meet it: the home page's key components, a component's page, and a provision's page, each
/// counted over what the reader may see, and nothing of it for anonymous visitors.
/// </summary>
public class ProgressPagesTests
{
    private const string Defence = "defence-security";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Two defence commitments moved on: one to substantial progress, one at risk; one more made SECRET // CAN EYES ONLY.
    private static async Task<(List<CommitmentRecord> Defence, CommitmentRecord Hidden)> ArrangeAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var defence = await db.Commitments.Where(c => c.Area == Defence).OrderBy(c => c.ProvisionOrdinal).ToListAsync(Ct);
        defence[0].Status = CommitmentStatus.Substantial;
        defence[1].Status = CommitmentStatus.AtRisk;
        defence[2].Releasability = Releasability.CanEyesOnly;
        await db.SaveChangesAsync(Ct);
        return (defence, defence[2]);
    }

    [Theory, Databases]
    public async Task Home_ShowsEachComponentsProgress_OverWhatTheReaderMaySee_AndNothingToAnonymousVisitors(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var (defence, _) = await ArrangeAsync(app);
        var ukrainian = await app.CreateUserAsync("ua-reader", Participant.Ukraine, areas: [Defence], password: null);
        var canadian = await app.CreateUserAsync("can-reader", Participant.Canada, areas: [Defence], password: null);

        var (_, asUkraine) = await (await app.SessionAsync(ukrainian)).GetPageAsync("/");
        var (_, asCanada) = await (await app.SessionAsync(canadian)).GetPageAsync("/");
        var (_, anonymous) = await app.Browser().GetPageAsync("/");

        string Line(AngleSharp.Html.Dom.IHtmlDocument page, string component) =>
            page.QuerySelectorAll("ol.tiles > li").Single(li => li.QuerySelector($"a[href$='/components/{component}']") is not null)
                .QuerySelector(".progress-line")!.TextContent.Trim();
        // The Ukrainian reader does not see the CAN EYES ONLY commitment, in the figures either.
        var ukraineLine = Line(asUkraine, Defence);
        Assert.Contains($"1 of {defence.Count - 1} at substantial progress or complete", ukraineLine, StringComparison.Ordinal);
        Assert.Contains("1 at risk", ukraineLine, StringComparison.Ordinal);
        Assert.Contains($"1 of {defence.Count} at substantial progress or complete", Line(asCanada, Defence), StringComparison.Ordinal);
        Assert.Equal("No commitments that you may see.", Line(asCanada, "veterans-care"));
        var bar = asCanada.QuerySelectorAll("ol.tiles > li").Single(li => li.QuerySelector($"a[href$='/components/{Defence}']") is not null).QuerySelector("progress")!;
        Assert.Equal((defence.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "1"), (bar.GetAttribute("max"), bar.GetAttribute("value")));
        Assert.Empty(anonymous.QuerySelectorAll("progress, .progress-line"));
    }

    [Theory, Databases]
    public async Task ComponentAndProvisionPages_ListTheReadersCommitments(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var (defence, hidden) = await ArrangeAsync(app);
        var ukrainian = await app.CreateUserAsync("ua-reader", Participant.Ukraine, areas: [Defence], password: null);
        var client = await app.SessionAsync(ukrainian);
        var shown = defence[0];

        var (_, component) = await client.GetPageAsync($"/agreements/cussp/components/{Defence}");
        var (_, provision) = await client.GetPageAsync($"/agreements/cussp/provisions/{shown.Citation}");
        var (_, hiddenProvision) = await client.GetPageAsync($"/agreements/cussp/provisions/{hidden.Citation}");
        var (_, anonymous) = await app.Browser().GetPageAsync($"/agreements/cussp/provisions/{shown.Citation}");

        Assert.Contains($"1 of {defence.Count - 1} at substantial progress or complete", component.QuerySelector(".progress-line")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/commitments?component={Defence}", component.QuerySelector("#component-commitments-heading ~ p a")!.GetAttribute("href"));
        var item = provision.QuerySelector("ul.provision-commitments li")!;
        Assert.Equal($"/commitments/{shown.Id}", item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Substantial progress", item.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(hiddenProvision.QuerySelectorAll("ul.provision-commitments a"), a => a.GetAttribute("href") == $"/commitments/{hidden.Id}");
        Assert.Null(anonymous.QuerySelector("#commitments-heading"));
    }
}
