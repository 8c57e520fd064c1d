using Cussp.Agreements;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Agreements;

public class AgreementRegisterTests
{
    [Theory, Databases]
    public async Task Initialise_FreshDatabase_LoadsTheCusspOnce(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await DatabaseSetup.InitialiseAsync(db.Services, TestContext.Current.CancellationToken);

        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
        var list = await register.ListAsync(TestContext.Current.CancellationToken);
        var cussp = Assert.Single(list);
        Assert.Equal(("cussp", 161), (cussp.Id, cussp.ProvisionCount));
        var snapshot = await register.GetAsync("cussp", TestContext.Current.CancellationToken);
        Assert.NotNull(snapshot);
        Assert.Equal(Samples.Cussp.Provisions.Select(p => p.Text), snapshot.Provisions.Select(p => p.Text));
        Assert.Equal(Period.FromHours(24), Assert.Single(snapshot.Find("II.3")!.TimeRules).Period);
    }

    [Theory, Databases]
    public async Task Import_SecondAgreement_IsStoredBesideTheCussp(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();

        var summary = await register.ImportAsync("invented", Samples.Text("invented-arrangement.txt"), TestContext.Current.CancellationToken);

        Assert.Equal(17, summary.ProvisionCount);
        var s = await register.GetAsync("invented", TestContext.Current.CancellationToken);
        Assert.Equal("II.A.1.ii", s!.Find("II.A.1.ii.C")!.ParentCitation);
        Assert.Equal(["cussp", "invented"], (await register.ListAsync(TestContext.Current.CancellationToken)).Select(a => a.Id));
    }

    [Theory, Databases]
    public async Task Import_MalformedText_WritesNothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
        var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var before = await context.Provisions.CountAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<AgreementFormatException>(() =>
            register.ImportAsync("broken", Samples.Text("malformed-skipped-item.txt"), TestContext.Current.CancellationToken));

        Assert.Equal(before, await context.Provisions.CountAsync(TestContext.Current.CancellationToken));
        Assert.False(await context.Agreements.AnyAsync(a => a.Id == "broken", TestContext.Current.CancellationToken));
    }

    [Theory, Databases]
    public async Task Import_TakenOrMalformedId_IsRefused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
        var text = Samples.Text("invented-arrangement.txt");

        var taken = await Assert.ThrowsAsync<InvalidInputException>(() => register.ImportAsync("cussp", text, TestContext.Current.CancellationToken));
        Assert.Contains("already exists", taken.Message, StringComparison.Ordinal);
        var bad = await Assert.ThrowsAsync<InvalidInputException>(() => register.ImportAsync("Bad Id!", text, TestContext.Current.CancellationToken));
        Assert.Contains("--id", bad.Message, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task SetOverride_IsShownAsAnOverrideBesideWhatWasDerived(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();

        await register.SetOverrideAsync("cussp", "IV.N.3", Actor.Participants, null, null, "Both participants may act here", "tester",
            TestContext.Current.CancellationToken);

        var p = (await register.GetAsync("cussp", TestContext.Current.CancellationToken))!.Find("IV.N.3")!;
        Assert.Equal(Actor.Participants, p.Actor);
        Assert.Equal(Actor.Canada, p.DerivedActor);
        Assert.Equal(Modality.Permission, p.Modality);
        Assert.Equal(("Both participants may act here", "tester", TestDatabase.DefaultNow), (p.Override!.Reason, p.Override.SetBy, p.Override.SetAt));

        await register.SetOverrideAsync("cussp", "IV.N.3", null, null, null, "", "tester", TestContext.Current.CancellationToken);
        var cleared = (await register.GetAsync("cussp", TestContext.Current.CancellationToken))!.Find("IV.N.3")!;
        Assert.Null(cleared.Override);
        Assert.Equal(Actor.Canada, cleared.Actor);
    }

    [Theory, Databases]
    public async Task SetOverride_WithoutReasonOrOnUnknownCitation_IsRefused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();

        await Assert.ThrowsAsync<InvalidInputException>(() =>
            register.SetOverrideAsync("cussp", "II.3", Actor.Canada, null, null, " ", "t", TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            register.SetOverrideAsync("cussp", "IX.9", Actor.Canada, null, null, "why", "t", TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<InvalidInputException>(() =>
            register.SetOverrideAsync("cussp", "II.3", null, null, "nonsense", "why", "t", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("2025-08-31", "2026-02-28")]
    [InlineData("2027-08-31", "2028-02-29")]
    [InlineData("2024-03-01", "2024-09-01")]
    [InlineData("2027-12-31", "2028-06-30")]
    public async Task Lifecycle_NoticeReceived_TerminatesSixCalendarMonthsLater(string notice, string effective)
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        await using var scope = db.Services.CreateAsyncScope();
        var s = (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync("cussp", TestContext.Current.CancellationToken))!;

        var dates = Lifecycle.For(s, NodaTime.Text.LocalDatePattern.Iso.Parse(notice).Value).ToDictionary(d => d.Key);

        Assert.Equal(new LocalDate(2024, 2, 24), dates["signature"].Date);
        Assert.Equal(new LocalDate(2024, 2, 24), dates["entry-into-effect"].Date);
        Assert.Equal(new LocalDate(2027, 2, 24), dates["review-due"].Date);
        Assert.Equal(new LocalDate(2034, 2, 24), dates["expiry"].Date);
        Assert.Equal(NodaTime.Text.LocalDatePattern.Iso.Parse(effective).Value, dates["termination"].Date);
        Assert.Equal("VIII.D.1", dates["termination"].Citation);
    }

    [Fact]
    public async Task Lifecycle_NoticeOutsideTheAgreementsLife_IsRefused()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        await using var scope = db.Services.CreateAsyncScope();
        var s = (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync("cussp", TestContext.Current.CancellationToken))!;

        Assert.Throws<InvalidInputException>(() => Lifecycle.For(s, new LocalDate(2023, 1, 1)));
        Assert.Throws<InvalidInputException>(() => Lifecycle.For(s, new LocalDate(2034, 2, 24)));
    }

    [Fact]
    public async Task Obligations_Cussp_DateTheReviewAndTheNextAnnualMeeting()
    {
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        await using var scope = db.Services.CreateAsyncScope();
        var s = (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync("cussp", TestContext.Current.CancellationToken))!;

        var obligations = Cussp.Agreements.Obligations.For(s, new LocalDate(2026, 11, 25));

        Assert.Equal(new LocalDate(2027, 2, 24), obligations.Single(o => o.Citation == "VIII.B.1").DueDate);
        Assert.Equal(new LocalDate(2027, 2, 24), obligations.Single(o => o.Citation == "IV.A.7.i").NextDue);
        Assert.Null(obligations.Single(o => o.Citation == "II.3").DueDate);
    }
}
