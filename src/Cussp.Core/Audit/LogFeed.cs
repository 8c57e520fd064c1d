using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Cussp.Audit;

/// <summary>
/// Hands what a reader takes from the database to a <see cref="LogChecker"/> on a thread of its own, in batches, so reading the
/// rows and hashing them run side by side: each is about half the work of a verification. The checker sees exactly the sequence
/// the reader fed, in order; once it finds a fault, the reader is told to stop and nothing after is checked.
/// </summary>
internal sealed class LogFeed : IDisposable
{
    /// <summary>
    /// Entries handed over at a time: enough that handing over costs nothing next to hashing them, few enough that the three
    /// batches in flight stay in cache.
    /// </summary>
    public const int BatchEntries = 1024;

    private const int BatchBytes = 512 * 1024;

    private readonly LogChecker _checker;
    private readonly int _batchEntries;
    private readonly BlockingCollection<LogBatch> _full = new(boundedCapacity: 2);
    private readonly BlockingCollection<LogBatch> _free = new();
    private readonly Task _worker;
    private LogBatch _current = new();
    private long _fed;
    private volatile bool _stopped;
    private Exception? _failure;

    public LogFeed(LogChecker checker, int batchEntries = BatchEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchEntries, 1);
        _checker = checker;
        _batchEntries = batchEntries;
        _free.Add(new LogBatch());
        _free.Add(new LogBatch());
        _worker = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Where the reader writes the next entry, starting it with <see cref="EntryWriter.Next"/>.</summary>
    public EntryWriter Writer => _current.Entries;

    /// <summary>Entries fed so far.</summary>
    public long Size => _fed;

    /// <summary>Ends the entry just written; false once the checker has found a fault, when reading may stop.</summary>
    public bool Entry(long seq, CancellationToken ct)
    {
        _fed++;
        if (_current.End(seq) >= _batchEntries || _current.Entries.Written.Length >= BatchBytes)
        {
            Hand(ct);
        }
        return !_stopped;
    }

    /// <summary>Takes the next checkpoint as stored; <paramref name="previousHash"/> is null when the column is.</summary>
    public bool Checkpoint(long treeSize, ReadOnlySpan<byte> root, long atMicros, ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> signature,
        long format, byte[]? previousHash)
    {
        _current.Checkpoint(treeSize, root, atMicros, keyId, signature, format, previousHash);
        return !_stopped;
    }

    /// <summary>Takes the append state, read after the whole log; <paramref name="treeSize"/> is null when there is none.</summary>
    public void Head(long? treeSize, ReadOnlySpan<byte> frontier) => _current.Head(treeSize, frontier);

    /// <summary>Waits for the checker to take everything fed, then gives its finding.</summary>
    public AuditVerification Finish()
    {
        Hand(CancellationToken.None);
        _full.CompleteAdding();
        _worker.Wait();
        if (_failure is not null)
        {
            ExceptionDispatchInfo.Throw(_failure);
        }
        return _checker.Finish();
    }

    public void Dispose()
    {
        if (!_full.IsAddingCompleted)
        {
            _full.CompleteAdding();
        }
        _worker.Wait();
        _full.Dispose();
        _free.Dispose();
    }

    private void Hand(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        _full.Add(_current, ct);
        _current = _free.Take(ct);
    }

    private void Work()
    {
        foreach (var batch in _full.GetConsumingEnumerable())
        {
            try
            {
                if (!_stopped && !batch.FeedTo(_checker))
                {
                    _stopped = true;
                }
            }
            catch (Exception e)
            {
                // Rethrown to the reader by Finish; meanwhile the batches keep flowing back so the reader never waits for ever.
                _failure ??= e;
                _stopped = true;
            }
            batch.Clear();
            _free.Add(batch);
        }
    }
}

