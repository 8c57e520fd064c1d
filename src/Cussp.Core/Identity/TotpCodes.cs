using System.Security.Cryptography;
using OtpNet;

namespace Cussp.Identity;

/// <summary>
/// Authenticator-app codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, one step of drift either way). A code is accepted
/// only for a time step later than the last one accepted for the account, so a code seen over a shoulder or replayed from a
/// log cannot be used again.
/// </summary>
public sealed class TotpCodes(IClock clock)
{
    /// <summary>A new random shared key, Base32 as authenticator apps expect.</summary>
    public static string NewKey() => Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));

    /// <summary>The <c>otpauth://</c> URI an authenticator app reads from a QR code.</summary>
    public static string EnrolmentUri(string key, string account) =>
        $"otpauth://totp/{Uri.EscapeDataString("CUSSP Desk:" + account)}?secret={key}&issuer={Uri.EscapeDataString("CUSSP Desk")}&digits=6&period=30";

    /// <summary>The code for the current time step (for tests and for showing what an app would show).</summary>
    public string CurrentCode(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(clock.GetCurrentInstant().ToDateTimeUtc());

    /// <summary>The time step <paramref name="code"/> matches, when it is valid now and later than <paramref name="lastStep"/>.</summary>
    public long? Verify(string key, string? code, long? lastStep)
    {
        ArgumentNullException.ThrowIfNull(key);
        var digits = string.Concat((code ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-'));
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }
        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(clock.GetCurrentInstant().ToDateTimeUtc(), digits, out var step, new VerificationWindow(previous: 1, future: 1)))
        {
            return null;
        }
        return lastStep is { } last && step <= last ? null : step;
    }
}
