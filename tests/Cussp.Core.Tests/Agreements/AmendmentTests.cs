using Cussp.Agreements;
using Cussp.Data;
using Cussp.Decisions;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Agreements;

public class AmendmentTests
{
    private static readonly string[] Areas = ["framework", "defence-security", "information-security"];

    private const string Publish = "The Participants will publish each consolidated version of this Agreement within thirty (30) days of its approval.";

    private const string ReviewWords = "The Participants will conduct a comprehensive review of the CUSSP within three (3) years after the signature of this Agreement, to update and make any amendments as necessary, and the Participants will continue such reviews on an ongoing basis, as necessary.";

    private static AccessSubject Approver(Participant p, string name) =>
        new(Guid.NewGuid(), name, p, SecurityClassification.Secret, Roles.Approver | Roles.Contributor, Areas);

    private static DecisionProposal Amendment(string title, IReadOnlyList<AmendmentChange> changes, LocalDate? effectiveOn = null,
        SecurityClassification classification = SecurityClassification.Unclassified) =>
        new(DecisionKind.Amendment, title, "", classification, Changes: changes, EffectiveOn: effectiveOn);

    private static readonly AmendmentChange[] ThreeChanges =
    [
        new(AmendmentAction.Replace, "VIII.B.1", ReviewWords),
        new(AmendmentAction.Insert, "VIII.C.2", Publish),
        new(AmendmentAction.Repeal, "IV.E.1.ii", null),
    ];

    [Theory, Databases]
    public async Task Approve_AnAmendmentThatChangesTheText_MakesTheNextVersionFromItsDay_WithItsDiff(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider, Instant.FromUtc(2026, 3, 2, 9, 0));
        await using var scope = db.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
        var d = await decisions.ProposeAsync(Approver(Participant.Canada, "c1"),
            Amendment("Publish consolidated versions", ThreeChanges, new LocalDate(2026, 4, 1)), ct);
        Assert.Equal(1, (await register.GetAsync(AgreementRegister.CusspId, ct))!.Version.Number);

        var one = await decisions.VoteAsync(Approver(Participant.Canada, "c2"), d.Id, true, null, d.Version, ct);
        Assert.Single((await register.HistoryAsync(AgreementRegister.CusspId, ct))!.Versions);
        await decisions.VoteAsync(Approver(Participant.Ukraine, "u1"), d.Id, true, null, one.Version, ct);

        var history = (await register.HistoryAsync(AgreementRegister.CusspId, ct))!;
        Assert.Equal(2, history.Versions.Count);
        var v2 = history.Latest;
        Assert.Equal(new AgreementVersion(2, new LocalDate(2026, 4, 1), d.Id, "Publish consolidated versions", db.Clock.GetCurrentInstant(), 3), v2.Version);
        // Not in force before its day: today and the day before it read version 1, its day and after read version 2.
        Assert.Equal(1, (await register.GetAsync(AgreementRegister.CusspId, ct))!.Version.Number);
        Assert.Equal(1, history.At(new LocalDate(2026, 3, 31))!.Version.Number);
        Assert.Equal(2, history.At(new LocalDate(2026, 4, 1))!.Version.Number);
        Assert.Null(history.At(new LocalDate(2024, 2, 23)));

        var inserted = v2.Find("VIII.C.2")!;
        Assert.Equal((ProvisionKind.Paragraph, "VIII.C", Actor.Participants, Modality.Commitment), (inserted.Kind, inserted.DivisionCitation, inserted.Actor, inserted.Modality));
        Assert.Equal(v2.Provisions.ToList().FindIndex(p => p.Citation == "VIII.C.1") + 1, v2.Provisions.ToList().FindIndex(p => p.Citation == "VIII.C.2"));
        Assert.Null(v2.Find("IV.E.1.ii"));
        Assert.NotNull(history.Versions[0].Find("IV.E.1.ii"));
        Assert.Equal(ReviewWords, v2.Find("VIII.B.1")!.Text);
        Assert.Equal(history.Versions[0].Provisions.Count, v2.Provisions.Count);

        var diff = RegisterDiff.Between(history.Versions[0], v2);
        Assert.Equal([("IV.E.1.ii", ProvisionChangeKind.Removed), ("VIII.B.1", ProvisionChangeKind.Changed), ("VIII.C.2", ProvisionChangeKind.Added)],
            diff.Select(x => (x.Citation, x.Change)));
        var review = diff[1];
        Assert.Equal(review.Before, string.Concat(review.Pieces.Where(p => p.Run != DiffRun.Added).Select(p => p.Text)));
        Assert.Equal(review.After, string.Concat(review.Pieces.Where(p => p.Run != DiffRun.Removed).Select(p => p.Text)));
        Assert.Equal(["Participantswill"], review.Pieces.Where(p => p.Run == DiffRun.Removed).Select(p => p.Text.Trim()));

