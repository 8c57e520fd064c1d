using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Core.Tests.Commitments;

public class CommitmentTrackerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AccessSubject Subject(Roles roles, params string[] areas) =>
        new(Guid.NewGuid(), "olena", Participant.Ukraine, SecurityClassification.Secret, roles, areas.Length == 0 ? [.. KeyComponents.Ids] : areas);

    private static async Task<(CommitmentTracker Tracker, RegisterSnapshot Cussp, CusspDbContext Db, AsyncServiceScope Scope)> OpenAsync(TestDatabase db)
    {
        var scope = db.Services.CreateAsyncScope();
        var cussp = (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync(AgreementRegister.CusspId, Ct))!;
        return (scope.ServiceProvider.GetRequiredService<CommitmentTracker>(), cussp, scope.ServiceProvider.GetRequiredService<CusspDbContext>(), scope);
    }

    // The first commitment of section IV.F (demining), which every subject of these tests may read.
    private static async Task<Guid> FirstDeminingCommitmentAsync(CommitmentTracker tracker, AccessSubject subject) =>
        (await tracker.ListAsync(subject, AgreementRegister.CusspId, new CommitmentFilter(Part: "IV.F"), 1, 1, Ct)).Items[0].Id;

    [Theory, Databases]
    public async Task FirstStart_DerivesOneCommitmentPerPromise_LedByItsActor_InItsComponent_Once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        var (tracker, cussp, context, scope) = await OpenAsync(db);
        await using var _ = scope;

        var (items, total) = await tracker.ListAsync(Subject(Roles.Viewer), AgreementRegister.CusspId, new CommitmentFilter(), 1, 200, Ct);

        var promises = cussp.Provisions.Where(p => p.Modality is Modality.Commitment or Modality.BestEffort).ToList();
        Assert.InRange(promises.Count, 50, 161);
        Assert.Equal(promises.Count, total);
        Assert.Equal(promises.Select(p => p.Citation), items.Select(c => c.Citation));
        Assert.All(items.Zip(promises), pair =>
        {
            var (c, p) = pair;
            Assert.True(c.Derived);
            Assert.Equal(CommitmentStatus.NotStarted, c.Status);
            Assert.Equal(p.Component, c.Area);
            Assert.Equal(CommitmentTracker.LeadOf(p.Actor), c.LeadParticipant);
            Assert.Equal((SecurityClassification.Unclassified, Releasability.RelCanUkr), (c.Classification, c.Releasability));
            Assert.True(c.Title.Length <= CommitmentConfiguration.MaxTitle);
        });
        // I.3: "In 2024, Canada will provide …": Canada leads.
        Assert.Equal(Participant.Canada, items.Single(c => c.Citation == "I.3").LeadParticipant);
        Assert.Equal(0, await tracker.DeriveAsync(AgreementRegister.CusspId, Ct));
        var entry = await context.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "commitment.derive", Ct);
        Assert.Equal(("agreement", "cussp"), (entry.RecordType, entry.RecordId));
        Assert.Contains($"\"count\":{total}", entry.After, StringComparison.Ordinal);
        await DatabaseSetup.InitialiseAsync(db.Services, Ct);
        Assert.Equal(total, await context.Commitments.CountAsync(Ct));
    }

    [Theory, Databases]
    public async Task List_FiltersByComponentPartLeadAndStatus_AndPagesInTheAgreementsOrder(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        var (tracker, cussp, _, scope) = await OpenAsync(db);
        await using var __ = scope;
        var reader = Subject(Roles.Viewer);
        Task<(IReadOnlyList<CommitmentRecord> Items, int Total)> List(CommitmentFilter f, int page = 1, int size = 200) =>
            tracker.ListAsync(reader, AgreementRegister.CusspId, f, page, size, Ct);

        var (assistance, _) = await List(new CommitmentFilter(Component: "economic-military-assistance"));
        var (sanctions, _) = await List(new CommitmentFilter(Part: "IV.K"));
        var (canada, _) = await List(new CommitmentFilter(Lead: CommitmentLead.Canada));
        var (both, _) = await List(new CommitmentFilter(Lead: CommitmentLead.Both));
        var (all, total) = await List(new CommitmentFilter());
        var (first, firstTotal) = await List(new CommitmentFilter(), 1, 10);
        var (second, _) = await List(new CommitmentFilter(), 2, 10);
        var (started, _) = await List(new CommitmentFilter(Status: CommitmentStatus.Started));

        Assert.NotEmpty(assistance);
        Assert.All(assistance, c => Assert.True(cussp.Find(c.Citation)!.Serves("economic-military-assistance")));
        Assert.Contains(assistance, c => c.Citation == "IV.A.2");
        Assert.NotEmpty(sanctions);
        Assert.All(sanctions, c => Assert.StartsWith("IV.K.", c.Citation, StringComparison.Ordinal));
        Assert.NotEmpty(canada);
        Assert.All(canada, c => Assert.Equal(Participant.Canada, c.LeadParticipant));
        Assert.NotEmpty(both);
        Assert.All(both, c => Assert.Null(c.LeadParticipant));
        Assert.Equal(total, firstTotal);
        Assert.Equal(all.Take(20).Select(c => c.Id), first.Concat(second).Select(c => c.Id));
        Assert.Empty(started);
    }

    [Theory]
    [InlineData("weather", null, "component")]
    [InlineData(null, "IX", "part")]
    public async Task List_UnknownComponentOrPart_SaysWhichFilter(string? component, string? part, string field)
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        var (tracker, _, _, scope) = await OpenAsync(db);
        await using var __ = scope;

        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            tracker.ListAsync(Subject(Roles.Viewer), AgreementRegister.CusspId, new CommitmentFilter(component, part), 1, 10, Ct));

        Assert.True(e.Errors.ContainsKey(field));
    }

    [Theory, Databases]
    public async Task List_ShowsOnlyWhatTheReaderMayRead(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        var (tracker, _, _, scope) = await OpenAsync(db);
        await using var __ = scope;

        var (veterans, _) = await tracker.ListAsync(Subject(Roles.Viewer, "veterans-care"), AgreementRegister.CusspId, new CommitmentFilter(), 1, 200, Ct);
        var (noRole, noRoleTotal) = await tracker.ListAsync(Subject(Roles.None), AgreementRegister.CusspId, new CommitmentFilter(), 1, 200, Ct);
        var (anonymous, anonymousTotal) = await tracker.ListAsync(null, AgreementRegister.CusspId, new CommitmentFilter(), 1, 200, Ct);

        Assert.NotEmpty(veterans);
        Assert.All(veterans, c => Assert.Equal("veterans-care", c.Area));
        Assert.Equal((0, 0, 0, 0), (noRole.Count, noRoleTotal, anonymous.Count, anonymousTotal));
        Assert.Null(await tracker.GetAsync(Subject(Roles.Viewer, "veterans-care"), (await tracker.ListAsync(Subject(Roles.Viewer),
            AgreementRegister.CusspId, new CommitmentFilter(Component: "sanctions-compensation"), 1, 1, Ct)).Items[0].Id, Ct));
    }

    [Theory, Databases]
    public async Task RecordUpdate_MovesTheStatusAndKeepsTheHistory_AndAStaleVersionChangesNothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        var (tracker, _, context, scope) = await OpenAsync(db);
        await using var __ = scope;
        var writer = Subject(Roles.Contributor);
        var id = await FirstDeminingCommitmentAsync(tracker, writer);

        await tracker.RecordUpdateAsync(writer, id, new CommitmentUpdateInput("Survey teams trained in Lviv.", CommitmentStatus.Started), 1, Ct);
        db.Clock.Advance(NodaTime.Duration.FromDays(30));
        await tracker.RecordUpdateAsync(writer, id, new CommitmentUpdateInput("  Second donor conference held.\r\nPledges recorded.  ", null), 2, Ct);
        var stale = await Assert.ThrowsAsync<StaleWriteException>(() =>
            tracker.RecordUpdateAsync(writer, id, new CommitmentUpdateInput("Late", CommitmentStatus.Broken), 2, Ct));

        var c = (await tracker.GetAsync(writer, id, Ct))!;
        Assert.Equal((CommitmentStatus.Started, 3), (c.Status, c.Version));
        Assert.Equal(["Survey teams trained in Lviv.", "Second donor conference held.\nPledges recorded."], c.Updates.Select(u => u.Text));
        Assert.Equal([(CommitmentStatus.NotStarted, CommitmentStatus.Started), (CommitmentStatus.Started, CommitmentStatus.Started)],
            c.Updates.Select(u => (u.StatusBefore, u.StatusAfter)));
        Assert.Equal("olena", c.Updates[0].By);
        Assert.True(c.Updates[1].At > c.Updates[0].At);
        Assert.Contains("version 2", stale.Message, StringComparison.Ordinal);
        var entries = await context.AuditEntries.AsNoTracking().Where(e => e.Action == "commitment.update" && e.RecordId == id.ToString()).ToListAsync(Ct);
        Assert.Equal(2, entries.Count);
        Assert.DoesNotContain(entries, e => e.After!.Contains("Lviv", StringComparison.Ordinal));
    }

    [Theory, Databases]
    public async Task RecordUpdate_BadInputOrNoRight_IsRefusedAndWritesNothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        var (tracker, _, context, scope) = await OpenAsync(db);
        await using var __ = scope;
        var writer = Subject(Roles.Contributor);
        var id = await FirstDeminingCommitmentAsync(tracker, writer);

        var empty = await Assert.ThrowsAsync<InvalidInputException>(() => tracker.RecordUpdateAsync(writer, id, new CommitmentUpdateInput(" ", null), 1, Ct));
        var complete = await Assert.ThrowsAsync<InvalidInputException>(() =>
            tracker.RecordUpdateAsync(writer, id, new CommitmentUpdateInput("Done", CommitmentStatus.Complete), 1, Ct));
        var control = await Assert.ThrowsAsync<InvalidInputException>(() =>
            tracker.RecordUpdateAsync(writer, id, new CommitmentUpdateInput("Done\u202E", null), 1, Ct));
        await Assert.ThrowsAsync<RefusedException>(() =>
            tracker.RecordUpdateAsync(Subject(Roles.Viewer), id, new CommitmentUpdateInput("Done", null), 1, Ct));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            tracker.RecordUpdateAsync(Subject(Roles.Contributor, "veterans-care"), id, new CommitmentUpdateInput("Done", null), 1, Ct));

        Assert.True(empty.Errors.ContainsKey("text"));
        Assert.True(complete.Errors.ContainsKey("status"));
        Assert.True(control.Errors.ContainsKey("text"));
        Assert.Equal(0, await context.CommitmentUpdates.CountAsync(Ct));
        Assert.Equal(1, (await context.Commitments.AsNoTracking().SingleAsync(c => c.Id == id, Ct)).Version);
    }

    [Fact]
    public void TitleFrom_ALongProvision_IsCutAtAWordAndSaysSo()
    {
        var text = string.Join(' ', Enumerable.Repeat("Canada will continue to support Ukraine’s demining efforts,", 20));

        var title = CommitmentTracker.TitleFrom(text);

        Assert.True(title.Length <= CommitmentConfiguration.MaxTitle);
        Assert.EndsWith("…", title, StringComparison.Ordinal);
        Assert.StartsWith(title[..^1], text, StringComparison.Ordinal);
        Assert.Equal("Short text.", CommitmentTracker.TitleFrom("Short\n  text."));
    }
}
