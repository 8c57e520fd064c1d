using Cussp.Identity;

namespace Cussp.Core.Tests.Identity;

public class MarkingLabelsTests
{
    private delegate bool Reader<T>(string? text, out T value);

    // Each value reads back from its printed name and from its enum name.
    private static void ReadsEveryValueBothWays<T>(Reader<T> read, Func<T, string> label) where T : struct, Enum =>
        Assert.All(Enum.GetValues<T>(), v =>
        {
            Assert.True(read(label(v), out var printed));
            Assert.True(read(v.ToString(), out var named));
            Assert.Equal((v, v), (printed, named));
        });

    [Fact]
    public void TryParseClassification_PrintedOrEnumNameHoweverWritten_ReadsIt()
    {
        ReadsEveryValueBothWays<SecurityClassification>(MarkingLabels.TryParseClassification, c => c.Label());
        Assert.True(MarkingLabels.TryParseClassification("protected-b", out var b));
        Assert.Equal(SecurityClassification.ProtectedB, b);
        Assert.False(MarkingLabels.TryParseClassification("PROTECTED", out _));
    }

    [Fact]
    public void TryParseReleasability_PrintedOrEnumNameHoweverWritten_ReadsIt()
    {
        ReadsEveryValueBothWays<Releasability>(MarkingLabels.TryParseReleasability, r => r.Label());
        Assert.Equal("CAN EYES ONLY", Releasability.CanEyesOnly.Label());
        Assert.False(MarkingLabels.TryParseReleasability(null, out _));
    }
}
