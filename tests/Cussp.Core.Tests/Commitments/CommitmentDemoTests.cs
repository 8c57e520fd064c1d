using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Commitments;

/// <summary>
/// The demonstration history: added once, every record labelled as synthetic and dated inside the agreement's term and before today,
/// and removed again without taking what people recorded meanwhile.
/// </summary>
public class CommitmentDemoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, Databases]
    public async Task Demo_AddsALabelledHistoryOnce_AndRemovingItKeepsWhatPeopleRecorded(DatabaseProvider provider)
    {
        var now = Instant.FromUtc(2026, 6, 30, 12, 0);
        await using var db = await TestDatabase.StartAsync(provider, now);
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var demo = scope.ServiceProvider.GetRequiredService<CommitmentDemo>();
            Assert.Null(await demo.PresentAsync(Ct));
            var added = await demo.AddAsync(Ct);
            Assert.True(added.Commitments > 50 && added.Updates >= added.Commitments && added.Indicators > 5 && added.Measurements > added.Indicators,
                added.ToString());
            Assert.NotNull(await demo.PresentAsync(Ct));
            await Assert.ThrowsAsync<ConflictException>(() => demo.AddAsync(Ct));
        }

        Guid kept;
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            var updates = await context.CommitmentUpdates.AsNoTracking().ToListAsync(Ct);
            Assert.All(updates, u => Assert.Equal(CommitmentDemo.Author, u.By));
            Assert.All(updates, u => Assert.StartsWith("Demo: ", u.Text, StringComparison.Ordinal));
            Assert.All(updates, u => Assert.InRange(u.At, Instant.FromUtc(2024, 2, 24, 0, 0), now));
            var measurements = await context.Measurements.AsNoTracking().ToListAsync(Ct);
            Assert.All(measurements, m => Assert.InRange(m.On, new LocalDate(2024, 2, 24), new LocalDate(2026, 6, 30)));
            Assert.All(await context.Indicators.AsNoTracking().ToListAsync(Ct), i => Assert.Equal(CommitmentDemo.Author, i.AddedBy));
            var statuses = await context.Commitments.AsNoTracking().Select(c => c.Status).ToListAsync(Ct);
            Assert.Contains(CommitmentStatus.Substantial, statuses);
            Assert.Contains(CommitmentStatus.NotStarted, statuses);
            Assert.DoesNotContain(CommitmentStatus.Complete, statuses);
            // Someone records real progress on a commitment the demonstration touched.
            var touched = await context.Commitments.AsNoTracking().Where(c => c.Status == CommitmentStatus.Substantial)
                .OrderBy(c => c.ProvisionOrdinal).FirstAsync(Ct);
            kept = touched.Id;
            var writer = new AccessSubject(Guid.NewGuid(), "olena", Participant.Ukraine, SecurityClassification.Secret, Roles.Contributor, [.. KeyComponents.Ids]);
            await scope.ServiceProvider.GetRequiredService<CommitmentTracker>().RecordUpdateAsync(writer, touched.Id,
                new CommitmentUpdateInput("Real progress.", CommitmentStatus.Limited), touched.Version, Ct);
        }

        await using (var scope = db.Services.CreateAsyncScope())
        {
            var removed = await scope.ServiceProvider.GetRequiredService<CommitmentDemo>().RemoveAsync(Ct);
            Assert.NotNull(removed);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CommitmentDemo>().RemoveAsync(Ct));
        }
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            var update = Assert.Single(await context.CommitmentUpdates.AsNoTracking().ToListAsync(Ct));
            Assert.Equal("Real progress.", update.Text);
            Assert.Empty(await context.Indicators.AsNoTracking().ToListAsync(Ct));
            Assert.Empty(await context.Measurements.AsNoTracking().ToListAsync(Ct));
            Assert.Empty(await context.Evidence.AsNoTracking().ToListAsync(Ct));
            var statuses = await context.Commitments.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Status, Ct);
            Assert.Equal(CommitmentStatus.Limited, statuses[kept]);
            Assert.All(statuses.Where(s => s.Key != kept), s => Assert.Equal(CommitmentStatus.NotStarted, s.Value));
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CommitmentDemo>().PresentAsync(Ct));
            var logged = await context.AuditEntries.AsNoTracking().Where(e => e.RecordType == "demo").Select(e => e.Action).ToListAsync(Ct);
            Assert.Equal(["demo.add", "demo.remove"], logged);
        }
    }
}
