using Cussp.Data;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Core.Tests.Data;

public class MigrationsTests
{
    [Theory, Databases]
    public async Task Migrations_OfEachProvider_DescribeTheWholeModelAndAreAllApplied(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();

        Assert.False(context.Database.HasPendingModelChanges(),
            $"the {provider} model has changes no migration describes: add a migration for each provider");
        Assert.Empty(await context.Database.GetPendingMigrationsAsync(ct));
        Assert.NotEmpty(((IInfrastructure<IServiceProvider>)context).GetService<IMigrationsAssembly>().Migrations);
    }
}
