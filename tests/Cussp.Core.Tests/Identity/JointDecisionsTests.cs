using Cussp.Data;
using Cussp.Decisions;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Identity;

public class JointDecisionsTests
{
    private static AccessSubject Approver(Participant p, string name) =>
        new(Guid.NewGuid(), name, p, SecurityClassification.Secret, Roles.Approver, ["sovereignty-democracy"]);

    [Theory, Databases]
    public async Task Vote_ApproverOfEachSideInEitherOrder_ApprovesTheDecision(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        foreach (var (first, second) in new[] { (Participant.Canada, Participant.Ukraine), (Participant.Ukraine, Participant.Canada) })
        {
            await using var scope = db.Services.CreateAsyncScope();
            var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
            var d = await decisions.ProposeAsync(Approver(first, "a"), DecisionKind.Amendment, "Add a part on air defence", "", TestContext.Current.CancellationToken);

            var afterOne = await decisions.VoteAsync(Approver(first, "a"), d.Id, true, null, TestContext.Current.CancellationToken);
            Assert.Equal(DecisionState.Pending, afterOne.State);
            var afterTwo = await decisions.VoteAsync(Approver(second, "b"), d.Id, true, null, TestContext.Current.CancellationToken);

            Assert.Equal(DecisionState.Approved, afterTwo.State);
            Assert.Equal("VIII.C.1", afterTwo.Citation);
        }
    }

    [Theory, Databases]
    public async Task Vote_SameSideTwiceOrAfterRejection_IsRefused(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var d = await decisions.ProposeAsync(Approver(Participant.Canada, "a"), DecisionKind.ThirdStateInvitation, "Invite Poland", "", ct);

        await decisions.VoteAsync(Approver(Participant.Canada, "a"), d.Id, true, null, ct);
        var twice = await Assert.ThrowsAsync<DecisionRefusedException>(() => decisions.VoteAsync(Approver(Participant.Canada, "c"), d.Id, true, null, ct));
        Assert.Contains("Canada has already approved", twice.Message, StringComparison.Ordinal);

        var rejected = await decisions.VoteAsync(Approver(Participant.Ukraine, "u"), d.Id, false, "Not now", ct);
        Assert.Equal(DecisionState.Rejected, rejected.State);
        await Assert.ThrowsAsync<DecisionRefusedException>(() => decisions.VoteAsync(Approver(Participant.Ukraine, "v"), d.Id, true, null, ct));
    }

    [Theory, Databases]
    public async Task Vote_NonApproverOrRejectionWithoutReason_IsRefused(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var d = await decisions.ProposeAsync(Approver(Participant.Canada, "a"), DecisionKind.Amendment, "Amend II.3", "", ct);
        var viewer = new AccessSubject(Guid.NewGuid(), "v", Participant.Ukraine, SecurityClassification.Secret, Roles.Viewer | Roles.Administrator, []);

        await Assert.ThrowsAsync<DecisionRefusedException>(() => decisions.VoteAsync(viewer, d.Id, true, null, ct));
        await Assert.ThrowsAsync<DecisionRefusedException>(() => decisions.VoteAsync(Approver(Participant.Ukraine, "u"), d.Id, false, " ", ct));
        Assert.Equal(DecisionState.Pending, (await decisions.GetAsync(d.Id, ct))!.State);
    }
}

public class AccessTokensTests
{
    [Theory, Databases]
    public async Task Find_ExpiredRevokedOrUnknownToken_FindsNothingAndOnlyTheHashIsStored(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<UserAccount>>();
        var user = new UserAccount { Id = Guid.NewGuid(), UserName = "scripter", DisplayName = "S", Participant = Participant.Canada };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();

        var (record, secret) = await tokens.IssueAsync(user.Id, "nightly", TokenScopes.Read, Duration.FromDays(2), ct);
        Assert.NotNull(await tokens.FindAsync(secret, ct));
        Assert.DoesNotContain(scope.ServiceProvider.GetRequiredService<CusspDbContext>().AccessTokens, t => t.Hash.Contains(secret[10..], StringComparison.Ordinal));
        Assert.Null(await tokens.FindAsync(secret + "x", ct));

        db.Clock.Advance(Duration.FromDays(3));
        Assert.Null(await tokens.FindAsync(secret, ct));

        var (second, secret2) = await tokens.IssueAsync(user.Id, "other", TokenScopes.Read | TokenScopes.Write, Duration.FromDays(2), ct);
        Assert.True(await tokens.RevokeAsync(user.Id, second.Id, ct));
        Assert.Null(await tokens.FindAsync(secret2, ct));
        Assert.False(await tokens.RevokeAsync(Guid.NewGuid(), record.Id, ct));
        await Assert.ThrowsAsync<ArgumentException>(() => tokens.IssueAsync(user.Id, "forever", TokenScopes.Read, Duration.FromDays(400), ct));
    }
}
