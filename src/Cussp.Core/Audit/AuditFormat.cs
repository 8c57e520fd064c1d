using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Cussp.Audit;

/// <summary>
/// The bytes that are hashed and signed, documented in docs/audit-export.md: an outside verifier rebuilds them from the
/// export alone, so nothing here may change without a new version number.
/// </summary>
public static class AuditFormat
{
    /// <summary>Version byte that opens every entry.</summary>
    public const byte EntryVersion = 1;
    /// <summary>SHA-256 output size.</summary>
    public const int HashSize = 32;
    /// <summary>
    /// Checkpoint format 2: the body names the tree, the previous checkpoint's size and the hash of the previous checkpoint as
    /// stored, so one verified signature vouches for every checkpoint before it.
    /// </summary>
    public const short CheckpointChained = 2;
    /// <summary>First line of a format 2 checkpoint body.</summary>
    public const string CheckpointOriginChained = "cussp-audit-checkpoint/v2";
    /// <summary>Length marker of an absent (null) field.</summary>
    public const uint NullField = uint.MaxValue;
    /// <summary>Room a checkpoint body needs at most (format 2, every number at its longest).</summary>
    public const int MaxCheckpointBody = 192;

    private static readonly byte[] EmptyLogHash = SHA256.HashData([]);

    /// <summary>What the first chained checkpoint of a log names as the hash of the checkpoint before it: SHA-256 of nothing.</summary>
    public static ReadOnlySpan<byte> NoPreviousCheckpoint => EmptyLogHash;

    /// <summary>Microseconds since the Unix epoch: the precision both databases keep.</summary>
    public static long ToMicros(Instant instant) => instant.ToUnixTimeTicks() / 10;

    /// <summary>The instant of a microsecond count.</summary>
    public static Instant FromMicros(long micros) => Instant.FromUnixTimeTicks(micros * 10);

    // One reused hash object per thread: SHA256.HashData sets up a new native context on every call, which costs more than
    // hashing the 65 bytes of a node; verification hashes twice per entry.
    [ThreadStatic]
    private static IncrementalHash? _threadSha256;

