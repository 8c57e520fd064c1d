using Cussp.Data;
using Cussp.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cussp.Hosting;

/// <summary>Prepares the database before the server takes its first request and tells <c>/healthz</c> whether it answers.</summary>
internal static class DatabaseStart
{
    public static IServiceCollection AddDatabaseStart(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddHostedService<DatabaseInitialiser>();
        return services;
    }

    /// <summary>
    /// Creates or migrates the database and loads the CUSSP before the server takes its first request; at the very first start
    /// creates the administrator and prints its one-time password, once.
    /// </summary>
    private sealed class DatabaseInitialiser(IServiceProvider services, IConfiguration configuration) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            // Before anything can fail, so that whoever started it knows which folder (and so which database) it is using.
            var settings = services.GetRequiredService<DatabaseSettings>();
            await Console.Out.WriteLineAsync(settings.Provider == DatabaseProvider.Postgres
                ? $"Data folder: {settings.DataDirectory} (database: PostgreSQL, from ConnectionStrings:{Configuration.ConnectionStringName})"
                : $"Data folder: {settings.DataDirectory}");
            await DatabaseSetup.InitialiseAsync(services, cancellationToken);
            var participant = MarkingLabels.TryParseParticipant(configuration[Configuration.AdministratorParticipantKey], out var p) ? p : Participant.Canada;
            await using var scope = services.CreateAsyncScope();
            var password = await scope.ServiceProvider.GetRequiredService<Accounts>().EnsureFirstAdministratorAsync(participant, cancellationToken);
            if (password is not null)
            {
                await Console.Out.WriteLineAsync(
                    $"First start: created the administrator \"admin\" ({participant}) with the one-time password {password}{Environment.NewLine}" +
                    "Sign in at /account/signin, then choose a password and set up an authenticator app. This password is not shown again.");
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class DatabaseHealthCheck(CusspDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("the database does not answer");
    }
}
