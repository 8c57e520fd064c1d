using System.Security.Cryptography;
using Cussp.Agreements;
using Microsoft.AspNetCore.Identity;

namespace Cussp.Identity;

/// <summary>What an administrator sends to create or change an account.</summary>
/// <param name="UserName">Sign-in name: letters, digits, <c>-._@</c>.</param>
/// <param name="DisplayName">Name shown to others.</param>
/// <param name="Participant">Canada or Ukraine.</param>
/// <param name="Organisation">Short name of one of the participant's organisations (<c>GAC</c>, <c>SBU</c> …).</param>
/// <param name="Clearance">Highest classification readable.</param>
/// <param name="Roles">Roles held.</param>
/// <param name="Areas">Areas of need (key component ids).</param>
public sealed record AccountInput(string UserName, string DisplayName, Participant Participant, string Organisation,
    SecurityClassification Clearance, Roles Roles, IReadOnlyList<string> Areas);

/// <summary>
/// Creating, listing, changing and disabling accounts and resetting their second factor, under the administration rules of
/// <see cref="AccountAdministrator"/>, each change written to the audit log with the account before and after; accepting
/// authenticator codes once; the first administrator at first start.
/// </summary>
public sealed partial class Accounts(UserManager<UserAccount> users, CusspDbContext db, IClock clock, TotpCodes totp, AuditTrail audit,
    Organisations organisations)
{
    /// <summary>PBKDF2-HMAC-SHA512 iterations (OWASP: at least 210,000).</summary>
    public const int HashIterations = 210_000;

    /// <summary>The record type of account entries in the audit log.</summary>
    public const string RecordType = "UserAccount";

    /// <summary>The accounts <paramref name="by"/> manages, with their organisations, by user name.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(AccountAdministrator by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        return await Managed(by).Include(u => u.Organisation).OrderBy(u => u.UserName).ToListAsync(ct);
    }

    /// <summary>One account <paramref name="by"/> manages, with its organisation; null when there is none (or it is the other participant's).</summary>
    public async Task<UserAccount?> GetAsync(AccountAdministrator by, Guid id, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        return await Managed(by).Include(u => u.Organisation).FirstOrDefaultAsync(u => u.Id == id, ct);
    }

    /// <summary>Creates an account with a generated one-time password that must be changed at first sign-in; returns the password.</summary>
    /// <exception cref="InvalidInputException">The input breaks a rule.</exception>
    /// <exception cref="RefusedException">An administration rule refuses it.</exception>
    public async Task<(UserAccount User, string Password)> CreateAsync(AccountAdministrator by, AccountInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        by.EnsureManages(input.Participant);
        var organisation = await OrganisationForAsync(input, null, ct);
        var user = new UserAccount
        {
            Id = Guid.NewGuid(),
            UserName = input.UserName.Trim(),
            CreatedAt = clock.GetCurrentInstant(),
            MustChangePassword = true,
        };
        Apply(user, input, organisation);
        // Identity's own checks (a free user name) run before the entry is recorded, so a refused account leaves no entry behind.
        foreach (var validator in users.UserValidators)
        {
            Check(await validator.ValidateAsync(users, user), "userName", "user name");
        }
        var password = NewPassword(user.UserName);
        audit.Changed("account.create", RecordType, user.Id.ToString(), null, Trace(user, organisation));
        Check(await users.CreateAsync(user, password), "userName", "user name");
        return (await GetAsync(by, user.Id, ct) ?? user, password);
    }

    /// <summary>Changes an account's profile; when its access changes, its sessions end so that the new access applies everywhere at once.</summary>
    /// <exception cref="InvalidInputException">The input breaks a rule.</exception>
    /// <exception cref="NotFoundException">There is no such account that <paramref name="by"/> manages.</exception>
    /// <exception cref="RefusedException">An administration rule refuses it.</exception>
    public async Task<UserAccount> UpdateAsync(AccountAdministrator by, Guid id, AccountInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        var user = await TrackedAsync(by, u => u.Id == id, id.ToString(), ct);
        by.EnsureManages(input.Participant);
        var areas = Areas(input);
        if (by.Is(user.Id) && (input.Clearance != user.Clearance || input.Roles != user.Roles || !areas.SequenceEqual(user.Areas)
            || input.Participant != user.Participant))
        {
            throw new RefusedException("Nobody changes their own clearance, roles or areas: another administrator of your participant must do it.", AdministrationRule.NotYourself);
        }
        var staysAdministrator = input.Roles.HasFlag(Roles.Administrator) && input.Participant == user.Participant;
        await EnsureNotLastAdministratorAsync(user, staysAdministrator, ct);
        var organisation = await OrganisationForAsync(input, user.OrganisationId, ct);
        var before = Trace(user, await OrganisationOfAsync(user, ct));
        var accessChanges = input.Participant != user.Participant || input.Clearance != user.Clearance || input.Roles != user.Roles
            || !areas.SequenceEqual(user.Areas);
        Apply(user, input, organisation);
        audit.Changed("account.update", RecordType, user.Id.ToString(), before, Trace(user, organisation));
        // One save. A change of access also renews the security stamp, which ends the account's sessions; a new display name or
        // organisation leaves them open.
        Check(accessChanges ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user), null, "account");
        return await GetAsync(by, id, ct) ?? user;
    }

    /// <summary>Disables or re-enables an account; disabling ends its sessions and stops its tokens.</summary>
    /// <exception cref="RefusedException">An administration rule refuses it.</exception>
    public async Task<UserAccount> SetDisabledAsync(AccountAdministrator by, string userName, bool disabled, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var user = await ByNameAsync(by, userName, ct);
        if (user.Disabled == disabled)
        {
            return user;
        }
        if (disabled && by.Is(user.Id))
        {
            throw new RefusedException("You cannot disable your own account: another administrator of your participant must do it.", AdministrationRule.NotYourself);
        }
        if (disabled)
        {
            await EnsureNotLastAdministratorAsync(user, false, ct);
        }
        var organisation = await OrganisationOfAsync(user, ct);
        var before = Trace(user, organisation);
        user.Disabled = disabled;
        audit.Changed(disabled ? "account.disable" : "account.enable", RecordType, user.Id.ToString(), before, Trace(user, organisation));
        Check(await users.UpdateSecurityStampAsync(user), null, "account");
        return user;
    }

    /// <summary>Removes the account's authenticator and recovery codes; it must enrol again at its next sign-in.</summary>
    /// <exception cref="RefusedException">An administration rule refuses it.</exception>
    public async Task<UserAccount> ResetTwoFactorAsync(AccountAdministrator by, string userName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var user = await ByNameAsync(by, userName, ct);
        audit.Changed("account.reset-2fa", RecordType, user.Id.ToString(), new { TwoFactor = user.TwoFactorEnabled },
            new { TwoFactor = false, Authenticator = "[removed]", RecoveryCodes = "[removed]" });
        Check(await users.SetTwoFactorEnabledAsync(user, false), null, "account");
        Check(await users.ResetAuthenticatorKeyAsync(user), null, "account");
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        user.LastTotpStep = null;
        Check(await users.UpdateAsync(user), null, "account");
        return user;
    }

    /// <summary>Sets a new one-time password (an administrator's reset); returns it. The log records the reset, never the password.</summary>
    /// <exception cref="RefusedException">An administration rule refuses it.</exception>
    public async Task<string> ResetPasswordAsync(AccountAdministrator by, string userName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var user = await ByNameAsync(by, userName, ct);
        var password = NewPassword(user.UserName);
        audit.Changed("account.reset-password", RecordType, user.Id.ToString(), new { user.MustChangePassword },
            new { Password = "[redacted]", MustChangePassword = true });
        Check(await users.RemovePasswordAsync(user), "password", "password");
        Check(await users.AddPasswordAsync(user, password), "password", "password");
        user.MustChangePassword = true;
        Check(await users.UpdateAsync(user), null, "account");
        return password;
    }

    /// <summary>
    /// At first start, when there is no account at all, creates the administrator <c>admin</c> in the participant's joint
    /// secretariat with the highest clearance (SECRET) and every area, and returns its one-time password, to be printed once;
    /// otherwise null. There are no default passwords.
    /// </summary>
    public async Task<string?> EnsureFirstAdministratorAsync(Participant participant, CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct))
        {
            return null;
        }
        // Nobody may raise their own access, so a first administrator created with less could never be given more by anyone but
        // the host operator: it starts with everything its participant's records can ask for, and hands out less to others.
        var secretariat = Organisations.Seed.First(o => o.Id == Organisations.JointSecretariatOf(participant));
        var (_, password) = await CreateAsync(AccountAdministrator.HostOperator, new AccountInput("admin", "Administrator", participant,
            secretariat.ShortName, SecurityClassification.Secret, Roles.Administrator, [.. KeyComponents.Ids]), ct);
        return password;
    }

    /// <summary>One account <paramref name="by"/> manages, by user name, with its organisation.</summary>
    /// <exception cref="NotFoundException">There is no such account that <paramref name="by"/> manages.</exception>
    public async Task<UserAccount> GetByNameAsync(AccountAdministrator by, string userName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var normalized = users.NormalizeName(userName ?? "");
        return await Managed(by).Include(u => u.Organisation).FirstOrDefaultAsync(u => u.NormalizedUserName == normalized, ct)
            ?? throw new NotFoundException($"There is no account \"{userName}\" that you manage.");
    }

    /// <summary>
    /// A random 20-character password (about 119 bits) from an alphabet without look-alike characters, drawn again until the
    /// password rules accept it for <paramref name="userName"/>: a short user name turns up inside a random password now and then.
    /// </summary>
    public static string NewPassword(string? userName)
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        string password;
        do
        {
            password = RandomNumberGenerator.GetString(alphabet, 20);
        }
        while (PasswordRules.Check(password, userName) is not null);
        return password;
    }

    // The participant rule as a filter inside the query: another participant's accounts are never loaded.
    private IQueryable<UserAccount> Managed(AccountAdministrator by) =>
        by.Participant is { } p ? db.Users.AsNoTracking().Where(u => u.Participant == p) : db.Users.AsNoTracking();

    private async Task<UserAccount> TrackedAsync(AccountAdministrator by, System.Linq.Expressions.Expression<Func<UserAccount, bool>> which,
        string shown, CancellationToken ct)
    {
        var q = db.Users.Where(which);
        if (by.Participant is { } p)
        {
            q = q.Where(u => u.Participant == p);
        }
        return await q.FirstOrDefaultAsync(ct) ?? throw new NotFoundException($"There is no account {shown} that you manage.");
    }

    private Task<UserAccount> ByNameAsync(AccountAdministrator by, string userName, CancellationToken ct)
    {
        var normalized = users.NormalizeName(userName ?? "");
        return TrackedAsync(by, u => u.NormalizedUserName == normalized, $"\"{userName}\"", ct);
    }

    /// <summary>The last active administrator of a participant stays one: someone must be able to manage its accounts.</summary>
    private async Task EnsureNotLastAdministratorAsync(UserAccount user, bool staysAdministrator, CancellationToken ct)
    {
        if (staysAdministrator || user.Disabled || !user.Roles.HasFlag(Roles.Administrator))
        {
            return;
        }
        var participant = user.Participant;
        var another = await db.Users.AsNoTracking().AnyAsync(u => u.Id != user.Id && u.Participant == participant && !u.Disabled
            && (u.Roles & Roles.Administrator) == Roles.Administrator, ct);
        if (!another)
        {
            throw new RefusedException($"{user.UserName} is the last active administrator of {participant}: make another {participant} account an administrator first.", AdministrationRule.LastAdministrator);
        }
    }

    /// <summary>The organisation the input names: one of the account's participant, active unless the account already has it.</summary>
    private async Task<Organisation> OrganisationForAsync(AccountInput input, Guid? current, CancellationToken ct)
    {
        var choices = await organisations.ChoicesAsync(input.Participant, current, ct);
        var wanted = input.Organisation.Trim();
        if (choices.FirstOrDefault(o => string.Equals(o.ShortName, wanted, StringComparison.OrdinalIgnoreCase)) is { } found)
        {
            return found;
        }
        var retired = await organisations.FindByShortNameAsync(input.Participant, wanted, ct);
        var why = wanted.Length == 0 ? "choose one"
            : retired is { Retired: true } ? $"\"{retired.ShortName}\" is retired and takes no new accounts"
            : $"{input.Participant} has no organisation \"{wanted}\"";
        throw InvalidInputException.About("organisation",
            $"organisation: {why}; use {string.Join(", ", choices.Where(o => !o.Retired).Select(o => o.ShortName))}.");
    }

    private async Task<Organisation?> OrganisationOfAsync(UserAccount user, CancellationToken ct) =>
        user.OrganisationId is { } id ? await db.Organisations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) : null;

    /// <summary>What the audit log keeps of an account: its profile and access, never its password, stamps or keys.</summary>
    private static object Trace(UserAccount u, Organisation? organisation) => new
    {
        u.UserName,
        u.DisplayName,
        u.Participant,
        Organisation = organisation?.ShortName,
        Clearance = u.Clearance.Label(),
        Roles = u.Roles.ToString(),
        Areas = u.Areas.ToArray(),
        u.Disabled,
    };

    private static List<string> Areas(AccountInput input) => input.Areas.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static void Apply(UserAccount user, AccountInput input, Organisation organisation)
    {
        user.DisplayName = input.DisplayName.Trim();
        user.Participant = input.Participant;
        user.OrganisationId = organisation.Id;
        user.Clearance = input.Clearance;
        user.Roles = input.Roles;
        user.Areas = Areas(input);
    }

    private static void Validate(AccountInput input)
    {
        if (string.IsNullOrWhiteSpace(input.UserName) || input.UserName.Length > UserAccountConfiguration.MaxUserName)
        {
            throw InvalidInputException.About("userName", $"user name: 1–{UserAccountConfiguration.MaxUserName} letters, digits, '-', '.', '_' or '@'.");
        }
        if (string.IsNullOrWhiteSpace(input.DisplayName) || input.DisplayName.Length > UserAccountConfiguration.MaxDisplayName)
        {
            throw InvalidInputException.About("displayName", $"display name: 1–{UserAccountConfiguration.MaxDisplayName} characters.");
        }
        if (TextInput.Problem("display name", input.DisplayName, TextShape.SingleLine) is { } unreadable)
        {
            throw InvalidInputException.About("displayName", unreadable);
        }
        if (!Enum.IsDefined(input.Participant))
        {
            throw InvalidInputException.About("participant", "participant: Canada or Ukraine.");
        }
        if (!Enum.IsDefined(input.Clearance))
        {
            throw InvalidInputException.About("clearance", "clearance: UNCLASSIFIED, PROTECTED A, PROTECTED B, CONFIDENTIAL or SECRET.");
        }
        if ((input.Roles & ~(Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator | Roles.Auditor)) != 0)
        {
            throw InvalidInputException.About("roles", "roles: viewer, contributor, approver, administrator or auditor.");
        }
        if (input.Areas.FirstOrDefault(a => KeyComponents.Known(a) is null) is { } bad)
        {
            throw InvalidInputException.About("areas", $"areas: \"{bad}\" is not an area; use {string.Join(", ", KeyComponents.Ids)}.");
        }
    }

    private static void Check(IdentityResult result, string? field, string label)
    {
        if (!result.Succeeded)
        {
            var message = $"{label}: {string.Join(" ", result.Errors.Select(e => e.Description))}";
            throw field is null ? new InvalidInputException(message) : InvalidInputException.About(field, message);
        }
    }
}