    /// <summary>SHA-256 of <paramref name="data"/> into <paramref name="destination"/>.</summary>
    internal static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (NativeSha256.Available)
        {
            NativeSha256.Hash(data, destination);
            return;
        }
        var sha = _threadSha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(data);
        sha.GetHashAndReset(destination);
    }

    /// <summary>H(0x01 ‖ left ‖ right).</summary>
    public static void NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        Sha256(buffer, destination);
    }

    /// <summary>H(0x00 ‖ entry) of an entry's canonical bytes.</summary>
    public static byte[] LeafHash(AuditEntryRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var writer = new EntryWriter();
        writer.Write(entry);
        var hash = new byte[HashSize];
        writer.LeafHash(hash);
        return hash;
    }

    /// <summary>The canonical bytes of an entry.</summary>
    public static byte[] EntryBytes(AuditEntryRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var writer = new EntryWriter();
        writer.Write(entry);
        return writer.Entry.ToArray();
    }

    /// <summary>
    /// Writes the signed text of a checkpoint into <paramref name="destination"/> and returns its length. It names the previous
    /// checkpoint's size so that removing a checkpoint from the middle of the log breaks the signature of the next one, and the
    /// previous checkpoint's hash (<paramref name="previousHash"/>), which chains every checkpoint to all those before it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An unknown format.</exception>
    /// <exception cref="ArgumentException">A body without a 32-byte previous hash.</exception>
    public static int CheckpointBody(short format, long treeSize, ReadOnlySpan<byte> root, long atMicros, long previousTreeSize,
        ReadOnlySpan<byte> previousHash, Span<byte> destination)
    {
        if (format != CheckpointChained)
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "the checkpoint format is 2");
        }
        if (previousHash.Length != HashSize)
        {
            throw new ArgumentException("a chained checkpoint names the 32-byte hash of the one before it", nameof(previousHash));
        }
        var n = Encoding.ASCII.GetBytes(CheckpointOriginChained, destination);
        destination[n++] = (byte)'\n';
        treeSize.TryFormat(destination[n..], out var w, default, System.Globalization.CultureInfo.InvariantCulture);
        n += w;
        destination[n++] = (byte)'\n';
        Base64.EncodeToUtf8(root, destination[n..], out _, out w);
        n += w;
        destination[n++] = (byte)'\n';
        atMicros.TryFormat(destination[n..], out w, default, System.Globalization.CultureInfo.InvariantCulture);
        n += w;
        destination[n++] = (byte)'\n';
        previousTreeSize.TryFormat(destination[n..], out w, default, System.Globalization.CultureInfo.InvariantCulture);
        n += w;
        destination[n++] = (byte)'\n';
        Base64.EncodeToUtf8(previousHash, destination[n..], out _, out w);
        n += w;
        destination[n++] = (byte)'\n';
        return n;
    }

    /// <summary>The signed text of a stored checkpoint that follows the checkpoint of size <paramref name="previousTreeSize"/> (0 for the first).</summary>
    public static byte[] CheckpointBody(AuditCheckpointRecord checkpoint, long previousTreeSize)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        Span<byte> body = stackalloc byte[MaxCheckpointBody];
        return body[..CheckpointBody(checkpoint.Format, checkpoint.TreeSize, checkpoint.RootHash, ToMicros(checkpoint.At), previousTreeSize,
            checkpoint.PreviousHash, body)].ToArray();
    }

    /// <summary>
    /// The hash a chained checkpoint names of the one before it: SHA-256(body ‖ signature), the checkpoint exactly as stored, so
    /// that a changed signature breaks the chain as surely as a changed body.
    /// </summary>
    public static void CheckpointHash(ReadOnlySpan<byte> body, ReadOnlySpan<byte> signature, Span<byte> destination)
    {
        var length = body.Length + signature.Length;
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        body.CopyTo(buffer);
        signature.CopyTo(buffer[body.Length..]);
        Sha256(buffer, destination);
    }

    /// <summary>The hash of a stored checkpoint that follows the checkpoint of size <paramref name="previousTreeSize"/> (0 for the first).</summary>
    public static byte[] CheckpointHash(AuditCheckpointRecord checkpoint, long previousTreeSize)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var hash = new byte[HashSize];
        CheckpointHash(CheckpointBody(checkpoint, previousTreeSize), checkpoint.Signature, hash);
        return hash;
    }
}

/// <summary>
/// Builds an entry's canonical bytes in one reused buffer, prefixed by the leaf marker 0x00 so the leaf hash is one call:
/// version byte, sequence (u64 BE), time (i64 BE, µs), then eight fields each as a u32 BE length (0xFFFFFFFF for null) and UTF-8.
/// <see cref="Next"/> writes an entry after those already in the buffer, so a batch of entries can travel as one buffer.
/// </summary>
internal sealed class EntryWriter
{
    private const int HeaderSize = 18;

    private byte[] _buffer = new byte[1024];
    private int _start;
    private int _length;

    /// <summary>The entry being written, without the leaf marker.</summary>
    public ReadOnlySpan<byte> Entry => _buffer.AsSpan(_start + 1, _length - _start - 1);

    /// <summary>Every entry written since the buffer was last emptied, each with its leaf marker.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Empties the buffer and starts an entry.</summary>
    public void Begin(long seq, long atMicros)
    {
        _length = 0;
        Next(seq, atMicros);
    }

    /// <summary>Starts an entry after those already written.</summary>
    public void Next(long seq, long atMicros)
    {
        Reserve(HeaderSize);
        _start = _length;
        var header = _buffer.AsSpan(_start, HeaderSize);
        header[0] = 0;
        header[1] = AuditFormat.EntryVersion;
        BinaryPrimitives.WriteInt64BigEndian(header[2..], seq);
        BinaryPrimitives.WriteInt64BigEndian(header[10..], atMicros);
        _length += HeaderSize;
    }

    /// <summary>Empties the buffer.</summary>
    public void Clear()
    {
        _start = 0;
        _length = 0;
    }

