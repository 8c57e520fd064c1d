using System.Text.Json;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Core.Tests.Identity;

/// <summary>The administration rules of <see cref="AccountAdministrator"/>, enforced by the use cases themselves.</summary>
public class AdministrationTests
{
    private static readonly string[] Defence = ["defence-security"];

    private sealed class Setup(TestDatabase database, AsyncServiceScope scope) : IAsyncDisposable
    {
        public Accounts Accounts { get; } = scope.ServiceProvider.GetRequiredService<Accounts>();
        public Organisations Organisations { get; } = scope.ServiceProvider.GetRequiredService<Organisations>();
        public CusspDbContext Db { get; } = scope.ServiceProvider.GetRequiredService<CusspDbContext>();

        public async Task<UserAccount> AddAsync(string name, Participant participant, Roles roles = Roles.Viewer, string? organisation = null)
        {
            var (user, _) = await Accounts.CreateAsync(AccountAdministrator.HostOperator, new AccountInput(name, name, participant,
                organisation ?? (participant == Participant.Canada ? "GAC" : "SBU"), SecurityClassification.ProtectedB, roles, Defence),
                TestContext.Current.CancellationToken);
            return user;
        }

        public async Task<UserAccount> ReloadAsync(Guid id) =>
            await Db.Users.AsNoTracking().Include(u => u.Organisation).SingleAsync(u => u.Id == id, TestContext.Current.CancellationToken);

        public Task<List<AuditEntryRecord>> EntriesAsync() =>
            Db.AuditEntries.AsNoTracking().OrderBy(e => e.Seq).ToListAsync(TestContext.Current.CancellationToken);

        public async ValueTask DisposeAsync()
        {
            await scope.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    private static async Task<Setup> StartAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.StartAsync(provider);
        return new Setup(database, database.Services.CreateAsyncScope());
    }

    private static AccountInput Input(UserAccount u, SecurityClassification? clearance = null, Roles? roles = null, string[]? areas = null,
        string? displayName = null, string? organisation = null, Participant? participant = null) =>
        new(u.UserName!, displayName ?? u.DisplayName, participant ?? u.Participant, organisation ?? u.Organisation!.ShortName,
            clearance ?? u.Clearance, roles ?? u.Roles, areas ?? [.. u.Areas]);

    [Fact]
    public void Of_SubjectWithoutTheAdministratorRole_IsRefused()
    {
        var viewer = new AccessSubject(Guid.NewGuid(), "v", Participant.Canada, SecurityClassification.Secret, Roles.Viewer | Roles.Approver, Defence);

        var refused = Assert.Throws<RefusedException>(() => AccountAdministrator.Of(viewer));
        Assert.Equal(AdministrationRule.Administrator, refused.Rule);
        Assert.Throws<RefusedException>(() => AccountAdministrator.Of(null));
    }

    [Theory, Databases]
    public async Task Create_AccountOfTheOtherParticipant_IsRefusedAndWritesNothing(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync(provider);
        var canadian = AccountAdministrator.Of((await s.AddAsync("can-admin", Participant.Canada, Roles.Administrator)).ToSubject());
        var entriesBefore = (await s.EntriesAsync()).Count;

        var refused = await Assert.ThrowsAsync<RefusedException>(() => s.Accounts.CreateAsync(canadian,
            new AccountInput("ua-official", "UA official", Participant.Ukraine, "SBU", SecurityClassification.Secret, Roles.Viewer, Defence), ct));

        Assert.Equal(AdministrationRule.OwnParticipant, refused.Rule);
        Assert.Contains("Ukraine clears its own people", refused.Message, StringComparison.Ordinal);
        Assert.False(await s.Db.Users.AnyAsync(u => u.UserName == "ua-official", ct));
        Assert.Equal(entriesBefore, (await s.EntriesAsync()).Count);
    }

