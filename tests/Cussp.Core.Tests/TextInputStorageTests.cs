using System.Globalization;
using Cussp.Agreements;
using Cussp.Core.Tests.Agreements;
using Cussp.Data;
using Cussp.Decisions;
using Cussp.Exchange;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests;

/// <summary>
/// Every use case that stores free text applies <see cref="TextInput"/>: each field refuses NUL, ESC, the right-to-left override
/// and a C1 control, naming the field, the character and its position, and stores nothing (no row, no audit entry); each takes
/// ordinary Ukrainian and French text, with its lines where the field has several.
/// </summary>
public class TextInputStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Refused = ["\0", "\u001B", "\u202E", "\u009B"];

    private const string OneLine = "Зустріч у Києві — « l’été » à Ottawa";
    private const string Lines = "Перший рядок\r\nDeuxième ligne : « déjà »\n\tтретій рядок";
    private const string StoredLines = "Перший рядок\nDeuxième ligne : « déjà »\n\tтретій рядок";

    private static readonly string[] Areas = ["defence-security"];

    /// <summary>"invoice", the character, "gpj.exe": the character is the eighth.</summary>
    private static string With(string character) => "invoice" + character + "gpj.exe";

    private static void AssertNames(Exception e, string field, string character) =>
        Assert.Contains($"{field}: The character U+{(int)character[0]:X4}", e.Message, StringComparison.Ordinal);

    private static void AssertAtEighth(Exception e) => Assert.Contains("at position 8 is not allowed", e.Message, StringComparison.Ordinal);

    private static AccessSubject Official(Participant participant, Roles roles) =>
        new(Guid.NewGuid(), "k" + Guid.NewGuid().ToString("N")[..6], participant, SecurityClassification.Secret, roles, Areas);

    /// <summary>Every row of the tables free text is stored in, and the audit log's length: what a refusal must leave as it was.</summary>
    private static async Task<string> StoredAsync(CusspDbContext db)
    {
        db.ChangeTracker.Clear();
        var parts = new List<string>
        {
            string.Join("|", await db.SharedDocuments.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Title + "/" + d.Body + "/" + d.UpdatedAt).ToListAsync(Ct)),
            string.Join("|", await db.JointDecisions.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Title + "/" + d.Details + "/" + d.State).ToListAsync(Ct)),
            string.Join("|", await db.DecisionVotes.AsNoTracking().OrderBy(v => v.Id).Select(v => v.Reason).ToListAsync(Ct)),
            string.Join("|", await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => u.UserName + "/" + u.DisplayName).ToListAsync(Ct)),
            string.Join("|", await db.Organisations.AsNoTracking().OrderBy(o => o.Id).Select(o => o.Name + "/" + o.ShortName).ToListAsync(Ct)),
            string.Join("|", await db.AccessTokens.AsNoTracking().OrderBy(t => t.Id).Select(t => t.Name).ToListAsync(Ct)),
            string.Join("|", await db.ProvisionOverrides.AsNoTracking().OrderBy(o => o.Citation).Select(o => o.Citation + "/" + o.Reason).ToListAsync(Ct)),
            string.Join("|", await db.Agreements.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id + "/" + a.Revision).ToListAsync(Ct)),
            // A refused vote is kept in the log as an attempt; it changes nothing else.
            (await db.AuditEntries.CountAsync(e => !e.Action.EndsWith(".refused"), Ct)).ToString(CultureInfo.InvariantCulture),
        };
        return string.Join("\n", parts);
    }

    [Theory, Databases]
    public async Task DocumentTitleAndBody_WithControlOrDirectionCharacter_AreRefusedAndNothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var documents = scope.ServiceProvider.GetRequiredService<SharedDocuments>();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var author = Official(Participant.Canada, Roles.Contributor);
        DocumentInput Input(string title, string body) => new(title, body, SecurityClassification.ProtectedA, Releasability.RelCanUkr, "defence-security");
        var existing = await documents.CreateAsync(author, Input(OneLine, Lines), Ct);
        var before = await StoredAsync(db);

        foreach (var c in Refused)
        {
            var title = await Assert.ThrowsAnyAsync<Exception>(() => documents.CreateAsync(author, Input(With(c), Lines), Ct));
            AssertNames(title, "title", c);
            AssertAtEighth(title);
            AssertNames(await Assert.ThrowsAnyAsync<Exception>(() => documents.CreateAsync(author, Input(OneLine, With(c)), Ct)), "body", c);
            AssertNames(await Assert.ThrowsAnyAsync<Exception>(() => documents.UpdateAsync(author, existing.Id, Input(With(c), Lines), existing.Version, Ct)), "title", c);
            AssertNames(await Assert.ThrowsAnyAsync<Exception>(() => documents.UpdateAsync(author, existing.Id, Input(OneLine, With(c)), existing.Version, Ct)), "body", c);
        }

        Assert.Equal(before, await StoredAsync(db));
    }

    [Theory, Databases]
    public async Task DocumentTitleAndBody_InUkrainianAndFrenchWithLines_AreStoredWithLineFeeds(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var documents = scope.ServiceProvider.GetRequiredService<SharedDocuments>();
        var author = Official(Participant.Ukraine, Roles.Contributor);

        var created = await documents.CreateAsync(author, new DocumentInput(OneLine, Lines, SecurityClassification.Unclassified,
            Releasability.RelCanUkr, "defence-security"), Ct);
        var stored = await documents.GetAsync(author, created.Id, Ct);

        Assert.Equal((OneLine, StoredLines), (stored!.Title, stored.Body));
        // A line break in a title is refused even though the body takes one.
        var twoLines = await Assert.ThrowsAnyAsync<Exception>(() => documents.CreateAsync(author, new DocumentInput("a\nb", "",
            SecurityClassification.Unclassified, Releasability.RelCanUkr, "defence-security"), Ct));
        Assert.Contains("title: The character U+000A (line feed) at position 2 is not allowed: this field is a single line.", twoLines.Message,
            StringComparison.Ordinal);
    }

    [Theory, Databases]
    public async Task DecisionTitleDetailsAndReason_WithControlOrDirectionCharacter_AreRefusedAndNothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var decisions = scope.ServiceProvider.GetRequiredService<JointDecisions>();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var proposer = Official(Participant.Canada, Roles.Contributor);
        var approver = Official(Participant.Ukraine, Roles.Approver);
        DecisionProposal Proposal(string title, string details) =>
            new(DecisionKind.Amendment, title, details, SecurityClassification.Unclassified, Area: "defence-security");
        var pending = await decisions.ProposeAsync(proposer, Proposal(OneLine, Lines), Ct);
        var before = await StoredAsync(db);

        foreach (var c in Refused)
        {
            var title = await Assert.ThrowsAnyAsync<Exception>(() => decisions.ProposeAsync(proposer, Proposal(With(c), Lines), Ct));
            AssertNames(title, "title", c);
            AssertAtEighth(title);
            AssertNames(await Assert.ThrowsAnyAsync<Exception>(() => decisions.ProposeAsync(proposer, Proposal(OneLine, With(c)), Ct)), "details", c);
            AssertNames(await Assert.ThrowsAnyAsync<Exception>(() => decisions.VoteAsync(approver, pending.Id, false, With(c), pending.Version, Ct)), "reason", c);
            AssertNames(await Assert.ThrowsAnyAsync<Exception>(() => decisions.VoteAsync(approver, pending.Id, true, With(c), pending.Version, Ct)), "reason", c);
        }

        Assert.Equal(before, await StoredAsync(db));
        var rejected = await decisions.VoteAsync(approver, pending.Id, false, Lines, pending.Version, Ct);
        Assert.Equal((OneLine, StoredLines, StoredLines), (rejected.Title, rejected.Details, rejected.Votes.Single().Reason));
    }

    [Theory, Databases]
    public async Task DisplayName_WithControlOrDirectionCharacter_IsRefusedAndNothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<Accounts>();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        AccountInput Input(string name, string displayName) =>
            new(name, displayName, Participant.Ukraine, "SBU", SecurityClassification.ProtectedB, Roles.Viewer, Areas);
        var (existing, _) = await accounts.CreateAsync(AccountAdministrator.HostOperator, Input("olena", "Олена Коваленко"), Ct);
        var before = await StoredAsync(db);

        foreach (var c in Refused)
        {
            var created = await Assert.ThrowsAsync<InvalidInputException>(() => accounts.CreateAsync(AccountAdministrator.HostOperator, Input("taras", With(c)), Ct));
            Assert.Equal("displayName", created.Field);
            AssertNames(created, "display name", c);
            AssertAtEighth(created);
            var updated = await Assert.ThrowsAsync<InvalidInputException>(() => accounts.UpdateAsync(AccountAdministrator.HostOperator, existing.Id,
                Input("olena", With(c)), Ct));
            AssertNames(updated, "display name", c);
        }

        Assert.Equal(before, await StoredAsync(db));
        var (french, _) = await accounts.CreateAsync(AccountAdministrator.HostOperator, Input("helene", "Hélène Côté-Lévesque"), Ct);
        Assert.Equal("Hélène Côté-Lévesque", french.DisplayName);
    }

    [Theory, Databases]
    public async Task OrganisationNames_WithControlOrDirectionCharacter_AreRefusedAndNothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var organisations = scope.ServiceProvider.GetRequiredService<Organisations>();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var by = AccountAdministrator.HostOperator;
        var secretariat = Organisations.JointSecretariatOf(Participant.Ukraine);
        var before = await StoredAsync(db);

        foreach (var c in Refused)
        {
            var name = await Assert.ThrowsAsync<InvalidInputException>(() =>
                organisations.CreateAsync(by, new OrganisationInput(Participant.Ukraine, With(c), "ДСНС"), Ct));
            Assert.Equal("name", name.Field);
            AssertNames(name, "name", c);
            AssertAtEighth(name);
            var shortName = await Assert.ThrowsAsync<InvalidInputException>(() =>
                organisations.CreateAsync(by, new OrganisationInput(Participant.Ukraine, "Державна служба", "ДС" + c), Ct));
            Assert.Equal("shortName", shortName.Field);
            AssertNames(shortName, "short name", c);
            AssertNames(await Assert.ThrowsAsync<InvalidInputException>(() => organisations.RenameAsync(by, secretariat, With(c), "JS-UKR", Ct)), "name", c);
        }

        Assert.Equal(before, await StoredAsync(db));
        var created = await organisations.CreateAsync(by, new OrganisationInput(Participant.Canada, "Affaires mondiales — Secteur de l’Europe", "AMC-E"), Ct);
        Assert.Equal("Affaires mondiales — Secteur de l’Europe", created.Name);
    }

    [Theory, Databases]
    public async Task TokenName_WithControlOrDirectionCharacter_IsRefusedAndNothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<AccessTokens>();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var (owner, _) = await scope.ServiceProvider.GetRequiredService<Accounts>().CreateAsync(AccountAdministrator.HostOperator,
            new AccountInput("mykola", "Микола", Participant.Ukraine, "MOD", SecurityClassification.ProtectedA, Roles.Viewer, Areas), Ct);
        var before = await StoredAsync(db);

        foreach (var c in Refused)
        {
            var e = await Assert.ThrowsAsync<InvalidInputException>(() => tokens.IssueAsync(owner.Id, With(c), TokenScopes.Read, Duration.FromDays(7), Ct));
            Assert.Equal(["name"], e.Errors.Keys);
            AssertNames(e, "name", c);
            AssertAtEighth(e);
        }

        Assert.Equal(before, await StoredAsync(db));
        var (issued, _) = await tokens.IssueAsync(owner.Id, "Нічний звіт — rapport", TokenScopes.Read, Duration.FromDays(7), Ct);
        Assert.Equal("Нічний звіт — rapport", issued.Name);
    }

    [Theory, Databases]
    public async Task OverrideReason_WithControlOrDirectionCharacter_IsRefusedAndNothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var before = await StoredAsync(db);

        foreach (var c in Refused)
        {
            var e = await Assert.ThrowsAsync<InvalidInputException>(() =>
                register.SetOverrideAsync(AgreementRegister.CusspId, "II.3", Actor.Canada, null, null, With(c), "operator", Ct));
            AssertNames(e, "--reason", c);
            AssertAtEighth(e);
        }

        Assert.Equal(before, await StoredAsync(db));
        await register.SetOverrideAsync(AgreementRegister.CusspId, "II.3", Actor.Canada, null, null, Lines, "operator", Ct);
        Assert.Equal(StoredLines, (await register.GetAsync(AgreementRegister.CusspId, Ct))!.Find("II.3")!.Override!.Reason);
    }

    [Theory, Databases]
    public async Task AgreementImport_WithDirectionCharacterInItsText_IsRefusedNamingTheLineAndNothingStored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.StartAsync(provider);
        await using var scope = database.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
        var db = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        var text = Samples.Text("invented-arrangement.txt");
        var lines = text.Split('\n');
        var before = await StoredAsync(db);

        foreach (var c in Refused)
        {
            var spoiled = string.Join('\n', lines.Select((l, i) => i == 2 ? "invoice" + c + l : l));
            var e = await Assert.ThrowsAsync<AgreementFormatException>(() => register.ImportAsync("invented", spoiled, Ct));
            Assert.Equal(3, e.LineNumber);
            Assert.StartsWith($"line 3: The character U+{(int)c[0]:X4}", e.Message, StringComparison.Ordinal);
            AssertAtEighth(e);
        }

        Assert.Equal(before, await StoredAsync(db));
    }
}
