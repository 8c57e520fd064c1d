using System.Security.Cryptography;
using System.Text;

namespace Cussp.Audit;

/// <summary>
/// Keyed digests of protected words for the audit log. The log shows auditors that a title or text changed without showing the
/// words; a plain hash would not do, since anyone could hash guesses ("Convoy schedule") and compare. An HMAC with a secret of
/// the installation can only be computed by the server.
/// </summary>
public interface IAuditDigest
{
    /// <summary>HMAC-SHA256 of <paramref name="text"/> (UTF-8) under the installation's secret, as lower-case hex.</summary>
    string Compute(string text);
}

/// <summary>
/// The digest secret in a file: <c>audit-digest-key</c> in the data folder, or <c>Audit:DigestKeyPath</c> so that several nodes
/// share one. 32 random bytes, base64, created on first use and readable by the owner only; never in the database, whose readers
/// could otherwise compute digests of guesses themselves.
/// </summary>
public sealed class FileAuditDigest(string path) : IAuditDigest
{
    /// <summary>The file name in the data folder when no path is configured.</summary>
    public const string DefaultFileName = "audit-digest-key";

    private readonly Lazy<byte[]> _key = new(() => Load(path));

    /// <inheritdoc />
    public string Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(text)));
    }

    private static byte[] Load(string path)
    {
        SecretFile.CreateOnce(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        try
        {
            var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return key.Length >= 32 ? key : throw new InvalidDataException($"{path}: the digest key must hold at least 32 bytes");
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{path}: not a base64 digest key", e);
        }
    }
}

/// <summary>Writes a secret file once: readable by its owner only, and atomically, so that of two racing processes one key wins.</summary>
internal static class SecretFile
{
    public static void CreateOnce(string path, Func<string> content)
    {
        if (File.Exists(path))
        {
            return;
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content());
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        try
        {
            // Without overwrite the move is atomic and the first of two racing processes wins; the other uses its key.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }
    }
}