    [Theory, Databases]
    public async Task Manage_TheOtherParticipantsAccount_IsNeitherSeenNorChanged(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync(provider);
        var canadian = AccountAdministrator.Of((await s.AddAsync("can-admin", Participant.Canada, Roles.Administrator)).ToSubject());
        var ukrainian = await s.AddAsync("ua-viewer", Participant.Ukraine);
        var colleague = await s.AddAsync("can-viewer", Participant.Canada);
        var hashBefore = (await s.ReloadAsync(ukrainian.Id)).PasswordHash;

        Assert.Null(await s.Accounts.GetAsync(canadian, ukrainian.Id, ct));
        Assert.NotNull(await s.Accounts.GetAsync(canadian, colleague.Id, ct));
        var listed = (await s.Accounts.ListAsync(canadian, ct)).Select(u => u.UserName).ToList();
        Assert.Contains("can-viewer", listed);
        Assert.DoesNotContain("ua-viewer", listed);

        await Assert.ThrowsAsync<NotFoundException>(() => s.Accounts.UpdateAsync(canadian, ukrainian.Id,
            Input(ukrainian, clearance: SecurityClassification.Secret), ct));
        await Assert.ThrowsAsync<NotFoundException>(() => s.Accounts.SetDisabledAsync(canadian, "ua-viewer", true, ct));
        await Assert.ThrowsAsync<NotFoundException>(() => s.Accounts.ResetPasswordAsync(canadian, "ua-viewer", ct));
        await Assert.ThrowsAsync<NotFoundException>(() => s.Accounts.ResetTwoFactorAsync(canadian, "ua-viewer", ct));
        // Moving one's own participant's account to the other side is refused too.
        var moved = await Assert.ThrowsAsync<RefusedException>(() => s.Accounts.UpdateAsync(canadian, colleague.Id,
            Input(colleague, participant: Participant.Ukraine, organisation: "SBU"), ct));
        Assert.Equal(AdministrationRule.OwnParticipant, moved.Rule);

        var after = await s.ReloadAsync(ukrainian.Id);
        Assert.Equal((SecurityClassification.ProtectedB, false, hashBefore), (after.Clearance, after.Disabled, after.PasswordHash));
        Assert.Equal(Participant.Canada, (await s.ReloadAsync(colleague.Id)).Participant);
    }

    [Theory, Databases]
    public async Task Update_OwnClearanceRolesAreasOrDisabling_IsRefusedButOwnDisplayNameIsNot(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync(provider);
        await s.AddAsync("other-admin", Participant.Canada, Roles.Administrator);
        var me = await s.ReloadAsync((await s.AddAsync("me", Participant.Canada, Roles.Administrator)).Id);
        var by = AccountAdministrator.Of(me.ToSubject());

        foreach (var change in new[]
        {
            Input(me, clearance: SecurityClassification.Secret),
            Input(me, roles: Roles.Administrator | Roles.Approver),
            Input(me, areas: ["defence-security", "intelligence-cyber"]),
        })
        {
            var refused = await Assert.ThrowsAsync<RefusedException>(() => s.Accounts.UpdateAsync(by, me.Id, change, ct));
            Assert.Equal(AdministrationRule.NotYourself, refused.Rule);
        }
        var disable = await Assert.ThrowsAsync<RefusedException>(() => s.Accounts.SetDisabledAsync(by, "me", true, ct));
        Assert.Equal(AdministrationRule.NotYourself, disable.Rule);

        await s.Accounts.UpdateAsync(by, me.Id, Input(me, displayName: "Me, renamed", organisation: "RCMP"), ct);
        var after = await s.ReloadAsync(me.Id);
        Assert.Equal(("Me, renamed", "RCMP", SecurityClassification.ProtectedB, Roles.Administrator, false),
            (after.DisplayName, after.Organisation!.ShortName, after.Clearance, after.Roles, after.Disabled));
        Assert.Equal(Defence, after.Areas);
    }

