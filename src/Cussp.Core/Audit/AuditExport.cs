using System.Text.Json;
using NodaTime.Text;

namespace Cussp.Audit;

/// <summary>What an export contains.</summary>
/// <param name="Entries">Entries written.</param>
/// <param name="Checkpoints">Checkpoints written.</param>
/// <param name="TreeSize">Size of the latest checkpoint, which every inclusion and consistency proof leads to.</param>
public sealed record AuditExportSummary(long Entries, long Checkpoints, long TreeSize);

/// <summary>The log does not verify: it cannot be exported, and the server does not extend it over a checkpoint that fails.</summary>
public sealed class AuditLogDamagedException : Exception
{
    /// <summary>The log does not verify because of <paramref name="fault"/>.</summary>
    public AuditLogDamagedException(AuditFault fault) : this(fault, "the audit log does not verify")
    {
    }

    /// <summary>What was refused (<paramref name="what"/>), because of <paramref name="fault"/>.</summary>
    public AuditLogDamagedException(AuditFault fault, string what) : base($"{what}: {fault}")
    {
        Fault = fault;
    }

    /// <summary>The first fault found.</summary>
    public AuditFault Fault { get; }
}

/// <summary>
/// Writes the part of the log since a date as one JSON document (docs/audit-export.md): the entries, the checkpoints from the one
/// before the date to the latest, an RFC 6962 inclusion proof of every entry in the latest checkpoint, and a consistency proof from
/// every exported checkpoint to the latest; checkable with the public key alone. Holds the tree's hashes in memory (64 bytes an entry).
/// </summary>
public static class AuditExport
{
    /// <summary>The value of the document's <c>format</c> member.</summary>
    public const string Format = "cussp-audit-export/2";

