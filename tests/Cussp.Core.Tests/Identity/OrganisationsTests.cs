using System.Text.Json;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Identity;

public class OrganisationsTests
{
    [Theory, Databases]
    public async Task Seed_HoldsEachSidesDepartmentsAndAJointSecretariatPerSide(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var all = await scope.ServiceProvider.GetRequiredService<Organisations>().ListAsync(AccountAdministrator.HostOperator, ct);

        Assert.Equal(["CSE", "DND/CAF", "FIN", "GAC", "JS-CAN", "PS", "RCMP", "VAC"],
            all.Where(o => o.Participant == Participant.Canada).Select(o => o.ShortName).Order(StringComparer.Ordinal));
        Assert.Equal(["JS-UKR", "MFA", "MOD", "MOE", "MOF", "MVA", "NPU", "OPU", "SBU"],
            all.Where(o => o.Participant == Participant.Ukraine).Select(o => o.ShortName).Order(StringComparer.Ordinal));
        Assert.Contains(all, o => o.Name == "Office of the President of Ukraine");
        Assert.Equal("CUSSP Joint Secretariat (Ukraine)", all.Single(o => o.Id == Organisations.JointSecretariatOf(Participant.Ukraine)).Name);
        // The first administrator works in its participant's secretariat.
        await scope.ServiceProvider.GetRequiredService<Accounts>().EnsureFirstAdministratorAsync(Participant.Ukraine, ct);
        var admin = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().Users.AsNoTracking().SingleAsync(u => u.UserName == "admin", ct);
        Assert.Equal((Participant.Ukraine, Organisations.JointSecretariatOf(Participant.Ukraine)), (admin.Participant, admin.OrganisationId));
    }

    [Theory, Databases]
    public async Task CreateRenameRetire_ByAnAdministratorOfTheSameSide_AreAuditedWithBeforeAndAfter(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var organisations = scope.ServiceProvider.GetRequiredService<Organisations>();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var by = AccountAdministrator.Of(new AccessSubject(Guid.NewGuid(), "ua-admin", Participant.Ukraine, SecurityClassification.Secret,
            Roles.Administrator, []));

        var created = await organisations.CreateAsync(by, new OrganisationInput(Participant.Ukraine, " State Emergency Service of Ukraine ", "SESU"), ct);
        await organisations.RenameAsync(by, created.Id, "State Emergency Service", "DSNS", ct);
        await organisations.SetRetiredAsync(by, created.Id, true, ct);
        await organisations.SetRetiredAsync(by, created.Id, false, ct);

        var stored = await organisations.GetAsync(by, created.Id, ct);
        Assert.Equal(("State Emergency Service", "DSNS", false), (stored!.Name, stored.ShortName, stored.Retired));
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.RecordType == Organisations.RecordType && e.RecordId == created.Id.ToString())
            .OrderBy(e => e.Seq).ToListAsync(ct);
        Assert.Equal(["organisation.create", "organisation.rename", "organisation.retire", "organisation.restore"], entries.Select(e => e.Action));
        Assert.Null(entries[0].Before);
        Assert.Equal("State Emergency Service of Ukraine", JsonDocument.Parse(entries[0].After!).RootElement.GetProperty("name").GetString());
        Assert.Equal(("SESU", "DSNS"), (JsonDocument.Parse(entries[1].Before!).RootElement.GetProperty("shortName").GetString(),
            JsonDocument.Parse(entries[1].After!).RootElement.GetProperty("shortName").GetString()));
        Assert.True(JsonDocument.Parse(entries[2].After!).RootElement.GetProperty("retired").GetBoolean());
    }

    [Theory, Databases]
    public async Task Manage_TheOtherSidesOrganisations_IsRefusedAndTheyAreNotListed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var organisations = scope.ServiceProvider.GetRequiredService<Organisations>();
        var canadian = AccountAdministrator.Of(new AccessSubject(Guid.NewGuid(), "can-admin", Participant.Canada, SecurityClassification.Secret,
            Roles.Administrator, []));
        var sbu = Organisations.Seed.Single(o => o.ShortName == "SBU");

        var create = await Assert.ThrowsAsync<RefusedException>(() =>
            organisations.CreateAsync(canadian, new OrganisationInput(Participant.Ukraine, "Border Guard Service", "DPSU"), ct));
        Assert.Equal(AdministrationRule.OwnParticipant, create.Rule);
        await Assert.ThrowsAsync<NotFoundException>(() => organisations.RenameAsync(canadian, sbu.Id, "Renamed", "X", ct));
        await Assert.ThrowsAsync<NotFoundException>(() => organisations.SetRetiredAsync(canadian, sbu.Id, true, ct));

        Assert.Null(await organisations.GetAsync(canadian, sbu.Id, ct));
        Assert.All(await organisations.ListAsync(canadian, ct), o => Assert.Equal(Participant.Canada, o.Participant));
        var unchanged = await organisations.FindByShortNameAsync(Participant.Ukraine, "SBU", ct);
        Assert.Equal(("Security Service of Ukraine", false), (unchanged!.Name, unchanged.Retired));
        Assert.Null(await organisations.FindByShortNameAsync(Participant.Ukraine, "DPSU", ct));
    }

    [Theory, Databases]
    public async Task CreateOrRename_ToANameTheSideAlreadyHas_IsRefusedNamingTheField(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var organisations = scope.ServiceProvider.GetRequiredService<Organisations>();
        var host = AccountAdministrator.HostOperator;

        var shortTaken = await Assert.ThrowsAsync<InvalidInputException>(() =>
            organisations.CreateAsync(host, new OrganisationInput(Participant.Canada, "Global Affairs", "gac"), ct));
        Assert.Equal("shortName", shortTaken.Field);
        var nameTaken = await Assert.ThrowsAsync<InvalidInputException>(() =>
            organisations.CreateAsync(host, new OrganisationInput(Participant.Canada, "royal canadian mounted police", "RCMP2"), ct));
        Assert.Equal("name", nameTaken.Field);
        var empty = await Assert.ThrowsAsync<InvalidInputException>(() =>
            organisations.CreateAsync(host, new OrganisationInput(Participant.Canada, "Privy Council Office", " "), ct));
        Assert.Equal("shortName", empty.Field);
        // The same short name on the other side is a different organisation.
        var ukrainianGac = await organisations.CreateAsync(host, new OrganisationInput(Participant.Ukraine, "Government Analytics Centre", "GAC"), ct);
        var rename = await Assert.ThrowsAsync<InvalidInputException>(() => organisations.RenameAsync(host, ukrainianGac.Id, "Government Analytics Centre", "SBU", ct));
        Assert.Equal("shortName", rename.Field);
    }
}
