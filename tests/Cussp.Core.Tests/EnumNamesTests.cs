using Cussp.Agreements;

namespace Cussp.Core.Tests;

public class EnumNamesTests
{
    private static string Lower(string name) => name.ToLowerInvariant();

    [Fact]
    public void Constructor_AValueWithoutAName_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new EnumNames<Actor>(Lower, (Actor.Canada, "ca"), (Actor.Ukraine, "ua")));
        Assert.Contains("Actor.Participants", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_AValueNamedTwice_Throws()
    {
        Assert.Throws<ArgumentException>(() => new EnumNames<Actor>(Lower,
            (Actor.Participants, "both"), (Actor.Canada, "ca"), (Actor.Canada, "can"), (Actor.Ukraine, "ua")));
    }

    [Fact]
    public void Indexer_AValueTheEnumDoesNotDefine_Throws()
    {
        var names = new EnumNames<Actor>(Lower, (Actor.Participants, "both"), (Actor.Canada, "ca"), (Actor.Ukraine, "ua"));
        Assert.Equal("ua", names[Actor.Ukraine]);
        Assert.Throws<ArgumentOutOfRangeException>(() => names[(Actor)7]);
    }

    [Fact]
    public void TryParse_ATextReadAsAName_GivesItsValue()
    {
        var names = new EnumNames<Actor>(Lower, (Actor.Participants, "both"), (Actor.Canada, "ca"), (Actor.Ukraine, "ua"));
        Assert.True(names.TryParse("UA", out var actor));
        Assert.Equal(Actor.Ukraine, actor);
        Assert.False(names.TryParse("Ukraine", out _));
        Assert.False(names.TryParse(null, out _));
    }
}
