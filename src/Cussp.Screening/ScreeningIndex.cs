using System.Globalization;
using System.Runtime.InteropServices;

namespace Cussp.Screening;

/// <summary>What to screen: a name, and when known what the subject is, its birth year and its identifiers.</summary>
public sealed record ScreeningQuery(string Name, EntityKind? Kind = null, int? BirthYear = null, IReadOnlyList<Identifier>? Identifiers = null)
{
    /// <summary>What is wrong with a name as a query (empty, too long, control characters), or null when it can be screened.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "the name is empty";
        }
        if (name.Length > Normaliser.MaxNameLength)
        {
            return $"the name has {name.Length} characters; at most {Normaliser.MaxNameLength} are screened";
        }
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsControl(name[i]))
            {
                return $"the name has a control character (U+{(int)name[i]:X4}) at position {i + 1}";
            }
        }
        return null;
    }
}

/// <summary>Settings of the screening.</summary>
public sealed record ScreeningOptions
{
    /// <summary>
    /// The score from which a hit is an alert. Calibrated on the labelled name pairs of <c>name_bench_cases.csv</c> (the
    /// threshold of best F1 on half of them, checked on the other half); see <c>bench/README.md</c>.
    /// </summary>
    public const double DefaultThreshold = 0.82;

    /// <summary>The score from which a hit is an alert.</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>How many listed names, at most, are scored in full per query after the candidate index has ranked them.</summary>
    public int MaxCandidates { get; init; } = 48;

    /// <summary>How many hits, at most, a query returns.</summary>
    public int MaxHits { get; init; } = 10;

    /// <summary>Hits below this score are not returned; by default the alert threshold.</summary>
    public double? ReportFrom { get; init; }
}

/// <summary>One listed subject found for a query, with its score and why.</summary>
public sealed record ScreeningHit(
    ListedEntity Entity, double Score, bool Alert, ListedName Name, NameComparison Comparison, IReadOnlyList<string> Reasons)
{
    /// <summary>The explanation in plain lines: which listed name, which transliteration, which words, what moved the score.</summary>
    public IReadOnlyList<string> Explain()
    {
        var lines = new List<string>
        {
            $"listed name \u201c{Name.Value}\u201d ({Name.Kind.ToString().ToLowerInvariant()})"
                + (Comparison.Listed.Scheme == "as written" ? "" : $", compared as \u201c{Comparison.Listed.Text}\u201d ({Comparison.Listed.Scheme})"),
        };
        if (Comparison.Query.Scheme != "as written")
        {
            lines.Add($"query compared as \u201c{Comparison.Query.Text}\u201d ({Comparison.Query.Scheme})");
        }
        foreach (var m in Comparison.Matches)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{m.Query} \u2194 {m.Listed}: {Describe(m.Kind)} {m.Similarity:0.00}"));
        }
        if (Comparison.UnmatchedQuery.Count > 0)
        {
            lines.Add("query words without a match: " + string.Join(", ", Comparison.UnmatchedQuery));
        }
        if (Comparison.UnmatchedListed.Count > 0)
        {
            lines.Add("listed words without a match: " + string.Join(", ", Comparison.UnmatchedListed));
        }
        lines.AddRange(Comparison.Adjustments);
        lines.AddRange(Reasons);
        return lines;
    }

    private static string Describe(WordMatchKind kind) => kind switch
    {
        WordMatchKind.Exact => "same word",
        WordMatchKind.Spelling => "same word in another spelling",
        WordMatchKind.GivenName => "same given name in another language",
        WordMatchKind.FeminineForm => "feminine/masculine form of one surname",
        WordMatchKind.Initial => "initial",
        WordMatchKind.Typo => "close spelling",
        WordMatchKind.Joined => "words joined or split",
        _ => kind.ToString(),
    };
}

/// <summary>
/// The in-memory screening index of a sanctions list. Every name and alias, in every transliteration, is broken into words
/// whose phonetic keys are indexed with their one-letter deletions (so a query word finds listed words up to about two edits
/// away without scanning) and, for long words, their trigrams. A query touches only the listed names that share such a word,
/// ranks them, and scores the best few in full.
/// </summary>
public sealed class ScreeningIndex
{
    private const double BirthYearBonus = 0.05;
    private const double BirthYearPenalty = 0.15;
    private const double IdentifierMismatchFactor = 0.8;
    // A weak alias shows how close it came, but stays this far below the alert threshold.
    private const double WeakAliasMargin = 0.01;

