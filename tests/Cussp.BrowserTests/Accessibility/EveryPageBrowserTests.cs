using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Decisions;
using Cussp.Exchange;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NodaTime;

namespace Cussp.BrowserTests.Accessibility;

/// <summary>
/// Every page, public and signed-in, opened in Chromium by an administrator who signed in with an authenticator code, at desktop
/// width and at 360 px: no axe violation of any impact, and no page that scrolls sideways.
/// </summary>
public class EveryPageBrowserTests(BrowserHost host)
{
    private const string Password = "amber lanterns over the river";
    private const string AdminName = "axe-admin";

    private async Task<(string Key, Guid Colleague, Guid Document, Guid Decision, Guid Organisation, Guid Commitment, Guid Meeting,
        Guid Consultation)> SeedAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        var key = TotpCodes.NewKey();
        string[] areas = ["defence-security", "sovereignty-democracy", "framework"];
        var admin = new UserAccount
        {
            Id = Guid.NewGuid(),
            UserName = AdminName,
            DisplayName = "Axe administrator",
            Participant = Participant.Canada,
            OrganisationId = Organisations.JointSecretariatOf(Participant.Canada),
            Clearance = SecurityClassification.Secret,
            Roles = Roles.Administrator | Roles.Approver | Roles.Contributor | Roles.Viewer | Roles.Auditor,
            Areas = [.. areas],
        };
        Assert.True((await users.CreateAsync(admin, Password)).Succeeded);
        await users.SetAuthenticationTokenAsync(admin, "[AspNetUserStore]", "AuthenticatorKey", key);
        await users.SetTwoFactorEnabledAsync(admin, true);
        var colleague = new UserAccount
        {
            Id = Guid.NewGuid(),
            UserName = "axe-colleague",
            DisplayName = "Colleague",
            Participant = Participant.Canada,
            OrganisationId = Organisations.Seed.Single(o => o.ShortName == "GAC").Id,
            Clearance = SecurityClassification.ProtectedB,
            Roles = Roles.Viewer,
            Areas = ["defence-security"],
        };
        Assert.True((await users.CreateAsync(colleague)).Succeeded);

