using System.Security.Claims;
using Cussp.Data;
using Cussp.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cussp.Authorization;

/// <summary>
/// The signed-in user as the access policy sees them, read from the database once per request, so a change of clearance,
/// roles or areas applies to the very next request. Anonymous callers and disabled accounts have no subject.
/// </summary>
internal sealed class CurrentSubject(IHttpContextAccessor http, CusspDbContext db)
{
    private Task<UserAccount?>? _account;

    /// <summary>The signed-in, enabled account, or null.</summary>
    public Task<UserAccount?> GetAccountAsync(CancellationToken ct = default) => _account ??= LoadAccountAsync(ct);

    public async Task<AccessSubject?> GetAsync(CancellationToken ct = default)
    {
        var account = await GetAccountAsync(ct);
        // Until the password chosen by someone else is replaced, and the second factor a role needs is set up, the account acts as no one.
        if (account is null || account.MustChangePassword || (account.RequiresTwoFactor && !account.TwoFactorEnabled))
        {
            return null;
        }
        var user = http.HttpContext!.User;
        var subject = account.ToSubject();
        // A token acts with its owner's access, narrowed to its scopes: a read-only token loses the roles that change things, but an
        // owner who reads through one of them (a contributor without the viewer role, say) still reads through the token.
        if (TokenAuthentication.ScopesOf(user) is { } scopes && !scopes.HasFlag(TokenScopes.Write))
        {
            var reads = (subject.Roles & AccessPolicy.Readers) != 0;
            subject = subject with
            {
                Roles = (subject.Roles & ~(Roles.Contributor | Roles.Approver | Roles.Administrator)) | (reads ? Roles.Viewer : Roles.None),
            };
        }
        return subject;
    }

    private async Task<UserAccount?> LoadAccountAsync(CancellationToken ct)
    {
        var user = http.HttpContext?.User;
        if (user?.Identity?.IsAuthenticated != true || !Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id))
        {
            return null;
        }
        var account = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        return account is null || account.Disabled ? null : account;
    }
}