    /// <summary>Verifies the log, then writes everything after the last checkpoint signed before <paramref name="since"/>.</summary>
    /// <exception cref="AuditLogDamagedException">The log does not verify.</exception>
    public static async Task<AuditExportSummary> WriteAsync(CusspDbContext db, AuditPublicKey key, Instant since, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(output);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var verification = await AuditVerifier.VerifyAsync(db.Database.GetDbConnection(), key, null, null, ct);
            if (verification.Fault is { } fault)
            {
                throw new AuditLogDamagedException(fault);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var checkpoints = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.TreeSize).ToListAsync(ct);
        var latest = checkpoints.Count == 0 ? 0 : checkpoints[^1].TreeSize;
        var anchorIndex = checkpoints.FindLastIndex(c => c.At < since);
        var anchor = anchorIndex < 0 ? 0 : checkpoints[anchorIndex].TreeSize;

        var tree = new MerkleTree(latest);
        var writer = new EntryWriter();
        var entries = new List<AuditEntryRecord>();
        await foreach (var e in db.AuditEntries.AsNoTracking().Where(e => e.Seq <= latest).OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(ct))
        {
            writer.Write(e);
            tree.AddLeaf(writer);
            if (e.Seq > anchor)
            {
                entries.Add(e);
            }
        }
        tree.Build();
        foreach (var c in checkpoints)
        {
            if (!tree.Root(c.TreeSize).AsSpan().SequenceEqual(c.RootHash))
            {
                throw new AuditLogDamagedException(new AuditFault(null, c.TreeSize, "changed while it was being exported"));
            }
        }

        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteString("since", InstantPattern.ExtendedIso.Format(since));
        json.WriteString("keyId", Convert.ToHexStringLower(key.KeyId));
        json.WriteString("publicKey", key.Pem);
        json.WriteNumber("treeSize", latest);
        json.WriteStartArray("checkpoints");
        var written = 0;
        for (var i = Math.Max(anchorIndex, 0); i < checkpoints.Count; i++)
        {
            var c = checkpoints[i];
            json.WriteStartObject();
            json.WriteNumber("treeSize", c.TreeSize);
            json.WriteNumber("previousTreeSize", i == 0 ? 0 : checkpoints[i - 1].TreeSize);
            json.WriteBase64String("rootHash", c.RootHash);
            json.WriteNumber("at", AuditFormat.ToMicros(c.At));
            json.WriteString("time", InstantPattern.ExtendedIso.Format(c.At));
            json.WriteString("keyId", Convert.ToHexStringLower(c.KeyId));
            json.WriteBase64String("signature", c.Signature);
            json.WriteNumber("format", c.Format);
            if (c.PreviousHash is { } previousHash)
            {
                json.WriteBase64String("previousHash", previousHash);
            }
            json.WriteEndObject();
            written++;
        }
        json.WriteEndArray();
        json.WriteStartArray("entries");
        foreach (var e in entries)
        {
            json.WriteStartObject();
            json.WriteNumber("seq", e.Seq);
            json.WriteNumber("at", AuditFormat.ToMicros(e.At));
            json.WriteString("time", InstantPattern.ExtendedIso.Format(e.At));
            json.WriteString("actor", e.Actor);
            json.WriteString("actorName", e.ActorName);
            json.WriteString("action", e.Action);
            json.WriteString("recordType", e.RecordType);
            json.WriteString("recordId", e.RecordId);
            json.WriteString("marking", e.Marking);
            json.WriteString("before", e.Before);
            json.WriteString("after", e.After);
            WriteHashes(json, "inclusionProof", tree.InclusionProof(e.Seq - 1, latest));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("consistencyProofs");
        for (var i = Math.Max(anchorIndex, 0); i < checkpoints.Count - 1; i++)
        {
            json.WriteStartObject();
            json.WriteNumber("from", checkpoints[i].TreeSize);
            json.WriteNumber("to", latest);
            WriteHashes(json, "proof", tree.ConsistencyProof(checkpoints[i].TreeSize, latest));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(ct);
        return new AuditExportSummary(entries.Count, written, latest);
    }

    private static void WriteHashes(Utf8JsonWriter json, string name, List<byte[]> hashes)
    {
        json.WriteStartArray(name);
        foreach (var h in hashes)
        {
            json.WriteBase64StringValue(h);
        }
        json.WriteEndArray();
    }
}

/// <summary>A whole RFC 6962 tree held level by level, for proofs (RFC 6962 §2.1.1 and §2.1.2).</summary>
internal sealed class MerkleTree(long capacity)
{
    private readonly List<byte[]> _levels = [new byte[checked((int)capacity * AuditFormat.HashSize)]];
    private long _leaves;

    public void AddLeaf(EntryWriter writer)
    {
        writer.LeafHash(_levels[0].AsSpan(checked((int)_leaves * AuditFormat.HashSize), AuditFormat.HashSize));
        _leaves++;
    }

    public void Build()
    {
        if (_leaves != capacity)
        {
            throw new InvalidOperationException($"expected {capacity} entries, read {_leaves}");
        }
        for (var count = _leaves; count > 1; count /= 2)
        {
            var below = _levels[^1];
            var level = new byte[(count / 2) * AuditFormat.HashSize];
            for (var i = 0; i < count / 2; i++)
            {
                AuditFormat.NodeHash(below.AsSpan(2 * i * AuditFormat.HashSize, AuditFormat.HashSize),
                    below.AsSpan(((2 * i) + 1) * AuditFormat.HashSize, AuditFormat.HashSize), level.AsSpan(i * AuditFormat.HashSize, AuditFormat.HashSize));
            }
            _levels.Add(level);
        }
    }

    public byte[] Root(long size) => size == 0 ? System.Security.Cryptography.SHA256.HashData([]) : Hash(0, size);

    /// <summary>MTH of leaves [lo, hi).</summary>
    private byte[] Hash(long lo, long hi)
    {
        var n = hi - lo;
        if (long.IsPow2(n) && lo % n == 0)
        {
            var level = System.Numerics.BitOperations.Log2((ulong)n);
            return _levels[level].AsSpan(checked((int)(lo / n) * AuditFormat.HashSize), AuditFormat.HashSize).ToArray();
        }
        var k = SplitPoint(n);
        var result = new byte[AuditFormat.HashSize];
        AuditFormat.NodeHash(Hash(lo, lo + k), Hash(lo + k, hi), result);
        return result;
    }

    /// <summary>PATH(m, D[0:n]): the audit path of leaf <paramref name="m"/>, leaf side first.</summary>
    public List<byte[]> InclusionProof(long m, long n)
    {
        var proof = new List<byte[]>();
        Path(m, 0, n, proof);
        return proof;
    }

    private void Path(long m, long lo, long hi, List<byte[]> proof)
    {
        var n = hi - lo;
        if (n <= 1)
        {
            return;
        }
        var k = SplitPoint(n);
        if (m < k)
        {
            Path(m, lo, lo + k, proof);
            proof.Add(Hash(lo + k, hi));
        }
        else
        {
            Path(m - k, lo + k, hi, proof);
            proof.Add(Hash(lo, lo + k));
        }
    }

    /// <summary>PROOF(m, D[0:n]): that the tree of size <paramref name="m"/> is a prefix of the tree of size <paramref name="n"/>.</summary>
    public List<byte[]> ConsistencyProof(long m, long n)
    {
        var proof = new List<byte[]>();
        if (m > 0 && m < n)
        {
            SubProof(m, 0, n, complete: true, proof);
        }
        return proof;
    }

    private void SubProof(long m, long lo, long hi, bool complete, List<byte[]> proof)
    {
        var n = hi - lo;
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(Hash(lo, hi));
            }
            return;
        }
        var k = SplitPoint(n);
        if (m <= k)
        {
            SubProof(m, lo, lo + k, complete, proof);
            proof.Add(Hash(lo + k, hi));
        }
        else
        {
            SubProof(m - k, lo + k, hi, complete: false, proof);
            proof.Add(Hash(lo, lo + k));
        }
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/>.</summary>
    private static long SplitPoint(long n) => 1L << System.Numerics.BitOperations.Log2((ulong)(n - 1));
}
