using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Cussp.Identity;

/// <summary>
/// Identity's PBKDF2 hasher applied to the NFKC form of the password (<see cref="PasswordRules.Normalise"/>), so that a password
/// set on one device is accepted when typed on another that composes accents or widths differently. A hash stored before
/// passwords were normalised is still accepted for the password as typed then, and rehashed in the normal form.
/// </summary>
public sealed class NormalisingPasswordHasher(IOptions<PasswordHasherOptions> options) : IPasswordHasher<UserAccount>
{
    private readonly PasswordHasher<UserAccount> _inner = new(options);

    /// <inheritdoc />
    public string HashPassword(UserAccount user, string password) => _inner.HashPassword(user, PasswordRules.Normalise(password));

    /// <inheritdoc />
    public PasswordVerificationResult VerifyHashedPassword(UserAccount user, string hashedPassword, string providedPassword)
    {
        ArgumentNullException.ThrowIfNull(providedPassword);
        var normalised = PasswordRules.Normalise(providedPassword);
        var result = _inner.VerifyHashedPassword(user, hashedPassword, normalised);
        if (result != PasswordVerificationResult.Failed || ReferenceEquals(normalised, providedPassword))
        {
            return result;
        }
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword) == PasswordVerificationResult.Failed
            ? PasswordVerificationResult.Failed
            : PasswordVerificationResult.SuccessRehashNeeded;
    }
}
