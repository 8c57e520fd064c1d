using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Identity;

/// <summary>A person's account: Identity's sign-in data plus their participant, organisation, clearance, roles and areas.</summary>
public sealed class UserAccount : IdentityUser<Guid>
{
    /// <summary>Name shown to others.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Canada or Ukraine.</summary>
    public Participant Participant { get; set; }

    /// <summary>The department or agency (Global Affairs Canada, Ministry of Defence of Ukraine …), one of the participant's.</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>The organisation, when loaded with the account.</summary>
    public Organisation? Organisation { get; set; }

    /// <summary>Highest classification the user may read.</summary>
    public SecurityClassification Clearance { get; set; }

    /// <summary>Roles held.</summary>
    public Roles Roles { get; set; }

    /// <summary>Areas of need: key component ids.</summary>
    public List<string> Areas { get; set; } = [];

    /// <summary>A disabled account cannot sign in and its sessions end.</summary>
    public bool Disabled { get; set; }

    /// <summary>Set for a password someone else chose (the first administrator's, a reset): it must be changed at sign-in.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>The last TOTP time step accepted, so that no code is accepted twice.</summary>
    public long? LastTotpStep { get; set; }

    /// <summary>When the account was created.</summary>
    public Instant CreatedAt { get; set; }

    /// <summary>True when the account's roles require a second factor at sign-in.</summary>
    public bool RequiresTwoFactor => (Roles & (Roles.Approver | Roles.Administrator)) != 0;

    /// <summary>The account as the access policy sees it.</summary>
    public AccessSubject ToSubject() => new(Id, UserName ?? Id.ToString(), Participant, Clearance, Roles, Areas);

    /// <summary>
    /// Who the account acts as in a session (<paramref name="scopes"/> null) or through a token of <paramref name="scopes"/>; null while
    /// it is disabled, its password chosen by someone else is not yet replaced, or the second factor its roles need is not set up.
    /// A read-only token loses the roles that change things, but an owner who reads through one of them (a contributor without the
    /// viewer role, say) still reads through the token.
    /// </summary>
    public AccessSubject? ActingAs(TokenScopes? scopes)
    {
        if (Disabled || MustChangePassword || (RequiresTwoFactor && !TwoFactorEnabled))
        {
            return null;
        }
        var subject = ToSubject();
        if (scopes is { } s && !s.HasFlag(TokenScopes.Write))
        {
            var reads = (subject.Roles & AccessPolicy.Readers) != 0;
            subject = subject with
            {
                Roles = (subject.Roles & ~(Roles.Contributor | Roles.Approver | Roles.Administrator)) | (reads ? Roles.Viewer : Roles.None),
            };
        }
        return subject;
    }
}

/// <summary>How an account is stored beyond Identity's own columns, and what its names may hold.</summary>
public sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    /// <summary>Longest user name an account may be given.</summary>
    public const int MaxUserName = 64;

    /// <summary>The characters a user name may hold.</summary>
    public const string UserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";

    /// <summary>The width of a column that keeps a user name beside a record: that of Identity's own user name column.</summary>
    public const int StoredUserName = 256;

    /// <summary>Longest display name.</summary>
    public const int MaxDisplayName = 200;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<UserAccount> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(u => u.DisplayName).HasMaxLength(MaxDisplayName);
        // Optional in the table so that the store can hold an account while it is being set up; the use case requires one.
        builder.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
