namespace Cussp.Identity;

public sealed partial class Accounts
{
    /// <summary>
    /// True when <paramref name="code"/> is the account's authenticator code for a time step later than any accepted before, which
    /// it then claims for good. The claim is one conditional write (<c>UPDATE … WHERE LastTotpStep &lt; step</c>), so of two
    /// requests racing with the same code exactly one wins, whichever node each reached.
    /// </summary>
    public async Task<bool> AcceptTotpCodeAsync(UserAccount user, string? code, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || totp.Verify(key, code, user.LastTotpStep) is not { } step)
        {
            return false;
        }
        var previous = user.LastTotpStep;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The entry is sealed first: every audited write takes the log's head before any row, so this order cannot deadlock with
        // them. When the step turns out to be taken, the rollback removes the entry with the (absent) change.
        audit.Changed("account.totp-accepted", nameof(UserAccount), user.Id.ToString(), new { LastTotpStep = previous }, new { LastTotpStep = step });
        await audit.SaveAsync(ct);
        // The concurrency stamp changes with the step: Identity saves whole account rows under that stamp, so a request still
        // holding the account as it was (a racer counting its failure, say) cannot write the old step back and open the door again.
        var stamp = Guid.NewGuid().ToString();
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.LastTotpStep == null || u.LastTotpStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpStep, step).SetProperty(u => u.ConcurrencyStamp, stamp), ct);
        if (claimed != 1)
        {
            return false;
        }
        await transaction.CommitAsync(ct);
        // The loaded account learns the row as stored, so that its next save neither fails on the stamp nor logs the step again.
        var entry = db.Entry(user);
        if (entry.State != EntityState.Detached)
        {
            entry.Property(u => u.LastTotpStep).OriginalValue = step;
            entry.Property(u => u.ConcurrencyStamp).OriginalValue = stamp;
        }
        user.LastTotpStep = step;
        user.ConcurrencyStamp = stamp;
        return true;
    }
}
