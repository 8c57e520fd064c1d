using Cussp.Audit;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Audit;

public class AuditLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, Databases]
    public async Task Search_ByUserRecordAndDate_FindsExactlyThoseEntriesNewestFirstInPages(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        for (var day = 0; day < 3; day++)
        {
            foreach (var user in new[] { "olena", "marc" })
            {
                db.Clock.Reset(TestDatabase.DefaultNow + Duration.FromDays(day) + Duration.FromHours(user == "olena" ? 1 : 2));
                await using var scope = db.Services.CreateAsyncScope();
                var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
                audit.ActAs(AuditActor.User(user, user));
                audit.Read("document", $"d-{day}", "SECRET");
                audit.Changed("commitment.update", "commitment", "c-1", new { day }, new { day = day + 1 });
                await audit.SaveAsync(Ct);
            }
        }
        await using var read = db.Services.CreateAsyncScope();
        var log = read.ServiceProvider.GetRequiredService<AuditLog>();

        var olena = await log.SearchAsync(new AuditQuery(Actor: "user:olena"), Ct);
        Assert.Equal(6, olena.Entries.Count);
        Assert.All(olena.Entries, e => Assert.Equal("user:olena", e.Actor));
        Assert.True(olena.Entries.Select(e => e.Seq).SequenceEqual(olena.Entries.Select(e => e.Seq).OrderDescending()));

        var c1 = await log.SearchAsync(new AuditQuery(RecordType: "commitment", RecordId: "c-1"), Ct);
        Assert.Equal(6, c1.Entries.Count);

        var secondDay = await log.SearchAsync(new AuditQuery(From: TestDatabase.DefaultNow + Duration.FromDays(1),
            To: TestDatabase.DefaultNow + Duration.FromDays(2)), Ct);
        Assert.Equal(["c-1", "d-1", "c-1", "d-1"], secondDay.Entries.Select(e => e.RecordId));

        var first = await log.SearchAsync(new AuditQuery(Actor: "user:marc", Limit: 4), Ct);
        var second = await log.SearchAsync(new AuditQuery(Actor: "user:marc", Limit: 4, Before: first.Next), Ct);
        Assert.NotNull(first.Next);
        Assert.Null(second.Next);
        Assert.Equal(6, first.Entries.Concat(second.Entries).Select(e => e.Seq).Distinct().Count());
    }
}
