using System.Runtime.InteropServices;

namespace Cussp.Screening;

/// <summary>One indexed form of a listed name: which subject, which of its names, the form, and whether it is a weak alias.</summary>
internal readonly record struct IndexEntry(int Entity, int Name, NameForm Form, bool Weak);

/// <summary>
/// The candidate index over the indexed forms: the phonetic key of every word with its one-letter deletions (so a query word
/// finds listed words up to about two edits away without scanning) and, for long words, its trigrams. It ranks the forms a
/// query shares words with and returns the best few to be scored in full.
/// </summary>
internal sealed class CandidateIndex
{
    // How close a listed key is to a query key, by the way it was found.
    private const float ExactKey = 1f;
    private const float GivenNameVariant = 0.9f;
    private const float DeletionNeighbour = 0.8f;
    private const float TrigramScale = 0.8f;
    private const float MinTrigramDice = 0.5f;

    private readonly IndexEntry[] _entries;
    private readonly Dictionary<string, int> _keyIds;
    private readonly int[][] _postings;
    private readonly Dictionary<ulong, int[]> _deletions;
    private readonly Dictionary<int, int[]> _trigrams;
    private readonly int[] _keyTrigramCount;

    [ThreadStatic]
    private static Scratch? _scratch;

    private CandidateIndex(IndexEntry[] entries, Dictionary<string, int> keyIds, int[][] postings, Dictionary<ulong, int[]> deletions,
        Dictionary<int, int[]> trigrams, int[] keyTrigramCount)
    {
        _entries = entries;
        _keyIds = keyIds;
        _postings = postings;
        _deletions = deletions;
        _trigrams = trigrams;
        _keyTrigramCount = keyTrigramCount;
    }

