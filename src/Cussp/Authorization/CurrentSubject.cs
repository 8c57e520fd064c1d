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

    public async Task<AccessSubject?> GetAsync(CancellationToken ct = default) =>
        (await GetAccountAsync(ct))?.ActingAs(TokenAuthentication.ScopesOf(http.HttpContext!.User));

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
