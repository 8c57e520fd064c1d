using Cussp.Agreements;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Core.Tests.Agreements;

public class ComponentMapRegisterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The CUSSP as a first start stored it.</summary>
    private static async Task<RegisterSnapshot> CusspAsync(TestDatabase db)
    {
        await using var scope = db.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AgreementRegister>().GetAsync(AgreementRegister.CusspId, Ct))!;
    }

    [Theory, Databases]
    public async Task FirstStart_GivesEveryProvisionTheMapsComponents_AndOverridesOnlyWhereTheClassifierDiffers(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        var s = await CusspAsync(db);

        var map = ComponentMap.Cussp.Assignments.ToDictionary(a => a.Citation);
        Assert.All(s.Provisions, p =>
        {
            var a = map[p.Citation];
            Assert.Equal(a.Primary, p.Component);
            Assert.Equal(a.Secondary, p.SecondaryComponents);
            Assert.Equal(a.Lines, p.SummaryLines);
            Assert.Equal(a.Words, p.ComponentWords);
            if (p.DerivedComponent == a.Primary)
            {
                Assert.Null(p.Override);
            }
            else
            {
                Assert.Equal((a.Primary, a.Reason, ComponentMap.SetBy), (p.Override!.Component, p.Override.Reason, p.Override.SetBy));
                Assert.Null(p.Override.Actor);
                Assert.Null(p.Override.Modality);
            }
        });
        Assert.Contains(s.Provisions, p => p.Override is not null);
    }

    [Theory, Databases]
    public async Task TheTenComponentsAndTheFrameworkGroup_AddUpTo161_AndEverySummaryLineHasItsProvisions(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        var s = await CusspAsync(db);

        var counts = s.PrimaryCounts();
        Assert.Equal(161, KeyComponents.Ids.Sum(id => counts.GetValueOrDefault(id)));
        Assert.True(counts[KeyComponents.Framework] >= 13);
        Assert.All(s.Provisions.Where(p => p.DivisionCitation.Split('.')[0] is "III" or "VI" or "VII" or "VIII"),
            p => Assert.Equal(KeyComponents.Framework, p.Component));
        Assert.Equal(24, s.SummaryLines.Count);
        Assert.All(s.SummaryLines, l => Assert.NotEmpty(s.CarryingOut(l)));
        Assert.Contains("II.3", s.CarryingOut(s.SummaryLines.Single(l => l.Number == "3.4")).Select(p => p.Citation));

        // A secondary component finds the provision; counts never do.
        Assert.Contains("IV.A.2", s.Filter(null, null, "economic-military-assistance", null).Select(p => p.Citation));
        Assert.Equal("defence-security", s.Find("IV.A.2")!.Component);
        Assert.Equal(counts[KeyComponents.Framework], s.Filter(null, null, "framework", null).Count());
    }

    [Theory, Databases]
    public async Task ADatabaseLoadedBeforeTheMap_GetsItOnce_KeepingOverridesSetByHand(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using (var scope = db.Services.CreateAsyncScope())
        {
            // The agreement as a version without the map left it: no summary lines, no secondary components, no map overrides.
            var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            context.SummaryLines.RemoveRange(await context.SummaryLines.ToListAsync(Ct));
            context.ProvisionOverrides.RemoveRange(await context.ProvisionOverrides.ToListAsync(Ct));
            foreach (var p in await context.Provisions.ToListAsync(Ct))
            {
                (p.SecondaryComponents, p.SummaryLines, p.ComponentWords) = ([], [], null);
            }
            await context.SaveChangesAsync(Ct);
            var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
            scope.ServiceProvider.GetRequiredService<AuditTrail>().ActAs(AuditActor.User("editor", "Editor"));
            await register.SetOverrideAsync(AgreementRegister.CusspId, "I.4", null, null, "reforms-governance", "Read as support for reforms", "editor", Ct);
        }

        await DatabaseSetup.InitialiseAsync(db.Services, Ct);

        await using (var scope = db.Services.CreateAsyncScope())
        {
            var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
            var s = (await register.GetAsync(AgreementRegister.CusspId, Ct))!;
            Assert.Equal(24, s.SummaryLines.Count);
            Assert.Equal("reforms-governance", s.Find("I.4")!.Component);
            Assert.Equal("editor", s.Find("I.4")!.Override!.SetBy);
            Assert.Equal(KeyComponents.Framework, s.Find("VIII.D.1")!.Component);
            Assert.Equal(["economic-military-assistance"], s.Find("IV.A.2")!.SecondaryComponents);
            Assert.False(await register.ApplyComponentMapAsync(AgreementRegister.CusspId, Ct));
            var context = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
            Assert.Equal(1, await context.AuditEntries.CountAsync(e => e.Action == "agreement.component-map", Ct));
        }
    }

    [Theory, Databases]
    public async Task AnotherAgreement_GetsNoMap_AndItsProvisionsStillHaveAComponentOrTheFramework(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();

        await register.ImportAsync("invented", Samples.Text("invented-arrangement.txt"), Ct);

        var s = (await register.GetAsync("invented", Ct))!;
        Assert.Empty(s.SummaryLines);
        Assert.All(s.Provisions, p =>
        {
            Assert.Null(p.Override);
            Assert.Empty(p.SecondaryComponents);
            Assert.NotNull(KeyComponents.Known(p.Component));
        });
    }

    [Theory, Databases]
    public async Task Override_ToTheFrameworkGroup_IsAccepted_AndAnUnknownComponentNamesTheChoices(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
        scope.ServiceProvider.GetRequiredService<AuditTrail>().ActAs(AuditActor.User("editor", "Editor"));

        await register.SetOverrideAsync(AgreementRegister.CusspId, "I.1.viii", null, null, "Framework", "No summary line names it", "editor", Ct);
        var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
            register.SetOverrideAsync(AgreementRegister.CusspId, "I.1.viii", null, null, "elsewhere", "r", "editor", Ct));

        Assert.Equal(KeyComponents.Framework, (await register.GetAsync(AgreementRegister.CusspId, Ct))!.Find("I.1.viii")!.Component);
        Assert.Contains("framework", e.Message, StringComparison.Ordinal);
    }
}
