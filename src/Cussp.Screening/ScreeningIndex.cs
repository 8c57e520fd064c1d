using System.Globalization;
using System.Runtime.InteropServices;

namespace Cussp.Screening;

/// <summary>
/// The in-memory screening index of a sanctions list. Every name and alias, in every transliteration, is broken into words
/// whose phonetic keys are indexed with their one-letter deletions (so a query word finds listed words up to about two edits
/// away without scanning) and, for long words, their trigrams. A query touches only the listed names that share such a word,
/// ranks them, and scores the best few in full.
/// </summary>
public sealed class ScreeningIndex
{
    // A weak alias shows how close it came, but stays this far below the alert threshold.
    private const double WeakAliasMargin = 0.01;

    private readonly ListedEntity[] _entities;
    private readonly IndexEntry[] _entries;
    private readonly CandidateIndex _candidates;
    private readonly Dictionary<string, List<int>> _identifiers;
    private readonly int[] _firstEntry;

    [ThreadStatic]
    private static Scratch? _scratch;

    private ScreeningIndex(ScreeningOptions options, ListedEntity[] entities, IndexEntry[] entries, Dictionary<string, List<int>> identifiers)
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
        _candidates = CandidateIndex.Build(entries);
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
        var entries = new List<IndexEntry>();
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
                    if (seen.Add(string.Join(' ', form.Tokens)))
                    {
                        entries.Add(new IndexEntry(e, n, form, entity.Names[n].Kind == NameKind.WeakAlias));
                    }
                }
            }
            foreach (var identifier in entity.Identifiers)
            {
                var key = ScreeningRules.IdentifierKey(identifier);
                if (identifier.Key.Length >= 4 && key is not null)
                {
                    var owners = CollectionsMarshal.GetValueRefOrAddDefault(identifiers, key, out _) ??= [];
                    if (!owners.Contains(e))
                    {
                        owners.Add(e);
                    }
                }
            }
        }
        return new ScreeningIndex(options ?? new ScreeningOptions(), list, [.. entries], identifiers) { NameCount = names.Count };
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
        var scratch = _scratch ??= new Scratch();
        var best = scratch.Best;
        best.Clear();
        ScoreCandidates(query, forms, _candidates.Candidates(forms, options.MaxCandidates), best);
        RescoreWeakAliasWinners(query, forms, scratch);
        AddIdentifierOwners(query, forms, best);
        var hits = new List<ScreeningHit>();
        foreach (var (entityIndex, b) in best)
        {
            if (Hit(query, options, floor, entityIndex, b) is { } hit)
            {
                hits.Add(hit);
            }
        }
        hits.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Entity.Id, b.Entity.Id));
        return hits.Count > options.MaxHits ? hits.GetRange(0, options.MaxHits) : hits;
    }

    // The best strong and the best weak score of each candidate subject, over the query's forms and the subject's candidate entries.
    private void ScoreCandidates(ScreeningQuery query, IReadOnlyList<NameForm> forms, List<int> candidates, Dictionary<int, Best> best)
    {
        foreach (var e in candidates)
        {
            var entry = _entries[e];
            var kind = query.Kind ?? _entities[entry.Entity].Kind;
            ref var b = ref CollectionsMarshal.GetValueRefOrAddDefault(best, entry.Entity, out var exists);
            if (!exists)
            {
                b = Best.None;
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
    }

    // A weak alias that ranked first must not stand in for the subject: its score is that of its best strong name.
    private void RescoreWeakAliasWinners(ScreeningQuery query, IReadOnlyList<NameForm> forms, Scratch scratch)
    {
        var best = scratch.Best;
        var rescore = scratch.Rescore;
        rescore.Clear();
        foreach (var (entity, b) in best)
        {
            if (b.Weak > b.Strong)
            {
                rescore.Add(entity);
            }
        }
        foreach (var entity in rescore)
        {
            best[entity] = StrongNames(entity, forms, query.Kind, best[entity]);
        }
    }

    // A subject that holds one of the query's identifiers is scored even when no name of it was a candidate.
    private void AddIdentifierOwners(ScreeningQuery query, IReadOnlyList<NameForm> forms, Dictionary<int, Best> best)
    {
        if (query.Identifiers is not { Count: > 0 })
        {
            return;
        }
        foreach (var id in query.Identifiers)
        {
            if (ScreeningRules.IdentifierKey(id) is { } key && _identifiers.TryGetValue(key, out var owners))
            {
                foreach (var o in owners)
                {
                    if (!best.ContainsKey(o))
                    {
                        best[o] = StrongNames(o, forms, query.Kind, Best.None);
                    }
                }
            }
        }
    }

    // The hit of one subject, explained, or null when its final score is below the floor.
    private ScreeningHit? Hit(ScreeningQuery query, ScreeningOptions options, double floor, int entityIndex, Best b)
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
            return null;
        }
        var entry = _entries[entryIndex];
        // Most candidates fall below the floor: their explanation is only written for the hits reported.
        var final = ScreeningRules.Adjust(query, entity, score, null, options.Threshold, entry.Weak);
        if (final < floor)
        {
            return null;
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
        ScreeningRules.Adjust(query, entity, score, reasons, options.Threshold, entry.Weak);
        var comparison = NameMatcher.Explain(q!, entry.Form, query.Kind ?? entity.Kind);
        return new ScreeningHit(entity, Math.Round(final, 3), final >= options.Threshold, entity.Names[entry.Name], comparison, reasons);
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
        public static Best None => new(-1, -1, null, -1, -1, null);

        public double Strong = strong;
        public int StrongEntry = strongEntry;
        public NameForm? StrongQuery = strongQuery;
        public double Weak = weak;
        public int WeakEntry = weakEntry;
        public NameForm? WeakQuery = weakQuery;
    }

    private sealed class Scratch
    {
        public Dictionary<int, Best> Best { get; } = new(64);
        public List<int> Rescore { get; } = new(16);
    }
}