    private readonly ListedEntity[] _entities;
    private readonly Entry[] _entries;
    private readonly Dictionary<string, int> _keyIds;
    private readonly int[][] _postings;
    private readonly Dictionary<ulong, int[]> _deletions;
    private readonly Dictionary<int, int[]> _trigrams;
    private readonly int[] _keyTrigramCount;
    private readonly Dictionary<string, List<int>> _identifiers;
    private readonly int[] _firstEntry;

    private readonly record struct Entry(int Entity, int Name, NameForm Form, bool Weak);

    private ScreeningIndex(ScreeningOptions options, ListedEntity[] entities, Entry[] entries, Dictionary<string, int> keyIds, int[][] postings,
        Dictionary<ulong, int[]> deletions, Dictionary<int, int[]> trigrams, int[] keyTrigramCount, Dictionary<string, List<int>> identifiers)
    {
        Options = options;
        _entities = entities;
        _entries = entries;
        // Entries are added subject by subject: subject e owns entries _firstEntry[e] up to _firstEntry[e + 1].
        _firstEntry = new int[entities.Length + 1];
        Array.Fill(_firstEntry, entries.Length);
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            _firstEntry[entries[i].Entity] = i;
        }
        for (var e = entities.Length - 1; e >= 0; e--)
        {
            _firstEntry[e] = Math.Min(_firstEntry[e], _firstEntry[e + 1]);
        }
        _keyIds = keyIds;
        _postings = postings;
        _deletions = deletions;
        _trigrams = trigrams;
        _keyTrigramCount = keyTrigramCount;
        _identifiers = identifiers;
    }

    /// <summary>The settings the index screens with.</summary>
    public ScreeningOptions Options { get; }

    /// <summary>How many subjects are indexed.</summary>
    public int EntityCount => _entities.Length;

    /// <summary>How many distinct names (primary and aliases, as written) are indexed.</summary>
    public int NameCount { get; private init; }

    /// <summary>How many name forms (names times their transliterations) are indexed.</summary>
    public int FormCount => _entries.Length;

    /// <summary>
    /// Builds the index of <paramref name="entities"/>. Listings lifted on or before <paramref name="asOf"/> are left out; without
    /// a date, every listing with a lifted date is.
    /// </summary>
    public static ScreeningIndex Build(IEnumerable<ListedEntity> entities, ScreeningOptions? options = null, PartialDate? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var list = entities.Where(e => e.LiftedOn is not { } lifted || (asOf is { } today && lifted > today)).ToArray();
        var entries = new List<Entry>();
        var keyIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var postings = new List<List<int>>();
        var identifiers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var e = 0; e < list.Length; e++)
        {
            var entity = list[e];
            seen.Clear();
            for (var n = 0; n < entity.Names.Count; n++)
            {
                names.Add(entity.Names[n].Value);
                foreach (var form in Normaliser.Forms(entity.Names[n].Value, entity.Kind))
                {
                    if (!seen.Add(string.Join(' ', form.Tokens)))
                    {
                        continue;
                    }
                    var id = entries.Count;
                    entries.Add(new Entry(e, n, form, entity.Names[n].Kind == NameKind.WeakAlias));
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
                        var p = postings[k];
                        if (p.Count == 0 || p[^1] != id)
                        {
                            p.Add(id);
                        }
                    }
                }
            }
            foreach (var identifier in entity.Identifiers)
            {
                var key = IdentifierKey(identifier);
                if (identifier.Key.Length >= 4 && key is not null)
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(identifiers, key, out _) ??= [];
                    var l = identifiers[key];
                    if (!l.Contains(e))
                    {
                        l.Add(e);
                    }
                }
            }
        }
        var deletions = new Dictionary<ulong, List<int>>();
        var trigrams = new Dictionary<int, List<int>>();
        var keyTrigramCount = new int[keyIds.Count];
        foreach (var (key, k) in keyIds)
        {
            foreach (var h in DeletionHashes(key))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(deletions, h, out _) ??= [];
                var l = deletions[h];
                if (l.Count == 0 || l[^1] != k)
                {
                    l.Add(k);
                }
            }
            var count = 0;
            foreach (var g in Trigrams(key))
            {
                CollectionsMarshal.GetValueRefOrAddDefault(trigrams, g, out _) ??= [];
                var l = trigrams[g];
                if (l.Count == 0 || l[^1] != k)
                {
                    l.Add(k);
                    count++;
                }
            }
            keyTrigramCount[k] = count;
        }
        return new ScreeningIndex(options ?? new ScreeningOptions(), list, [.. entries], keyIds, [.. postings.Select(p => p.ToArray())],
            deletions.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), trigrams.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()),
            keyTrigramCount, identifiers)
        { NameCount = names.Count };
    }

    // A key and each of its one-letter deletions, hashed: two keys within one substitution, insertion or deletion (and
    // most pairs within two) share one of them. Short keys only index themselves, where one letter makes another name.
    private static IEnumerable<ulong> DeletionHashes(string key)
    {
        yield return Hash(key, -1);
        if (key.Length >= 4)
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

    private static IEnumerable<int> Trigrams(string key)
    {
        if (key.Length < 6)
        {
            yield break;
        }
        for (var i = 0; i + 3 <= key.Length; i++)
        {
            yield return (key[i] << 16) ^ (key[i + 1] << 8) ^ key[i + 2] ^ (i == 0 ? 0x40000000 : 0);
        }
    }

    /// <summary>Screens one name against the list: the hits from the report floor up, best first, each explained.</summary>
    public IReadOnlyList<ScreeningHit> Screen(ScreeningQuery query) => Screen(query, Options);

    /// <summary>Screens one name with other settings than the index was built with (a threshold from configuration).</summary>
    public IReadOnlyList<ScreeningHit> Screen(ScreeningQuery query, ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        if (query.Name.Length > Normaliser.MaxNameLength)
        {
            throw new ArgumentException($"a name of {query.Name.Length} characters is longer than the {Normaliser.MaxNameLength} screened", nameof(query));
        }
        var forms = Normaliser.Forms(query.Name, query.Kind);
        var floor = options.ReportFrom ?? options.Threshold;
        var candidates = Candidates(forms, options.MaxCandidates);
        var best = _scratch!.Best;
        best.Clear();
        foreach (var e in candidates)
        {
            var entry = _entries[e];
            var kind = query.Kind ?? _entities[entry.Entity].Kind;
            ref var b = ref CollectionsMarshal.GetValueRefOrAddDefault(best, entry.Entity, out var exists);
            if (!exists)
            {
                b = new Best(-1, -1, null, -1, -1, null);
            }
            foreach (var q in forms)
            {
                var s = NameMatcher.Score(q, entry.Form, kind);
                if (entry.Weak)
                {
                    if (s > b.Weak)
                    {
                        (b.Weak, b.WeakEntry, b.WeakQuery) = (s, e, q);
                    }
                }
                else if (s > b.Strong)
                {
                    (b.Strong, b.StrongEntry, b.StrongQuery) = (s, e, q);
                }
            }
        }
        var rescore = _scratch.Rescore;
        rescore.Clear();
        foreach (var (entity, b) in best)
        {
            if (b.Weak > b.Strong)
            {
                rescore.Add(entity);
            }
        }
        // A weak alias that ranked first must not stand in for the subject: its score is that of its best strong name.
        foreach (var entity in rescore)
        {
            best[entity] = StrongNames(entity, forms, query.Kind, best[entity]);
        }
        if (query.Identifiers is { Count: > 0 })
        {
            foreach (var id in query.Identifiers)
            {
                if (IdentifierKey(id) is { } key && _identifiers.TryGetValue(key, out var owners))
                {
                    foreach (var o in owners)
                    {
                        if (!best.ContainsKey(o))
                        {
                            best[o] = StrongNames(o, forms, query.Kind, new Best(-1, -1, null, -1, -1, null));
                        }
                    }
                }
            }
        }
        var hits = new List<ScreeningHit>();
        foreach (var (entityIndex, b) in best)
        {
            var entity = _entities[entityIndex];
            var (score, entryIndex, q) = (Math.Max(0, b.Strong), b.StrongEntry, b.StrongQuery);
            var weakOnly = false;
            if (b.Weak > b.Strong)
            {
                var capped = Math.Min(b.Weak, options.Threshold - WeakAliasMargin);
                if (entryIndex < 0 || capped > score)
                {
                    (score, entryIndex, q, weakOnly) = (capped, b.WeakEntry, b.WeakQuery, true);
                }
            }
            if (entryIndex < 0)
            {
                continue;
            }
            var entry = _entries[entryIndex];
            // Most candidates fall below the floor: their explanation is only written for the hits reported.
            var final = Adjust(query, entity, score, null, options.Threshold, entry.Weak);
            if (final < floor)
            {
                continue;
            }
            var reasons = new List<string>();
            if (weakOnly)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"matched a weak alias only ({b.Weak:0.00}): weak aliases explain a hit but never make an alert, so it is held below the threshold"));
            }
            else if (b.Weak > b.Strong)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"the weak alias \u201c{entity.Names[_entries[b.WeakEntry].Name].Value}\u201d matches closer ({b.Weak:0.00}), but weak aliases only explain: the score is that of the listed name"));
            }
            Adjust(query, entity, score, reasons, options.Threshold, entry.Weak);
            var comparison = NameMatcher.Explain(q!, entry.Form, query.Kind ?? entity.Kind);
            hits.Add(new ScreeningHit(entity, Math.Round(final, 3), final >= options.Threshold, entity.Names[entry.Name], comparison, reasons));
        }
        hits.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Entity.Id, b.Entity.Id));
        return hits.Count > options.MaxHits ? hits.GetRange(0, options.MaxHits) : hits;
    }

    // The best score of every strong name of a subject (every form), keeping what was found of its weak aliases.
    private Best StrongNames(int entity, IReadOnlyList<NameForm> forms, EntityKind? queryKind, Best b)
    {
        var kind = queryKind ?? _entities[entity].Kind;
        (b.Strong, b.StrongEntry, b.StrongQuery) = (-1, -1, null);
        for (var e = _firstEntry[entity]; e < _firstEntry[entity + 1]; e++)
        {
            if (_entries[e].Weak)
            {
                continue;
            }
            foreach (var q in forms)
            {
                var s = NameMatcher.Score(q, _entries[e].Form, kind);
                if (s > b.Strong)
                {
                    (b.Strong, b.StrongEntry, b.StrongQuery) = (s, e, q);
                }
            }
        }
        return b;
    }

    private struct Best(double strong, int strongEntry, NameForm? strongQuery, double weak, int weakEntry, NameForm? weakQuery)
    {
        public double Strong = strong;
        public int StrongEntry = strongEntry;
        public NameForm? StrongQuery = strongQuery;
        public double Weak = weak;
        public int WeakEntry = weakEntry;
        public NameForm? WeakQuery = weakQuery;
    }

    /// <summary>The best score of a query over the list, without building explanations (for throughput measurements).</summary>
    public double BestScore(string name)
    {
        var forms = Normaliser.Forms(name);
        var best = 0.0;
        foreach (var e in Candidates(forms, Options.MaxCandidates))
        {
            var entry = _entries[e];
            if (entry.Weak)
            {
                continue;
            }
            foreach (var q in forms)
            {
                best = Math.Max(best, NameMatcher.Score(q, entry.Form, _entities[entry.Entity].Kind));
            }
        }
        return best;
    }

    // Identifiers are compared by type and value: the index keys them "type:VALUE".
    private static string? IdentifierKey(Identifier id) =>
        IdentifierTypes.Canonical(id.Type) is { } type && IdentifierTypes.Decides(type) ? type + ":" + id.Key : null;

    private static bool SameType(Identifier a, Identifier b) =>
        IdentifierTypes.Canonical(a.Type) is { } t && t == IdentifierTypes.Canonical(b.Type)
        && (a.Country is null || b.Country is null || string.Equals(a.Country, b.Country, StringComparison.OrdinalIgnoreCase));

    private static double Adjust(ScreeningQuery query, ListedEntity entity, double score, List<string>? reasons, double threshold, bool weak)
    {
        if (query.Identifiers is { Count: > 0 } && entity.Identifiers.Count > 0)
        {
            foreach (var q in query.Identifiers)
            {
                var key = IdentifierKey(q);
                if (key is not null && entity.Identifiers.FirstOrDefault(l => IdentifierKey(l) == key) is { } match)
                {
                    reasons?.Add($"identifier {match.Type} {match.Value} matches: the identifier decides, score 1.00");
                    return 1;
                }
            }
            foreach (var q in query.Identifiers)
            {
                var listed = entity.Identifiers.Where(l => SameType(q, l)).ToList();
                if (listed.Count == 0 || !IdentifierTypes.Decides(listed[0].Type))
                {
                    continue;
                }
                var type = IdentifierTypes.Canonical(q.Type)!;
                var values = string.Join(", ", listed.Select(l => l.Value));
                if (IdentifierTypes.IsPermanent(type))
                {
                    reasons?.Add($"{type} {q.Value} differs from the listed {values}: a subject has one {type} for good, so this is another subject (score 0)");
                    return 0;
                }
                score *= IdentifierMismatchFactor;
                reasons?.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{type} {q.Value} differs from the listed {values}; such documents are renewed, so it lowers the score: ×{IdentifierMismatchFactor}"));
                break;
            }
        }
        if (query.BirthYear is { } year && entity.BirthDates.Count > 0)
        {
            if (entity.BirthDates.Any(d => Math.Abs(d.Year - year) <= 1))
            {
                // The birth year supports a name match; it never makes one.
                if (score >= threshold && !weak)
                {
                    score = Math.Min(1, score + BirthYearBonus);
                    reasons?.Add(string.Create(CultureInfo.InvariantCulture, $"birth year {year} matches the list: +{BirthYearBonus}"));
                }
                else
                {
                    reasons?.Add($"birth year {year} matches the list, but the name alone is below the threshold: no change");
                }
            }
            else
            {
                score = Math.Max(0, score - BirthYearPenalty);
                reasons?.Add(string.Create(CultureInfo.InvariantCulture,
                    $"birth year {year} differs from the list ({string.Join(", ", entity.BirthDates.Select(d => d.Year).Distinct())}): −{BirthYearPenalty}"));
            }
        }
        return score;
    }

    [ThreadStatic]
    private static Scratch? _scratch;

    private sealed class Scratch(int keys, int entries)
    {
        public float[] KeyScore { get; } = new float[keys];
        public int[] KeyTrigrams { get; } = new int[keys];
        public float[] EntryScore { get; } = new float[entries];
        public List<int> TouchedKeys { get; } = new(256);
        public List<int> TouchedEntries { get; } = new(1024);
        public PriorityQueue<int, float> Heap { get; } = new(64);
        public Dictionary<int, Best> Best { get; } = new(64);
        public List<int> Rescore { get; } = new(16);
    }

    private List<int> Candidates(IReadOnlyList<NameForm> forms, int maxCandidates)
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
                var weight = form.Roles[t] switch
                {
                    TokenRole.Particle or TokenRole.Title => 0.3f,
                    TokenRole.LegalWord => 0.1f,
                    _ => 1f,
                };
                CollectKeys(form.Masculine[t], s);
                foreach (var g in form.Given[t])
                {
                    foreach (var variant in GivenNames.Keys(g))
                    {
                        if (_keyIds.TryGetValue(variant, out var k))
                        {
                            Touch(s, k, 0.9f);
                        }
                    }
                }
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
        }
        var take = Math.Min(maxCandidates, s.TouchedEntries.Count);
        var touched = s.TouchedEntries;
        // Keep the best few in a small heap instead of sorting every listed name the query touched.
        var heap = s.Heap;
        heap.Clear();
        foreach (var e in touched)
        {
            // Longer listed names need more matched words to rank: normalise by the listed name's word count, gently.
            var score = s.EntryScore[e] / (1f + (0.1f * _entries[e].Form.Tokens.Length));
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
            Touch(s, exact, 1f);
        }
        foreach (var h in DeletionHashes(key))
        {
            if (_deletions.TryGetValue(h, out var keys))
            {
                foreach (var k in keys)
                {
                    Touch(s, k, 0.8f);
                }
            }
        }
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
                if (dice >= 0.5f && dice * 0.8f > s.KeyScore[k])
                {
                    s.KeyScore[k] = dice * 0.8f;
                }
            }
        }
    }
}
