using Cussp.Sanctions;

namespace Cussp.Features.Sanctions;

/// <summary>
/// Builds the screening index once the server has started, so that the first query does not pay for it; a failure here is
/// retried by that first query. Stopping the server cancels the build and waits for it, so nothing touches the database after.
/// </summary>
internal sealed partial class IndexWarmup(ScreeningService screening, IHostApplicationLifetime lifetime, ILogger<IndexWarmup> logger) : BackgroundService
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The screening index was not built at start; the first query will build it")]
    private static partial void IndexNotBuilt(ILogger logger, Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }
        try
        {
            await screening.IndexAsync(stoppingToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            IndexNotBuilt(logger, e);
        }
    }
}
