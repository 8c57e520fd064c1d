using System.Security.Cryptography;
using Cussp.Audit;

namespace Cussp.Core.Tests.Audit;

public class AuditHashTests
{
    [Theory]
    [InlineData(0), InlineData(1), InlineData(55), InlineData(56), InlineData(64), InlineData(65), InlineData(119), InlineData(4096)]
    public void Sha256_EveryLengthAroundBlockBoundaries_MatchesTheFrameworksSha256(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var hash = new byte[32];

        AuditFormat.Sha256(data, hash);

        Assert.Equal(SHA256.HashData(data), hash);
        Assert.True(!OperatingSystem.IsLinux() || NativeSha256.Available, "the fast path should be in use on Linux");
    }

    [Fact]
    public void LeafAndNodeHashes_FollowRfc6962()
    {
        var entry = new AuditEntryRecord { Actor = "system", Action = "agreement.import", RecordType = "agreement", RecordId = "cussp" };
        var bytes = AuditFormat.EntryBytes(entry);
        var node = new byte[32];

        AuditFormat.NodeHash(new byte[32], Enumerable.Repeat((byte)1, 32).ToArray(), node);

        Assert.Equal(SHA256.HashData([0, .. bytes]), AuditFormat.LeafHash(entry));
        Assert.Equal(SHA256.HashData([1, .. new byte[32], .. Enumerable.Repeat((byte)1, 32)]), node);
        Assert.Equal((byte)1, bytes[0]);
    }
}