/// <summary>A run of the log as read: entries as their canonical bytes, the checkpoints between them, and at the end the append state.</summary>
internal sealed class LogBatch
{
    private readonly List<StoredCheckpoint> _checkpoints = [];
    private long[] _seqs = new long[64];
    private int[] _ends = new int[64];
    private int _count;
    private int _checkpointCount;
    private bool _hasHead;
    private long? _headSize;
    private byte[] _headFrontier = [];

    public EntryWriter Entries { get; } = new();

    /// <summary>Ends the entry just written; returns the number of entries in the batch.</summary>
    public int End(long seq)
    {
        if (_count == _seqs.Length)
        {
            Array.Resize(ref _seqs, _count * 2);
            Array.Resize(ref _ends, _count * 2);
        }
        _seqs[_count] = seq;
        _ends[_count] = Entries.Written.Length;
        return ++_count;
    }

    public void Checkpoint(long treeSize, ReadOnlySpan<byte> root, long atMicros, ReadOnlySpan<byte> keyId, ReadOnlySpan<byte> signature,
        long format, byte[]? previousHash)
    {
        if (_checkpointCount == _checkpoints.Count)
        {
            _checkpoints.Add(new StoredCheckpoint());
        }
        _checkpoints[_checkpointCount++].Set(_count, treeSize, root, atMicros, keyId, signature, format, previousHash);
    }

    public void Head(long? treeSize, ReadOnlySpan<byte> frontier)
    {
        _hasHead = true;
        _headSize = treeSize;
        _headFrontier = frontier.ToArray();
    }

    /// <summary>Gives the checker everything in the batch in the order it was read; false at the first fault.</summary>
    public bool FeedTo(LogChecker checker)
    {
        var bytes = Entries.Written;
        var next = 0;
        var start = 0;
        for (var i = 0; i <= _count; i++)
        {
            for (; next < _checkpointCount && _checkpoints[next].AfterEntries == i; next++)
            {
                if (!_checkpoints[next].FeedTo(checker))
                {
                    return false;
                }
            }
            if (i == _count)
            {
                break;
            }
            if (!checker.Entry(_seqs[i], bytes[start.._ends[i]]))
            {
                return false;
            }
            start = _ends[i];
        }
        if (_hasHead)
        {
            checker.Head(_headSize, _headFrontier);
        }
        return true;
    }

    public void Clear()
    {
        Entries.Clear();
        _count = 0;
        _checkpointCount = 0;
        _hasHead = false;
    }

    /// <summary>A checkpoint row copied out of the reader's buffers, which the next row overwrites.</summary>
    private sealed class StoredCheckpoint
    {
        private byte[] _root = new byte[AuditFormat.HashSize];
        private byte[] _keyId = new byte[AuditFormat.HashSize];
        private byte[] _signature = new byte[CheckpointRules.MaxSignature];
        private int _rootLength;
        private int _keyIdLength;
        private int _signatureLength;
        private long _treeSize;
        private long _at;
        private long _format;
        private byte[]? _previousHash;

        /// <summary>How many of the batch's entries come before it.</summary>
        public int AfterEntries { get; private set; }

        public void Set(int afterEntries, long treeSize, ReadOnlySpan<byte> root, long atMicros, ReadOnlySpan<byte> keyId,
            ReadOnlySpan<byte> signature, long format, byte[]? previousHash)
        {
            AfterEntries = afterEntries;
            _treeSize = treeSize;
            _at = atMicros;
            _format = format;
            _previousHash = previousHash;
            _rootLength = Keep(ref _root, root);
            _keyIdLength = Keep(ref _keyId, keyId);
            _signatureLength = Keep(ref _signature, signature);
        }

        public bool FeedTo(LogChecker checker) =>
            checker.Checkpoint(_treeSize, _root.AsSpan(0, _rootLength), _at, _keyId.AsSpan(0, _keyIdLength),
                _signature.AsSpan(0, _signatureLength), _format, _previousHash);

        private static int Keep(ref byte[] store, ReadOnlySpan<byte> value)
        {
            if (value.Length > store.Length)
            {
                store = new byte[value.Length];
            }
            value.CopyTo(store);
            return value.Length;
        }
    }
}
