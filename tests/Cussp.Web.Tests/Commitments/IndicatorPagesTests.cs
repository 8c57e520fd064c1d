using System.Net;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Commitments;

/// <summary>Indicators on the commitment page: added and measured through its forms, shown against their target in the reader's language.</summary>
public class IndicatorPagesTests
{
    private const string Demining = "humanitarian-demining";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, Databases]
    public async Task Indicator_AddedAndMeasuredByForm_ShowsHowFarTheTargetIs_AndABadDateIsNamedBesideItsField(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2025, 9, 30, 12, 0));
        var writer = await app.CreateUserAsync("ua-writer", Participant.Ukraine, roles: Roles.Viewer | Roles.Contributor, areas: [Demining], password: null);
        var viewer = await app.CreateUserAsync("fr-viewer", Participant.Canada, roles: Roles.Viewer, areas: [Demining], password: null);
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Commitments.AsNoTracking().Where(c => c.Area == Demining)
                .OrderBy(c => c.ProvisionOrdinal).Select(c => c.Id).FirstAsync(Ct);
        }
        var page = $"/commitments/{id}";
        var client = await app.SessionAsync(writer);

        var (_, empty) = await client.GetPageAsync(page);
        Assert.Null(empty.QuerySelector("input[name=_handler][value='measurement']"));
        Assert.NotNull(empty.QuerySelector("#indicators-heading + p.empty"));
        var (added, _) = await client.SubmitAsync(page, "indicator", ("Gauge.Name", "Land released"), ("Gauge.Unit", "hectares"),
            ("Gauge.Baseline", "0"), ("Gauge.Target", "20000"), ("Gauge.TargetDate", "2026-12-31"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var (measured, _) = await client.SubmitAsync(page, "measurement", ("Measure.On", "2025-09-30"), ("Measure.Value", "5000.5"),
            ("Measure.Note", "Kharkiv survey"));
        Assert.Equal(HttpStatusCode.Redirect, measured.StatusCode);
        var (tooEarly, tooEarlyPage) = await client.SubmitAsync(page, "measurement", ("Measure.On", "2024-01-31"), ("Measure.Value", "1"));
        Assert.Equal(HttpStatusCode.BadRequest, tooEarly.StatusCode);
        Assert.Equal("true", tooEarlyPage.QuerySelector("#m-on")!.GetAttribute("aria-invalid"));
        Assert.Contains("term", tooEarlyPage.QuerySelector("#m-on-error")!.TextContent, StringComparison.Ordinal);
        var (noTarget, noTargetPage) = await client.SubmitAsync(page, "indicator", ("Gauge.Name", "Deminers"), ("Gauge.Unit", "people"),
            ("Gauge.Baseline", "10"), ("Gauge.Target", "10"));
        Assert.Equal(HttpStatusCode.BadRequest, noTarget.StatusCode);
        Assert.NotNull(noTargetPage.QuerySelector("#i-target-error"));

        var (_, shown) = await client.GetPageAsync(page);
        var row = shown.QuerySelector("table.indicators tbody tr")!;
        Assert.Equal("Land released", row.QuerySelector("th")!.TextContent);
        Assert.Equal("25", row.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Contains("5,000.5", row.TextContent, StringComparison.Ordinal);
        Assert.Single(shown.QuerySelectorAll("details.measurements tbody tr"));
        Assert.Equal("2025-09-30", shown.QuerySelector("#m-on")!.GetAttribute("max"));

        // A reader sees the indicator, in French figures, and no form to change it.
        var reader = await app.SessionAsync(viewer);
        reader.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");
        var (_, french) = await reader.GetPageAsync(page);
        Assert.Contains("5\u202F000,5", french.QuerySelector("table.indicators tbody tr")!.TextContent, StringComparison.Ordinal);
        Assert.Null(french.QuerySelector("input[name=_handler][value='indicator']"));
        Assert.Equal("Indicateurs", french.QuerySelector("#indicators-heading")!.TextContent);
    }
}
