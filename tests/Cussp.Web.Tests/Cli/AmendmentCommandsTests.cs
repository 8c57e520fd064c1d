using Cussp.Agreements;
using Cussp.Data;
using Cussp.Decisions;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Web.Tests.Cli;

/// <summary><c>cussp agreement versions|diff</c> and <c>export --as-of</c> on a register an approved amendment changed.</summary>
public sealed class AmendmentCommandsTests : CliTest
{
    private static readonly string[] Areas = ["framework", "information-security"];

    private static async Task AmendAsync(CusspApp app)
    {
        var ct = TestContext.Current.CancellationToken;
        AccessSubject Approver(Participant p) => new(Guid.NewGuid(), $"cli-{p}", p, SecurityClassification.Secret, Roles.Approver | Roles.Contributor, Areas);
        await using var scope = app.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var d = await decisions.ProposeAsync(Approver(Participant.Ukraine), new DecisionProposal(DecisionKind.Amendment, "Publish consolidated versions", "",
            SecurityClassification.Unclassified, Changes:
            [
                new AmendmentChange(AmendmentAction.Replace, "VIII.C.1", "The Participants may amend this Agreement, including to add annexes thereto, upon their mutual written consent, and will publish each consolidated version."),
                new AmendmentChange(AmendmentAction.Repeal, "IV.E.1.ii", null),
            ], EffectiveOn: new LocalDate(2027, 1, 15)), ct);
        d = await decisions.VoteAsync(Approver(Participant.Ukraine), d.Id, true, null, d.Version, ct);
        await decisions.VoteAsync(Approver(Participant.Canada), d.Id, true, null, d.Version, ct);
    }

    [Theory, Databases]
    public async Task VersionsDiffAndExportAsOf_ShowTheAmendedText_AndRefuseBadInputWithExitTwo(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        app.Clock.Reset(Instant.FromUtc(2026, 12, 7, 9, 0));
        await AmendAsync(app);

        var (exit, versions, _) = await RunOnAsync(app, "agreement", "versions");
        Assert.Equal(0, exit);
        Assert.Matches(@"1  in force from 2024-02-24  as signed", versions);
        Assert.Matches(@"2  in force from 2027-01-15  Publish consolidated versions \(2 provisions changed", versions);

        var (diffExit, diff, summary) = await RunOnAsync(app, "agreement", "diff");
        Assert.Equal(0, diffExit);
        Assert.Contains("VIII.C.1 (changed): The Participants may amend this Agreement, including to add annexes thereto, upon their mutual written consent{+, and will publish each consolidated version+}.", diff, StringComparison.Ordinal);
        Assert.Contains("IV.E.1.ii (removed): [-working to establish", diff, StringComparison.Ordinal);
        Assert.Contains("2 provisions differ between version 1 and version 2.", summary, StringComparison.Ordinal);

        var (mdExit, md, _) = await RunOnAsync(app, "agreement", "export", "--format", "md", "--as-of", "2027-01-15");
        Assert.Equal(0, mdExit);
        Assert.Contains("will publish each consolidated version", md, StringComparison.Ordinal);
        var (todayExit, today, _) = await RunOnAsync(app, "agreement", "export", "--format", "md");
        Assert.Equal(0, todayExit);
        Assert.DoesNotContain("will publish each consolidated version", today, StringComparison.Ordinal);

        foreach (var (args, message) in new[]
        {
            (new[] { "agreement", "export", "--format", "md", "--as-of", "2020-01-01" }, "--as-of: cussp was signed on 2024-02-24"),
            (["agreement", "export", "--format", "md", "--as-of", "2027-13-01"], "--as-of \"2027-13-01\": not a calendar date"),
            (["agreement", "diff", "--to", "7"], "--to \"7\" is not a version: give a number from 1 to 2."),
        })
        {
            var (badExit, output, error) = await RunOnAsync(app, args);
            Assert.Equal(2, badExit);
            Assert.Contains(message, error, StringComparison.Ordinal);
            Assert.Empty(output);
        }
    }
}
