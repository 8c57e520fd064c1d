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
/// Indicators of a commitment's progress and their dated measurements: added by the commitment's writers on the version they saw,
/// checked against the indicator's unit and the agreement's term, shown against the target, and in the audit log without their words.
/// </summary>
public class IndicatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Instant Now = Instant.FromUtc(2025, 6, 30, 21, 30);

    private static AccessSubject Person(Participant participant, Roles roles, string name) =>
        new(Guid.NewGuid(), name, participant, SecurityClassification.Secret, roles, [.. KeyComponents.Ids]);

    private static async Task<CommitmentRecord> DeminingAsync(CommitmentTracker tracker, AccessSubject subject) =>
        (await tracker.ListAsync(subject, AgreementRegister.CusspId, new CommitmentFilter(Part: "IV.F"), 1, 1, Ct)).Items[0];

    [Theory, Databases]
    public async Task Measurements_AreCountedAgainstTheTarget_InTheIndicatorsUnit_WithinTheTerm_AndBadInputWritesNothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider, Now);
        await using var scope = db.Services.CreateAsyncScope();
        var tracker = scope.ServiceProvider.GetRequiredService<CommitmentTracker>();
        var indicators = scope.ServiceProvider.GetRequiredService<CommitmentIndicators>();
        var writer = Person(Participant.Ukraine, Roles.Contributor, "olena");
        var c = await DeminingAsync(tracker, writer);

        var hectares = await indicators.AddIndicatorAsync(writer, c.Id,
            new IndicatorInput("Land released from mines", IndicatorUnit.Hectares, 0m, 20_000m, new LocalDate(2026, 12, 31)), 1, Ct);
        await indicators.AddMeasurementAsync(writer, c.Id, hectares.Id, new MeasurementInput(new LocalDate(2025, 3, 31), 12_500.5m), 2, Ct);
        // Kyiv is already on 1 July while UTC is still on 30 June: a measurement dated that day is not in the future.
        await indicators.AddMeasurementAsync(writer, c.Id, hectares.Id,
            new MeasurementInput(new LocalDate(2025, 7, 1), 5_000m, IndicatorUnit.Hectares, "Kharkiv oblast survey"), 3, Ct);
        await indicators.AddMeasurementAsync(writer, c.Id, hectares.Id, new MeasurementInput(new LocalDate(2024, 12, 31), 4_000m), 4, Ct);

        var read = await tracker.GetAsync(writer, c.Id, Ct);
        var indicator = Assert.Single(read!.Indicators);
        Assert.Equal(5, read.Version);
        Assert.Equal([new LocalDate(2024, 12, 31), new LocalDate(2025, 3, 31), new LocalDate(2025, 7, 1)], indicator.Measurements.Select(m => m.On));
        Assert.Equal(12_500.5m, indicator.Measurements[1].Value);
        Assert.Equal(5_000m, indicator.Latest!.Value);
        Assert.Equal(25, indicator.PercentOfTarget);
        Assert.Equal("Kharkiv oblast survey", indicator.Latest.Note);

        var mismatch = await Assert.ThrowsAsync<InvalidInputException>(() => indicators.AddMeasurementAsync(writer, c.Id, hectares.Id,
            new MeasurementInput(new LocalDate(2025, 4, 1), 12m, IndicatorUnit.Kilometres), 5, Ct));
        Assert.Contains("hectares, not km", mismatch.Errors["unit"][0], StringComparison.Ordinal);
        var beforeTerm = await Assert.ThrowsAsync<InvalidInputException>(() => indicators.AddMeasurementAsync(writer, c.Id, hectares.Id,
            new MeasurementInput(new LocalDate(2023, 12, 31), 12m), 5, Ct));
        Assert.Contains("outside the agreement's term (2024-02-24 to 2034-02-24)", beforeTerm.Errors["on"][0], StringComparison.Ordinal);
        var future = await Assert.ThrowsAsync<InvalidInputException>(() => indicators.AddMeasurementAsync(writer, c.Id, hectares.Id,
            new MeasurementInput(new LocalDate(2025, 7, 2), 12m), 5, Ct));
        Assert.Contains("has not come yet", future.Errors["on"][0], StringComparison.Ordinal);
        var all = await Assert.ThrowsAsync<InvalidInputException>(() => indicators.AddMeasurementAsync(writer, c.Id, hectares.Id,
            new MeasurementInput(null, -1m, Note: new string('x', MeasurementConfiguration.MaxNote + 1)), 5, Ct));
        Assert.Equal(["note", "on", "value"], all.Errors.Keys.Order(StringComparer.Ordinal));
        var badIndicator = await Assert.ThrowsAsync<InvalidInputException>(() => indicators.AddIndicatorAsync(writer, c.Id,
            new IndicatorInput("", (IndicatorUnit)99, 10m, 10m, new LocalDate(2034, 2, 25)), 5, Ct));
        Assert.Equal(["name", "targetDate", "unit"], badIndicator.Errors.Keys.Where(k => k != "target").Order(StringComparer.Ordinal));
        var percent = await Assert.ThrowsAsync<InvalidInputException>(() => indicators.AddIndicatorAsync(writer, c.Id,
            new IndicatorInput("Share of oblasts surveyed", IndicatorUnit.Percent, 0m, 120m), 5, Ct));
        Assert.Contains("0 to 100", percent.Errors["target"][0], StringComparison.Ordinal);
        var digits = await Assert.ThrowsAsync<InvalidInputException>(() => indicators.AddMeasurementAsync(writer, c.Id, hectares.Id,
            new MeasurementInput(new LocalDate(2025, 4, 1), 1.00001m), 5, Ct));
        Assert.Contains("4 digits", digits.Errors["value"][0], StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotFoundException>(() => indicators.AddMeasurementAsync(writer, c.Id, Guid.NewGuid(),
            new MeasurementInput(new LocalDate(2025, 4, 1), 1m), 5, Ct));
        await Assert.ThrowsAsync<StaleWriteException>(() => indicators.AddMeasurementAsync(writer, c.Id, hectares.Id,
            new MeasurementInput(new LocalDate(2025, 4, 1), 1m), 4, Ct));

        await using var check = db.Services.CreateAsyncScope();
        var context = check.ServiceProvider.GetRequiredService<CusspDbContext>();
        Assert.Equal(3, await context.Measurements.CountAsync(Ct));
        Assert.Equal(1, await context.Indicators.CountAsync(Ct));
        Assert.Equal(5, (await context.Commitments.SingleAsync(x => x.Id == c.Id, Ct)).Version);
        var logged = await context.AuditEntries.Where(e => e.Action == "commitment.indicator" || e.Action == "commitment.measurement")
            .Select(e => e.After).ToListAsync(Ct);
        Assert.Equal(4, logged.Count);
        Assert.DoesNotContain(logged, a => a!.Contains("Land released", StringComparison.Ordinal) || a.Contains("Kharkiv", StringComparison.Ordinal)
            || a.Contains("12500", StringComparison.Ordinal));
    }

    [Theory, Databases]
    public async Task Indicators_AreAddedOnlyByWritersWhoMaySeeTheCommitment(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider, Now);
        await using var scope = db.Services.CreateAsyncScope();
        var tracker = scope.ServiceProvider.GetRequiredService<CommitmentTracker>();
        var indicators = scope.ServiceProvider.GetRequiredService<CommitmentIndicators>();
        var writer = Person(Participant.Canada, Roles.Contributor, "marc");
        var c = await DeminingAsync(tracker, writer);
        var input = new IndicatorInput("Deminers trained", IndicatorUnit.People, 0m, 500m);

        await Assert.ThrowsAsync<RefusedException>(() => indicators.AddIndicatorAsync(Person(Participant.Canada, Roles.Viewer, "rita"), c.Id, input, 1, Ct));
        var outside = new AccessSubject(Guid.NewGuid(), "ivan", Participant.Ukraine, SecurityClassification.Secret, Roles.Contributor, ["cyber-security"]);
        await Assert.ThrowsAsync<NotFoundException>(() => indicators.AddIndicatorAsync(outside, c.Id, input, 1, Ct));
        var added = await indicators.AddIndicatorAsync(writer, c.Id, input, 1, Ct);
        await Assert.ThrowsAsync<RefusedException>(() => indicators.AddMeasurementAsync(Person(Participant.Canada, Roles.Viewer, "rita"), c.Id, added.Id,
            new MeasurementInput(new LocalDate(2025, 1, 1), 10m), 2, Ct));
        Assert.Empty((await tracker.GetAsync(writer, c.Id, Ct))!.Indicators.Single().Measurements);
    }
}
