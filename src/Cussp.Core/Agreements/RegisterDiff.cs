using DiffPlex;
using DiffPlex.Chunkers;

namespace Cussp.Agreements;

/// <summary>How a provision differs between two versions.</summary>
public enum ProvisionChangeKind
{
    /// <summary>In the later version only.</summary>
    Added,
    /// <summary>In the earlier version only.</summary>
    Removed,
    /// <summary>In both, with other words.</summary>
    Changed,
}

/// <summary>Whether a run of words is in both versions, only the earlier or only the later.</summary>
public enum DiffRun
{
    /// <summary>In both.</summary>
    Same,
    /// <summary>Only in the later version.</summary>
    Added,
    /// <summary>Only in the earlier version.</summary>
    Removed,
}

/// <summary>A run of words of a changed provision.</summary>
/// <param name="Run">Same, added or removed.</param>
/// <param name="Text">The words, with their spaces.</param>
public sealed record DiffPiece(DiffRun Run, string Text);

/// <summary>One provision that differs between two versions.</summary>
/// <param name="Citation">Its citation.</param>
/// <param name="Change">Added, removed or changed.</param>
/// <param name="Before">Its words in the earlier version; null when added.</param>
/// <param name="After">Its words in the later version; null when removed.</param>
/// <param name="Pieces">For a changed provision, its words run by run; empty otherwise.</param>
public sealed record ProvisionDiff(string Citation, ProvisionChangeKind Change, string? Before, string? After, IReadOnlyList<DiffPiece> Pieces);

/// <summary>What changed between two versions of an agreement, provision by provision and, within a changed one, word by word.</summary>
public static class RegisterDiff
{
    /// <summary>
    /// The provisions that differ between <paramref name="from"/> and <paramref name="to"/>, in the reading order of
    /// <paramref name="to"/>, each removed one where it stood.
    /// </summary>
    public static IReadOnlyList<ProvisionDiff> Between(RegisterSnapshot from, RegisterSnapshot to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var result = new List<ProvisionDiff>();
        var later = to.Provisions.Select(p => p.Citation).ToHashSet(StringComparer.Ordinal);
        var earlier = from.Provisions.ToDictionary(p => p.Citation, StringComparer.Ordinal);
        // Removed provisions come right after the provision that preceded them in the earlier version.
        var removedAfter = new Dictionary<string, List<ProvisionDiff>>(StringComparer.Ordinal);
        string? previous = null;
        foreach (var p in from.Provisions)
        {
            if (!later.Contains(p.Citation))
            {
                var gone = new ProvisionDiff(p.Citation, ProvisionChangeKind.Removed, p.Text, null, []);
                if (previous is null)
                {
                    result.Add(gone);
                }
                else
                {
                    (removedAfter.TryGetValue(previous, out var list) ? list : removedAfter[previous] = []).Add(gone);
                }
            }
            else
            {
                previous = p.Citation;
            }
        }
        foreach (var p in to.Provisions)
        {
            if (!earlier.TryGetValue(p.Citation, out var was))
            {
                result.Add(new ProvisionDiff(p.Citation, ProvisionChangeKind.Added, null, p.Text, []));
            }
            else if (!string.Equals(was.Text, p.Text, StringComparison.Ordinal))
            {
                result.Add(new ProvisionDiff(p.Citation, ProvisionChangeKind.Changed, was.Text, p.Text, Words(was.Text, p.Text)));
            }
            if (removedAfter.TryGetValue(p.Citation, out var removed))
            {
                result.AddRange(removed);
            }
        }
        return result;
    }

    /// <summary>The words of <paramref name="before"/> and <paramref name="after"/> in runs: the same, removed, added.</summary>
    public static IReadOnlyList<DiffPiece> Words(string before, string after)
    {
        var diff = Differ.Instance.CreateDiffs(before, after, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
        var pieces = new List<DiffPiece>();
        void Add(DiffRun run, IEnumerable<string> words)
        {
            var text = string.Concat(words);
            if (text.Length == 0)
            {
                return;
            }
            if (pieces.Count > 0 && pieces[^1].Run == run)
            {
                pieces[^1] = pieces[^1] with { Text = pieces[^1].Text + text };
            }
            else
            {
                pieces.Add(new DiffPiece(run, text));
            }
        }
        var a = 0;
        foreach (var block in diff.DiffBlocks)
        {
            Add(DiffRun.Same, diff.PiecesOld.Skip(a).Take(block.DeleteStartA - a));
            Add(DiffRun.Removed, diff.PiecesOld.Skip(block.DeleteStartA).Take(block.DeleteCountA));
            Add(DiffRun.Added, diff.PiecesNew.Skip(block.InsertStartB).Take(block.InsertCountB));
            a = block.DeleteStartA + block.DeleteCountA;
        }
        Add(DiffRun.Same, diff.PiecesOld.Skip(a));
        return pieces;
    }
}
