namespace Cussp.Audit;

/// <summary>The verification state machine, fed entries and checkpoints in log order by a <see cref="LogFeed"/>.</summary>
internal sealed class LogChecker(AuditPublicKey key, AuditAnchor? anchor = null)
{
    private readonly MerkleFrontier _tree = new();
    private readonly byte[] _keyId = key.KeyId;
    private readonly byte[] _leaf = new byte[AuditFormat.HashSize];
    private readonly byte[] _root = new byte[AuditFormat.HashSize];
    private readonly byte[] _body = new byte[AuditFormat.MaxCheckpointBody];
    // The checkpoint accepted last, as stored: the next checkpoint must name its hash, and when that link is broken its own
    // signature tells whether it or the link changed.
    private readonly byte[] _previousBody = new byte[AuditFormat.MaxCheckpointBody];
    private readonly byte[] _previousSignature = new byte[CheckpointRules.MaxSignature];
    private readonly byte[] _previousHash = AuditFormat.NoPreviousCheckpoint.ToArray();
    private int _previousBodyLength;
    private int _previousSignatureLength;
    private long _lastCheckpoint;
    private long _checkpoints;
    private AuditFault? _fault;
    private long _faultPosition = long.MaxValue;
    private bool _complete;

    /// <summary>Takes entry <paramref name="seq"/> as its canonical bytes with the leaf marker, as <see cref="EntryWriter"/> writes them.</summary>
    public bool Entry(long seq, ReadOnlySpan<byte> leafInput)
    {
        var expected = _tree.Size + 1;
        if (seq != expected)
        {
            return Fail(2 * expected, new AuditFault(expected, null, seq > expected
                ? $"missing: the log goes from entry {expected - 1} to entry {seq}"
                : $"out of order: entry {seq} follows entry {expected - 1}"));
        }
        AuditFormat.Sha256(leafInput, _leaf);
        _tree.Append(_leaf);
        if (anchor is not null && _tree.Size == anchor.TreeSize)
        {
            _tree.Root(_root);
            if (!_root.AsSpan().SequenceEqual(anchor.RootHash))
            {
                return Fail((2 * seq) + 1, new AuditFault(null, seq,
                    "the log up to here differs from the checkpoint held outside the database: it was rewritten"));
            }
        }
        return true;
    }

    /// <summary>Takes the next checkpoint as stored; <paramref name="previousHash"/> is null when the column is.</summary>
    public bool Checkpoint(long treeSize, ReadOnlySpan<byte> root, long atMicros, ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> signature,
        long format, byte[]? previousHash)
    {
        var first = _lastCheckpoint + 1;
        if (treeSize <= _lastCheckpoint)
        {
            return Fail((2 * Math.Max(treeSize, 0)) + 1, new AuditFault(null, treeSize, $"out of place: checkpoints must grow, and it follows checkpoint {_lastCheckpoint}"));
        }
        if (treeSize > _tree.Size)
        {
            return Fail(2 * (_tree.Size + 1), new AuditFault(_tree.Size + 1, null,
                $"missing: checkpoint {treeSize} seals entries up to {treeSize}, but the log ends at entry {_tree.Size}"));
        }
        if (CheckpointRules.Problem(keyId, _keyId, format, root.Length, signature.Length, previousHash) is { } problem)
        {
            return Fail((2 * treeSize) + 1, new AuditFault(null, treeSize, problem));
        }
        if (!previousHash.AsSpan().SequenceEqual(_previousHash))
        {
            return BrokenLink(treeSize);
        }
        var n = AuditFormat.CheckpointBody((short)format, treeSize, root, atMicros, _lastCheckpoint, previousHash, _body);
        var body = _body.AsSpan(0, n);
        _tree.Root(_root);
        if (!root.SequenceEqual(_root))
        {
            var signedOk = key.Verify(body, signature);
            return Fail((2 * treeSize) + 1, signedOk
                ? new AuditFault(first, null, first == treeSize
                    ? $"does not hash to the root signed in checkpoint {treeSize}: it was edited, replaced or moved"
                    : $"entries {first}–{treeSize} do not hash to the root signed in checkpoint {treeSize}: one of them was edited, inserted, deleted or moved")
                : new AuditFault(null, treeSize, "its root and signature do not match: the checkpoint was forged or altered"));
        }
        // A checkpoint whose link held vouches for the one before it, provided it is vouched for in turn.
        body.CopyTo(_previousBody);
        _previousBodyLength = n;
        signature.CopyTo(_previousSignature);
        _previousSignatureLength = signature.Length;
        AuditFormat.CheckpointHash(body, signature, _previousHash);
        _lastCheckpoint = treeSize;
        _checkpoints++;
        return true;
    }

    public void Head(long? treeSize, ReadOnlySpan<byte> frontier)
    {
        if (treeSize is null)
        {
            Fail(long.MaxValue - 1, new AuditFault(null, _lastCheckpoint, "the append state (audit_head) is missing"));
        }
        else if (!_tree.Matches(treeSize.Value, frontier))
        {
            Fail(long.MaxValue - 1, new AuditFault(null, _lastCheckpoint,
                $"the append state (audit_head, {treeSize} entries) does not match the log ({_tree.Size} entries)"));
        }
        _complete = true;
    }

    public AuditVerification Finish()
    {
        if (_complete && anchor is not null && _tree.Size < anchor.TreeSize)
        {
            Fail(2 * (_tree.Size + 1), new AuditFault(_tree.Size + 1, null,
                $"missing: the log ends at entry {_tree.Size}, but a checkpoint held outside the database covers {anchor.TreeSize} entries: it was cut back"));
        }
        if (_complete && _tree.Size > _lastCheckpoint)
        {
            Fail(2 * (_lastCheckpoint + 1), new AuditFault(_lastCheckpoint + 1, null,
                $"entries {_lastCheckpoint + 1}–{_tree.Size} are not sealed by any checkpoint: a checkpoint was deleted or entries were added"));
        }
        if (_checkpoints > 0
            && !key.Verify(_previousBody.AsSpan(0, _previousBodyLength), _previousSignature.AsSpan(0, _previousSignatureLength)))
        {
            // The one signature of the log: through the hashes each checkpoint names, it vouches for all of them.
            Fail((2 * _lastCheckpoint) + 1, new AuditFault(null, _lastCheckpoint, CheckpointRules.BadSignature));
        }
        return new AuditVerification(_tree.Size, _checkpoints, _fault);
    }

    // The link from a checkpoint to the one before it is broken: either this one's record of it changed, or the earlier one did.
    // The earlier one is then still waiting to be vouched for, by its own signature (checked in Finish); if that fails, it is named
    // instead, being earlier in the log.
    private bool BrokenLink(long treeSize) =>
        Fail((2 * treeSize) + 1, new AuditFault(null, treeSize, _lastCheckpoint == 0
            ? "it is the first checkpoint, but it does not name the hash of an empty log: it was altered, or the checkpoints before it were removed"
            : $"it does not name the hash of checkpoint {_lastCheckpoint}, the one before it: it was altered, or a checkpoint between them was removed"));

    private bool Fail(long position, AuditFault fault)
    {
        if (position < _faultPosition)
        {
            _faultPosition = position;
            _fault = fault;
        }
        return false;
    }
}
