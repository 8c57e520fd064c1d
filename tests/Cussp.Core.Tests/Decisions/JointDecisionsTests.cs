using Cussp.Data;
using Cussp.Decisions;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Decisions;

public class JointDecisionsTests
{
    private static readonly string[] BothAreas = ["framework", "defence-security"];

    private static AccessSubject Approver(Participant p, string name, SecurityClassification clearance = SecurityClassification.Secret) =>
        new(Guid.NewGuid(), name, p, clearance, Roles.Approver, BothAreas);

    private static DecisionProposal Proposal(DecisionKind kind, string title, SecurityClassification classification = SecurityClassification.Unclassified,
        string? area = null, Releasability releasability = Releasability.RelCanUkr) =>
        new(kind, title, "", classification, releasability, area);

    [Theory, Databases]
    public async Task Vote_ApproverOfEachSideInEitherOrder_ApprovesTheDecision(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        foreach (var (first, second) in new[] { (Participant.Canada, Participant.Ukraine), (Participant.Ukraine, Participant.Canada) })
        {
            await using var scope = db.Services.CreateAsyncScope();
            var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
            var d = await decisions.ProposeAsync(Approver(first, "a"), Proposal(DecisionKind.Amendment, "Add a part on air defence"), ct);

            var afterOne = await decisions.VoteAsync(Approver(first, "a"), d.Id, true, null, d.Version, ct);
            Assert.Equal(DecisionState.Pending, afterOne.State);
            var afterTwo = await decisions.VoteAsync(Approver(second, "b"), d.Id, true, null, afterOne.Version, ct);

            Assert.Equal(DecisionState.Approved, afterTwo.State);
            Assert.Equal("VIII.C.1", afterTwo.Citation);
            Assert.NotNull(afterTwo.DecidedAt);
        }
    }

    [Theory, Databases]
    public async Task Vote_SameSideTwiceOrAfterRejection_IsRefused(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var d = await decisions.ProposeAsync(Approver(Participant.Canada, "a"), Proposal(DecisionKind.ThirdStateInvitation, "Invite Poland"), ct);

        var approved = await decisions.VoteAsync(Approver(Participant.Canada, "a"), d.Id, true, null, d.Version, ct);
        var twice = await Assert.ThrowsAsync<ConflictException>(() => decisions.VoteAsync(Approver(Participant.Canada, "c"), d.Id, true, null, approved.Version, ct));
        Assert.Contains("Canada has already approved", twice.Message, StringComparison.Ordinal);

        var rejected = await decisions.VoteAsync(Approver(Participant.Ukraine, "u"), d.Id, false, "Not now", approved.Version, ct);
        Assert.Equal(DecisionState.Rejected, rejected.State);
        await Assert.ThrowsAsync<ConflictException>(() => decisions.VoteAsync(Approver(Participant.Ukraine, "v"), d.Id, true, null, rejected.Version, ct));
    }

    [Theory, Databases]
    public async Task Vote_NonApproverOrRejectionWithoutReason_IsRefused(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var d = await decisions.ProposeAsync(Approver(Participant.Canada, "a"), Proposal(DecisionKind.Amendment, "Amend II.3"), ct);
        var viewer = new AccessSubject(Guid.NewGuid(), "v", Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer | Roles.Administrator, BothAreas);

        await Assert.ThrowsAsync<RefusedException>(() => decisions.VoteAsync(viewer, d.Id, true, null, d.Version, ct));
        var noReason = await Assert.ThrowsAsync<InvalidInputException>(() => decisions.VoteAsync(Approver(Participant.Ukraine, "u"), d.Id, false, " ", d.Version, ct));
        Assert.Equal(["reason"], noReason.Errors.Keys);
        Assert.Equal(DecisionState.Pending, (await decisions.GetAsync(viewer, d.Id, ct))!.State);
    }

