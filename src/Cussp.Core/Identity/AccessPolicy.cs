using System.Linq.Expressions;

namespace Cussp.Identity;

/// <summary>Who is asking: the signed-in user as the access policy sees them. Anonymous callers have no subject.</summary>
/// <param name="UserId">Account id.</param>
/// <param name="Name">User name, for the audit log.</param>
/// <param name="Participant">Canada or Ukraine.</param>
/// <param name="Clearance">Highest classification the user may read.</param>
/// <param name="Roles">What the user may do.</param>
/// <param name="Areas">Areas of need (key component ids).</param>
public sealed record AccessSubject(Guid UserId, string Name, Participant Participant, SecurityClassification Clearance, Roles Roles,
    IReadOnlyList<string> Areas)
{
    /// <summary>True when the user holds <paramref name="role"/>.</summary>
    public bool Has(Roles role) => (Roles & role) == role;
}

/// <summary>What a user wants to do with a marked record.</summary>
public enum AccessAction
{
    /// <summary>See it in a list, a count, a search, an export or by id.</summary>
    Read,
    /// <summary>Create or change it.</summary>
    Write,
}

/// <summary>
/// The one authorization path for marked records: a subject may read a record when they hold a reading role, their
/// participant is among its releasability, their clearance is at least its classification and its area is among their
/// areas of need; writing also needs the contributor role. Everything else is refused, including no subject at all.
/// <see cref="Readable{T}"/> is the same rule as a query filter, so lists, counts, search and exports are filtered by the
/// database, never after loading.
/// </summary>
public static class AccessPolicy
{
    /// <summary>Roles that read marked records. Auditors read the audit log, not the records themselves.</summary>
    public const Roles Readers = Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator;

    /// <summary>Decides one (subject, record, action).</summary>
    public static bool Allows(AccessSubject? subject, IMarked record, AccessAction action)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (subject is null || !Permissions.CanRead(subject))
        {
            return false;
        }
        if (action == AccessAction.Write && !Permissions.CanWrite(subject))
        {
            return false;
        }
        return Releasable(subject.Participant, record.Releasability)
               && subject.Clearance >= record.Classification
               && subject.Areas.Contains(record.Area, StringComparer.Ordinal);
    }

    /// <summary>
    /// Every marking, as printed, that <paramref name="subject"/>'s participant, clearance and areas cover, whatever their roles:
    /// what an auditor may see of entries about marked records. Empty for no subject.
    /// </summary>
    public static IReadOnlyList<string> CoveredMarkings(AccessSubject? subject)
    {
        if (subject is null)
        {
            return [];
        }
        return [.. from c in Enum.GetValues<SecurityClassification>()
                   where c <= subject.Clearance
                   from r in Enum.GetValues<Releasability>()
                   where Releasable(subject.Participant, r)
                   from a in subject.Areas.Distinct(StringComparer.Ordinal)
                   select new Marking(c, r, a).ToString()];
    }

    /// <summary>True when <paramref name="releasability"/> lets <paramref name="participant"/> see the record.</summary>
    public static bool Releasable(Participant participant, Releasability releasability) => releasability switch
    {
        Releasability.RelCanUkr => true,
        Releasability.CanEyesOnly => participant == Participant.Canada,
        Releasability.UkrEyesOnly => participant == Participant.Ukraine,
        _ => false,
    };

    /// <summary>
    /// The read rule as a predicate the database evaluates; no subject or no reading role matches nothing. The areas are written
    /// into the predicate as an <c>IN (…)</c> list of literals (at most the ten key components and the framework group), which the database tests in the row
    /// itself, rather than as a collection parameter it would unpack for every row.
    /// </summary>
    public static Expression<Func<T, bool>> Readable<T>(AccessSubject? subject) where T : class, IMarked
    {
        if (subject is null || !Permissions.CanRead(subject) || subject.Areas.Count == 0)
        {
            return _ => false;
        }
        var own = subject.Participant switch
        {
            Participant.Canada => Releasability.CanEyesOnly,
            Participant.Ukraine => Releasability.UkrEyesOnly,
            _ => throw new ArgumentOutOfRangeException(nameof(subject), "unknown participant"),
        };
        var r = Expression.Parameter(typeof(T), "r");
        var releasability = Expression.Property(r, nameof(IMarked.Releasability));
        var releasable = Expression.OrElse(
            Expression.Equal(releasability, Expression.Constant(Releasability.RelCanUkr)),
            Expression.Equal(releasability, Expression.Constant(own)));
        var cleared = Expression.LessThanOrEqual(
            Expression.Convert(Expression.Property(r, nameof(IMarked.Classification)), typeof(int)),
            Expression.Constant((int)subject.Clearance));
        var area = Expression.Property(r, nameof(IMarked.Area));
        var inArea = subject.Areas.Distinct(StringComparer.Ordinal)
            .Select(a => (Expression)Expression.Equal(area, Expression.Constant(a)))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(Expression.AndAlso(releasable, cleared), inArea), r);
    }

    /// <summary>
    /// The rule for readers without an account, as a predicate the database evaluates: a record released to the public and, still
    /// now, UNCLASSIFIED // REL CAN UKR. A release never reaches past the marking: a record marked higher after its release is not public.
    /// </summary>
    public static Expression<Func<T, bool>> Public<T>() where T : class, IReleasable =>
        r => r.ReleasedAt != null && r.Classification == SecurityClassification.Unclassified && r.Releasability == Releasability.RelCanUkr;
}

/// <summary>A marked record that approvers may release to the public.</summary>
public interface IReleasable : IMarked
{
    /// <summary>When it was released to the public; null while it is not public.</summary>
    Instant? ReleasedAt { get; }
}
