using System.IO.Compression;
using System.Text;
using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Decisions;
using Cussp.Identity;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cussp.Core.Tests.Commitments;

/// <summary>
/// Evidence on a commitment (links, notes, files typed by their content) and its completion: asked for on the evidence by a writer,
/// settled by approvers of both participants through the joint-decision mechanism, and shown in the commitment's history.
/// </summary>
public class CompletionAndEvidenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AccessSubject Person(Participant participant, Roles roles, string name, params string[] areas) =>
        new(Guid.NewGuid(), name, participant, SecurityClassification.Secret, roles, areas.Length == 0 ? [.. KeyComponents.Ids] : areas);

    private sealed record Services(CommitmentTracker Tracker, CommitmentEvidence Evidence, CommitmentCompletion Completion, JointDecisions Decisions,
        CusspDbContext Db, AsyncServiceScope Scope) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }

    private static Services Open(TestDatabase db)
    {
        var scope = db.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        return new(sp.GetRequiredService<CommitmentTracker>(), sp.GetRequiredService<CommitmentEvidence>(), sp.GetRequiredService<CommitmentCompletion>(),
            sp.GetRequiredService<JointDecisions>(), sp.GetRequiredService<CusspDbContext>(), scope);
    }

    private static async Task<CommitmentRecord> FirstDeminingAsync(Services s, AccessSubject subject) =>
        (await s.Tracker.ListAsync(subject, AgreementRegister.CusspId, new CommitmentFilter(Part: "IV.F"), 1, 1, Ct)).Items[0];

    private static byte[] Docx()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("[Content_Types].xml");
            zip.CreateEntry("word/document.xml");
        }
        return stream.ToArray();
    }

    [Fact]
    public void FileType_IsReadFromTheContent_NotTheName()
    {
        Assert.Equal("application/pdf", EvidenceFiles.TypeOf("%PDF-1.7\n..."u8.ToArray(), "report.txt"));
        Assert.Equal("image/png", EvidenceFiles.TypeOf([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "photo.pdf"));
        Assert.Equal("image/jpeg", EvidenceFiles.TypeOf([0xFF, 0xD8, 0xFF, 0xE0, 1], "photo"));
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", EvidenceFiles.TypeOf(Docx(), "x.bin"));
        Assert.Equal("text/csv", EvidenceFiles.TypeOf(Encoding.UTF8.GetBytes("oblast,hectares\nKharkiv,1200\n"), "released.csv"));
        Assert.Equal("text/plain", EvidenceFiles.TypeOf(Encoding.UTF8.GetBytes("Звіт про розмінування.\n"), "звіт.txt"));
        Assert.Null(EvidenceFiles.TypeOf([0x4D, 0x5A, 0x90, 0x00, 0x03], "report.pdf"));
        Assert.Null(EvidenceFiles.TypeOf("PK\u0003\u0004 not really a zip"u8.ToArray(), "report.docx"));
        Assert.Null(EvidenceFiles.TypeOf([0xC3, 0x28, 0x41], "broken.txt"));
        Assert.Null(EvidenceFiles.TypeOf("text\u0000with a NUL"u8.ToArray(), "nul.txt"));
        Assert.Equal("report.pdf", EvidenceFiles.NameOf(@"C:\Users\olena\report.pdf"));
        Assert.Equal("report.pdf", EvidenceFiles.NameOf("../../report.pdf"));
        Assert.Null(EvidenceFiles.NameOf("folder/"));
    }

    [Theory, Databases]
    public async Task Evidence_OfEachKind_IsAddedByWriters_WithItsFileKeptApart_AndBadEvidenceWritesNothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var s = Open(db);
        var writer = Person(Participant.Ukraine, Roles.Contributor, "olena");
        var c = await FirstDeminingAsync(s, writer);
        var pdf = "%PDF-1.7\nsurvey"u8.ToArray();

        await s.Evidence.AddAsync(writer, c.Id, new EvidenceInput(EvidenceKind.Link, "Ministry release", Url: "https://mod.gov.ua/news/1"), 1, Ct);
        await s.Evidence.AddAsync(writer, c.Id, new EvidenceInput(EvidenceKind.Note, "Field visit", Text: "Teams seen at work near Izium."), 2, Ct);
        var file = await s.Evidence.AddAsync(writer, c.Id, new EvidenceInput(EvidenceKind.File, "Survey report", FileName: @"C:\tmp\survey.pdf", Content: pdf), 3, Ct);
        var badLink = await Assert.ThrowsAsync<InvalidInputException>(() =>
            s.Evidence.AddAsync(writer, c.Id, new EvidenceInput(EvidenceKind.Link, "x", Url: "javascript:alert(1)"), 4, Ct));
        var badFile = await Assert.ThrowsAsync<InvalidInputException>(() =>
            s.Evidence.AddAsync(writer, c.Id, new EvidenceInput(EvidenceKind.File, "Program", FileName: "survey.pdf", Content: [0x4D, 0x5A, 0x90]), 4, Ct));
        var big = await Assert.ThrowsAsync<InvalidInputException>(() => s.Evidence.AddAsync(writer, c.Id,
            new EvidenceInput(EvidenceKind.File, "Huge", FileName: "huge.txt", Content: new byte[EvidenceFiles.MaxBytes + 1]), 4, Ct));
        var noTitle = await Assert.ThrowsAsync<InvalidInputException>(() =>
            s.Evidence.AddAsync(writer, c.Id, new EvidenceInput(EvidenceKind.Note, " ", Text: "x"), 4, Ct));
        await Assert.ThrowsAsync<RefusedException>(() =>
            s.Evidence.AddAsync(Person(Participant.Ukraine, Roles.Viewer, "viewer"), c.Id, new EvidenceInput(EvidenceKind.Note, "n", Text: "x"), 4, Ct));
        await Assert.ThrowsAsync<StaleWriteException>(() =>
            s.Evidence.AddAsync(writer, c.Id, new EvidenceInput(EvidenceKind.Note, "n", Text: "x"), 3, Ct));
        var opened = await s.Evidence.OpenFileAsync(Person(Participant.Canada, Roles.Viewer, "reader", "humanitarian-demining"), c.Id, file.Id, Ct);
        var hidden = await s.Evidence.OpenFileAsync(Person(Participant.Canada, Roles.Viewer, "other", "veterans-care"), c.Id, file.Id, Ct);

        var stored = await s.Db.Evidence.AsNoTracking().Where(e => e.CommitmentId == c.Id).OrderBy(e => e.AddedAt).ThenBy(e => e.Kind).ToListAsync(Ct);
        Assert.Equal([EvidenceKind.Link, EvidenceKind.Note, EvidenceKind.File], stored.Select(e => e.Kind).Order());
        var f = stored.Single(e => e.Kind == EvidenceKind.File);
        Assert.Equal(("survey.pdf", "application/pdf", 15L), (f.FileName, f.ContentType, f.Length));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), f.Sha256);
        Assert.Equal(pdf, opened!.Value.Content);
        Assert.Null(hidden);
        Assert.True(badLink.Errors.ContainsKey("url"));
        Assert.Contains("not a file of an accepted type", badFile.Errors["file"][0], StringComparison.Ordinal);
        Assert.Contains("10 MB", big.Errors["file"][0], StringComparison.Ordinal);
        Assert.True(noTitle.Errors.ContainsKey("title"));
        Assert.Equal(4, (await s.Db.Commitments.AsNoTracking().SingleAsync(x => x.Id == c.Id, Ct)).Version);
        Assert.Equal(1, await s.Db.EvidenceContent.CountAsync(Ct));
        var reads = await s.Db.AuditEntries.AsNoTracking().Where(e => e.RecordType == "CommitmentEvidence" && e.Action == "read").ToListAsync(Ct);
        Assert.Equal(file.Id.ToString(), Assert.Single(reads).RecordId);
        Assert.DoesNotContain(await s.Db.AuditEntries.AsNoTracking().Where(e => e.Action == "commitment.evidence").Select(e => e.After).ToListAsync(Ct),
            a => a!.Contains("Izium", StringComparison.Ordinal) || a.Contains("mod.gov.ua", StringComparison.Ordinal));
    }

    [Theory, Databases]
    public async Task Completion_NeedsEvidence_IsApprovedByBothSides_ThenTheCommitmentIsComplete(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var s = Open(db);
        var writer = Person(Participant.Ukraine, Roles.Contributor, "olena");
        var ukApprover = Person(Participant.Ukraine, Roles.Approver, "taras");
        var caApprover = Person(Participant.Canada, Roles.Approver, "claire");
        var c = await FirstDeminingAsync(s, writer);

        var noEvidence = await Assert.ThrowsAsync<ConflictException>(() => s.Completion.RequestAsync(writer, c.Id, null, 1, Ct));
        await s.Evidence.AddAsync(writer, c.Id, new EvidenceInput(EvidenceKind.Link, "Release", Url: "https://mod.gov.ua/news/2"), 1, Ct);
        var decision = await s.Completion.RequestAsync(writer, c.Id, "All survey teams certified.", 2, Ct);
        var twice = await Assert.ThrowsAsync<ConflictException>(() => s.Completion.RequestAsync(writer, c.Id, null, 3, Ct));
        var afterUkraine = await s.Decisions.VoteAsync(ukApprover, decision.Id, true, null, decision.Version, Ct);
        var pending = await s.Tracker.GetAsync(writer, c.Id, Ct);
        var settled = await s.Decisions.VoteAsync(caApprover, decision.Id, true, null, afterUkraine.Version, Ct);
        var done = (await s.Tracker.GetAsync(writer, c.Id, Ct))!;
        var backwards = await Assert.ThrowsAsync<InvalidInputException>(() =>
            s.Tracker.RecordUpdateAsync(writer, c.Id, new CommitmentUpdateInput("Reopened", CommitmentStatus.AtRisk), done.Version, Ct));
        await s.Tracker.RecordUpdateAsync(writer, c.Id, new CommitmentUpdateInput("Maintenance continues.", CommitmentStatus.Complete), done.Version, Ct);

        Assert.Contains("evidence", noEvidence.Message, StringComparison.Ordinal);
        Assert.Equal((DecisionKind.CommitmentCompletion, c.Id, c.Citation, Marking.Of(c)), (decision.Kind, decision.CommitmentId, decision.Citation, Marking.Of(decision)));
        Assert.Contains("already waiting", twice.Message, StringComparison.Ordinal);
        Assert.Equal(CommitmentStatus.NotStarted, pending!.Status);
        Assert.Equal(DecisionState.Approved, settled.State);
        Assert.Equal(CommitmentStatus.Complete, done.Status);
        var entry = done.Updates.Single(u => u.DecisionId == decision.Id);
        Assert.Equal(("claire", CommitmentStatus.NotStarted, CommitmentStatus.Complete, ""), (entry.By, entry.StatusBefore, entry.StatusAfter, entry.Text));
        Assert.True(backwards.Errors.ContainsKey("status"));
        Assert.Equal(CommitmentStatus.Complete, (await s.Db.Commitments.AsNoTracking().SingleAsync(x => x.Id == c.Id, Ct)).Status);
        Assert.Equal(1, await s.Db.AuditEntries.CountAsync(e => e.Action == "commitment.complete" && e.RecordId == c.Id.ToString(), Ct));
    }

    [Theory, Databases]
    public async Task Completion_Rejected_LeavesTheStatus_AndTheHistoryGivesTheReason_TheRequesterNeverApproves(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var s = Open(db);
        var requester = Person(Participant.Canada, Roles.Contributor | Roles.Approver, "claire");
        var ukApprover = Person(Participant.Ukraine, Roles.Approver, "taras");
        var c = await FirstDeminingAsync(s, requester);
        await s.Tracker.RecordUpdateAsync(requester, c.Id, new CommitmentUpdateInput("Most of the work is done.", CommitmentStatus.Substantial), 1, Ct);
        await s.Evidence.AddAsync(requester, c.Id, new EvidenceInput(EvidenceKind.Note, "Visit", Text: "Seen on site."), 2, Ct);
        var decision = await s.Completion.RequestAsync(requester, c.Id, null, 3, Ct);

        await Assert.ThrowsAsync<RefusedException>(() => s.Decisions.VoteAsync(requester, decision.Id, true, null, decision.Version, Ct));
        await s.Decisions.VoteAsync(ukApprover, decision.Id, false, "Two districts are not yet surveyed.", decision.Version, Ct);
        var after = (await s.Tracker.GetAsync(requester, c.Id, Ct))!;
        var again = await s.Completion.RequestAsync(requester, c.Id, "Districts surveyed.", after.Version, Ct);

        Assert.Equal(CommitmentStatus.Substantial, after.Status);
        var entry = after.Updates.Single(u => u.DecisionId == decision.Id);
        Assert.Equal(("taras", "Two districts are not yet surveyed.", CommitmentStatus.Substantial), (entry.By, entry.Text, entry.StatusAfter));
        Assert.Equal(DecisionState.Pending, again.State);
    }

    [Theory, Databases]
    public async Task Completion_OfACommitmentTheOtherSideCannotRead_IsRefused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider);
        await using var s = Open(db);
        var writer = Person(Participant.Canada, Roles.Contributor, "claire");
        var c = await FirstDeminingAsync(s, writer);
        var tracked = await s.Db.Commitments.SingleAsync(x => x.Id == c.Id, Ct);
        tracked.Releasability = Releasability.CanEyesOnly;
        await s.Db.SaveChangesAsync(Ct);
        await s.Evidence.AddAsync(writer, c.Id, new EvidenceInput(EvidenceKind.Note, "Visit", Text: "Seen."), 1, Ct);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => s.Completion.RequestAsync(writer, c.Id, null, 2, Ct));

        Assert.Contains("CAN EYES ONLY", refused.Message, StringComparison.Ordinal);
        Assert.False(await s.Db.JointDecisions.AnyAsync(d => d.CommitmentId == c.Id, Ct));
    }
}
