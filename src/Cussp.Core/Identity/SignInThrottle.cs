using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Identity;

/// <summary>Failed sign-ins counted under one key (a client address, a typed user name), shared by every node through the database.</summary>
public sealed class SignInFailureRecord
{
    /// <summary><c>ip:</c> and the client's address (its /64 network for IPv6), or <c>name:</c> and a hash of the typed name.</summary>
    public required string Key { get; set; }

    /// <summary>Failures since the key was last forgotten.</summary>
    public int Failures { get; set; }

    /// <summary>When the latest one was.</summary>
    public Instant LastFailureAt { get; set; }
}

/// <summary>How failed sign-ins are stored: by key, found by age when forgotten.</summary>
public sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailureRecord>
{
    /// <summary>Longest key: <c>name:</c> and a hex SHA-256, or <c>ip:</c> and an address.</summary>
    public const int MaxKey = 80;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<SignInFailureRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("sign_in_failures");
        builder.HasKey(f => f.Key);
        builder.Property(f => f.Key).HasMaxLength(MaxKey);
        builder.HasIndex(f => f.LastFailureAt);
    }
}

/// <summary>Which step of signing in failed.</summary>
public enum SignInStep
{
    /// <summary>User name and password.</summary>
    Password,
    /// <summary>The authenticator or recovery code.</summary>
    Code,
}

/// <summary>Why a sign-in failed, as the audit log keeps it. The person signing in is told the same for each of them.</summary>
public enum SignInFailure
{
    /// <summary>No account has the typed name.</summary>
    UnknownName,
    /// <summary>The password is not the account's.</summary>
    WrongPassword,
    /// <summary>The account is disabled (whatever the password).</summary>
    Disabled,
    /// <summary>The authenticator or recovery code was not accepted.</summary>
    WrongCode,
    /// <summary>Refused unchecked: too many failures from the address or for the name.</summary>
    Throttled,
}

/// <summary>
/// Slows down password and code guessing without letting a stranger lock anyone out: failures are counted per client address and
/// per typed user name, and after a few free ones each further failure makes the next attempt wait twice as long as the last, up
/// to a cap. Names are keyed by what was typed, normalised, whether or not an account has it, so a name that exists and one that
/// does not behave alike; and by a hash of it, because people type passwords into the name field. Counts live in the database,
/// so every node sees them; attempts refused while waiting are logged but not counted, so hammering a name does not lengthen its
/// wait. Every failure goes into the audit log with the client address; an unknown name is recorded as unknown, never as typed.
/// </summary>
public sealed class SignInThrottle(CusspDbContext db, IClock clock, AuditTrail audit)
{
    /// <summary>Failures of one typed name that cost no wait.</summary>
    public const int FreeFailuresPerName = 5;

    /// <summary>Failures from one client address that cost no wait: an office behind one gateway makes many honest mistakes.</summary>
    public const int FreeFailuresPerAddress = 20;

    /// <summary>The wait after the first failure beyond the free ones; each further failure doubles it.</summary>
    public static readonly Duration FirstWait = Duration.FromSeconds(1);

    /// <summary>The longest wait for a name: short, because anyone can make a name wait by typing it wrong.</summary>
    public static readonly Duration LongestWaitPerName = Duration.FromMinutes(5);

    /// <summary>The longest wait for an address.</summary>
    public static readonly Duration LongestWaitPerAddress = Duration.FromMinutes(15);

    /// <summary>A key's failures are forgotten this long after its latest one.</summary>
    public static readonly Duration ForgottenAfter = Duration.FromHours(1);

    /// <summary>The record type of sign-in failures in the audit log.</summary>
    public const string RecordType = Accounts.RecordType;

    /// <summary>What the audit log names as the account of a sign-in with a name no account has.</summary>
    public const string UnknownAccount = "unknown";