    /// <summary>Indexes the word keys of every entry; an entry's position in <paramref name="entries"/> is its id.</summary>
    public static CandidateIndex Build(IndexEntry[] entries)
    {
        var keyIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var postings = new List<List<int>>();
        for (var id = 0; id < entries.Length; id++)
        {
            var form = entries[id].Form;
            for (var t = 0; t < form.Tokens.Length; t++)
            {
                if (form.Roles[t] == TokenRole.Initial)
                {
                    continue;
                }
                var key = form.Masculine[t];
                if (!keyIds.TryGetValue(key, out var k))
                {
                    keyIds[key] = k = postings.Count;
                    postings.Add([]);
                }
                AddOnce(postings[k], id);
            }
        }
        var deletions = new Dictionary<ulong, List<int>>();
        var trigrams = new Dictionary<int, List<int>>();
        var keyTrigramCount = new int[keyIds.Count];
        foreach (var (key, k) in keyIds)
        {
            foreach (var h in DeletionHashes(key))
            {
                AddOnce(CollectionsMarshal.GetValueRefOrAddDefault(deletions, h, out _) ??= [], k);
            }
            var count = 0;
            foreach (var g in Trigrams(key))
            {
                if (AddOnce(CollectionsMarshal.GetValueRefOrAddDefault(trigrams, g, out _) ??= [], k))
                {
                    count++;
                }
            }
            keyTrigramCount[k] = count;
        }
        return new CandidateIndex(entries, keyIds, [.. postings.Select(p => p.ToArray())],
            deletions.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), trigrams.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()),
            keyTrigramCount);
    }

    // Ids are added in increasing order, so a repeat can only be the last one.
    private static bool AddOnce(List<int> list, int id)
    {
        if (list.Count > 0 && list[^1] == id)
        {
            return false;
        }
        list.Add(id);
        return true;
    }

    private const int MinDeletionKeyLength = 4;

    // A key and each of its one-letter deletions, hashed: two keys within one substitution, insertion or deletion (and
    // most pairs within two) share one of them. Keys shorter than MinDeletionKeyLength only index themselves, where one
    // letter makes another name.
    private static IEnumerable<ulong> DeletionHashes(string key)
    {
        yield return Hash(key, -1);
        if (key.Length >= MinDeletionKeyLength)
        {
            for (var i = 0; i < key.Length; i++)
            {
                yield return Hash(key, i);
            }
        }
    }

    private static ulong Hash(ReadOnlySpan<char> key, int skip)
    {
        var h = 14695981039346656037UL;
        for (var i = 0; i < key.Length; i++)
        {
            if (i != skip)
            {
                h = (h ^ key[i]) * 1099511628211UL;
            }
        }
        return h ^ (ulong)(key.Length - (skip >= 0 ? 1 : 0));
    }

    // Keys shorter than this have no trigrams.
    private const int MinTrigramKeyLength = 6;

    private static IEnumerable<int> Trigrams(string key)
    {
        if (key.Length < MinTrigramKeyLength)
        {
            yield break;
        }
        for (var i = 0; i + 3 <= key.Length; i++)
        {
            yield return (key[i] << 16) ^ (key[i + 1] << 8) ^ key[i + 2] ^ (i == 0 ? 0x40000000 : 0);
        }
    }

    private sealed class Scratch(int keys, int entries)
    {
        public float[] KeyScore { get; } = new float[keys];
        public int[] KeyTrigrams { get; } = new int[keys];
        public float[] EntryScore { get; } = new float[entries];
        public List<int> TouchedKeys { get; } = new(256);
        public List<int> TouchedEntries { get; } = new(1024);
        public PriorityQueue<int, float> Heap { get; } = new(64);
    }

    // How much a query word of each role counts towards a listed name's rank.
    private const float WordWeight = 1f;
    private const float ParticleOrTitleWeight = 0.3f;
    private const float LegalWordWeight = 0.1f;

    private static float RoleWeight(TokenRole role) => role switch
    {
        TokenRole.Particle or TokenRole.Title => ParticleOrTitleWeight,
        TokenRole.LegalWord => LegalWordWeight,
        _ => WordWeight,
    };

    /// <summary>The ids of the best <paramref name="maxCandidates"/> entries for the query's forms, best first.</summary>
    public List<int> Candidates(IReadOnlyList<NameForm> forms, int maxCandidates)
    {
        var s = _scratch;
        if (s is null || s.KeyScore.Length != _postings.Length || s.EntryScore.Length != _entries.Length)
        {
            _scratch = s = new Scratch(_postings.Length, _entries.Length);
        }
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var form in forms)
        {
            for (var t = 0; t < form.Tokens.Length; t++)
            {
                if (form.Roles[t] == TokenRole.Initial || !seenKeys.Add(form.Masculine[t]))
                {
                    continue;
                }
                CollectKeys(form.Masculine[t], s);
                CollectGivenNameVariants(form.Given[t], s);
                ScoreEntries(s, RoleWeight(form.Roles[t]));
            }
        }
        return Best(s, Math.Min(maxCandidates, s.TouchedEntries.Count));
    }

    private void CollectGivenNameVariants(int[] groups, Scratch s)
    {
        foreach (var g in groups)
        {
            foreach (var variant in GivenNames.Keys(g))
            {
                if (_keyIds.TryGetValue(variant, out var k))
                {
                    Touch(s, k, GivenNameVariant);
                }
            }
        }
    }

    // Every entry that holds a touched key gains the key's closeness times the query word's weight; the keys are reset.
    private void ScoreEntries(Scratch s, float weight)
    {
        foreach (var k in s.TouchedKeys)
        {
            var w = s.KeyScore[k] * weight;
            s.KeyScore[k] = 0;
            s.KeyTrigrams[k] = 0;
            if (w <= 0)
            {
                continue;
            }
            foreach (var e in _postings[k])
            {
                if (s.EntryScore[e] == 0)
                {
                    s.TouchedEntries.Add(e);
                }
                s.EntryScore[e] += w;
            }
        }
        s.TouchedKeys.Clear();
    }

    // Longer listed names need more matched words to rank: the rank is divided by 1 + this times the word count.
    private const float LengthNormalisation = 0.1f;

    // Keep the best few in a small heap instead of sorting every listed name the query touched; the entries are reset.
    private List<int> Best(Scratch s, int take)
    {
        var touched = s.TouchedEntries;
        var heap = s.Heap;
        heap.Clear();
        foreach (var e in touched)
        {
            var score = s.EntryScore[e] / (1f + (LengthNormalisation * _entries[e].Form.Tokens.Length));
            s.EntryScore[e] = 0;
            if (heap.Count < take)
            {
                heap.Enqueue(e, score);
            }
            else if (take > 0 && heap.TryPeek(out _, out var lowest) && score > lowest)
            {
                heap.EnqueueDequeue(e, score);
            }
        }
        touched.Clear();
        var result = new List<int>(heap.Count);
        while (heap.TryDequeue(out var e, out _))
        {
            result.Add(e);
        }
        result.Reverse();
        return result;
    }

    private static void Touch(Scratch s, int k, float score)
    {
        if (s.KeyScore[k] == 0 && s.KeyTrigrams[k] == 0)
        {
            s.TouchedKeys.Add(k);
        }
        if (score > s.KeyScore[k])
        {
            s.KeyScore[k] = score;
        }
    }

    private void CollectKeys(string key, Scratch s)
    {
        if (_keyIds.TryGetValue(key, out var exact))
        {
            Touch(s, exact, ExactKey);
        }
        foreach (var h in DeletionHashes(key))
        {
            if (_deletions.TryGetValue(h, out var keys))
            {
                foreach (var k in keys)
                {
                    Touch(s, k, DeletionNeighbour);
                }
            }
        }
        CollectTrigramNeighbours(key, s);
    }

    // Long keys that share enough trigrams with the query key (Dice coefficient) are neighbours too.
    private void CollectTrigramNeighbours(string key, Scratch s)
    {
        var grams = 0;
        foreach (var g in Trigrams(key))
        {
            grams++;
            if (_trigrams.TryGetValue(g, out var keys))
            {
                foreach (var k in keys)
                {
                    if (s.KeyScore[k] == 0 && s.KeyTrigrams[k] == 0)
                    {
                        s.TouchedKeys.Add(k);
                    }
                    s.KeyTrigrams[k]++;
                }
            }
        }
        if (grams == 0)
        {
            return;
        }
        foreach (var k in s.TouchedKeys)
        {
            if (s.KeyTrigrams[k] > 0)
            {
                var dice = 2f * s.KeyTrigrams[k] / (grams + _keyTrigramCount[k]);
                if (dice >= MinTrigramDice && dice * TrigramScale > s.KeyScore[k])
                {
                    s.KeyScore[k] = dice * TrigramScale;
                }
            }
        }
    }
}