        db.Clock.AdvanceDays(30);
        Assert.Equal(2, (await register.GetAsync(AgreementRegister.CusspId, ct))!.Version.Number);
        var entry = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "agreement.amend", ct);
        Assert.Contains("\"version\":2", entry.After, StringComparison.Ordinal);
        Assert.Contains("insert VIII.C.2", entry.After, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task Vote_TheSameSideApprovingTwice_IsRefused_NothingSaved_AndTheAttemptAudited(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var data = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var d = await decisions.ProposeAsync(Approver(Participant.Ukraine, "u1"), Amendment("Publish", ThreeChanges), ct);
        var once = await decisions.VoteAsync(Approver(Participant.Canada, "c1"), d.Id, true, null, d.Version, ct);

        var twice = await Assert.ThrowsAsync<ConflictException>(() => decisions.VoteAsync(Approver(Participant.Canada, "c2"), d.Id, true, null, once.Version, ct));

        Assert.Contains("Canada has already approved this decision (c1)", twice.Message, StringComparison.Ordinal);
        Assert.Equal(1, await data.DecisionVotes.CountAsync(v => v.DecisionId == d.Id, ct));
        Assert.False(await data.AgreementVersions.AnyAsync(ct));
        var attempt = await data.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "decision.approve.refused", ct);
        Assert.Equal((d.Id.ToString(), "UNCLASSIFIED // REL CAN UKR // framework"), (attempt.RecordId, attempt.Marking));
        Assert.Contains("Canada has already approved", attempt.After, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task Propose_ChangesThatDoNotApply_AreRefusedOneByOne_AndNothingStored(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => decisions.ProposeAsync(Approver(Participant.Canada, "c1"), Amendment("Bad",
        [
            new(AmendmentAction.Replace, "II.99", "Words."),
            new(AmendmentAction.Insert, "VIII.C.5", Publish),
            new(AmendmentAction.Repeal, "II.6", "Words."),
            new(AmendmentAction.Insert, "VIII.C.1", Publish),
            new(AmendmentAction.Insert, "IX.1", Publish),
            new(AmendmentAction.Replace, "VIII.A.1", "   "),
            new(AmendmentAction.Repeal, "VIII.D.1", null),
            new(AmendmentAction.Replace, "viii.d.1", "Again."),
        ]), ct));

        Assert.Equal(["changes[0]", "changes[1]", "changes[2]", "changes[3]", "changes[4]", "changes[5]", "changes[7]"], refused.Errors.Keys.Order().ToArray());
        Assert.Contains("no provision II.99", refused.Errors["changes[0]"][0], StringComparison.Ordinal);
        Assert.Contains("the next is VIII.C.2", refused.Errors["changes[1]"][0], StringComparison.Ordinal);
        Assert.Contains("a repeal has no words", refused.Errors["changes[2]"][0], StringComparison.Ordinal);
        Assert.Contains("already has VIII.C.1", refused.Errors["changes[3]"][0], StringComparison.Ordinal);
        Assert.Contains("no part or section IX", refused.Errors["changes[4]"][0], StringComparison.Ordinal);
        Assert.Contains("new words", refused.Errors["changes[5]"][0], StringComparison.Ordinal);
        Assert.Contains("changed twice", refused.Errors["changes[7]"][0], StringComparison.Ordinal);
        var past = await Assert.ThrowsAsync<InvalidInputException>(() => decisions.ProposeAsync(Approver(Participant.Canada, "c1"),
            Amendment("Past", ThreeChanges, new LocalDate(2024, 2, 1)), ct));
        Assert.Equal(["effectiveOn"], past.Errors.Keys);
        Assert.False(await scope.ServiceProvider.GetRequiredService<CusspDbContext>().JointDecisions.AnyAsync(ct));
    }

    [Theory, Databases]
    public async Task Approve_AClassifiedAmendment_OrOneOverTakenByAnother_IsRefusedUntilItCanApply(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var repeal = new AmendmentChange[] { new(AmendmentAction.Repeal, "IV.E.1.ii", null) };
        var secret = await decisions.ProposeAsync(Approver(Participant.Canada, "c1"), Amendment("Drop an item", repeal, classification: SecurityClassification.Confidential), ct);
        var open = await decisions.ProposeAsync(Approver(Participant.Canada, "c1"), Amendment("Drop the same item", repeal), ct);
        secret = await decisions.VoteAsync(Approver(Participant.Canada, "c2"), secret.Id, true, null, secret.Version, ct);

        var classified = await Assert.ThrowsAsync<ConflictException>(() => decisions.VoteAsync(Approver(Participant.Ukraine, "u1"), secret.Id, true, null, secret.Version, ct));
        Assert.Contains("downgrade the decision to UNCLASSIFIED", classified.Message, StringComparison.Ordinal);

        open = await decisions.VoteAsync(Approver(Participant.Canada, "c2"), open.Id, true, null, open.Version, ct);
        await decisions.VoteAsync(Approver(Participant.Ukraine, "u1"), open.Id, true, null, open.Version, ct);
        secret = await decisions.DowngradeAsync(Approver(Participant.Canada, "c1"), secret.Id, SecurityClassification.Unclassified, "The text is public once approved.", secret.Version, ct);
        var overtaken = await Assert.ThrowsAsync<ConflictException>(() => decisions.VoteAsync(Approver(Participant.Ukraine, "u2"), secret.Id, true, null, secret.Version, ct));

        Assert.Contains("no longer apply", overtaken.Message, StringComparison.Ordinal);
        Assert.Contains("no provision IV.E.1.ii", overtaken.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().HistoryAsync(AgreementRegister.CusspId, ct))!.Versions.Count);
        Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.CountAsync(e => e.Action == "decision.approve.refused", ct));
    }
}
