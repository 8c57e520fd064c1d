using Cussp.Audit;
using Cussp.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Core.Tests.Audit;

public class AuditKeyTests
{
    [Fact]
    public void FileKey_FirstUse_CreatesAnOwnerOnlyFileThatLaterProcessesReuse()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cussp-key-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(dir, FileAuditSigningKey.DefaultFileName);
        try
        {
            using var first = new FileAuditSigningKey(path);
            var signature = first.Sign("body"u8);

            using var second = new FileAuditSigningKey(path);
            Assert.Equal(first.PublicKey.KeyId, second.PublicKey.KeyId);
            Assert.True(second.PublicKey.Verify("body"u8, signature));
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
            Assert.Single(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void FileKey_ConfiguredPath_IsUsedInsteadOfTheDataFolder()
    {
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, "/srv/cussp-data", null) { SigningKeyPath = "/etc/cussp/audit.pem" };

        Assert.Equal("/etc/cussp/audit.pem", settings.AuditKeyPath);
        Assert.Equal(Path.Combine("/srv/cussp-data", FileAuditSigningKey.DefaultFileName), (settings with { SigningKeyPath = null }).AuditKeyPath);
    }

    [Fact]
    public void SigningKey_RegisteredBeforeTheCore_IsTheOneUsed()
    {
        using var injected = InMemoryAuditSigningKey.Create();
        var services = new ServiceCollection();
        services.AddSingleton<IAuditSigningKey>(injected);
        services.AddCusspCore(_ => new DatabaseSettings(DatabaseProvider.Sqlite, Path.GetTempPath(), null));
        using var provider = services.BuildServiceProvider();

        Assert.Same(injected, provider.GetRequiredService<IAuditSigningKey>());
    }

    [Fact]
    public void PublicKey_Pem_RoundTrips()
    {
        using var key = InMemoryAuditSigningKey.Create();

        var read = AuditPublicKey.FromPem(key.PublicKey.Pem);

        Assert.Equal(key.PublicKey.KeyId, read.KeyId);
        Assert.Throws<ArgumentException>(() => AuditPublicKey.FromPem("not a key"));
    }
}