    [Theory, Databases]
    public async Task DisableOrDemote_LastActiveAdministratorOfAParticipant_IsRefusedEvenForTheHostOperator(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync(provider);
        var host = AccountAdministrator.HostOperator;
        // Canada has an administrator; Ukraine's only active one is this.
        await s.AddAsync("can-admin", Participant.Canada, Roles.Administrator);
        var ukrainian = await s.ReloadAsync((await s.AddAsync("ua-admin", Participant.Ukraine, Roles.Administrator)).Id);
        var disabledOther = await s.AddAsync("ua-admin-gone", Participant.Ukraine, Roles.Administrator);
        await s.Accounts.SetDisabledAsync(host, disabledOther.UserName!, true, ct);

        var disable = await Assert.ThrowsAsync<RefusedException>(() => s.Accounts.SetDisabledAsync(host, "ua-admin", true, ct));
        Assert.Equal(AdministrationRule.LastAdministrator, disable.Rule);
        Assert.Contains("last active administrator of Ukraine", disable.Message, StringComparison.Ordinal);
        var demote = await Assert.ThrowsAsync<RefusedException>(() => s.Accounts.UpdateAsync(host, ukrainian.Id,
            Input(ukrainian, roles: Roles.Viewer), ct));
        Assert.Equal(AdministrationRule.LastAdministrator, demote.Rule);
        Assert.False((await s.ReloadAsync(ukrainian.Id)).Disabled);

        // Canada's administrators do not count for Ukraine; a second active Ukrainian administrator does.
        var second = await s.AddAsync("ua-admin-2", Participant.Ukraine, Roles.Administrator);
        await s.Accounts.UpdateAsync(host, ukrainian.Id, Input(ukrainian, roles: Roles.Viewer), ct);
        var refusedAgain = await Assert.ThrowsAsync<RefusedException>(() => s.Accounts.SetDisabledAsync(host, second.UserName!, true, ct));
        Assert.Equal(AdministrationRule.LastAdministrator, refusedAgain.Rule);
        Assert.Equal(Roles.Viewer, (await s.ReloadAsync(ukrainian.Id)).Roles);
    }

    [Theory, Databases]
    public async Task HostOperator_ManagesAccountsOfBothParticipants(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync(provider);
        var host = AccountAdministrator.HostOperator;
        var ukrainian = await s.AddAsync("ua-viewer", Participant.Ukraine, organisation: "NPU");
        var canadian = await s.AddAsync("can-viewer", Participant.Canada, organisation: "CSE");

        await s.Accounts.UpdateAsync(host, ukrainian.Id, Input(await s.ReloadAsync(ukrainian.Id), clearance: SecurityClassification.Secret), ct);
        await s.Accounts.SetDisabledAsync(host, "can-viewer", true, ct);

        Assert.Equal(SecurityClassification.Secret, (await s.ReloadAsync(ukrainian.Id)).Clearance);
        Assert.True((await s.ReloadAsync(canadian.Id)).Disabled);
        Assert.Equal(["can-viewer", "ua-viewer"], (await s.Accounts.ListAsync(host, ct)).Select(u => u.UserName!));
    }

    [Theory, Databases]
    public async Task Create_WithARetiredOrTheOtherSidesOrganisation_IsRefusedButAnAccountKeepsItsRetiredOne(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync(provider);
        var host = AccountAdministrator.HostOperator;
        var member = await s.AddAsync("fin-officer", Participant.Canada, organisation: "FIN");
        var finance = await s.Organisations.FindByShortNameAsync(Participant.Canada, "fin", ct);
        await s.Organisations.SetRetiredAsync(host, finance!.Id, true, ct);

        var retired = await Assert.ThrowsAsync<InvalidInputException>(() => s.Accounts.CreateAsync(host,
            new AccountInput("newcomer", "N", Participant.Canada, "FIN", SecurityClassification.Unclassified, Roles.Viewer, []), ct));
        Assert.Equal("organisation", retired.Field);
        Assert.Contains("\"FIN\" is retired", retired.Message, StringComparison.Ordinal);
        var otherSide = await Assert.ThrowsAsync<InvalidInputException>(() => s.Accounts.CreateAsync(host,
            new AccountInput("newcomer", "N", Participant.Canada, "SBU", SecurityClassification.Unclassified, Roles.Viewer, []), ct));
        Assert.Contains("Canada has no organisation \"SBU\"", otherSide.Message, StringComparison.Ordinal);
        Assert.False(await s.Db.Users.AnyAsync(u => u.UserName == "newcomer", ct));

        var reloaded = await s.ReloadAsync(member.Id);
        await s.Accounts.UpdateAsync(host, member.Id, Input(reloaded, displayName: "Finance officer"), ct);
        Assert.Equal(("Finance officer", "FIN"), ((await s.ReloadAsync(member.Id)).DisplayName, (await s.ReloadAsync(member.Id)).Organisation!.ShortName));
    }

