using Cussp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cussp.Identity;

/// <summary>Identity's account manager, with failed sign-ins that are all counted even when requests race.</summary>
public sealed class CusspUserManager(IUserStore<UserAccount> store, IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<UserAccount> passwordHasher, IEnumerable<IUserValidator<UserAccount>> userValidators,
    IEnumerable<IPasswordValidator<UserAccount>> passwordValidators, ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors,
    IServiceProvider services, ILogger<UserManager<UserAccount>> logger, CusspDbContext db)
    : UserManager<UserAccount>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    private const int Tries = 10;

    /// <summary>
    /// Counts a failed sign-in and locks the account at the limit. Identity saves the whole account row under its concurrency
    /// stamp, so of several wrong guesses racing on one account all but one would fail to save and go uncounted, and guessing in
    /// parallel would outrun the lockout. A count that loses the race is made again on the account as it now is.
    /// </summary>
    public override async Task<IdentityResult> AccessFailedAsync(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        for (var attempt = 1; ; attempt++)
        {
            var result = await base.AccessFailedAsync(user);
            if (result.Succeeded || attempt == Tries || result.Errors.All(e => e.Code != nameof(IdentityErrorDescriber.ConcurrencyFailure)))
            {
                return result;
            }
            await db.Entry(user).ReloadAsync(CancellationToken);
        }
    }
}
