using Cussp.Screening;
using Cussp.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cussp.Sanctions;

/// <summary>
/// The screening index of the stored lists, held in one immutable snapshot that is swapped whole when the lists change, so a
/// query never sees half of an update. An import in this process rebuilds it at once; imports by other nodes are noticed by
/// asking the database for the lists' version at most every <see cref="CheckInterval"/>, and queries meanwhile use the snapshot
/// they find.
/// </summary>
public sealed partial class ScreeningService(IServiceProvider services, ScreeningOptions options, IClock clock, ILogger<ScreeningService> logger) : IDisposable
{
    /// <summary>How long a snapshot is trusted before the database is asked whether another node changed the lists.</summary>
    public static readonly Duration CheckInterval = Duration.FromSeconds(5);

    private sealed record Snapshot(int Version, ScreeningIndex Index, Instant CheckedAt, LocalDate Day);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Snapshot? _current;
    private int _changed;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rebuilding the screening index after an import failed; the next query retries")]
    private partial void RebuildFailed(Exception exception);

    /// <summary>The index of the lists as they are now.</summary>
    public async Task<ScreeningIndex> IndexAsync(CancellationToken ct = default)
    {
        var s = Volatile.Read(ref _current);
        var now = clock.GetCurrentInstant();
        var changed = Volatile.Read(ref _changed) > (s?.Version ?? -1);
        if (s is not null && !changed && Fresh(s, now))
        {
            return s.Index;
        }
        if (s is not null && !changed)
        {
            // Only time says to look again: one caller asks the database, the others keep the snapshot meanwhile.
            if (!await _gate.WaitAsync(0, ct))
            {
                return s.Index;
            }
        }
        else
        {
            await _gate.WaitAsync(ct);
        }
        try
        {
            return await RefreshAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Tells the service that an import in this process made <paramref name="version"/>: the index is rebuilt now.</summary>
    public void ListsChanged(int version)
    {
        int seen;
        do
        {
            seen = Volatile.Read(ref _changed);
        }
        while (seen < version && Interlocked.CompareExchange(ref _changed, version, seen) != seen);
        // A process that screens rebuilds at once; a command-line import, which never built an index, does not pay for one.
        if (Volatile.Read(ref _current) is not null)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await IndexAsync();
                }
                catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                {
                    RebuildFailed(e);
                }
            });
        }
    }

    private static bool Fresh(Snapshot s, Instant now) => now - s.CheckedAt < CheckInterval && s.Day == now.InZone(Zones.Kyiv).Date;

    private async Task<ScreeningIndex> RefreshAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var today = now.InZone(Zones.Kyiv).Date;
        var s = Volatile.Read(ref _current);
        if (s is not null && Volatile.Read(ref _changed) <= s.Version && Fresh(s, now))
        {
            return s.Index;
        }
        await using var scope = services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<SanctionsRegister>();
        var version = await register.VersionAsync(ct);
        if (s is not null && s.Version == version && s.Day == today)
        {
            Volatile.Write(ref _current, s with { CheckedAt = now });
            return s.Index;
        }
        // Lifted listings drop out of the index on the day they end, so a new day is a new snapshot too.
        var index = ScreeningIndex.Build(await register.ListedAsync(null, ct), options, new PartialDate(today.Year, today.Month, today.Day));
        Volatile.Write(ref _current, new Snapshot(version, index, now, today));
        return index;
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
