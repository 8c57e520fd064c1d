using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Cussp.Tests;

/// <summary>
/// Checks an audit export the way an outside auditor would, from docs/audit-export.md and RFC 9162 §2.1.3.2 / §2.1.4.2, with
/// nothing but the document and a public key they trust. Deliberately shares no code with Cussp.Audit.
/// </summary>
internal static class IndependentExportVerifier
{
    public static List<string> Check(string json, string trustedPublicKeyPem)
    {
        var problems = new List<string>();
        using var key = ECDsa.Create();
        key.ImportFromPem(trustedPublicKeyPem);
        var keyId = Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.GetProperty("format").GetString() != "cussp-audit-export/2")
        {
            problems.Add("unknown format");
            return problems;
        }
        var treeSize = root.GetProperty("treeSize").GetInt64();
        var checkpoints = root.GetProperty("checkpoints").EnumerateArray().ToList();
        if (checkpoints.Count == 0 || checkpoints[^1].GetProperty("treeSize").GetInt64() != treeSize)
        {
            problems.Add("the latest checkpoint is not the document's tree size");
            return problems;
        }
        long? previous = null;
        byte[]? previousHash = null;
        foreach (var c in checkpoints)
        {
            var size = c.GetProperty("treeSize").GetInt64();
            var prev = c.GetProperty("previousTreeSize").GetInt64();
            if (previous is { } p && prev != p)
            {
                problems.Add($"checkpoint {size}: follows {prev}, but the export's previous checkpoint is {p}");
            }
            previous = size;
            var format = c.GetProperty("format").GetInt32();
            if (format != 2)
            {
                problems.Add($"checkpoint {size}: unknown checkpoint format {format}");
                previousHash = null;
                continue;
            }
            var named = c.GetProperty("previousHash").GetString()!;
            var text = $"cussp-audit-checkpoint/v2\n{size}\n{c.GetProperty("rootHash").GetString()}\n{c.GetProperty("at").GetInt64()}\n{prev}\n{named}\n";
            // The first checkpoint of a log names the hash of nothing; any other, the hash of the one before it.
            var expected = prev == 0 ? SHA256.HashData([]) : previousHash;
            if (expected is not null && Convert.ToBase64String(expected) != named)
            {
                problems.Add($"checkpoint {size}: does not chain the checkpoint before it");
            }
            var body = Encoding.ASCII.GetBytes(text);
            var signature = c.GetProperty("signature").GetBytesFromBase64();
            previousHash = SHA256.HashData([.. body, .. signature]);
            if (c.GetProperty("keyId").GetString() != keyId)
            {
                problems.Add($"checkpoint {size}: not signed by the trusted key");
                continue;
            }
            if (!key.VerifyData(body, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
            {
                problems.Add($"checkpoint {size}: bad signature");
            }
        }
        var latestRoot = checkpoints[^1].GetProperty("rootHash").GetBytesFromBase64();

        long? lastSeq = null;
        foreach (var e in root.GetProperty("entries").EnumerateArray())
        {
            var seq = e.GetProperty("seq").GetInt64();
            if (lastSeq is { } l && seq != l + 1)
            {
                problems.Add($"entry {seq}: follows entry {l}");
            }
            lastSeq = seq;
            var leaf = Hash([0], EntryBytes(e));
            var proof = e.GetProperty("inclusionProof").EnumerateArray().Select(h => h.GetBytesFromBase64()).ToList();
            if (!VerifyInclusion(seq - 1, treeSize, leaf, proof, latestRoot))
            {
                problems.Add($"entry {seq}: not included in the tree of size {treeSize}");
            }
        }
        if (lastSeq is { } last && last != treeSize)
        {
            problems.Add($"the entries end at {last}, not at {treeSize}");
        }

        var proofs = root.GetProperty("consistencyProofs").EnumerateArray().ToDictionary(p => p.GetProperty("from").GetInt64());
        foreach (var c in checkpoints.SkipLast(1))
        {
            var size = c.GetProperty("treeSize").GetInt64();
            if (!proofs.TryGetValue(size, out var p) || p.GetProperty("to").GetInt64() != treeSize)
            {
                problems.Add($"checkpoint {size}: no consistency proof to {treeSize}");
                continue;
            }
            var path = p.GetProperty("proof").EnumerateArray().Select(h => h.GetBytesFromBase64()).ToList();
            if (!VerifyConsistency(size, treeSize, c.GetProperty("rootHash").GetBytesFromBase64(), latestRoot, path))
            {
                problems.Add($"checkpoint {size}: not a prefix of the tree of size {treeSize}");
            }
        }
        return problems;
    }

    /// <summary>The entry encoding of docs/audit-export.md.</summary>
    private static byte[] EntryBytes(JsonElement e)
    {
        var bytes = new List<byte> { 1 };
        Span<byte> n = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(n, e.GetProperty("seq").GetInt64());
        bytes.AddRange(n.ToArray());
        BinaryPrimitives.WriteInt64BigEndian(n, e.GetProperty("at").GetInt64());
        bytes.AddRange(n.ToArray());
        foreach (var name in new[] { "actor", "actorName", "action", "recordType", "recordId", "marking", "before", "after" })
        {
            var value = e.GetProperty(name);
            if (value.ValueKind == JsonValueKind.Null)
            {
                bytes.AddRange([0xFF, 0xFF, 0xFF, 0xFF]);
                continue;
            }
            var text = Encoding.UTF8.GetBytes(value.GetString()!);
            BinaryPrimitives.WriteUInt32BigEndian(n, (uint)text.Length);
            bytes.AddRange(n[..4].ToArray());
            bytes.AddRange(text);
        }
        return [.. bytes];
    }

    private static byte[] Hash(params byte[][] parts) => SHA256.HashData(parts.SelectMany(p => p).ToArray());

    private static byte[] Node(byte[] left, byte[] right) => Hash([1], left, right);

    /// <summary>RFC 9162 §2.1.3.2.</summary>
    private static bool VerifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root)
    {
        if (leafIndex >= treeSize)
        {
            return false;
        }
        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash;
        foreach (var p in proof)
        {
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = Node(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = Node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.SequenceEqual(root);
    }

    /// <summary>RFC 9162 §2.1.4.2.</summary>
    private static bool VerifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> path)
    {
        if (first == second)
        {
            return path.Count == 0 && firstHash.SequenceEqual(secondHash);
        }
        if (first > second || path.Count == 0 && (first & (first - 1)) != 0)
        {
            return false;
        }
        if ((first & (first - 1)) == 0)
        {
            path = [firstHash, .. path];
        }
        var fn = first - 1;
        var sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = Node(c, fr);
                sr = Node(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = Node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return fr.SequenceEqual(firstHash) && sr.SequenceEqual(secondHash) && sn == 0;
    }
}
