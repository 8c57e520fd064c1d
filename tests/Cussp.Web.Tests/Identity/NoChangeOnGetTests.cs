using Cussp.Data;
using Cussp.Exchange;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Web.Tests.Identity;

/// <summary>
/// Reading is never writing: every page of the running app, enumerated from its routing so that a new page is covered without
/// editing this test, is fetched by signed-in users in every state of their account, and afterwards every row of every table is
/// what it was. The audit log may only have grown by the reads of protected material that it must record.
/// </summary>
public class NoChangeOnGetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, Databases]
    public async Task EveryPage_FetchedBySignedInUsersInEveryAccountState_ChangesNoRow(DatabaseProvider provider)
    {
        await using var app = await CusspApp.StartAsync(provider);
        var users = new List<UserAccount>
        {
            await app.CreateUserAsync("reader", roles: Roles.Viewer | Roles.Contributor, areas: ["defence-security"], password: null),
            // Must enrol an authenticator app: every page sends it to the set-up page, which must not create the key on its own.
            await app.CreateUserAsync("enrolling", roles: Roles.Approver | Roles.Viewer, password: null),
            await app.CreateUserAsync("chief", roles: Roles.Viewer | Roles.Contributor | Roles.Approver | Roles.Administrator | Roles.Auditor,
                areas: ["defence-security"], password: null, totpKey: TotpCodes.NewKey()),
        };
        // Started enrolling and left a key unconfirmed; and one whose password someone else chose.
        users.Add(await app.CreateUserAsync("pending", roles: Roles.Administrator, password: null));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
            await manager.ResetAuthenticatorKeyAsync((await manager.FindByNameAsync("pending"))!);
            users.Add((await scope.ServiceProvider.GetRequiredService<Accounts>().CreateAsync(AccountAdministrator.HostOperator, new AccountInput("newcomer", "Newcomer",
                Participant.Ukraine, "MFA", SecurityClassification.Secret, Roles.Viewer, ["defence-security"]), TestContext.Current.CancellationToken)).User);
        }
        var document = await ShareDocumentAsync(app, users[0]);
        var pages = app.Routes().Where(r => AccountSession.IsPage(r.Pattern) && r.Methods.Contains("GET")).Select(r => r.Pattern).ToList();
        var before = await TableSnapshot.TakeAsync(app);
        var logged = await AuditEntriesAsync(app);
        var fetched = 0;

        foreach (var user in users)
        {
            var session = await app.SessionAsync(user);
            foreach (var pattern in pages)
            {
                var url = AccountSession.Fill(pattern, name => name != "Id" ? null
                    : pattern.StartsWith("/documents", StringComparison.Ordinal) ? document.ToString() : users[0].Id.ToString());
                var response = await session.GetAsync(new Uri(url, UriKind.Relative), Ct);
                Assert.True((int)response.StatusCode < 500, $"{user.UserName} GET {url}: {(int)response.StatusCode}");
                fetched++;
            }
        }
        var after = await TableSnapshot.TakeAsync(app);
        var added = (await AuditEntriesAsync(app)).Skip(logged.Count).ToList();

        Assert.Contains("/account/2fa", pages);
        Assert.True(fetched >= 5 * 10, $"only {fetched} pages fetched");
        Assert.Equal(logged, (await AuditEntriesAsync(app)).Take(logged.Count));
        Assert.All(added, e => Assert.Equal(("read", document.ToString()), (e.Action, e.RecordId)));
        Assert.NotEmpty(added);
        Assert.Empty(TableSnapshot.Differences(before, after));
    }

    private static async Task<Guid> ShareDocumentAsync(CusspApp app, UserAccount author)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var d = await scope.ServiceProvider.GetRequiredService<SharedDocuments>().CreateAsync(author.ToSubject(),
            new DocumentInput("Convoy schedule", "Northern crossing", SecurityClassification.ProtectedB, Releasability.RelCanUkr, "defence-security"), Ct);
        return d.Id;
    }

    private static async Task<List<(long Seq, string Action, string RecordId, string? After)>> AuditEntriesAsync(CusspApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking().OrderBy(e => e.Seq)
            .Select(e => new { e.Seq, e.Action, e.RecordId, e.After }).ToListAsync(Ct)).Select(e => (e.Seq, e.Action, e.RecordId, e.After)).ToList();
    }
}
