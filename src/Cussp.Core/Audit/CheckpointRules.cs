namespace Cussp.Audit;

/// <summary>
/// What a stored checkpoint must be before anything is built on it: signed by the server key, in the current format, with a root
/// hash and a previous hash of a hash's size and a signature of at most <see cref="MaxSignature"/> bytes. The verifier holds every
/// checkpoint of the log to these rules, and the sealer the latest one before it chains over it.
/// </summary>
internal static class CheckpointRules
{
    /// <summary>The longest signature a checkpoint may carry (a DER ECDSA P-256 signature is at most 72 bytes).</summary>
    public const int MaxSignature = 128;

    /// <summary>What is said of a checkpoint whose signature does not verify.</summary>
    public const string BadSignature = "its signature does not verify with the server key: it was forged or altered";

    /// <summary>What is wrong with a stored checkpoint's key, format or field sizes; null when nothing is.</summary>
    public static string? Problem(ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> serverKeyId, long format, int rootLength, int signatureLength,
        byte[]? previousHash)
    {
        if (!keyId.SequenceEqual(serverKeyId))
        {
            return $"signed by another key ({Convert.ToHexStringLower(keyId)}), not by the server key ({Convert.ToHexStringLower(serverKeyId)})";
        }
        if (format != AuditFormat.CheckpointChained)
        {
            return $"unknown checkpoint format {format}";
        }
        return rootLength != AuditFormat.HashSize || signatureLength > MaxSignature || previousHash?.Length != AuditFormat.HashSize
            ? "malformed root hash, previous hash or signature"
            : null;
    }
}
