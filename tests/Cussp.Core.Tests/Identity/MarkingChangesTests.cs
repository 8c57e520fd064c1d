using Cussp.Identity;

namespace Cussp.Core.Tests.Identity;

public class MarkingChangesTests
{
    private const string Area = "defence-security";

    private sealed record Record(SecurityClassification Classification, Releasability Releasability, string Area, Participant Originator, int Version)
        : IOriginated;

    private static AccessSubject Writer(Participant p, SecurityClassification clearance = SecurityClassification.Secret, Roles roles = Roles.Contributor) =>
        new(Guid.NewGuid(), "w", p, clearance, roles, [Area]);

    private static readonly Record Canadian = new(SecurityClassification.Confidential, Releasability.RelCanUkr, Area, Participant.Canada, 3);

    [Fact]
    public void IsDowngrade_LowerClassificationOrWiderReleasability_IsOne_RaisingOrNarrowingIsNot()
    {
        var m = new Marking(SecurityClassification.ProtectedB, Releasability.CanEyesOnly, Area);
        Assert.True(MarkingChanges.IsDowngrade(m, m with { Classification = SecurityClassification.ProtectedA }));
        Assert.True(MarkingChanges.IsDowngrade(m, m with { Releasability = Releasability.RelCanUkr }));
        Assert.True(MarkingChanges.IsDowngrade(m, new Marking(SecurityClassification.Secret, Releasability.RelCanUkr, Area)));
        Assert.False(MarkingChanges.IsDowngrade(m, m with { Classification = SecurityClassification.Secret }));
        Assert.False(MarkingChanges.IsDowngrade(m with { Releasability = Releasability.RelCanUkr }, m));
        Assert.False(MarkingChanges.IsDowngrade(m, m with { Area = "intelligence-cyber" }));
    }

    [Fact]
    public void Stricter_TakesTheHigherClassificationAndTheNarrowerReleasability()
    {
        var a = new Marking(SecurityClassification.Secret, Releasability.RelCanUkr, Area);
        var b = new Marking(SecurityClassification.ProtectedA, Releasability.UkrEyesOnly, "intelligence-cyber");
        Assert.Equal(new Marking(SecurityClassification.Secret, Releasability.UkrEyesOnly, Area), MarkingChanges.Stricter(a, b));
        Assert.Equal(new Marking(SecurityClassification.Secret, Releasability.UkrEyesOnly, "intelligence-cyber"), MarkingChanges.Stricter(b, a));
    }

    [Fact]
    public void Check_TheOtherParticipant_MayKeepTheMarkingButNotChangeIt()
    {
        var ukrainian = Writer(Participant.Ukraine);
        MarkingChanges.Check(ukrainian, Canadian, Marking.Of(Canadian), downgrade: false);
        var refused = Assert.Throws<RefusedException>(() => MarkingChanges.Check(ukrainian, Canadian,
            Marking.Of(Canadian) with { Classification = SecurityClassification.Secret }, downgrade: false));
        Assert.Contains("Only Canada changes the marking", refused.Message, StringComparison.Ordinal);
        Assert.Throws<RefusedException>(() => MarkingChanges.Check(ukrainian, Canadian,
            Marking.Of(Canadian) with { Classification = SecurityClassification.Unclassified }, downgrade: true));
    }

    [Fact]
    public void Check_TheOriginatorsEdit_RaisesOrNarrows_ButNeverLowersNorGoesBeyondItsOwnAccess()
    {
        var canadian = Writer(Participant.Canada, SecurityClassification.Confidential);
        MarkingChanges.Check(canadian, Canadian, Marking.Of(Canadian) with { Releasability = Releasability.CanEyesOnly }, downgrade: false);
        Assert.Contains("downgrade", Assert.Throws<RefusedException>(() => MarkingChanges.Check(canadian, Canadian,
            Marking.Of(Canadian) with { Classification = SecurityClassification.ProtectedB }, downgrade: false)).Message, StringComparison.Ordinal);
        Assert.Contains("above your clearance", Assert.Throws<RefusedException>(() => MarkingChanges.Check(canadian, Canadian,
            Marking.Of(Canadian) with { Classification = SecurityClassification.Secret }, downgrade: false)).Message, StringComparison.Ordinal);
        Assert.Contains("exclude your own participant", Assert.Throws<RefusedException>(() => MarkingChanges.Check(canadian, Canadian,
            Marking.Of(Canadian) with { Releasability = Releasability.UkrEyesOnly }, downgrade: false)).Message, StringComparison.Ordinal);
        Assert.Contains("areas", Assert.Throws<RefusedException>(() => MarkingChanges.Check(canadian, Canadian,
            Marking.Of(Canadian) with { Area = "veterans-care" }, downgrade: false)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ADowngrade_NeedsTheOriginatorsWriterAndMustLowerSomething()
    {
        MarkingChanges.Check(Writer(Participant.Canada), Canadian, Marking.Of(Canadian) with { Classification = SecurityClassification.ProtectedA },
            downgrade: true);
        Assert.Throws<InvalidInputException>(() => MarkingChanges.Check(Writer(Participant.Canada), Canadian, Marking.Of(Canadian), downgrade: true));
        Assert.Throws<RefusedException>(() => MarkingChanges.Check(Writer(Participant.Canada, roles: Roles.Viewer | Roles.Approver), Canadian,
            Marking.Of(Canadian) with { Classification = SecurityClassification.ProtectedA }, downgrade: true));
    }

    [Fact]
    public void EnsureVersion_AnotherVersion_IsAStaleWrite()
    {
        MarkingChanges.EnsureVersion(Canadian, 3, "document");
        Assert.Contains("version 2, it is now at 3", Assert.Throws<StaleWriteException>(() => MarkingChanges.EnsureVersion(Canadian, 2, "document")).Message,
            StringComparison.Ordinal);
    }
}