    [Theory, Databases]
    public async Task Propose_MarkingOtherThanRelCanUkrOrAboveTheProposersAccess_IsRefusedAndNothingStored(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var proposer = Approver(Participant.Canada, "a", SecurityClassification.ProtectedB);

        foreach (var releasability in new[] { Releasability.CanEyesOnly, Releasability.UkrEyesOnly })
        {
            var refused = await Assert.ThrowsAsync<InvalidInputException>(() =>
                decisions.ProposeAsync(proposer, Proposal(DecisionKind.Amendment, "Canada only", releasability: releasability), ct));
            Assert.Contains("REL CAN UKR", Assert.Single(refused.Errors["releasability"]), StringComparison.Ordinal);
        }
        await Assert.ThrowsAsync<RefusedException>(() =>
            decisions.ProposeAsync(proposer, Proposal(DecisionKind.Amendment, "Above my clearance", SecurityClassification.Secret), ct));
        await Assert.ThrowsAsync<RefusedException>(() =>
            decisions.ProposeAsync(proposer, Proposal(DecisionKind.Amendment, "Outside my areas", area: "veterans-care"), ct));
        var unknownArea = await Assert.ThrowsAsync<InvalidInputException>(() =>
            decisions.ProposeAsync(proposer, Proposal(DecisionKind.Amendment, "Nowhere", area: "nowhere"), ct));
        Assert.True(unknownArea.Errors.ContainsKey("area"));

        Assert.False(await scope.ServiceProvider.GetRequiredService<CusspDbContext>().JointDecisions.AnyAsync(ct));
    }

    [Theory, Databases]
    public async Task Propose_WithoutAnArea_TakesTheKeyComponentOfTheCitedProvisionAndLogsNoWords(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var proposer = Approver(Participant.Ukraine, "u");

        var amendment = await decisions.ProposeAsync(proposer, Proposal(DecisionKind.Amendment, "Extend the term", SecurityClassification.Confidential), ct);
        var invitation = await decisions.ProposeAsync(proposer, Proposal(DecisionKind.ThirdStateInvitation, "Invite Lithuania"), ct);

        Assert.Equal(("framework", Releasability.RelCanUkr), (amendment.Area, amendment.Releasability));
        Assert.Equal("defence-security", invitation.Area);
        var entry = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking()
            .SingleAsync(e => e.Action == "decision.propose" && e.RecordId == amendment.Id.ToString(), ct);
        Assert.Contains("CONFIDENTIAL // REL CAN UKR // framework", entry.After, StringComparison.Ordinal);
        Assert.DoesNotContain("Extend the term", entry.After, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task ListAndGet_ShowOnlyWhatTheReaderMayRead_PendingFirstAndLogReadsAboveUnclassified(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var data = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var proposer = Approver(Participant.Canada, "p");
        var settled = await decisions.ProposeAsync(proposer, Proposal(DecisionKind.Amendment, "Settled, oldest"), ct);
        await decisions.VoteAsync(proposer, settled.Id, false, "No", settled.Version, ct);
        db.Clock.Advance(NodaTime.Duration.FromHours(1));
        var open = await decisions.ProposeAsync(proposer, Proposal(DecisionKind.Amendment, "Open, protected", SecurityClassification.ProtectedB), ct);
        var secret = await decisions.ProposeAsync(proposer, Proposal(DecisionKind.Amendment, "Secret", SecurityClassification.Secret), ct);
        var otherArea = await decisions.ProposeAsync(proposer, Proposal(DecisionKind.ThirdStateInvitation, "Other area"), ct);
        var reader = new AccessSubject(Guid.NewGuid(), "ua-reader", Participant.Ukraine, SecurityClassification.ProtectedB, Roles.Viewer,
            ["framework"]);
        var auditor = new AccessSubject(Guid.NewGuid(), "auditor", Participant.Canada, SecurityClassification.Secret, Roles.Auditor, BothAreas);

        var (items, total) = await decisions.ListAsync(reader, null, 1, 50, ct);
        var (pending, pendingTotal) = await decisions.ListAsync(reader, DecisionState.Pending, 1, 50, ct);

        Assert.Equal([open.Id, settled.Id], items.Select(d => d.Id));
        Assert.Equal(2, total);
        Assert.Equal([open.Id], pending.Select(d => d.Id));
        Assert.Equal(1, pendingTotal);
        Assert.Null(await decisions.GetAsync(reader, secret.Id, ct));
        Assert.Null(await decisions.GetAsync(reader, otherArea.Id, ct));
        Assert.NotNull(await decisions.GetAsync(reader, open.Id, ct));
        Assert.Equal(0, (await decisions.ListAsync(auditor, null, 1, 50, ct)).Total);
        Assert.Equal(0, (await decisions.ListAsync(null, null, 1, 50, ct)).Total);
        await Assert.ThrowsAsync<NotFoundException>(() =>
            decisions.VoteAsync(Approver(Participant.Ukraine, "low", SecurityClassification.ProtectedA), open.Id, true, null, open.Version, ct));
        var reads = await data.AuditEntries.AsNoTracking().Where(e => e.Action == "read").ToListAsync(ct);
        Assert.Equal(3, reads.Count(e => e.RecordId == open.Id.ToString()));
        Assert.DoesNotContain(reads, e => e.RecordId == settled.Id.ToString());
    }
}
