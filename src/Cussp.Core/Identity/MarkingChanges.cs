using System.Globalization;

namespace Cussp.Identity;

/// <summary>A marked record that remembers which participant originated it and which version it is at.</summary>
public interface IOriginated : IMarked
{
    /// <summary>The participant whose information it is; only its writers change the marking.</summary>
    Participant Originator { get; }

    /// <summary>Incremented by every change; a write based on another version is refused.</summary>
    int Version { get; }
}

/// <summary>
/// The rules every change of a marked record obeys, whatever its type: the caller's copy must be current; only the originating
/// participant changes the marking; nobody sets a marking above their own clearance, outside their areas or excluding their own
/// participant; and lowering the protection (a lower classification, a wider releasability) is a downgrade, a separate action
/// with its own permission and reason, never a side effect of an edit.
/// </summary>
public static class MarkingChanges
{
    /// <summary>Longest reason for a downgrade; the audit log keeps it.</summary>
    public const int MaxDowngradeReason = 2000;

    /// <summary>The reason given for a downgrade, normalised: required, readable, at most <see cref="MaxDowngradeReason"/> characters.</summary>
    /// <exception cref="InvalidInputException">No reason, one too long, or one <see cref="TextInput"/> refuses.</exception>
    public static string DowngradeReason(string? reason)
    {
        TextInput.Ensure("reason", reason, TextShape.MultiLine);
        var why = TextInput.Normalise(reason)?.Trim();
        return string.IsNullOrEmpty(why) || why.Length > MaxDowngradeReason
            ? throw new InvalidInputException("reason",
                string.Create(CultureInfo.InvariantCulture, $"Say why the protection may be lowered, in 1–{MaxDowngradeReason:N0} characters."))
            : why;
    }

    /// <summary>True when <paramref name="to"/> protects less than <paramref name="from"/>: a lower classification or a wider releasability.</summary>
    public static bool IsDowngrade(Marking from, Marking to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return to.Classification < from.Classification || Widens(from.Releasability, to.Releasability);
    }

    /// <summary>True when <paramref name="to"/> releases to someone <paramref name="from"/> did not.</summary>
    public static bool Widens(Releasability from, Releasability to) => from != to && to == Releasability.RelCanUkr;

    /// <summary>The marking that protects what either protects (for an entry about a change from one to the other).</summary>
    public static Marking Stricter(Marking a, Marking b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var releasability = a.Releasability == Releasability.RelCanUkr ? b.Releasability : a.Releasability;
        return new Marking((SecurityClassification)Math.Max((int)a.Classification, (int)b.Classification), releasability, a.Area);
    }

    /// <summary>Refuses a write based on a version other than the record's.</summary>
    /// <exception cref="StaleWriteException">The record changed since <paramref name="expected"/>.</exception>
    public static void EnsureVersion(IOriginated record, int expected, string what)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Version != expected)
        {
            throw new StaleWriteException(
                $"The {what} changed since you read it (you had version {expected}, it is now at {record.Version}): reload it, then make your change again.");
        }
    }

    /// <summary>
    /// Checks that <paramref name="subject"/> may give <paramref name="record"/> the marking <paramref name="to"/>, as an edit
    /// (<paramref name="downgrade"/> false) or as a downgrade. Keeping the same marking is always allowed to whoever may write.
    /// </summary>
    /// <exception cref="RefusedException">A rule refuses it; the message says which.</exception>
    /// <exception cref="InvalidInputException">A downgrade that lowers nothing.</exception>
    public static void Check(AccessSubject subject, IOriginated record, Marking to, bool downgrade)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(to);
        var from = Marking.Of(record);
        if (from == to && !downgrade)
        {
            return;
        }
        if (!Permissions.CanChangeMarking(subject, record.Originator))
        {
            throw new RefusedException(
                $"Only {record.Originator} changes the marking of what {record.Originator} originated ({from}); you may edit its content under that marking.");
        }
        EnsureSettable(subject, to);
        if (downgrade)
        {
            if (!IsDowngrade(from, to))
            {
                throw new InvalidInputException("classification",
                    $"{to} does not lower {from}: a downgrade lowers the classification or widens the releasability.");
            }
            if (!Permissions.CanDowngrade(subject, record.Originator, record))
            {
                throw new RefusedException($"A downgrade of {from} needs a clearance of at least {from.Classification.Label()}.");
            }
        }
        else if (IsDowngrade(from, to))
        {
            throw new RefusedException(
                $"{from} → {to} lowers the protection: that is a downgrade, a separate action that records its reason, not an edit.");
        }
    }

    /// <summary>Refuses a marking its writer could not read themselves: above their clearance, outside their areas, or not releasable to them.</summary>
    /// <exception cref="RefusedException">The marking is out of the subject's reach; the message says why.</exception>
    public static void EnsureSettable(AccessSubject subject, Marking to)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(to);
        if (to.Classification > subject.Clearance)
        {
            throw new RefusedException($"{to.Classification.Label()} is above your clearance ({subject.Clearance.Label()}).");
        }
        if (!AccessPolicy.Releasable(subject.Participant, to.Releasability))
        {
            throw new RefusedException($"{to.Releasability.Label()} would exclude your own participant ({subject.Participant}).");
        }
        if (!subject.Areas.Contains(to.Area, StringComparer.Ordinal))
        {
            throw new RefusedException($"{to.Area} is not among your areas of need.");
        }
    }
}
