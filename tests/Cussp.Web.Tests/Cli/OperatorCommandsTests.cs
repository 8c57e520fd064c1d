using System.Net;
using System.Net.Http.Json;
using Cussp.Agreements;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Cussp.Web.Tests.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Cli;

/// <summary>
/// What the host operator does at the command line once the server runs: <c>cussp users set</c> to give an account its access, and
/// <c>cussp tokens add</c> to hand a script a token; on the database of a running app, SQLite and PostgreSQL.
/// </summary>
public sealed class OperatorCommandsTests : CliTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<UserAccount> AccountAsync(CusspApp app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>().FindByNameAsync(userName))!;
    }

    private static async Task<List<AccessTokenRecord>> TokensAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AccessTokens.AsNoTracking().ToListAsync(Ct);
    }

    [Theory, Databases]
    public async Task FirstAdministrator_HasTheHighestClearanceAndEveryArea(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);

        var admin = await AccountAsync(app, "admin");

        Assert.Equal(SecurityClassification.Secret, admin.Clearance);
        Assert.Equal(KeyComponents.Ids.Order(StringComparer.Ordinal), admin.Areas);
        Assert.Equal(Roles.Administrator, admin.Roles);
    }

    [Theory, Databases]
    public async Task UsersSet_ChangesOnlyWhatIsGivenAndLogsTheChange(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var user = await app.CreateUserAsync("olena", Participant.Ukraine, SecurityClassification.ProtectedA, Roles.Viewer, ["defence-security"]);

        var raised = await RunOnAsync(app, "users", "set", "olena", "--clearance", "SECRET", "--roles", "viewer,contributor");
        var areas = await RunOnAsync(app, "users", "set", "olena", "--areas", "intelligence-cyber,defence-security");

        Assert.True(raised.Exit == 0, raised.Err);
        Assert.Contains("olena: SECRET, Viewer, Contributor / defence-security.", raised.Out, StringComparison.Ordinal);
        Assert.True(areas.Exit == 0, areas.Err);
        var changed = await AccountAsync(app, "olena");
        Assert.Equal((SecurityClassification.Secret, Roles.Viewer | Roles.Contributor, Participant.Ukraine, user.OrganisationId),
            (changed.Clearance, changed.Roles, changed.Participant, changed.OrganisationId));
        Assert.Equal(["defence-security", "intelligence-cyber"], changed.Areas);
        await using var scope = app.Services.CreateAsyncScope();
        var updates = await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == "account.update" && e.RecordId == user.Id.ToString()).OrderBy(e => e.Seq).ToListAsync(Ct);
        Assert.Equal(2, updates.Count);
        Assert.StartsWith("cli:", updates[0].Actor, StringComparison.Ordinal);
        Assert.Contains("PROTECTED A", updates[0].Before, StringComparison.Ordinal);
        Assert.Contains("SECRET", updates[0].After, StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task UsersSet_TakingTheRoleFromTheLastAdministrator_ExitsTwoAndChangesNothing(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);

        var (exit, output, error) = await RunOnAsync(app, "users", "set", "admin", "--roles", "viewer");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Equal("cussp: admin is the last active administrator of Canada: make another Canada account an administrator first.",
            error.TrimEnd());
        Assert.Equal(Roles.Administrator, (await AccountAsync(app, "admin")).Roles);
    }

    [Theory]
    [InlineData(new[] { "users", "set", "admin" }, "cussp: users set: give at least one of --clearance, --roles, --areas")]
    [InlineData(new[] { "users", "set", "admin", "--clearance", "TOP SECRET" }, "cussp: --clearance \"TOP SECRET\": use UNCLASSIFIED")]
    [InlineData(new[] { "users", "set", "admin", "--roles", "viewer,king" }, "cussp: --roles \"viewer,king\": use a comma-separated list")]
    [InlineData(new[] { "users", "set", "admin", "--areas", "space" }, "cussp: --areas \"space\": each must be a key component id")]
    [InlineData(new[] { "users", "set", "nobody", "--clearance", "SECRET" }, "cussp: There is no account \"nobody\"")]
    public async Task UsersSet_BadInput_ExitsTwoWithOneLineNamingIt(string[] args, string message)
    {
        Assert.Equal(0, (await RunAsync("users", "add", "admin", "--name", "Admin", "--participant", "Canada", "--roles", "administrator")).Exit);

        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Matches(@"admin\s+Canada\s+UNCLASSIFIED\s+no\s+\S+\s+Administrator /$", (await RunAsync("users", "list")).Out.Split('\n')[1].TrimEnd());
    }

    [Theory, Databases]
    public async Task TokensAdd_PrintsOnceATokenThatActsWithinItsScope(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        await app.CreateUserAsync("scripted", roles: Roles.Viewer | Roles.Contributor, password: null);

        var read = await RunOnAsync(app, "tokens", "add", "scripted", "--scope", "read", "--days", "30");
        var write = await RunOnAsync(app, "tokens", "add", "scripted", "--scope", "read-write", "--days", "366", "--name", "nightly import");

        Assert.True(read.Exit == 0, read.Err);
        Assert.True(write.Exit == 0, write.Err);
        var readSecret = Assert.Single(read.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var writeSecret = Assert.Single(write.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith(AccessTokens.TokenPrefix, readSecret, StringComparison.Ordinal);
        Assert.Matches(@"^Issued a read token for scripted, valid until \d{4}-\d\d-\d\dT[\d:]+Z\. It is not shown again\.$", read.Err.TrimEnd());
        Assert.DoesNotContain(readSecret, read.Err, StringComparison.Ordinal);
        var tokens = await TokensAsync(app);
        Assert.Equal(2, tokens.Count);
        Assert.DoesNotContain(tokens, t => t.Hash.Contains(readSecret, StringComparison.Ordinal) || t.Hash.Contains(writeSecret, StringComparison.Ordinal));
        Assert.Equal(TokenScopes.Read | TokenScopes.Write, tokens.Single(t => t.Name == "nightly import").Scopes);

        var document = new { title = "From a script", body = "body", classification = "UNCLASSIFIED", releasability = "REL CAN UKR", area = "defence-security" };
        Assert.Equal(HttpStatusCode.OK, (await app.TokenClient(readSecret).GetAsync(new Uri("/api/v1/documents/count", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.TokenClient(readSecret).PostAsJsonAsync("/api/v1/documents/", document, Ct)).StatusCode);
        Assert.True((await app.TokenClient(writeSecret).PostAsJsonAsync("/api/v1/documents/", document, Ct)).IsSuccessStatusCode);
    }

    [Theory]
    [InlineData(new[] { "--scope", "write", "--days", "30" }, "cussp: --scope \"write\": use read or read-write")]
    [InlineData(new[] { "--scope", "admin", "--days", "30" }, "cussp: --scope \"admin\": use read or read-write")]
    [InlineData(new[] { "--scope", "read", "--days", "0" }, "cussp: --days 0: between 1 and 366")]
    [InlineData(new[] { "--scope", "read", "--days", "367" }, "cussp: --days 367: between 1 and 366")]
    [InlineData(new[] { "--scope", "read", "--days", "many" }, "--days")]
    [InlineData(new[] { "--days", "30" }, "--scope")]
    public async Task TokensAdd_BadScopeOrDays_ExitsTwoNamingTheOptionAndIssuesNothing(string[] options, string message)
    {
        Assert.Equal(0, (await RunAsync("users", "add", "scripted", "--name", "Script", "--participant", "Canada")).Exit);

        var (exit, output, error) = await RunAsync(["tokens", "add", "scripted", .. options]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessTokens.TokenPrefix, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensAdd_UnknownOrDisabledAccount_ExitsTwoSayingWhich()
    {
        Assert.Equal(0, (await RunAsync("users", "add", "gone", "--name", "Gone", "--participant", "Canada")).Exit);
        Assert.Equal(0, (await RunAsync("users", "disable", "gone")).Exit);

        var unknown = await RunAsync("tokens", "add", "nobody", "--scope", "read", "--days", "1");
        var disabled = await RunAsync("tokens", "add", "gone", "--scope", "read", "--days", "1");

        Assert.Equal((2, ""), (unknown.Exit, unknown.Out));
        Assert.StartsWith("cussp: There is no account \"nobody\"", unknown.Err, StringComparison.Ordinal);
        Assert.Equal((2, ""), (disabled.Exit, disabled.Out));
        Assert.StartsWith("cussp: gone is disabled", disabled.Err, StringComparison.Ordinal);
    }
}
