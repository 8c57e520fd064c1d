using Cussp.Agreements;

namespace Cussp.Core.Tests.Agreements;

public class ClassificationBasisTests
{
    [Fact]
    public void Parse_TheBasisOfEveryProvision_ReadsBackAsItWasWritten()
    {
        Assert.All(Samples.CusspClassified, c => Assert.Equal(c.Classification.Basis, ClassificationBasis.Parse(c.Classification.Basis)?.ToString()));
        Assert.Equal(5, Samples.CusspClassified.Select(c => ClassificationBasis.Parse(c.Classification.Basis)!.Rule).Distinct().Count());
    }

    public static TheoryData<string> EveryRule => new()
    {
        new ClassificationBasis(BasisRule.Recital).ToString(),
        new ClassificationBasis(BasisRule.OwnWords, "Canada will").ToString(),
        new ClassificationBasis(BasisRule.LeadIn, "the Participants will", "IV.A.9", "seek").ToString(),
        new ClassificationBasis(BasisRule.Inherited, Citation: "I.2").ToString(),
        new ClassificationBasis(BasisRule.Inherited, Citation: "I.2", OpensWith: "explore").ToString(),
        new ClassificationBasis(BasisRule.OpenToParticipants, "may include").ToString(),
        new ClassificationBasis(BasisRule.Statement).ToString(),
    };

    [Theory, MemberData(nameof(EveryRule))]
    public void Parse_OfEachRule_GivesBackItsParts(string basis)
    {
        Assert.Equal(basis, ClassificationBasis.Parse(basis)!.ToString());
    }

    [Fact]
    public void Parse_TheWordsOfALeadIn_AreThePartsAPageQuotes()
    {
        Assert.Equal(new ClassificationBasis(BasisRule.LeadIn, "the Participants will", "IV.A.9", "seek"),
            ClassificationBasis.Parse("lead-in of IV.A.9: “the Participants will”; opens with “seek”"));
    }

    [Theory]
    [InlineData("set by hand")]
    [InlineData("own words: the Participants will")]
    [InlineData(null)]
    public void Parse_ATextTheClassifierDoesNotWrite_IsNull(string? basis)
    {
        Assert.Null(ClassificationBasis.Parse(basis));
    }
}
