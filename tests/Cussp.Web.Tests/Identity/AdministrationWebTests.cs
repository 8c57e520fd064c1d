using System.Net;
using System.Text.Json;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Identity;

/// <summary>The administration pages, used through their forms by signed-in administrators: the rules hold and every action is audited.</summary>
public class AdministrationWebTests
{
    private static readonly KeyValuePair<string, string?>[] Settings = [new("RateLimits:SignInsPerMinute", "1000")];

    private static async Task<T> QueryAsync<T>(CusspApp app, Func<CusspDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CusspDbContext>());
    }

    private static Task<UserAccount> AccountAsync(CusspApp app, string userName) =>
        QueryAsync(app, db => db.Users.AsNoTracking().Include(u => u.Organisation).SingleAsync(u => u.UserName == userName, TestContext.Current.CancellationToken));

    private static Task<List<AuditEntryRecord>> EntriesAsync(CusspApp app, string recordId) =>
        QueryAsync(app, db => db.AuditEntries.AsNoTracking().Where(e => e.RecordId == recordId && (e.Action.StartsWith("account.") || e.Action.StartsWith("organisation."))).OrderBy(e => e.Seq)
            .ToListAsync(TestContext.Current.CancellationToken));

    [Theory, Databases]
    public async Task UserPages_OtherParticipantsAccount_IsNotFoundAndAPostChangesNothing(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, Settings);
        var (client, _) = await app.SignedInWithCodeAsync("can-admin");
        var ukrainian = await app.CreateUserAsync("ua-viewer", Participant.Ukraine, SecurityClassification.ProtectedA);
        await app.CreateUserAsync("can-viewer", Participant.Canada);

        var (listResponse, list) = await client.GetPageAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, listResponse.StatusCode);
        var names = list.QuerySelectorAll("tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["admin", "can-admin", "can-viewer"], names);

        var (getResponse, _) = await client.GetPageAsync($"/admin/users/{ukrainian.Id}");
        Assert.Equal(HttpStatusCode.NotFound, getResponse.StatusCode);
        // A hand-made post of the account form to the other participant's account, with a valid antiforgery token.
        var token = await client.FormTokenAsync("/admin/users/new");
        var (postResponse, _) = await client.PostPageAsync($"/admin/users/{ukrainian.Id}",
        [
            new("_handler", "account"), new("__RequestVerificationToken", token), new("Input.DisplayName", "Taken over"),
            new("Input.Organisation", "SBU"), new("Input.Clearance", "Secret"), new("Input.RoleList", "Administrator"),
        ]);
        // Refused (the account's form is not on a page this administrator can see): nothing is saved.
        Assert.False(postResponse.IsSuccessStatusCode);
        var after = await AccountAsync(app, "ua-viewer");
        Assert.Equal(("ua-viewer", SecurityClassification.ProtectedA, Roles.Viewer), (after.DisplayName, after.Clearance, after.Roles));
        Assert.Empty(await EntriesAsync(app, ukrainian.Id.ToString()));
    }

    [Theory, Databases]
    public async Task UserEdit_OwnClearanceRolesOrAreas_IsRefusedOnTheFormAndNothingChanges(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, Settings);
        var (client, me) = await app.SignedInWithCodeAsync("can-admin", clearance: SecurityClassification.ProtectedB);
        var page = $"/admin/users/{me.Id}";
        Assert.NotNull((await client.GetPageAsync(page)).Document.QuerySelector("#u-self"));

        foreach (var change in new (string, string?)[] { ("Input.Clearance", "Secret"), ("Input.RoleList", "Auditor"), ("Input.AreaList", "intelligence-cyber") })
        {
            var (response, shown) = await client.SubmitAsync(page, "account", change);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Nobody changes their own clearance, roles or areas", shown.QuerySelector("[role=alert]")?.TextContent, StringComparison.Ordinal);
        }
        var (renamed, renamedPage) = await client.SubmitAsync(page, "account", ("Input.DisplayName", "Can Admin"));
        Assert.Contains("Saved", renamedPage.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);

        var after = await AccountAsync(app, "can-admin");
        Assert.Equal(("Can Admin", SecurityClassification.ProtectedB, Roles.Administrator), (after.DisplayName, after.Clearance, after.Roles));
        Assert.Equal(["defence-security"], after.Areas);
        var disable = await client.SubmitAsync(page, "disable");
        Assert.Contains("Nobody changes their own clearance", disable.Page.QuerySelector("[role=alert]")?.TextContent, StringComparison.Ordinal);
        Assert.False((await AccountAsync(app, "can-admin")).Disabled);
    }

    [Theory, Databases]
    public async Task UserEdit_CreateAndChangeAnAccount_ShowsThePasswordOnceAndAuditsBeforeAndAfterUnderTheAdministrator(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, Settings);
        var (client, admin) = await app.SignedInWithCodeAsync("can-admin");

        var (created, createdPage) = await client.SubmitAsync("/admin/users/new", "account", ("Input.UserName", "rcmp-liaison"),
            ("Input.DisplayName", "RCMP liaison"), ("Input.Organisation", "RCMP"), ("Input.Clearance", "ProtectedA"), ("Input.RoleList", "Viewer"),
            ("Input.AreaList", "defence-security"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("One-time password", createdPage.QuerySelector("[role=status]")?.TextContent, StringComparison.Ordinal);
        var account = await AccountAsync(app, "rcmp-liaison");
        Assert.Equal(("RCMP", Participant.Canada, true), (account.Organisation!.ShortName, account.Participant, account.MustChangePassword));

        await client.SubmitAsync($"/admin/users/{account.Id}", "account", ("Input.Clearance", "Secret"), ("Input.RoleList", "Viewer"),
            ("Input.RoleList", "Approver"), ("Input.Organisation", "CSE"));
        await client.SubmitAsync($"/admin/users/{account.Id}", "disable");
        await client.SubmitAsync($"/admin/users/{account.Id}", "resetpw");

        var entries = await EntriesAsync(app, account.Id.ToString());
        Assert.Equal(["account.create", "account.update", "account.disable", "account.reset-password"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(($"user:{admin.Id}", "can-admin"), (e.Actor, e.ActorName)));
        using var before = JsonDocument.Parse(entries[1].Before!);
        using var after = JsonDocument.Parse(entries[1].After!);
        Assert.Equal(("PROTECTED A", "Viewer", "RCMP"), (before.RootElement.GetProperty("clearance").GetString(),
            before.RootElement.GetProperty("roles").GetString(), before.RootElement.GetProperty("organisation").GetString()));
        Assert.Equal(("SECRET", "Viewer, Approver", "CSE"), (after.RootElement.GetProperty("clearance").GetString(),
            after.RootElement.GetProperty("roles").GetString(), after.RootElement.GetProperty("organisation").GetString()));
        var password = System.Text.RegularExpressions.Regex.Match(createdPage.QuerySelector("[role=status]")!.TextContent, @"password: (\S+)").Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.DoesNotContain(entries, e => (e.Before + e.After).Contains(password, StringComparison.Ordinal));
    }

    [Theory, Databases]
    public async Task UserEdit_RetiredOrganisation_IsNotOfferedAndAPostOfItShowsTheFieldMessage(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, Settings);
        var (client, _) = await app.SignedInWithCodeAsync("can-admin");
        var finance = Organisations.Seed.Single(o => o.ShortName == "FIN");
        var (formResponse, form) = await client.GetPageAsync("/admin/users/new");
        Assert.Contains(form.QuerySelectorAll("#u-organisation option"), o => o.GetAttribute("value") == "FIN");
        Assert.DoesNotContain(form.QuerySelectorAll("#u-organisation option"), o => o.GetAttribute("value") == "SBU");

        await client.SubmitAsync($"/admin/organisations/{finance.Id}", "retire");
        Assert.DoesNotContain((await client.GetPageAsync("/admin/users/new")).Document.QuerySelectorAll("#u-organisation option"),
            o => o.GetAttribute("value") == "FIN");
        var token = await client.FormTokenAsync("/admin/users/new");
        var (response, page) = await client.PostPageAsync("/admin/users/new",
        [
            new("_handler", "account"), new("__RequestVerificationToken", token), new("Input.UserName", "late-finance"),
            new("Input.DisplayName", "Late"), new("Input.Organisation", "FIN"), new("Input.Clearance", "Unclassified"), new("Input.RoleList", "Viewer"),
        ]);

        Assert.True(response.StatusCode == HttpStatusCode.OK, page.Body?.TextContent);
        Assert.Equal("true", page.QuerySelector("#u-organisation")!.GetAttribute("aria-invalid"));
        Assert.Contains("retired organisation takes no new accounts", page.QuerySelector("#u-organisation-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("u-organisation-error", page.QuerySelector("#u-organisation")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.False(await QueryAsync(app, db => db.Users.AnyAsync(u => u.UserName == "late-finance", TestContext.Current.CancellationToken)));
    }

    [Theory, Databases]
    public async Task OrganisationPages_CreateRenameRetire_WorkThroughTheFormsAndAreAuditedUnderTheAdministrator(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, Settings);
        var (client, admin) = await app.SignedInWithCodeAsync("ua-admin", Participant.Ukraine);

        var (created, _) = await client.SubmitAsync("/admin/organisations/new", "organisation", ("Input.Name", "State Border Guard Service of Ukraine"),
            ("Input.ShortName", "DPSU"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var address = new Uri(new Uri("http://localhost"), created.Headers.Location!).PathAndQuery;
        Assert.Matches("^/admin/organisations/[0-9a-f-]{36}\\?created=true$", address);
        var (shownResponse, shown) = await client.GetPageAsync(address);
        Assert.Contains("State Border Guard Service of Ukraine", shown.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);

        var (_, duplicate) = await client.SubmitAsync(address, "organisation", ("Input.ShortName", "sbu"));
        Assert.NotNull(duplicate.QuerySelector("#o-short-error"));
        await client.SubmitAsync(address, "organisation", ("Input.Name", "State Border Guard Service"));
        await client.SubmitAsync(address, "retire");

        var (_, list) = await client.GetPageAsync("/admin/organisations");
        var row = list.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("DPSU", StringComparison.Ordinal));
        Assert.Contains("State Border Guard Service", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("retired", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(list.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains("RCMP", StringComparison.Ordinal));
        var id = address["/admin/organisations/".Length..address.IndexOf('?', StringComparison.Ordinal)];
        var entries = await EntriesAsync(app, id);
        Assert.Equal(["organisation.create", "organisation.rename", "organisation.retire"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal($"user:{admin.Id}", e.Actor));
    }

    [Theory, Databases]
    public async Task OrganisationPages_TheOtherSidesOrganisation_IsNotFoundAndCannotBeRetired(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider, Settings);
        var (client, _) = await app.SignedInWithCodeAsync("can-admin");
        var sbu = Organisations.Seed.Single(o => o.ShortName == "SBU");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetPageAsync($"/admin/organisations/{sbu.Id}")).Response.StatusCode);
        var token = await client.FormTokenAsync("/admin/organisations/new");
        var (post, _) = await client.PostPageAsync($"/admin/organisations/{sbu.Id}", [new("_handler", "retire"), new("__RequestVerificationToken", token)]);

        Assert.False(post.IsSuccessStatusCode);
        Assert.False(await QueryAsync(app, db => db.Organisations.Where(o => o.Id == sbu.Id).Select(o => o.Retired).SingleAsync(TestContext.Current.CancellationToken)));
    }
}
