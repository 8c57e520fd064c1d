using Cussp.Agreements;

namespace Cussp.Core.Tests.Agreements;

public class ProvisionClassifierTests
{
    [Theory]
    [InlineData("PRE.4", Actor.Participants, Modality.Declaration)]
    [InlineData("I.3", Actor.Canada, Modality.Commitment)]
    [InlineData("II.2", Actor.Participants, Modality.Declaration)]
    [InlineData("II.3", Actor.Participants, Modality.Commitment)]
    [InlineData("II.6", Actor.Participants, Modality.Permission)]
    [InlineData("III.1", Actor.Participants, Modality.BestEffort)]
    [InlineData("IV.A.7.v.A", Actor.Canada, Modality.Commitment)]
    [InlineData("IV.A.8", Actor.Participants, Modality.Permission)]
    [InlineData("IV.B.1", Actor.Participants, Modality.BestEffort)]
    [InlineData("IV.C.2", Actor.Participants, Modality.BestEffort)]
    [InlineData("IV.G.2", Actor.Participants, Modality.BestEffort)]
    [InlineData("IV.J.1", Actor.Canada, Modality.Commitment)]
    [InlineData("IV.N.3", Actor.Canada, Modality.Permission)]
    [InlineData("V.1", Actor.Participants, Modality.Declaration)]
    [InlineData("V.3", Actor.Ukraine, Modality.Commitment)]
    [InlineData("V.4", Actor.Ukraine, Modality.Commitment)]
    [InlineData("VII.2", Actor.Participants, Modality.Permission)]
    [InlineData("VIII.A.1", Actor.Participants, Modality.Declaration)]
    [InlineData("VIII.C.1", Actor.Participants, Modality.Permission)]
    public void Classify_OwnWords_DecideActorAndModality(string citation, Actor actor, Modality modality)
    {
        var c = Samples.Of(citation);
        Assert.Equal(actor, c.Actor);
        Assert.Equal(modality, c.Modality);
    }

    [Theory]
    [InlineData("IV.A.7.i", "IV.A.7", Actor.Participants, Modality.Commitment)]
    [InlineData("IV.D.4.ii", "IV.D.4", Actor.Canada, Modality.Commitment)]
    [InlineData("V.3.iii", "V.3", Actor.Ukraine, Modality.Commitment)]
    [InlineData("IV.F.1.iii", "IV.F.1", Actor.Canada, Modality.BestEffort)]
    [InlineData("IV.A.7.iii.B", "IV.A.7.iii", Actor.Canada, Modality.Permission)]
    public void Classify_Item_InheritsFromItsLeadIn(string citation, string parent, Actor actor, Modality modality)
    {
        var c = Samples.Of(citation);
        Assert.Equal(actor, c.Actor);
        Assert.Equal(modality, c.Modality);
        Assert.Contains(parent, c.Basis, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("IV.A.9.i", "seek")]
    [InlineData("IV.D.3.ii", "explore")]
    [InlineData("IV.K.5.ii", "consider")]
    public void Classify_ItemOpeningWithBestEffortVerb_OverridesInheritedCommitment(string citation, string verb)
    {
        var c = Samples.Of(citation);
        Assert.Equal(Modality.BestEffort, c.Modality);
        Assert.Contains($"opens with “{verb}”", c.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_SubItemWithItsOwnClause_UsesItsOwnWords()
    {
        var item = Samples.Of("IV.A.7.v");
        var sub = Samples.Of("IV.A.7.v.A");
        Assert.Equal(Actor.Participants, item.Actor);
        Assert.Equal(Actor.Canada, sub.Actor);
        Assert.StartsWith("own words", sub.Basis, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I.3", "economic-military-assistance")]
    [InlineData("II.3", "defence-security")]
    [InlineData("IV.C.1", "intelligence-cyber")]
    [InlineData("IV.D.4.i", "intelligence-cyber")]
    [InlineData("IV.F.1.ii", "humanitarian-demining")]
    [InlineData("IV.H.2.iii", "economic-recovery")]
    [InlineData("IV.J.4.i", "veterans-care")]
    [InlineData("IV.K.1.ii", "sanctions-compensation")]
    [InlineData("IV.M.2.iii", "return-of-children")]
    [InlineData("V.3.ii", "reforms-governance")]
    [InlineData("III.2", "framework")]
    [InlineData("VI.1", "framework")]
    [InlineData("VII.2", "framework")]
    [InlineData("VIII.B.1", "framework")]
    public void Classify_Component_FollowsWordsAndHeading(string citation, string component) =>
        Assert.Equal(component, Samples.Of(citation).Component);

    [Fact]
    public void Classify_EveryProvision_HasAKnownComponentAndABasis()
    {
        Assert.All(Samples.CusspClassified, c =>
        {
            Assert.NotNull(KeyComponents.Known(c.Classification.Component));
            Assert.False(string.IsNullOrWhiteSpace(c.Classification.Basis));
        });
        Assert.Equal(11, Samples.CusspClassified.Select(c => c.Classification.Component).Distinct().Count());
    }

    [Fact]
    public void Classify_InventedArrangement_ReadsItsOwnWords()
    {
        var all = ProvisionClassifier.Classify(AgreementParser.Parse(Samples.Text("invented-arrangement.txt")))
            .ToDictionary(c => c.Source.Citation, c => c.Classification);

        Assert.Equal((Actor.Canada, Modality.Commitment), (all["I.1"].Actor, all["I.1"].Modality));
        Assert.Equal(Modality.Permission, all["I.2"].Modality);
        Assert.Equal((Actor.Participants, Modality.Commitment), (all["II.A.1.ii.B"].Actor, all["II.A.1.ii.B"].Modality));
        Assert.Equal((Actor.Ukraine, Modality.BestEffort), (all["II.A.2"].Actor, all["II.A.2"].Modality));
        Assert.Equal((Actor.Canada, Modality.Commitment), (all["II.B.1"].Actor, all["II.B.1"].Modality));
        Assert.Equal(Modality.Declaration, all["II.B.2"].Modality);
        Assert.Equal("intelligence-cyber", all["II.B.1"].Component);
    }
}
