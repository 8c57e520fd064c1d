using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Commitments;

/// <summary>
/// Compliance per calendar year: approvers score −1, 0 or +1 with a reason, a later score of a year replaces an earlier one while both
/// stay in the history, and the year's shares, (score + 1) / 2, are summed up over what each reader may see.
/// </summary>
public class ComplianceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AccessSubject Person(Participant participant, Roles roles, string name, params string[] areas) =>
        new(Guid.NewGuid(), name, participant, SecurityClassification.Secret, roles, areas.Length == 0 ? [.. KeyComponents.Ids] : areas);

    [Theory, Databases]
    public async Task Scores_AreKeptPerYear_TheLatestCounts_AndTheSharesFollowWhatTheReaderMaySee(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider, Instant.FromUtc(2025, 12, 31, 23, 0));
        await using var scope = db.Services.CreateAsyncScope();
        var tracker = scope.ServiceProvider.GetRequiredService<CommitmentTracker>();
        var compliance = scope.ServiceProvider.GetRequiredService<CommitmentCompliance>();
        var canada = Person(Participant.Canada, Roles.Viewer | Roles.Approver, "marc");
        var ukraine = Person(Participant.Ukraine, Roles.Viewer | Roles.Approver, "olena");
        var demining = (await tracker.ListAsync(canada, AgreementRegister.CusspId, new CommitmentFilter(Component: "humanitarian-demining"), 1, 2, Ct)).Items;
        var defence = (await tracker.ListAsync(canada, AgreementRegister.CusspId, new CommitmentFilter(Component: "defence-security"), 1, 1, Ct)).Items[0];

        // Kyiv is already in 2026 at 23:00 UTC on 31 December 2025: 2026 may be scored.
        Assert.Equal((2024, 2026), await compliance.YearsAsync(AgreementRegister.CusspId, Ct));
        await compliance.AssessAsync(canada, demining[0].Id, new ComplianceInput(2025, 0, "Half the districts surveyed."), demining[0].Version, Ct);
        await compliance.AssessAsync(ukraine, demining[0].Id, new ComplianceInput(2025, 1, "All districts surveyed by December."), demining[0].Version + 1, Ct);
        await compliance.AssessAsync(ukraine, demining[1].Id, new ComplianceInput(2025, -1, "Nothing done."), demining[1].Version, Ct);
        await compliance.AssessAsync(canada, defence.Id, new ComplianceInput(2025, 1, "Training delivered."), defence.Version, Ct);
        await compliance.AssessAsync(canada, defence.Id, new ComplianceInput(2024, -1, "Not begun."), defence.Version + 1, Ct);

        var bad = await Assert.ThrowsAsync<InvalidInputException>(() =>
            compliance.AssessAsync(canada, defence.Id, new ComplianceInput(2027, 2, " "), defence.Version + 2, Ct));
        Assert.Equal(["reason", "score", "year"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["year"], (await Assert.ThrowsAsync<InvalidInputException>(() =>
            compliance.AssessAsync(canada, defence.Id, new ComplianceInput(2023, 1, "Before."), defence.Version + 2, Ct))).Errors.Keys);
        await Assert.ThrowsAsync<RefusedException>(() => compliance.AssessAsync(Person(Participant.Canada, Roles.Viewer | Roles.Contributor, "rita"),
            defence.Id, new ComplianceInput(2025, 1, "x"), defence.Version + 2, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() => compliance.AssessAsync(Person(Participant.Canada, Roles.Approver, "ann", "cyber-security"),
            defence.Id, new ComplianceInput(2025, 1, "x"), defence.Version + 2, Ct));
        await Assert.ThrowsAsync<StaleWriteException>(() => compliance.AssessAsync(canada, defence.Id, new ComplianceInput(2025, 1, "x"), defence.Version, Ct));

        var history = (await tracker.GetAsync(canada, demining[0].Id, Ct))!.Compliance;
        Assert.Equal([0, 1], history.Select(s => s.Score));
        Assert.Equal([Participant.Canada, Participant.Ukraine], history.Select(s => s.ByParticipant));

        var all = await compliance.SummaryAsync(canada, AgreementRegister.CusspId, 2025, Ct);
        // +1 (the later score of demining[0]), −1, +1: shares 1, 0, 1.
        Assert.Equal(3, all.Overall.Assessed);
        Assert.Equal(67, all.Overall.Percent);
        var demin = all.ByComponent.Single(g => g.Key == "humanitarian-demining");
        Assert.Equal((2, 50), (demin.Assessed, demin.Percent));
        Assert.Null(all.ByComponent.Single(g => g.Key == "intelligence-cyber").Percent);
        Assert.Equal(all.Overall.Commitments, all.ByLead.Sum(g => g.Commitments));
        Assert.Equal(all.Overall.Commitments, all.ByPart.Sum(g => g.Commitments));
        Assert.Equal(0, (await compliance.SummaryAsync(canada, AgreementRegister.CusspId, 2024, Ct)).ByComponent.Single(g => g.Key == "defence-security").Percent);

        // A reader of demining alone counts the demining commitments alone.
        var narrow = await compliance.SummaryAsync(Person(Participant.Ukraine, Roles.Viewer, "ivan", "humanitarian-demining"), AgreementRegister.CusspId, 2025, Ct);
        Assert.Equal((2, 50), (narrow.Overall.Assessed, narrow.Overall.Percent));
        Assert.Equal(narrow.Overall.Commitments, narrow.ByComponent.Single(g => g.Key == "humanitarian-demining").Commitments);
        Assert.Equal(0, (await compliance.SummaryAsync(null, AgreementRegister.CusspId, 2025, Ct)).Overall.Commitments);

        var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        Assert.Equal(5, await context.ComplianceScores.CountAsync(Ct));
        Assert.Equal(5, await context.AuditEntries.CountAsync(e => e.Action == "commitment.compliance", Ct));
    }
}
