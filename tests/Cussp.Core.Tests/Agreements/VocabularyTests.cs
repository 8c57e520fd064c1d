using Cussp.Agreements;

namespace Cussp.Core.Tests.Agreements;

public class VocabularyTests
{
    [Fact]
    public void TryParseModality_ItsApiNameInAnyCase_ReadsItAndNothingElse()
    {
        Assert.All(Enum.GetValues<Modality>(), m =>
        {
            Assert.True(Vocabulary.TryParseModality(m.Name().ToUpperInvariant(), out var read));
            Assert.Equal(m, read);
        });
        Assert.Equal("best-effort", Modality.BestEffort.Name());
        Assert.False(Vocabulary.TryParseModality("BestEffort", out _));
        Assert.False(Vocabulary.TryParseModality("", out _));
    }

    [Fact]
    public void Name_OfEachValue_IsItsWireName()
    {
        Assert.Equal(["Participants", "Canada", "Ukraine"], Enum.GetValues<Actor>().Select(a => a.Name()));
        Assert.Equal(["recital", "paragraph", "item", "sub-item"], Enum.GetValues<ProvisionKind>().Select(k => k.Name()));
        Assert.Equal(["none", "request", "signature", "notice-receipt"], Enum.GetValues<TimeAnchor>().Select(a => a.Name()));
        Assert.True(Vocabulary.TryParseActor("uKRAINE", out var actor));
        Assert.Equal(Actor.Ukraine, actor);
    }
}
