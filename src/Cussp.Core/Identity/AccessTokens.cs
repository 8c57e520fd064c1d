using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Identity;

/// <summary>What a personal access token may do.</summary>
[Flags]
public enum TokenScopes
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>Read through the API, within the owner's access.</summary>
    Read = 1,
    /// <summary>Create and change records, within the owner's access.</summary>
    Write = 2,
}

/// <summary>The names of token scopes as the tokens page and the command line take them: <c>read</c> and <c>read-write</c>.</summary>
public static class TokenScopeNames
{
    /// <summary>Reading only.</summary>
    public const string Read = "read";

    /// <summary>Reading and writing.</summary>
    public const string ReadWrite = "read-write";

    /// <summary>The scopes a name stands for, or null for a name that is none of them (never a silent fallback to reading).</summary>
    public static TokenScopes? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        Read => TokenScopes.Read,
        ReadWrite => TokenScopes.Read | TokenScopes.Write,
        _ => null,
    };

    /// <summary>The name of <paramref name="scopes"/>.</summary>
    public static string Name(TokenScopes scopes) => scopes.HasFlag(TokenScopes.Write) ? ReadWrite : Read;
}

/// <summary>A personal access token: only its SHA-256 is stored; the token itself is shown once.</summary>
public sealed class AccessTokenRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>Owner.</summary>
    public Guid UserId { get; set; }
    /// <summary>The owner's name for it.</summary>
    public required string Name { get; set; }
    /// <summary>The first characters, shown in lists so the owner can tell tokens apart.</summary>
    public required string Prefix { get; set; }
    /// <summary>Hex SHA-256 of the token. Tokens are 256 random bits, so a fast hash is enough: there is nothing to guess.</summary>
    public required string Hash { get; set; }
    /// <summary>What it may do.</summary>
    public TokenScopes Scopes { get; set; }
    /// <summary>Created.</summary>
    public Instant CreatedAt { get; set; }
    /// <summary>Stops working at.</summary>
    public Instant ExpiresAt { get; set; }
    /// <summary>Revoked at, if revoked.</summary>
    public Instant? RevokedAt { get; set; }
    /// <summary>Last used, to the minute; shown to the owner so idle tokens can be found and revoked.</summary>
    public Instant? LastUsedAt { get; set; }
}

/// <summary>How a token is stored, found by its hash, and the longest name its owner may give it.</summary>
public sealed class AccessTokenConfiguration : IEntityTypeConfiguration<AccessTokenRecord>
{
    /// <summary>Longest name.</summary>
    public const int MaxName = 100;

    /// <summary>Longest shown prefix.</summary>
    public const int MaxPrefix = 16;

    /// <summary>Length of a hex SHA-256.</summary>
    public const int HashLength = 64;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<AccessTokenRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("access_tokens");
        builder.Property(t => t.Name).HasMaxLength(MaxName);
        builder.Property(t => t.Prefix).HasMaxLength(MaxPrefix);
        builder.Property(t => t.Hash).HasMaxLength(HashLength);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => t.UserId);
        builder.HasOne<UserAccount>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Issues, checks and revokes personal access tokens for scripts, each change written to the audit log as what it is.</summary>
public sealed class AccessTokens(CusspDbContext db, IClock clock, AuditTrail audit)
{
    /// <summary>The record type of token entries in the audit log.</summary>
    public const string RecordType = "AccessToken";

    /// <summary>Every token starts with this, so secret scanners can recognise a leaked one.</summary>
    public const string TokenPrefix = "cussp_pat_";

    /// <summary>Longest life of a token.</summary>
    public static readonly Duration MaxLifetime = Duration.FromDays(366);

    /// <summary>Creates a token; the returned secret is never stored and cannot be shown again.</summary>
    /// <exception cref="InvalidInputException">A name missing, too long or unreadable, no scope, or a lifetime out of range.</exception>
    public async Task<(AccessTokenRecord Record, string Secret)> IssueAsync(Guid userId, string name, TokenScopes scopes, Duration lifetime,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > AccessTokenConfiguration.MaxName)
        {
            throw new InvalidInputException("name", $"Give the token a name of 1–{AccessTokenConfiguration.MaxName} characters.");
        }
        TextInput.Ensure("name", name, TextShape.SingleLine);
        if (scopes == TokenScopes.None || (scopes & ~(TokenScopes.Read | TokenScopes.Write)) != 0)
        {
            throw new InvalidInputException("scopes", "Choose read, write or both.");
        }
        if (lifetime <= Duration.Zero || lifetime > MaxLifetime)
        {
            throw new InvalidInputException("lifetime", $"A token lives between one day and {MaxLifetime.Days} days.");
        }
        var secret = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetCurrentInstant();
        var record = new AccessTokenRecord
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name.Trim(),
            Prefix = secret[..(TokenPrefix.Length + 4)],
            Hash = HashOf(secret),
            Scopes = scopes,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        db.AccessTokens.Add(record);
        audit.Changed("token.issue", RecordType, record.Id.ToString(), null, Trace(record));
        await db.SaveChangesAsync(ct);
        return (record, secret);
    }

    /// <summary>The live token for <paramref name="secret"/> with its owner, or null when unknown, expired, revoked or the owner is disabled.</summary>
    public async Task<(AccessTokenRecord Token, UserAccount User)?> FindAsync(string? secret, CancellationToken ct = default)
    {
        if (secret is null || !secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }
        var hash = HashOf(secret);
        var now = clock.GetCurrentInstant();
        var found = await db.AccessTokens.Where(t => t.Hash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t, u })
            .FirstOrDefaultAsync(ct);
        if (found is null || found.t.RevokedAt is not null || found.t.ExpiresAt <= now || found.u.Disabled)
        {
            return null;
        }
        // Last use is bookkeeping about the request itself, not a change to anything a user owns, so a GET may write it and the
        // rule "no state change on GET" does not count it: without it an owner cannot tell an idle token (to revoke) from a busy
        // one. It is kept to the minute, so a script's every request is not a write, and it is audited like any other write.
        if (found.t.LastUsedAt is not { } last || now - last > Duration.FromMinutes(1))
        {
            audit.Changed("token.use", RecordType, found.t.Id.ToString(), new { LastUsedAt = found.t.LastUsedAt?.ToDateTimeOffset() },
                new { LastUsedAt = now.ToDateTimeOffset() });
            found.t.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return (found.t, found.u);
    }

    /// <summary>The user's tokens, newest first.</summary>
    public async Task<IReadOnlyList<AccessTokenRecord>> ListAsync(Guid userId, CancellationToken ct = default) =>
        await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ToListAsync(ct);

    /// <summary>Revokes one of the user's tokens; false when there is no such token of theirs.</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid tokenId, CancellationToken ct = default)
    {
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct);
        if (token is null)
        {
            return false;
        }
        if (token.RevokedAt is null)
        {
            var before = Trace(token);
            token.RevokedAt = clock.GetCurrentInstant();
            audit.Changed("token.revoke", RecordType, token.Id.ToString(), before, Trace(token));
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    /// <summary>What the audit log keeps of a token: its owner, name, scopes and times, never its hash.</summary>
    private static object Trace(AccessTokenRecord t) => new
    {
        t.UserId,
        t.Name,
        t.Prefix,
        Scopes = TokenScopeNames.Name(t.Scopes),
        CreatedAt = t.CreatedAt.ToDateTimeOffset(),
        ExpiresAt = t.ExpiresAt.ToDateTimeOffset(),
        RevokedAt = t.RevokedAt?.ToDateTimeOffset(),
    };

    private static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
