using Cussp.Notifications;
using Cussp.Obligations;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cussp.Features.Obligations;

/// <summary>The consultation clock's work in the background: escalations of unacknowledged requests, then the notices to send.</summary>
internal static class ClockJobsSetup
{
    /// <summary>The setting that turns the background job off (<c>Notifications:RunJobs=false</c>), for a node that only serves pages.</summary>
    public const string RunJobsKey = "Notifications:RunJobs";

    public static IServiceCollection AddClockJobs(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton(sp => Configuration.Notifications(sp.GetRequiredService<IConfiguration>())));
        services.AddHttpClient<WebhookSender>(http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddScoped<INoticeSender>(sp => sp.GetRequiredService<WebhookSender>());
        services.AddScoped<INoticeSender, EmailSender>();
        services.AddHostedService<ClockJobs>();
        return services;
    }
}

/// <summary>
/// Every <see cref="NotificationSettings.Interval"/>, sends the escalations that fell due and the notices waiting to leave. Several
/// nodes may run it at once: each escalation and each delivery is claimed by one of them in the database. What fell due while no node
/// ran is sent at the next run, so a restart loses nothing.
/// </summary>
internal sealed partial class ClockJobs(IServiceScopeFactory scopes, NotificationSettings settings, IConfiguration configuration,
    ILogger<ClockJobs> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue(ClockJobsSetup.RunJobsKey, true))
        {
            return;
        }
        using var timer = new PeriodicTimer(settings.Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var escalated = await scope.ServiceProvider.GetRequiredService<ConsultationEscalation>().RunOnceAsync(stoppingToken);
                var (delivered, failed) = await scope.ServiceProvider.GetRequiredService<NoticeDelivery>().RunOnceAsync(stoppingToken);
                if (escalated + delivered + failed > 0)
                {
                    Ran(escalated, delivered, failed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Failed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consultation clock: {Escalated} escalations sent, {Delivered} notices delivered, {Failed} failed (to be tried again).")]
    private partial void Ran(int escalated, int delivered, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "The consultation clock's background run failed; it runs again at the next interval.")]
    private partial void Failed(Exception error);
}