        var subject = admin.ToSubject();
        var document = await scope.ServiceProvider.GetRequiredService<SharedDocuments>().CreateAsync(subject,
            new DocumentInput("Convoy schedule", "Route through the northern crossing.\nSecond paragraph.", SecurityClassification.ProtectedA,
                Releasability.RelCanUkr, "defence-security"));
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var decision = await decisions.ProposeAsync(subject, new DecisionProposal(DecisionKind.ThirdStateInvitation, "Invite Poland to the consultation",
            "Poland has an arrangement under the G7 Joint Declaration.", SecurityClassification.ProtectedA));
        var decided = await decisions.ProposeAsync(subject, new DecisionProposal(DecisionKind.Amendment, "Extend the reporting period", "",
            SecurityClassification.Unclassified));
        await decisions.VoteAsync(subject, decided.Id, false, "Not before the annual stock-take", decided.Version);
        var tracker = scope.ServiceProvider.GetRequiredService<CommitmentTracker>();
        var commitment = (await tracker.ListAsync(subject, AgreementRegister.CusspId, new CommitmentFilter(Component: "defence-security"), 1, 1)).Items[0];
        await tracker.RecordUpdateAsync(subject, commitment.Id, new CommitmentUpdateInput("Instructors deployed to the first training centre.",
            CommitmentStatus.Started), commitment.Version);
        var evidence = scope.ServiceProvider.GetRequiredService<CommitmentEvidence>();
        await evidence.AddAsync(subject, commitment.Id, new EvidenceInput(EvidenceKind.Link, "Ministry release", Url: "https://www.canada.ca/"), 2);
        await evidence.AddAsync(subject, commitment.Id, new EvidenceInput(EvidenceKind.File, "Training report", FileName: "report.txt",
            Content: "Two hundred instructors trained."u8.ToArray()), 3);
        var indicators = scope.ServiceProvider.GetRequiredService<CommitmentIndicators>();
        var indicator = await indicators.AddIndicatorAsync(subject, commitment.Id, new IndicatorInput("Instructors trained", IndicatorUnit.People, 0m, 400m,
            new NodaTime.LocalDate(2027, 12, 31)), 4);
        await indicators.AddMeasurementAsync(subject, commitment.Id, indicator.Id, new MeasurementInput(new NodaTime.LocalDate(2024, 11, 30), 200m,
            Note: "Training centre records"), 5);
        // Released to the public, so that its public page is checked too.
        await scope.ServiceProvider.GetRequiredService<CommitmentRelease>().SetAsync(subject, commitment.Id, true, 6);
        // A meeting scheduled a month ahead, so that its page shows every form: the record, moving it, calling it off.
        var meeting = await scope.ServiceProvider.GetRequiredService<Cussp.Obligations.Meetings>().RecordAsync(subject, AgreementRegister.CusspId,
            new Cussp.Obligations.MeetingInput(Cussp.Obligations.MeetingKind.LeadersMeeting, "Leaders meet in Kyiv",
                SystemClock.Instance.GetCurrentInstant() + Duration.FromDays(30), "Kyiv",
                SecurityClassification.ProtectedA, Area: "framework"));
        var consultation = await scope.ServiceProvider.GetRequiredService<Cussp.Obligations.Consultations>().RequestAsync(subject, AgreementRegister.CusspId,
            new Cussp.Obligations.ConsultationRequestInput(Cussp.Obligations.ConsultationGround.SignificantEscalation, "Offensive across the northern border.",
                SecurityClassification.ProtectedA));
        // Demonstration data on top, so that every page is checked with its banner and the history it adds.
        await scope.ServiceProvider.GetRequiredService<CommitmentDemo>().AddAsync();
        return (key, colleague.Id, document.Id, decision.Id, Organisations.Seed.Single(o => o.ShortName == "RCMP").Id, commitment.Id, meeting.Id,
            consultation.Id);
    }

    [Fact]
    public async Task EveryPage_AtDesktopAndPhoneWidth_HasNoAxeViolations()
    {
        var (key, colleague, document, decision, organisation, commitment, meeting, consultation) = await SeedAsync();
        var page = await host.NewPageAsync();
        var failures = new List<string>();

        await page.GotoAsync("/account/signin");
        await page.GetByLabel("User name").FillAsync(AdminName);
        await page.GetByLabel("Password").FillAsync(Password);
        await BrowserHost.ClickUntilAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }),
            u => new Uri(u).AbsolutePath == "/account/signin/code");
        await page.GetByLabel("Code").WaitForAsync();
        await CheckAsync(page, "/account/signin/code", failures);
        await page.GetByLabel("Code").FillAsync(new TotpCodes(SystemClock.Instance).CurrentCode(key));
        await BrowserHost.ClickUntilAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Continue" }), u => new Uri(u).AbsolutePath == "/");

        // Every page the app's routing has, each parameter filled from the records seeded above, then the pages as some queries
        // and an address that matches nothing show them.
        var values = new Dictionary<string, string>
        {
            ["/agreements/{Id}"] = AgreementRegister.CusspId,
            ["/agreements/{Id}/provisions/{Citation}"] = "II.3",
            ["/agreements/{Id}/components/{Component}"] = "defence-security",
            ["/admin/users/{Id:guid}"] = colleague.ToString(),
            ["/admin/organisations/{Id:guid}"] = organisation.ToString(),
            ["/documents/{Id:guid}"] = document.ToString(),
            ["/decisions/{Id:guid}"] = decision.ToString(),
            ["/commitments/{Id:guid}"] = commitment.ToString(),
            ["/public/commitments/{Id:guid}"] = commitment.ToString(),
            ["/meetings/{Id:guid}"] = meeting.ToString(),
            ["/consultations/{Id:guid}"] = consultation.ToString(),
        };
        List<string> paths =
        [
            .. AppPages.Patterns(host.Services).Select(p => AppPages.Address(p, values)),
            "/no-such-page", "/audit?actor=nobody-at-all", "/obligations?year=2025", "/decisions?state=pending", "/commitments?status=done",
        ];
        foreach (var width in new[] { 1280, 360 })
        {
            await page.SetViewportSizeAsync(width, width == 360 ? 740 : 900);
            foreach (var path in paths)
            {
                var response = await page.GotoAsync(path);
                Assert.True(response!.Status < 500, $"{path}: {response.Status}");
                await CheckAsync(page, $"{path} at {width}px", failures);
            }
            // The forms as they look after a post they refused, with their messages.
            await page.GotoAsync("/decisions/new");
            await page.GetByRole(AriaRole.Button, new() { Name = "Propose" }).ClickAsync();
            await page.Locator("#p-title-error").WaitForAsync();
            await CheckAsync(page, $"refused proposal at {width}px", failures);
            await page.GotoAsync($"/decisions/{decision}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Reject for Canada" }).ClickAsync();
            await page.Locator("#v-reason-error").WaitForAsync();
            await CheckAsync(page, $"rejection without a reason at {width}px", failures);
            await page.GotoAsync($"/documents/{document}/downgrade");
            await page.GetByRole(AriaRole.Button, new() { Name = "Downgrade" }).ClickAsync();
            await page.Locator("#g-reason-error").WaitForAsync();
            await CheckAsync(page, $"downgrade without a reason at {width}px", failures);
            await page.GotoAsync($"/commitments/{commitment}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Record the update" }).ClickAsync();
            await page.Locator("#u-text-error").WaitForAsync();
            await CheckAsync(page, $"progress update without words at {width}px", failures);
            await page.GetByRole(AriaRole.Button, new() { Name = "Attach the file" }).ClickAsync();
            await page.Locator("#f-file-error").WaitForAsync();
            await CheckAsync(page, $"evidence file missing at {width}px", failures);
            await page.GotoAsync("/meetings/new");
            await page.GetByRole(AriaRole.Button, new() { Name = "Record the meeting" }).ClickAsync();
            await page.Locator("#m-date-error").WaitForAsync();
            await CheckAsync(page, $"meeting without a date at {width}px", failures);
            await page.GotoAsync($"/meetings/{meeting}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Call the meeting off" }).ClickAsync();
            await page.Locator("#c-reason-error").WaitForAsync();
            await CheckAsync(page, $"meeting called off without a reason at {width}px", failures);
            await page.GotoAsync($"/consultations/{consultation}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Record the consultation" }).ClickAsync();
            await page.Locator("#h-date-error").WaitForAsync();
            await CheckAsync(page, $"consultation recorded without a date at {width}px", failures);
            await page.GotoAsync("/admin/organisations/new");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await page.Locator("#o-name-error").WaitForAsync();
            await CheckAsync(page, $"refused organisation at {width}px", failures);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task CheckAsync(IPage page, string where, List<string> failures)
    {
        failures.AddRange(await Axe.ViolationsAsync(page, where, anyImpact: true));
        if (await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth") > 0)
        {
            failures.Add($"{where}: the page scrolls sideways");
        }
    }
}
