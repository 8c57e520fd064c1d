using System.Text.RegularExpressions;
using Cussp.BrowserTests.Accessibility;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Time;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Cussp.BrowserTests.Obligations;

/// <summary>
/// A Canadian contributor in Chromium files a consultation request, sees its deadline 24 hours on in Kyiv, Ottawa and UTC with the time
/// left, Ukraine's approver is notified, the consultation is recorded with a measure and a follow-up action, and the obligations page
/// shows the duty to consult met.
/// </summary>
public class ConsultationBrowserTests(BrowserHost host)
{
    private const string Password = "violet harbours under snow";

    [Fact]
    public async Task Contributor_FilesARequest_SeesTheDeadlineInBothCapitals_RecordsIt_AndTheDutyIsMet()
    {
        Guid asked;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            var writer = new UserAccount
            {
                Id = Guid.NewGuid(),
                UserName = "consult-writer",
                DisplayName = "Consultation writer",
                Participant = Participant.Canada,
                OrganisationId = Organisations.JointSecretariatOf(Participant.Canada),
                Clearance = SecurityClassification.ProtectedB,
                Roles = Roles.Viewer | Roles.Contributor,
                Areas = ["defence-security", "framework"],
            };
            Assert.True((await users.CreateAsync(writer, Password)).Succeeded);
            var approver = new UserAccount
            {
                Id = Guid.NewGuid(),
                UserName = "consult-approver-ua",
                DisplayName = "Duty approver",
                Participant = Participant.Ukraine,
                OrganisationId = Organisations.JointSecretariatOf(Participant.Ukraine),
                Clearance = SecurityClassification.Secret,
                Roles = Roles.Viewer | Roles.Approver,
                Areas = ["defence-security"],
            };
            Assert.True((await users.CreateAsync(approver)).Succeeded);
            asked = approver.Id;
        }
        var page = await host.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.GetByLabel("User name").FillAsync("consult-writer");
        await page.GetByLabel("Password").FillAsync(Password);
        await BrowserHost.ClickUntilAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }), u => new Uri(u).AbsolutePath == "/");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Consultations" }).ClickAsync();
        await Arrived(page, "/consultations$");
        await page.GetByRole(AriaRole.Link, new() { Name = "File a consultation request" }).ClickAsync();
        await Arrived(page, "/consultations/new$");
        await Axe.AssertNoSeriousViolationsAsync(page, "consultation request form");
        await page.GetByLabel("Ground").SelectOptionAsync("renewed-aggression");
        await page.GetByLabel("The situation").FillAsync("Missile strikes on the power grid of Kharkiv overnight.");
        await page.GetByRole(AriaRole.Button, new() { Name = "File the request and start the clock" }).ClickAsync();
        await Arrived(page, "/consultations/[0-9a-f-]{36}$");
        var id = Guid.Parse(new Uri(page.Url).Segments[^1]);

        // The deadline is 24 hours after the instant of filing, in each capital's time and in UTC.
        Instant due;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            var filed = await db.Consultations.AsNoTracking().SingleAsync(c => c.Id == id, TestContext.Current.CancellationToken);
            due = filed.DueAt;
            Assert.Equal(Duration.FromHours(24), filed.DueAt - filed.RequestedAt);
            Assert.True(await db.Notifications.AnyAsync(n => n.SubjectId == id && n.RecipientId == asked, TestContext.Current.CancellationToken), "Ukraine's approver is notified in the app");
        }
        await Assertions.Expect(page.Locator("td[data-zone='kyiv']")).ToHaveTextAsync(due.InZone(Zones.Kyiv).ToString("uuuu-MM-dd HH:mm", null));
        await Assertions.Expect(page.Locator("td[data-zone='ottawa']")).ToHaveTextAsync(due.InZone(Zones.Ottawa).ToString("uuuu-MM-dd HH:mm", null));
        await Assertions.Expect(page.Locator("td[data-zone='utc']")).ToHaveTextAsync(due.InZone(DateTimeZone.Utc).ToString("uuuu-MM-dd HH:mm", null));
        await Assertions.Expect(page.Locator("dd strong")).ToHaveTextAsync(new Regex(@"^2[34] h \d{1,2} min left$"));
        await Axe.AssertNoSeriousViolationsAsync(page, "consultation request with its deadline");

        // Recorded as held now, in Ottawa time, with a measure and a follow-up action.
        var now = SystemClock.Instance.GetCurrentInstant().InZone(Zones.Ottawa);
        await page.GetByLabel("Date", new() { Exact = true }).FillAsync(now.ToString("uuuu-MM-dd", null));
        await page.GetByLabel("Time", new() { Exact = true }).FillAsync(now.ToString("HH:mm", null));
        await page.GetByLabel("Time zone").SelectOptionAsync("ottawa");
        await page.GetByLabel("Who took part").FillAsync("Minister of National Defence; Minister of Defence of Ukraine");
        await page.GetByLabel("Security, military and economic assistance (II.4)").CheckAsync();
        await page.GetByLabel("Action 1").FillAsync("Deliver air defence interceptors");
        await page.GetByLabel("Owner 1").FillAsync("National Defence");
        await page.GetByLabel("Due on 1").FillAsync(now.Date.PlusDays(30).ToString("uuuu-MM-dd", null));
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the consultation" }).ClickAsync();
        await Assertions.Expect(page.Locator("dd strong")).ToHaveTextAsync("Held on time");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Deliver air defence interceptors", Exact = true })).ToBeVisibleAsync();
        await Axe.AssertNoSeriousViolationsAsync(page, "consultation held");

        await page.GotoAsync($"/obligations?year={due.InZone(Zones.Kyiv).Year}");
        var occurrence = page.Locator("p.occurrence").Filter(new() { Has = page.Locator($"a[href='/consultations/{id}']") });
        await Assertions.Expect(occurrence.First.Locator(".status")).ToHaveTextAsync("Met");
        await Axe.AssertNoSeriousViolationsAsync(page, "obligations with the consultation met");
    }

    private static async Task Arrived(IPage page, string address)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(address), new() { Timeout = 60_000 });
        await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 60_000 });
    }
}
