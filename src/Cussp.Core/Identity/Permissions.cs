namespace Cussp.Identity;

/// <summary>
/// What a role lets a user do, asked alike by the use cases (which enforce it), the API and the pages (which offer only what
/// would be allowed). Whether a user may see a particular record is <see cref="AccessPolicy"/>'s question; these are the role
/// and origin rules on top of it.
/// </summary>
public static class Permissions
{
    /// <summary>Reads marked records (within what <see cref="AccessPolicy"/> lets them see): any reading role.</summary>
    public static bool CanRead(AccessSubject? subject) => subject is not null && (subject.Roles & AccessPolicy.Readers) != 0;

    /// <summary>Screens names against the sanctions lists: the names say whom a participant is looking at, so readers only.</summary>
    public static bool CanScreen(AccessSubject? subject) => CanRead(subject);

    /// <summary>Creates and changes marked records (within what <see cref="AccessPolicy"/> lets them read).</summary>
    public static bool CanWrite(AccessSubject? subject) => subject?.Has(Roles.Contributor) == true;

    /// <summary>Reads the audit log: auditors, each seeing the entries about marked records their participant, clearance and areas cover.</summary>
    public static bool CanAudit(AccessSubject? subject) => subject?.Has(Roles.Auditor) == true;

    /// <summary>Manages the accounts and organisations of the subject's participant (under <see cref="AccountAdministrator"/>'s rules).</summary>
    public static bool CanAdminister(AccessSubject? subject) => subject?.Has(Roles.Administrator) == true;

    /// <summary>Proposes joint decisions: contributors and approvers.</summary>
    public static bool CanPropose(AccessSubject? subject) => subject is not null && (subject.Has(Roles.Contributor) || subject.Has(Roles.Approver));

    /// <summary>
    /// Scores how well commitments were kept in a year: approvers, who already speak for their participant on completion; each score
    /// names its assessor and both sides' scores stand side by side in the history.
    /// </summary>
    public static bool CanAssess(AccessSubject? subject) => subject?.Has(Roles.Approver) == true;

    /// <summary>Approves or rejects joint decisions for the subject's participant at all: approvers.</summary>
    public static bool CanVote(AccessSubject? subject) => subject?.Has(Roles.Approver) == true;

    /// <summary>
    /// Approves or rejects a joint decision for the subject's participant: an approver, who did not propose it themselves when
    /// approving (the proposer's own side approves through another approver). A proposer may still reject, which withdraws it.
    /// </summary>
    public static bool CanVote(AccessSubject? subject, Guid proposedBy, bool approve) =>
        CanVote(subject) && (!approve || subject!.UserId != proposedBy);

    /// <summary>
    /// Changes a record's marking: only a writer of the participant that originated the record. The other participant may edit
    /// what it may write, but never decide how the originator's information is protected.
    /// </summary>
    public static bool CanChangeMarking(AccessSubject? subject, Participant originator) =>
        CanWrite(subject) && subject!.Participant == originator;

    /// <summary>
    /// Downgrades a record (lowers its classification or widens its releasability): a writer of the originating participant whose
    /// clearance covers the marking being lowered.
    /// </summary>
    public static bool CanDowngrade(AccessSubject? subject, Participant originator, IMarked record) =>
        record is not null && CanChangeMarking(subject, originator) && subject!.Clearance >= record.Classification;
}
