using System.ComponentModel.DataAnnotations;

namespace Cussp.Audit;

/// <summary>One stored audit entry: who did what to which record, with the state before and after. Never updated or deleted.</summary>
public sealed class AuditEntryRecord
{
    /// <summary>Position in the log, from 1, without gaps; leaf index + 1 in the Merkle tree.</summary>
    public long Seq { get; set; }
    /// <summary>When the change was committed (microsecond precision, the same for every entry of a batch).</summary>
    public Instant At { get; set; }
    /// <summary>Who: <c>user:ID</c>, <c>system</c> or <c>cli:OSUSER</c>.</summary>
    [MaxLength(200)]
    public required string Actor { get; set; }
    /// <summary>The actor's display name at the time.</summary>
    [MaxLength(200)]
    public string? ActorName { get; set; }
    /// <summary>What was done, such as <c>agreement.import</c> or <c>read</c>.</summary>
    [MaxLength(64)]
    public required string Action { get; set; }
    /// <summary>The kind of record, such as <c>agreement</c>.</summary>
    [MaxLength(64)]
    public required string RecordType { get; set; }
    /// <summary>The record's id.</summary>
    [MaxLength(200)]
    public required string RecordId { get; set; }
    /// <summary>The classification of what was read, for reads of protected material.</summary>
    [MaxLength(64)]
    public string? Marking { get; set; }
    /// <summary>The record before the change, as JSON; null when it did not exist.</summary>
    public string? Before { get; set; }
    /// <summary>The record after the change, as JSON; null when it no longer exists.</summary>
    public string? After { get; set; }

    /// <summary>A copy of this entry as the log's entry <paramref name="seq"/>, committed at <paramref name="at"/>.</summary>
    internal AuditEntryRecord Numbered(long seq, Instant at)
    {
        var e = (AuditEntryRecord)MemberwiseClone();
        e.Seq = seq;
        e.At = at;
        return e;
    }
}

/// <summary>A signed statement of the log's size and Merkle root, written at the end of every committed batch.</summary>
public sealed class AuditCheckpointRecord
{
    /// <summary>How many entries the log had when this was signed.</summary>
    public long TreeSize { get; set; }
    /// <summary>RFC 6962 Merkle tree hash of those entries (32 bytes).</summary>
    public required byte[] RootHash { get; set; }
    /// <summary>When it was signed (microsecond precision).</summary>
    public Instant At { get; set; }
    /// <summary>SHA-256 of the signing key's SubjectPublicKeyInfo.</summary>
    public required byte[] KeyId { get; set; }
    /// <summary>ECDSA P-256 / SHA-256 signature of the checkpoint body, DER encoded.</summary>
    public required byte[] Signature { get; set; }
    /// <summary>How the body is built: <see cref="AuditFormat.CheckpointChained"/>, the one format this version writes and reads.</summary>
    public short Format { get; set; }
    /// <summary>
    /// The SHA-256 of the checkpoint before it as stored (its signed body, then its signature), or of nothing for the first. Part
    /// of the signed body, so it cannot be changed unseen.
    /// </summary>
    public byte[]? PreviousHash { get; set; }
}

/// <summary>The single row appenders lock and update: the tree's size and its right edge, so an append needs no scan.</summary>
public sealed class AuditHeadRecord
{
    /// <summary>Always 1.</summary>
    public int Id { get; set; }
    /// <summary>Entries in the log.</summary>
    public long TreeSize { get; set; }
    /// <summary>Roots of the perfect subtrees along the right edge, smallest first, 32 bytes each.</summary>
    public required byte[] Frontier { get; set; }
}
