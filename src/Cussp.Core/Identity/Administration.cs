namespace Cussp.Identity;

/// <summary>
/// Who manages accounts and organisations, and the rules that bind them. Each government clears its own people, so:
/// <list type="number">
/// <item>An administrator acting in the web application manages the accounts and organisations of their own participant only:
/// a Canadian administrator never creates, sees, edits, disables or clears a Ukrainian official's account, nor a Ukrainian
/// organisation, and cannot move an account to the other participant.</item>
/// <item>Nobody changes their own clearance, roles or areas of need, nor disables their own account: another administrator of
/// the same participant must do it, so no single person can raise their own access.</item>
/// <item>The last active administrator of a participant cannot be disabled or lose the administrator role: each participant
/// keeps someone who can manage its accounts.</item>
/// <item>The host operator at the command line (<c>cussp users …</c>) may manage any account of either participant, because
/// whoever runs the host already holds its database; the last-administrator rule still applies.</item>
/// </list>
/// Everything else is refused, including someone without the administrator role. The rules are enforced in the use cases
/// (<see cref="Accounts"/>, <see cref="Organisations"/>), not only by what the pages show.
/// </summary>
public sealed class AccountAdministrator
{
    private AccountAdministrator(Guid? userId, string name, Participant? participant)
    {
        UserId = userId;
        Name = name;
        Participant = participant;
    }

    /// <summary>The operator of the host at its command line: manages every account.</summary>
    public static AccountAdministrator HostOperator { get; } = new(null, "host operator", null);

    /// <summary>The signed-in administrator <paramref name="subject"/>, who manages their own participant only.</summary>
    /// <exception cref="RefusedException">No subject, or one without the administrator role.</exception>
    public static AccountAdministrator Of(AccessSubject? subject) =>
        subject is not null && Permissions.CanAdminister(subject)
            ? new AccountAdministrator(subject.UserId, subject.Name, subject.Participant)
            : throw new RefusedException("Only an administrator manages accounts and organisations.", AdministrationRule.Administrator);

    /// <summary>The administrator's account; null for the host operator.</summary>
    public Guid? UserId { get; }

    /// <summary>User name, for messages.</summary>
    public string Name { get; }

    /// <summary>The participant managed; null for the host operator, who manages both.</summary>
    public Participant? Participant { get; }

    /// <summary>True when this administrator manages accounts and organisations of <paramref name="participant"/>.</summary>
    public bool Manages(Participant participant) => Participant is null || Participant == participant;

    /// <summary>True when <paramref name="userId"/> is this administrator's own account.</summary>
    public bool Is(Guid userId) => UserId == userId;

    /// <summary>Refuses unless this administrator manages <paramref name="participant"/>.</summary>
    /// <exception cref="RefusedException">The other participant's accounts or organisations.</exception>
    public void EnsureManages(Participant participant)
    {
        if (!Manages(participant))
        {
            throw new RefusedException(
                $"{Participant} administrators manage {Participant} accounts and organisations only; {participant} clears its own people.",
                AdministrationRule.OwnParticipant);
        }
    }
}

/// <summary>The administration rules of <see cref="AccountAdministrator"/>, to say which one refused.</summary>
public enum AdministrationRule
{
    /// <summary>Only administrators (or the host operator) manage accounts and organisations.</summary>
    Administrator,
    /// <summary>An administrator manages their own participant's accounts and organisations only.</summary>
    OwnParticipant,
    /// <summary>Nobody changes their own clearance, roles or areas, nor disables their own account.</summary>
    NotYourself,
    /// <summary>The last active administrator of a participant is neither disabled nor demoted.</summary>
    LastAdministrator,
}