    [Theory, Databases]
    public async Task AdministratorActions_EachWriteAnAuditEntryWithBeforeAndAfterAndNoSecret(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync(provider);
        var admin = await s.AddAsync("can-admin", Participant.Canada, Roles.Administrator);
        var by = AccountAdministrator.Of(admin.ToSubject());
        var start = (await s.EntriesAsync()).Count;

        var (created, password) = await s.Accounts.CreateAsync(by, new AccountInput("analyst", "Analyst", Participant.Canada, "CSE",
            SecurityClassification.ProtectedA, Roles.Viewer, Defence), ct);
        var current = await s.ReloadAsync(created.Id);
        await s.Accounts.UpdateAsync(by, created.Id, Input(current, clearance: SecurityClassification.Secret, roles: Roles.Viewer | Roles.Contributor,
            areas: ["defence-security", "intelligence-cyber"]), ct);
        await s.Accounts.SetDisabledAsync(by, "analyst", true, ct);
        await s.Accounts.SetDisabledAsync(by, "analyst", false, ct);
        await s.Accounts.ResetTwoFactorAsync(by, "analyst", ct);
        var reset = await s.Accounts.ResetPasswordAsync(by, "analyst", ct);

        var entries = (await s.EntriesAsync()).Skip(start).ToList();
        var mine = entries.Where(e => e.RecordType == Accounts.RecordType && e.RecordId == created.Id.ToString() && e.Action.StartsWith("account.", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(["account.create", "account.update", "account.disable", "account.enable", "account.reset-2fa", "account.reset-password"],
            mine.Select(e => e.Action));
        Assert.All(mine, e => Assert.StartsWith("cli:", e.Actor, StringComparison.Ordinal));

        using var createdAfter = JsonDocument.Parse(mine[0].After!);
        Assert.Null(mine[0].Before);
        Assert.Equal(("analyst", "CSE", "PROTECTED A"), (createdAfter.RootElement.GetProperty("userName").GetString(),
            createdAfter.RootElement.GetProperty("organisation").GetString(), createdAfter.RootElement.GetProperty("clearance").GetString()));
        using var updateBefore = JsonDocument.Parse(mine[1].Before!);
        using var updateAfter = JsonDocument.Parse(mine[1].After!);
        Assert.Equal(("PROTECTED A", "Viewer", 1), (updateBefore.RootElement.GetProperty("clearance").GetString(),
            updateBefore.RootElement.GetProperty("roles").GetString(), updateBefore.RootElement.GetProperty("areas").GetArrayLength()));
        Assert.Equal(("SECRET", "Viewer, Contributor", 2), (updateAfter.RootElement.GetProperty("clearance").GetString(),
            updateAfter.RootElement.GetProperty("roles").GetString(), updateAfter.RootElement.GetProperty("areas").GetArrayLength()));
        Assert.Equal((false, true), (JsonDocument.Parse(mine[2].Before!).RootElement.GetProperty("disabled").GetBoolean(),
            JsonDocument.Parse(mine[2].After!).RootElement.GetProperty("disabled").GetBoolean()));

        // No password, hash, stamp or key reaches the log, whichever entry it is.
        var everything = string.Join("\n", entries.Select(e => e.Before + e.After));
        Assert.DoesNotContain(password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(reset, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", everything, StringComparison.Ordinal);
        Assert.Contains("[redacted]", mine[5].After, StringComparison.Ordinal);
    }
}
