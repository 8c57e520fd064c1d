using System.Data.Common;

namespace Cussp.Audit;

/// <summary>What sealing a batch adds to the log.</summary>
/// <param name="Entries">The entries, numbered.</param>
/// <param name="Checkpoint">The signed checkpoint that seals them.</param>
/// <param name="TreeSize">The log's size after the batch.</param>
/// <param name="Frontier">The log's right edge after the batch (the append state).</param>
/// <param name="CheckpointHash">The checkpoint's hash, which the next checkpoint chains.</param>
internal sealed record SealedBatch(IReadOnlyList<AuditEntryRecord> Entries, AuditCheckpointRecord Checkpoint, long TreeSize, byte[] Frontier,
    byte[] CheckpointHash);

/// <summary>The newest checkpoints as stored: the latest, and the tree size of the one before it (0 when there is none).</summary>
/// <param name="Latest">The latest checkpoint, or null in an empty log.</param>
/// <param name="PreviousTreeSize">The size of the checkpoint before the latest, which the latest's body names.</param>
internal sealed record LogTip(AuditCheckpointRecord? Latest, long PreviousTreeSize);

/// <summary>Numbers, hashes and signs a batch onto the end of the log.</summary>
internal static class AuditSealing
{
    /// <summary>
    /// Checks the latest stored checkpoint before the log is extended over it and returns its hash, which the next checkpoint
    /// chains. Chaining an altered checkpoint would have the server vouch for it, so its signature is verified (one ECDSA
    /// verification) and the append state must be the tree it signed.
    /// </summary>
    /// <exception cref="AuditLogDamagedException">The latest checkpoint does not verify or does not match the append state.</exception>
    public static byte[] CheckTip(long treeSize, byte[] frontier, LogTip tip, AuditPublicKey key)
    {
        if (tip.Latest is not { } latest)
        {
            return treeSize == 0
                ? AuditFormat.NoPreviousCheckpoint.ToArray()
                : throw Refused(new AuditFault(1, null, $"the append state (audit_head) holds {treeSize} entries, but no checkpoint seals them"));
        }
        var size = latest.TreeSize;
        if (CheckpointRules.Problem(latest.KeyId, key.KeyId, latest.Format, latest.RootHash.Length, latest.Signature.Length, latest.PreviousHash) is { } problem)
        {
            throw Refused(new AuditFault(null, size, problem));
        }
        var body = AuditFormat.CheckpointBody(latest, tip.PreviousTreeSize);
        if (!key.Verify(body, latest.Signature))
        {
            throw Refused(new AuditFault(null, size, CheckpointRules.BadSignature));
        }
        Span<byte> root = stackalloc byte[AuditFormat.HashSize];
        MerkleFrontier.Load(treeSize, frontier).Root(root);
        if (size != treeSize || !root.SequenceEqual(latest.RootHash))
        {
            throw Refused(new AuditFault(null, size,
                $"the append state (audit_head, {treeSize} entries) is not the tree this latest checkpoint signed ({size} entries)"));
        }
        var hash = new byte[AuditFormat.HashSize];
        AuditFormat.CheckpointHash(body, latest.Signature, hash);
        return hash;
    }

    /// <summary>The latest checkpoint as stored, and the size of the one before it, read in <paramref name="transaction"/>.</summary>
    public static async Task<LogTip> ReadTipAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT "TreeSize", "RootHash", "At", "KeyId", "Signature", "Format", "PreviousHash" FROM audit_checkpoints
            ORDER BY "TreeSize" DESC LIMIT 2
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return new LogTip(null, 0);
        }
        var latest = new AuditCheckpointRecord
        {
            TreeSize = reader.GetInt64(0),
            RootHash = (byte[])reader.GetValue(1),
            At = AuditFormat.FromMicros(reader.GetInt64(2)),
            KeyId = (byte[])reader.GetValue(3),
            Signature = (byte[])reader.GetValue(4),
            // An altered format is reported as such rather than overflowing here.
            Format = (short)Math.Clamp(Convert.ToInt64(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture), short.MinValue, short.MaxValue),
            PreviousHash = reader.IsDBNull(6) ? null : (byte[])reader.GetValue(6),
        };
        return new LogTip(latest, await reader.ReadAsync(ct) ? reader.GetInt64(0) : 0);
    }

    /// <summary>Seals <paramref name="pending"/> after a log of <paramref name="treeSize"/> entries whose latest checkpoint hashes to <paramref name="previousHash"/>.</summary>
    public static SealedBatch Seal(long treeSize, byte[] frontier, byte[] previousHash, IReadOnlyList<AuditEntryRecord> pending, Instant now,
        IAuditSigningKey key)
    {
        var tree = MerkleFrontier.Load(treeSize, frontier);
        var at = AuditFormat.FromMicros(AuditFormat.ToMicros(now));
        var writer = new EntryWriter();
        Span<byte> leaf = stackalloc byte[AuditFormat.HashSize];
        var entries = new List<AuditEntryRecord>(pending.Count);
        foreach (var p in pending)
        {
            var e = p.Numbered(tree.Size + 1, at);
            writer.Write(e);
            writer.LeafHash(leaf);
            tree.Append(leaf);
            entries.Add(e);
        }
        var root = new byte[AuditFormat.HashSize];
        tree.Root(root);
        Span<byte> body = stackalloc byte[AuditFormat.MaxCheckpointBody];
        var n = AuditFormat.CheckpointBody(AuditFormat.CheckpointChained, tree.Size, root, AuditFormat.ToMicros(at), treeSize, previousHash, body);
        var checkpoint = new AuditCheckpointRecord
        {
            TreeSize = tree.Size,
            RootHash = root,
            At = at,
            KeyId = key.PublicKey.KeyId,
            Signature = key.Sign(body[..n]),
            Format = AuditFormat.CheckpointChained,
            PreviousHash = previousHash,
        };
        var hash = new byte[AuditFormat.HashSize];
        AuditFormat.CheckpointHash(body[..n], checkpoint.Signature, hash);
        return new SealedBatch(entries, checkpoint, tree.Size, tree.Save(), hash);
    }

    private static AuditLogDamagedException Refused(AuditFault fault) => new(fault, "nothing was written, because the audit log does not verify");
}