    public void Field(ReadOnlySpan<byte> utf8)
    {
        Reserve(4 + utf8.Length);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), (uint)utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_length + 4));
        _length += 4 + utf8.Length;
    }

    public void Null()
    {
        Reserve(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), AuditFormat.NullField);
        _length += 4;
    }

    public void Field(string? text)
    {
        if (text is null)
        {
            Null();
            return;
        }
        Reserve(4 + Encoding.UTF8.GetMaxByteCount(text.Length));
        var n = Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), (uint)n);
        _length += 4 + n;
    }

    public void Write(AuditEntryRecord e)
    {
        Begin(e.Seq, AuditFormat.ToMicros(e.At));
        Field(e.Actor);
        Field(e.ActorName);
        Field(e.Action);
        Field(e.RecordType);
        Field(e.RecordId);
        Field(e.Marking);
        Field(e.Before);
        Field(e.After);
    }

    public void LeafHash(Span<byte> destination) => AuditFormat.Sha256(_buffer.AsSpan(_start, _length - _start), destination);

    private void Reserve(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}

/// <summary>
/// The right edge of an RFC 6962 tree (one perfect subtree root per set bit of the size): appends a leaf in amortised one hash and
/// gives the root in O(log n), so the whole log can be checked in one pass with constant memory.
/// </summary>
internal sealed class MerkleFrontier
{
    private readonly byte[] _levels = new byte[64 * AuditFormat.HashSize];

    public long Size { get; private set; }

    public void Append(ReadOnlySpan<byte> leaf)
    {
        Span<byte> carry = stackalloc byte[AuditFormat.HashSize];
        leaf.CopyTo(carry);
        var level = 0;
        for (var n = Size; (n & 1) == 1; n >>= 1, level++)
        {
            AuditFormat.NodeHash(_levels.AsSpan(level * AuditFormat.HashSize, AuditFormat.HashSize), carry, carry);
        }
        carry.CopyTo(_levels.AsSpan(level * AuditFormat.HashSize));
        Size++;
    }

    public void Root(Span<byte> destination)
    {
        if (Size == 0)
        {
            SHA256.HashData([], destination);
            return;
        }
        var started = false;
        for (var level = 0; level < 64; level++)
        {
            if (((Size >> level) & 1) == 0)
            {
                continue;
            }
            var node = _levels.AsSpan(level * AuditFormat.HashSize, AuditFormat.HashSize);
            if (started)
            {
                AuditFormat.NodeHash(node, destination, destination);
            }
            else
            {
                node.CopyTo(destination);
                started = true;
            }
        }
    }

    /// <summary>The stored form: the subtree roots of the set bits, smallest first.</summary>
    public byte[] Save()
    {
        var bits = System.Numerics.BitOperations.PopCount((ulong)Size);
        var result = new byte[bits * AuditFormat.HashSize];
        var i = 0;
        for (var level = 0; level < 64; level++)
        {
            if (((Size >> level) & 1) == 1)
            {
                _levels.AsSpan(level * AuditFormat.HashSize, AuditFormat.HashSize).CopyTo(result.AsSpan(i++ * AuditFormat.HashSize));
            }
        }
        return result;
    }

    public static MerkleFrontier Load(long size, byte[] stored)
    {
        var bits = System.Numerics.BitOperations.PopCount((ulong)size);
        if (size < 0 || stored.Length != bits * AuditFormat.HashSize)
        {
            throw new InvalidDataException($"The audit log's append state is damaged: size {size} with {stored.Length} bytes of frontier.");
        }
        var f = new MerkleFrontier { Size = size };
        var i = 0;
        for (var level = 0; level < 64; level++)
        {
            if (((size >> level) & 1) == 1)
            {
                stored.AsSpan(i++ * AuditFormat.HashSize, AuditFormat.HashSize).CopyTo(f._levels.AsSpan(level * AuditFormat.HashSize));
            }
        }
        return f;
    }

    public bool Matches(long size, ReadOnlySpan<byte> stored) => size == Size && stored.SequenceEqual(Save());
}
