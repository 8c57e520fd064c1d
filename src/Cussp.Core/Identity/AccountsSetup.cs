using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cussp.Identity;

/// <summary>Registers the account store and its rules; the web host adds sign-in and cookies on top.</summary>
public static class AccountsSetup
{
    /// <summary>Identity on the product's database with the product's password, lockout and hashing rules.</summary>
    public static IdentityBuilder AddCusspAccounts(this IServiceCollection services)
    {
        services.AddPerScope(typeof(Accounts), typeof(Organisations), typeof(TotpCodes), typeof(AccessTokens), typeof(SignInThrottle));
        var builder = services.AddIdentityCore<UserAccount>(o =>
            {
                // Composition rules are off: PasswordRules applies ASVS 5.0 V6 (length, common passwords) instead.
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Password.RequiredLength = PasswordRules.MinimumLength;
                // No lockout: a lock that anyone can trigger by typing a name wrong is a denial of service. SignInThrottle slows
                // guessing instead.
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = false;
                o.User.AllowedUserNameCharacters = UserAccountConfiguration.UserNameCharacters;
            })
            .AddEntityFrameworkStores<CusspDbContext>()
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
