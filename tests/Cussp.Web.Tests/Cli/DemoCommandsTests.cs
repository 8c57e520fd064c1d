using System.Net;
using Cussp.Agreements;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;

namespace Cussp.Web.Tests.Cli;

/// <summary>
/// <c>cussp demo --commitments | --remove</c>: a newcomer adds the synthetic history, every page then says demonstration data is
/// present (in the reader's language) and the home page's progress bars move; removing it takes the banner and the progress away.
/// </summary>
public sealed class DemoCommandsTests : CliTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, Databases]
    public async Task Demo_IsAddedOnce_SaidOnEveryPage_AndRemovedAgain(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var viewer = await app.CreateUserAsync("viewer", Participant.Canada, roles: Roles.Viewer, areas: [.. KeyComponents.Ids], password: null);
        var client = await app.SessionAsync(viewer);
        var anonymous = app.Browser();
        anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd("uk");

        var (_, before) = await client.GetPageAsync("/");
        var added = await RunOnAsync(app, "demo", "--commitments");
        var again = await RunOnAsync(app, "demo", "--commitments");
        var (_, after) = await client.GetPageAsync("/");
        var (_, ukrainian) = await anonymous.GetPageAsync("/agreements");
        var removed = await RunOnAsync(app, "demo", "--remove");
        var nothing = await RunOnAsync(app, "demo", "--remove");
        var neither = await RunOnAsync(app, "demo");
        var both = await RunOnAsync(app, "demo", "--commitments", "--remove");
        var (_, cleared) = await client.GetPageAsync("/");

        Assert.Null(before.QuerySelector(".demo-banner"));
        Assert.True(added.Exit == 0, added.Err);
        Assert.Matches(@"^Added a synthetic history to \d+ commitments: \d+ progress updates, \d+ evidence notes, \d+ indicators with \d+ measurements", added.Out);
        Assert.Equal(2, again.Exit);
        Assert.Contains("present already", again.Err, StringComparison.Ordinal);
        Assert.Contains("cussp demo --remove", after.QuerySelector(".demo-banner")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Демонстраційні дані", ukrainian.QuerySelector(".demo-banner")!.TextContent, StringComparison.Ordinal);
        var advancedBefore = before.QuerySelectorAll("progress").Sum(p => int.Parse(p.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture));
        var advancedAfter = after.QuerySelectorAll("progress").Sum(p => int.Parse(p.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, advancedBefore);
        Assert.True(advancedAfter > 10, $"{advancedAfter} commitments at substantial progress or complete");
        Assert.True(removed.Exit == 0, removed.Err);
        Assert.StartsWith("Removed the demonstration data from ", removed.Out, StringComparison.Ordinal);
        Assert.Equal(0, nothing.Exit);
        Assert.Contains("nothing to remove", nothing.Out, StringComparison.Ordinal);
        Assert.Equal(2, neither.Exit);
        Assert.Equal(2, both.Exit);
        Assert.Contains("--commitments adds", both.Err, StringComparison.Ordinal);
        Assert.Null(cleared.QuerySelector(".demo-banner"));
        Assert.Equal(0, cleared.QuerySelectorAll("progress").Sum(p => int.Parse(p.GetAttribute("value")!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/", UriKind.Relative), Ct)).StatusCode);
    }
}
