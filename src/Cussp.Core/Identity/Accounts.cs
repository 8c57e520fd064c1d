using System.Security.Cryptography;
using Cussp.Agreements;
using Cussp.Audit;
using Cussp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace Cussp.Identity;

/// <summary>What an administrator sends to create or change an account.</summary>
/// <param name="UserName">Sign-in name: letters, digits, <c>-._@</c>.</param>
/// <param name="DisplayName">Name shown to others.</param>
/// <param name="Participant">Canada or Ukraine.</param>
/// <param name="Organisation">Department or agency.</param>
/// <param name="Clearance">Highest classification readable.</param>
/// <param name="Roles">Roles held.</param>
/// <param name="Areas">Areas of need (key component ids).</param>
public sealed record AccountInput(string UserName, string DisplayName, Participant Participant, string Organisation,
    SecurityClassification Clearance, Roles Roles, IReadOnlyList<string> Areas);

/// <summary>An account change was refused; the message says what and where.</summary>
public sealed class AccountInputException : Exception
{
    /// <summary>Creates the error.</summary>
    public AccountInputException(string message) : base(message)
    {
    }

    /// <summary>Creates the error (serializers only).</summary>
    public AccountInputException()
    {
    }

    /// <summary>Creates the error with a cause.</summary>
    public AccountInputException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>Registers the account store and its rules; the web host adds sign-in and cookies on top.</summary>
public static class AccountsSetup
{
    /// <summary>Identity on the product's database with the product's password, lockout and hashing rules.</summary>
    public static IdentityBuilder AddCusspAccounts(this IServiceCollection services)
    {
        services.AddScoped<Accounts>();
        services.AddScoped<TotpCodes>();
        services.AddScoped<AccessTokens>();
        var builder = services.AddIdentityCore<UserAccount>(o =>
            {
                // Composition rules are off: PasswordRules applies ASVS 5.0 V6 (length, common passwords) instead.
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Password.RequiredLength = PasswordRules.MinimumLength;
                o.Lockout.MaxFailedAccessAttempts = Accounts.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
            })
            .AddEntityFrameworkStores<CusspDbContext>()
            .AddUserManager<CusspUserManager>()
            .AddPasswordValidator<PasswordRules>();
        // PBKDF2 with HMAC-SHA512 (Identity's V3 format), at OWASP's figure for that hash, of the password's NFKC form.
        services.Configure<PasswordHasherOptions>(o =>
        {
            o.CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3;
            o.IterationCount = Accounts.HashIterations;
        });
        services.Replace(ServiceDescriptor.Scoped<IPasswordHasher<UserAccount>, NormalisingPasswordHasher>());
        return builder;
    }
}

/// <summary>
/// Creating, listing, disabling accounts and resetting their second factor; accepting authenticator codes once; the first
/// administrator at first start.
/// </summary>
public sealed class Accounts(UserManager<UserAccount> users, CusspDbContext db, IClock clock, TotpCodes totp, AuditTrail audit)
{
    /// <summary>Failed sign-ins before an account is locked.</summary>
    public const int MaxFailedAttempts = 5;

    /// <summary>PBKDF2-HMAC-SHA512 iterations (OWASP: at least 210,000).</summary>
    public const int HashIterations = 210_000;

