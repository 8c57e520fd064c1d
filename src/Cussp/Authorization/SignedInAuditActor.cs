using System.Security.Claims;
using Cussp.Audit;

namespace Cussp.Authorization;

/// <summary>Names the signed-in user (or token owner) in audit entries; a request with no user is <c>anonymous</c>, start-up work is <c>system</c>.</summary>
internal sealed class SignedInAuditActor(IHttpContextAccessor http) : IAuditActor
{
    private static readonly AuditActor Anonymous = new("anonymous", "Anonymous");

    public AuditActor Current
    {
        get
        {
            var context = http.HttpContext;
            if (context is null)
            {
                return AuditActor.System;
            }
            var user = context.User;
            return user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
                ? AuditActor.User(id, user.FindFirstValue(ClaimTypes.Name) ?? id)
                : Anonymous;
        }
    }
}
