using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Cussp.Identity;

/// <summary>
/// Passwords per OWASP ASVS 5.0 V6 and NIST SP 800-63B §5.1.1.2: at least 12 characters and up to 128 (any Unicode, spaces
/// included), no composition rules, and none of the 30,000 commonest passwords, nor the user name, nor one or two characters
/// repeated. Passwords are normalised to NFKC and each Unicode code point counts as one character, so the same password typed
/// on another keyboard or input method is the same password (<see cref="NormalisingPasswordHasher"/> hashes that form).
/// Identity's own composition checks are turned off in favour of this one.
/// </summary>
public sealed class PasswordRules : IPasswordValidator<UserAccount>
{
    /// <summary>Fewest characters.</summary>
    public const int MinimumLength = 12;

    /// <summary>Most characters (ASVS requires at least 64 to be allowed).</summary>
    public const int MaximumLength = 128;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    /// <summary>Why <paramref name="password"/> is refused for <paramref name="userName"/>, or null when it is accepted.</summary>
    public static string? Check(string? password, string? userName)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Enter a password.";
        }
        var normalised = Normalise(password);
        var length = normalised.EnumerateRunes().Count();
        if (length < MinimumLength)
        {
            return $"Use at least {MinimumLength} characters (this one has {length}). A few unrelated words make a good password.";
        }
        if (length > MaximumLength)
        {
            return $"Use at most {MaximumLength} characters (this one has {length}).";
        }
        var lower = normalised.ToLowerInvariant();
        if (Common.Value.Contains(lower))
        {
            return "This password is one of the most common passwords; choose another.";
        }
        if (lower.Distinct().Count() <= 2)
        {
            return "This password repeats one or two characters; choose another.";
        }
        if (!string.IsNullOrEmpty(userName) && lower.Contains(userName.ToLowerInvariant(), StringComparison.Ordinal))
        {
            return "The password must not contain the user name.";
        }
        return null;
    }

    /// <summary>The form a password is checked and hashed in: Unicode NFKC (fullwidth letters, ligatures and composed accents folded).</summary>
    public static string Normalise(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return password.IsNormalized(NormalizationForm.FormKC) ? password : password.Normalize(NormalizationForm.FormKC);
    }

    /// <inheritdoc />
    public Task<IdentityResult> ValidateAsync(UserManager<UserAccount> manager, UserAccount user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var problem = Check(password, user.UserName);
        return Task.FromResult(problem is null
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "PasswordRules", Description = problem }));
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("Cussp.Identity.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }
        return set;
    }
}