    /// <summary>The key of a client address; IPv6 clients are counted by their /64 network, which one subscriber usually holds whole.</summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "ip:unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return "ip:" + new IPAddress(bytes) + "/64";
        }
        return "ip:" + address;
    }

    /// <summary>The key of a typed user name, already normalised (<c>UserManager.NormalizeName</c>).</summary>
    public static string NameKey(string? normalisedName) =>
        "name:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("cussp sign-in name\n" + (normalisedName ?? ""))));

    /// <summary>How long the address and the name must still wait before a sign-in may be tried; zero when it may be now.</summary>
    public async Task<Duration> WaitAsync(IPAddress? address, string? normalisedName, CancellationToken ct = default)
    {
        var keys = new[] { AddressKey(address), NameKey(normalisedName) };
        var rows = await db.SignInFailures.AsNoTracking().Where(f => keys.Contains(f.Key)).ToListAsync(ct);
        var now = clock.GetCurrentInstant();
        return rows.Select(r => WaitOf(r, now)).DefaultIfEmpty(Duration.Zero).Max();
    }

    /// <summary>
    /// Records a failed attempt in the audit log, with the client's address and the account (or that the name is unknown), and,
    /// unless it was refused unchecked for being throttled, counts it against the address and the name; in one transaction.
    /// </summary>
    public async Task FailedAsync(IPAddress? address, string? normalisedName, UserAccount? account, SignInStep step, SignInFailure failure,
        CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The entry is sealed first: every audited write takes the log's head before any row, so this order cannot deadlock with them.
        audit.Changed("account.sign-in-failed", RecordType, account?.Id.ToString() ?? UnknownAccount, null, new
        {
            Address = address?.IsIPv4MappedToIPv6 == true ? address.MapToIPv4().ToString() : address?.ToString(),
            UserName = account?.UserName,
            Step = step,
            Failure = failure,
        });
        await audit.SaveAsync(ct);
        if (failure != SignInFailure.Throttled)
        {
            var forgotten = (now - ForgottenAfter).ToDateTimeUtc();
            var at = now.ToDateTimeUtc();
            foreach (var key in new[] { AddressKey(address), NameKey(normalisedName) })
            {
                // One statement per key, so failures racing on one key from several nodes are each counted. The counters are
                // bookkeeping about requests, like a rate limiter's, and are not audited rows: the entry above is the event.
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO sign_in_failures ("Key", "Failures", "LastFailureAt") VALUES ({key}, 1, {at})
                    ON CONFLICT ("Key") DO UPDATE SET
                        "Failures" = CASE WHEN sign_in_failures."LastFailureAt" < {forgotten} THEN 1 ELSE sign_in_failures."Failures" + 1 END,
                        "LastFailureAt" = {at}
                    """, ct);
            }
            await db.Database.ExecuteSqlAsync($"""DELETE FROM sign_in_failures WHERE "LastFailureAt" < {forgotten}""", ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>Forgets the failures of a name that has just signed in; the address's stay, so one good account cannot reset them.</summary>
    public async Task SucceededAsync(string? normalisedName, CancellationToken ct = default)
    {
        var key = NameKey(normalisedName);
        await db.SignInFailures.Where(f => f.Key == key).ExecuteDeleteAsync(ct);
    }

    /// <summary>The user names among <paramref name="normalisedNames"/> that must wait before their next sign-in, with how long.</summary>
    public async Task<IReadOnlyDictionary<string, Duration>> WaitingNamesAsync(IEnumerable<string> normalisedNames, CancellationToken ct = default)
    {
        var byKey = normalisedNames.Distinct(StringComparer.Ordinal).ToDictionary(NameKey, n => n, StringComparer.Ordinal);
        var keys = byKey.Keys.ToList();
        var rows = await db.SignInFailures.AsNoTracking().Where(f => keys.Contains(f.Key)).ToListAsync(ct);
        var now = clock.GetCurrentInstant();
        return rows.Select(r => (Name: byKey[r.Key], Wait: WaitOf(r, now))).Where(r => r.Wait > Duration.Zero)
            .ToDictionary(r => r.Name, r => r.Wait, StringComparer.Ordinal);
    }

    /// <summary>The wait imposed after <paramref name="failures"/> failures of a key with the given free failures and cap.</summary>
    public static Duration WaitAfter(int failures, int free, Duration longest)
    {
        if (failures <= free)
        {
            return Duration.Zero;
        }
        // 2^30 seconds is far beyond any cap, and keeps the doubling inside a long.
        var doublings = Math.Min(failures - free - 1, 30);
        var wait = FirstWait * (1L << doublings);
        return wait < longest ? wait : longest;
    }

    private static Duration WaitOf(SignInFailureRecord row, Instant now)
    {
        if (row.LastFailureAt < now - ForgottenAfter)
        {
            return Duration.Zero;
        }
        var (free, longest) = row.Key.StartsWith("ip:", StringComparison.Ordinal)
            ? (FreeFailuresPerAddress, LongestWaitPerAddress)
            : (FreeFailuresPerName, LongestWaitPerName);
        var until = row.LastFailureAt + WaitAfter(row.Failures, free, longest);
        return until > now ? until - now : Duration.Zero;
    }
}
