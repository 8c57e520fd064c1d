using Cussp.Audit;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Audit;

public class AuditLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Secret = "SECRET // REL CAN UKR // defence-security";

    [Theory, Databases]
    public async Task Search_ByUserRecordAndDate_FindsExactlyThoseEntriesNewestFirstInPages(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        for (var day = 0; day < 3; day++)
        {
            foreach (var user in new[] { "olena", "marc" })
            {
                db.Clock.Reset(TestDatabase.DefaultNow + Duration.FromDays(day) + Duration.FromHours(user == "olena" ? 1 : 2));
                await using var scope = db.Services.CreateAsyncScope();
                var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
                audit.ActAs(AuditActor.User(user, user));
                audit.Read("document", $"d-{day}", Secret);
                audit.Changed("commitment.update", "commitment", "c-1", new { day }, new { day = day + 1 });
                await audit.SaveAsync(Ct);
            }
        }
        await using var read = db.Services.CreateAsyncScope();
        var log = read.ServiceProvider.GetRequiredService<AuditLog>();
        var auditor = new AccessSubject(Guid.NewGuid(), "auditor", Participant.Canada, SecurityClassification.Secret, Roles.Auditor, ["defence-security"]);

        var olena = await log.SearchAsync(auditor, new AuditQuery(Actor: "user:olena"), Ct);
        Assert.Equal(6, olena.Entries.Count);
        Assert.All(olena.Entries, e => Assert.Equal("user:olena", e.Actor));
        Assert.True(olena.Entries.Select(e => e.Seq).SequenceEqual(olena.Entries.Select(e => e.Seq).OrderDescending()));

        var c1 = await log.SearchAsync(auditor, new AuditQuery(RecordType: "commitment", RecordId: "c-1"), Ct);
        Assert.Equal(6, c1.Entries.Count);

        var secondDay = await log.SearchAsync(auditor, new AuditQuery(From: TestDatabase.DefaultNow + Duration.FromDays(1),
            To: TestDatabase.DefaultNow + Duration.FromDays(2)), Ct);
        Assert.Equal(["c-1", "d-1", "c-1", "d-1"], secondDay.Entries.Select(e => e.RecordId));

        var first = await log.SearchAsync(auditor, new AuditQuery(Actor: "user:marc", Limit: 4), Ct);
        var second = await log.SearchAsync(auditor, new AuditQuery(Actor: "user:marc", Limit: 4, Before: first.Next), Ct);
        Assert.NotNull(first.Next);
        Assert.Null(second.Next);
        Assert.Equal(6, first.Entries.Concat(second.Entries).Select(e => e.Seq).Distinct().Count());
    }

    [Theory, Databases]
    public async Task Search_ByAuditorsOfEachParticipant_ShowsEntriesAboutMarkedRecordsOnlyWhereTheirAccessCoversTheMarking(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using (var scope = db.Services.CreateAsyncScope())
        {
            var documents = scope.ServiceProvider.GetRequiredService<Cussp.Exchange.SharedDocuments>();
            var ua = new AccessSubject(Guid.NewGuid(), "ua-writer", Participant.Ukraine, SecurityClassification.Secret, Roles.Contributor, ["defence-security"]);
            var can = new AccessSubject(Guid.NewGuid(), "can-writer", Participant.Canada, SecurityClassification.Secret, Roles.Contributor, ["defence-security"]);
            var eyesOnly = await documents.CreateAsync(ua, new Cussp.Exchange.DocumentInput("Positions", "Grid squares", SecurityClassification.Confidential,
                Releasability.UkrEyesOnly, "defence-security"), Ct);
            await documents.GetAsync(ua, eyesOnly.Id, Ct);
            await documents.CreateAsync(can, new Cussp.Exchange.DocumentInput("Depot list", "Shared", SecurityClassification.Confidential,
                Releasability.RelCanUkr, "defence-security"), Ct);
        }
        await using var read = db.Services.CreateAsyncScope();
        var log = read.ServiceProvider.GetRequiredService<AuditLog>();
        AccessSubject Auditor(Participant p, SecurityClassification clearance, params string[] areas) =>
            new(Guid.NewGuid(), "auditor", p, clearance, Roles.Auditor, areas);
        async Task<List<string>> SeenAsync(AccessSubject auditor) =>
            [.. (await log.SearchAsync(auditor, new AuditQuery(RecordType: "SharedDocument", Limit: 500), Ct)).Entries.Select(e => $"{e.Action} {e.Marking}")];

        var canadian = await SeenAsync(Auditor(Participant.Canada, SecurityClassification.Secret, "defence-security"));
        var ukrainian = await SeenAsync(Auditor(Participant.Ukraine, SecurityClassification.Secret, "defence-security"));
        var lowUkrainian = await SeenAsync(Auditor(Participant.Ukraine, SecurityClassification.ProtectedB, "defence-security"));
        var otherArea = await SeenAsync(Auditor(Participant.Ukraine, SecurityClassification.Secret, "veterans-care"));

        Assert.Equal(["document.create CONFIDENTIAL // REL CAN UKR // defence-security"], canadian);
        Assert.Equal(["document.create CONFIDENTIAL // REL CAN UKR // defence-security", "read CONFIDENTIAL // UKR EYES ONLY // defence-security",
            "document.create CONFIDENTIAL // UKR EYES ONLY // defence-security"], ukrainian);
        Assert.Empty(lowUkrainian);
        Assert.Empty(otherArea);
        // Entries about nothing marked (the agreement's import, say) are every auditor's.
        Assert.NotEmpty((await log.SearchAsync(Auditor(Participant.Canada, SecurityClassification.Unclassified), new AuditQuery(Actor: "system"), Ct)).Entries);
        await Assert.ThrowsAsync<RefusedException>(() => log.SearchAsync(new AccessSubject(Guid.NewGuid(), "viewer", Participant.Canada,
            SecurityClassification.Secret, Roles.Viewer, ["defence-security"]), new AuditQuery(), Ct));
    }

    [Theory, Databases]
    public async Task Changes_OfMarkedWords_AreLoggedAsADigestKeyedByTheInstallationsSecret(DatabaseProvider provider)
    {
        var digests = new List<string>();
        for (var install = 0; install < 2; install++)
        {
            await using var db = await TestDatabase.StartAsync(provider);
            await using var scope = db.Services.CreateAsyncScope();
            var writer = new AccessSubject(Guid.NewGuid(), "writer", Participant.Canada, SecurityClassification.Secret, Roles.Contributor, ["defence-security"]);
            var d = await scope.ServiceProvider.GetRequiredService<Cussp.Exchange.SharedDocuments>().CreateAsync(writer,
                new Cussp.Exchange.DocumentInput("Convoy schedule", "Northern crossing", SecurityClassification.ProtectedB, Releasability.RelCanUkr, "defence-security"), Ct);
            var entry = (await read(db)).Single(e => e.Action == "document.create");
            var digest = System.Text.Json.JsonDocument.Parse(entry.After!).RootElement.GetProperty("contentHmac").GetString()!;
            var plain = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("Convoy schedule\nNorthern crossing"u8));
            var key = Convert.FromBase64String(await File.ReadAllTextAsync(Path.Combine(db.Settings.DataDirectory, FileAuditDigest.DefaultFileName), Ct));

            Assert.NotEqual(plain, digest);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(key, "Convoy schedule\nNorthern crossing"u8)), digest);
            Assert.Equal(32, key.Length);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    File.GetUnixFileMode(Path.Combine(db.Settings.DataDirectory, FileAuditDigest.DefaultFileName)));
            }
            digests.Add(digest);
        }
        Assert.NotEqual(digests[0], digests[1]);

        static async Task<List<AuditEntryRecord>> read(TestDatabase db)
        {
            await using var scope = db.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<CusspDbContext>().AuditEntries.AsNoTracking().ToListAsync(Ct);
        }
    }
}