    /// <summary>Every account, by user name.</summary>
    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct = default) =>
        await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);

    /// <summary>One account by user name, or null.</summary>
    public Task<UserAccount?> FindAsync(string userName) => users.FindByNameAsync(userName);

    /// <summary>Creates an account with a generated one-time password that must be changed at first sign-in; returns the password.</summary>
    /// <exception cref="AccountInputException">The input breaks a rule.</exception>
    public async Task<(UserAccount User, string Password)> CreateAsync(AccountInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        var user = new UserAccount
        {
            Id = Guid.NewGuid(),
            UserName = input.UserName.Trim(),
            CreatedAt = clock.GetCurrentInstant(),
            MustChangePassword = true,
        };
        Apply(user, input);
        var password = NewPassword();
        Check(await users.CreateAsync(user, password), "user name");
        return (user, password);
    }

    /// <summary>Changes an account's profile; a changed account's sessions end so that its new access applies everywhere at once.</summary>
    public async Task<UserAccount> UpdateAsync(Guid id, AccountInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        var user = await users.FindByIdAsync(id.ToString()) ?? throw new AccountInputException($"There is no account {id}.");
        Apply(user, input);
        Check(await users.UpdateAsync(user), "account");
        Check(await users.UpdateSecurityStampAsync(user), "account");
        return user;
    }

    /// <summary>Disables or re-enables an account; disabling ends its sessions and stops its tokens.</summary>
    public async Task<UserAccount> SetDisabledAsync(string userName, bool disabled)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new AccountInputException($"There is no account \"{userName}\".");
        user.Disabled = disabled;
        Check(await users.UpdateAsync(user), "account");
        Check(await users.UpdateSecurityStampAsync(user), "account");
        return user;
    }

    /// <summary>Removes the account's authenticator and recovery codes; it must enrol again at its next sign-in.</summary>
    public async Task<UserAccount> ResetTwoFactorAsync(string userName)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new AccountInputException($"There is no account \"{userName}\".");
        Check(await users.SetTwoFactorEnabledAsync(user, false), "account");
        Check(await users.ResetAuthenticatorKeyAsync(user), "account");
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        user.LastTotpStep = null;
        Check(await users.UpdateAsync(user), "account");
        return user;
    }

    /// <summary>
    /// True when <paramref name="code"/> is the account's authenticator code for a time step later than any accepted before, which
    /// it then claims for good. The claim is one conditional write (<c>UPDATE … WHERE LastTotpStep &lt; step</c>), so of two
    /// requests racing with the same code exactly one wins, whichever node each reached.
    /// </summary>
    public async Task<bool> AcceptTotpCodeAsync(UserAccount user, string? code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || totp.Verify(key, code, user.LastTotpStep) is not { } step)
        {
            return false;
        }
        var previous = user.LastTotpStep;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The entry is sealed first: every audited write takes the log's head before any row, so this order cannot deadlock with
        // them. When the step turns out to be taken, the rollback removes the entry with the (absent) change.
        audit.Changed("account.totp-accepted", nameof(UserAccount), user.Id.ToString(), new { LastTotpStep = previous }, new { LastTotpStep = step });
        await audit.SaveAsync(ct);
        // The concurrency stamp changes with the step: Identity saves whole account rows under that stamp, so a request still
        // holding the account as it was (a racer counting its failure, say) cannot write the old step back and open the door again.
        var stamp = Guid.NewGuid().ToString();
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.LastTotpStep == null || u.LastTotpStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpStep, step).SetProperty(u => u.ConcurrencyStamp, stamp), ct);
        if (claimed != 1)
        {
            return false;
        }
        await transaction.CommitAsync(ct);
        // The loaded account learns the row as stored, so that its next save neither fails on the stamp nor logs the step again.
        var entry = db.Entry(user);
        if (entry.State != EntityState.Detached)
        {
            entry.Property(u => u.LastTotpStep).OriginalValue = step;
            entry.Property(u => u.ConcurrencyStamp).OriginalValue = stamp;
        }
        user.LastTotpStep = step;
        user.ConcurrencyStamp = stamp;
        return true;
    }

    /// <summary>Sets a new one-time password (an administrator's reset); returns it.</summary>
    public async Task<string> ResetPasswordAsync(string userName)
    {
        var user = await users.FindByNameAsync(userName) ?? throw new AccountInputException($"There is no account \"{userName}\".");
        var password = NewPassword();
        Check(await users.RemovePasswordAsync(user), "password");
        Check(await users.AddPasswordAsync(user, password), "password");
        user.MustChangePassword = true;
        Check(await users.UpdateAsync(user), "account");
        return password;
    }

    /// <summary>
    /// At first start, when there is no account at all, creates the administrator <c>admin</c> and returns its one-time password,
    /// to be printed once; otherwise null. There are no default passwords.
    /// </summary>
    public async Task<string?> EnsureFirstAdministratorAsync(Participant participant, CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct))
        {
            return null;
        }
        var (_, password) = await CreateAsync(new AccountInput("admin", "Administrator", participant, "CUSSP Desk",
            SecurityClassification.Unclassified, Roles.Administrator, []));
        return password;
    }

    /// <summary>A random 20-character password (about 119 bits) from an alphabet without look-alike characters.</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    private static void Apply(UserAccount user, AccountInput input)
    {
        user.DisplayName = input.DisplayName.Trim();
        user.Participant = input.Participant;
        user.Organisation = input.Organisation.Trim();
        user.Clearance = input.Clearance;
        user.Roles = input.Roles;
        user.Areas = input.Areas.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static void Validate(AccountInput input)
    {
        if (string.IsNullOrWhiteSpace(input.UserName) || input.UserName.Length > 64)
        {
            throw new AccountInputException("user name: 1–64 letters, digits, '-', '.', '_' or '@'.");
        }
        if (string.IsNullOrWhiteSpace(input.DisplayName) || input.DisplayName.Length > 200)
        {
            throw new AccountInputException("display name: 1–200 characters.");
        }
        if (!Enum.IsDefined(input.Participant))
        {
            throw new AccountInputException("participant: Canada or Ukraine.");
        }
        if (input.Organisation.Length > 200)
        {
            throw new AccountInputException("organisation: at most 200 characters.");
        }
        if (!Enum.IsDefined(input.Clearance))
        {
            throw new AccountInputException("clearance: UNCLASSIFIED, PROTECTED A, PROTECTED B, CONFIDENTIAL or SECRET.");
        }
        if (input.Areas.FirstOrDefault(a => KeyComponents.Find(a) is null) is { } bad)
        {
            throw new AccountInputException($"areas: \"{bad}\" is not a key component; use {string.Join(", ", KeyComponents.All.Select(c => c.Id))}.");
        }
    }

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            throw new AccountInputException($"{field}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
