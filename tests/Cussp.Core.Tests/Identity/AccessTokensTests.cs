using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Cussp.Core.Tests.Identity;

public class AccessTokensTests
{
    private sealed class Setup(TestDatabase database, AsyncServiceScope scope, UserAccount user) : IAsyncDisposable
    {
        public FakeClock Clock => database.Clock;
        public UserAccount User { get; } = user;
        public AccessTokens Tokens { get; } = scope.ServiceProvider.GetRequiredService<AccessTokens>();
        public CusspDbContext Db { get; } = scope.ServiceProvider.GetRequiredService<CusspDbContext>();

        public async ValueTask DisposeAsync()
        {
            await scope.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    // A database with one user, who will hold the tokens.
    private static async Task<Setup> StartAsync(DatabaseProvider provider, string userName)
    {
        var database = await TestDatabase.StartAsync(provider);
        var scope = database.Services.CreateAsyncScope();
        var user = new UserAccount { Id = Guid.NewGuid(), UserName = userName, DisplayName = userName, Participant = Participant.Canada };
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>().CreateAsync(user)).Succeeded);
        return new Setup(database, scope, user);
    }

    [Theory, Databases]
    public async Task Find_ExpiredRevokedOrUnknownToken_FindsNothingAndOnlyTheHashIsStored(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var setup = await StartAsync(provider, "scripter");
        var (user, tokens) = (setup.User, setup.Tokens);

        var (record, secret) = await tokens.IssueAsync(user.Id, "nightly", TokenScopes.Read, Duration.FromDays(2), ct);
        Assert.NotNull(await tokens.FindAsync(secret, ct));
        Assert.DoesNotContain(setup.Db.AccessTokens, t => t.Hash.Contains(secret[10..], StringComparison.Ordinal));
        Assert.Null(await tokens.FindAsync(secret + "x", ct));

        setup.Clock.Advance(Duration.FromDays(3));
        Assert.Null(await tokens.FindAsync(secret, ct));

        var (second, secret2) = await tokens.IssueAsync(user.Id, "other", TokenScopes.Read | TokenScopes.Write, Duration.FromDays(2), ct);
        Assert.True(await tokens.RevokeAsync(user.Id, second.Id, ct));
        Assert.Null(await tokens.FindAsync(secret2, ct));
        Assert.False(await tokens.RevokeAsync(Guid.NewGuid(), record.Id, ct));
        await Assert.ThrowsAsync<InvalidInputException>(() => tokens.IssueAsync(user.Id, "forever", TokenScopes.Read, Duration.FromDays(400), ct));
    }

    [Theory, Databases]
    public async Task Tokens_WriteIssueUseAndRevokeToTheAuditLog_NeverTheirHash(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var setup = await StartAsync(provider, "scripted");
        var (user, tokens, db) = (setup.User, setup.Tokens, setup.Db);

        var (record, secret) = await tokens.IssueAsync(user.Id, "nightly", TokenScopes.Read, Duration.FromDays(30), ct);
        await tokens.FindAsync(secret, ct);
        await tokens.FindAsync(secret, ct);
        Assert.True(await tokens.RevokeAsync(user.Id, record.Id, ct));
        Assert.True(await tokens.RevokeAsync(user.Id, record.Id, ct));

        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.RecordType == AccessTokens.RecordType && e.RecordId == record.Id.ToString())
            .OrderBy(e => e.Seq).ToListAsync(ct);
        Assert.Equal(["token.issue", "token.use", "token.revoke"], entries.Select(e => e.Action));
        Assert.Equal("nightly", JsonDocument.Parse(entries[0].After!).RootElement.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(entries[2].Before!).RootElement.GetProperty("revokedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, JsonDocument.Parse(entries[2].After!).RootElement.GetProperty("revokedAt").ValueKind);
        Assert.DoesNotContain(entries, e => (e.After ?? "").Contains(record.Hash, StringComparison.Ordinal));
        Assert.False(await db.AuditEntries.AnyAsync(e => e.RecordType == nameof(AccessTokenRecord), ct));
    }
}
