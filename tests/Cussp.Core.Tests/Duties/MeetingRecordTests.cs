using Cussp.Agreements;
using Cussp.Commitments;
using Cussp.Data;
using Cussp.Identity;
using Cussp.Obligations;
using Cussp.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Duties;

/// <summary>The record of a meeting: agenda items linked to provisions and commitments, attendees, minutes, decisions and action items.</summary>
public class MeetingRecordTests
{
    private static readonly string[] Areas = ["framework", "defence-security", "sovereignty-democracy"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static AccessSubject Writer(Participant p = Participant.Canada, SecurityClassification clearance = SecurityClassification.Secret) =>
        new(Guid.NewGuid(), $"writer-{p}", p, clearance, Roles.Contributor, Areas);

    private static readonly Instant Held = Instant.FromUtc(2025, 5, 10, 8, 0);

    [Theory, Databases]
    public async Task WriteMinutes_KeepsEveryListInOrder_LinksProvisionsAndCommitments_AndTracksActionsUntilDone(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider, Instant.FromUtc(2025, 6, 1, 9, 0));
        await using var scope = db.Services.CreateAsyncScope();
        var meetings = scope.ServiceProvider.GetRequiredService<Meetings>();
        var commitment = await scope.ServiceProvider.GetRequiredService<CommitmentAuthoring>().AddAsync(Writer(), AgreementRegister.CusspId,
            new CommitmentInput("II.1.ii", "Take stock every year", "both", null, "UNCLASSIFIED", "REL CAN UKR"), Ct);
        var m = await meetings.RecordAsync(Writer(), AgreementRegister.CusspId, new MeetingInput(MeetingKind.LeadersMeeting, "Leaders' meeting", Held, "Kyiv",
            SecurityClassification.Unclassified), Ct);

        var written = await meetings.WriteMinutesAsync(Writer(Participant.Ukraine), m.Id, new MeetingMinutesInput(
            [new("Stock-take of the CUSSP", "II.1.ii", commitment.Id), new("Air defence", "IV.A.7.iii"), new("Any other business")],
            [new("Prime Minister of Canada", Participant.Canada), new("President of Ukraine", Participant.Ukraine), new("Observer from Poland", null)],
            "The leaders reviewed the year.\nThey agreed on next steps.",
            ["Hold the next meeting in Ottawa"],
            [new("Send the stock-take report", "Joint secretariat", new LocalDate(2025, 7, 1)), new("Propose dates", "Protocol", new LocalDate(2025, 6, 15))]),
            m.Version, Ct);

        var read = (await meetings.GetAsync(Writer(), m.Id, Ct))!;
        Assert.Equal(1, written.Version);
        Assert.Equal("writer-Ukraine", read.MinutesBy);
        Assert.Equal([("Stock-take of the CUSSP", "II.1.ii", (Guid?)commitment.Id), ("Air defence", "IV.A.7.iii", null), ("Any other business", null, null)],
            read.Entries.Where(e => e.Kind == MeetingEntryKind.Agenda).OrderBy(e => e.Ordinal).Select(e => (e.Text, e.Citation, e.CommitmentId)));
        Assert.Equal([Participant.Canada, Participant.Ukraine, (Participant?)null],
            read.Entries.Where(e => e.Kind == MeetingEntryKind.Attendee).OrderBy(e => e.Ordinal).Select(e => e.Side));
        var actions = read.Entries.Where(e => e.Kind == MeetingEntryKind.Action).OrderBy(e => e.Ordinal).ToList();
        Assert.Equal(["Send the stock-take report", "Propose dates"], actions.Select(a => a.Text));

        var done = await meetings.CompleteActionAsync(Writer(), m.Id, actions[1].Id, read.Version, Ct);
        await Assert.ThrowsAsync<StaleWriteException>(() => meetings.CompleteActionAsync(Writer(), m.Id, actions[0].Id, read.Version, Ct));
        await Assert.ThrowsAsync<ConflictException>(() => meetings.CompleteActionAsync(Writer(), m.Id, actions[1].Id, done.Version, Ct));

        // Written again with the done action kept as it was: it stays done; the other lists are replaced.
        var again = await meetings.WriteMinutesAsync(Writer(), m.Id, new MeetingMinutesInput([], [], null, [],
            [new("Propose dates", "Protocol", new LocalDate(2025, 6, 15)), new("Book the room", "Protocol", new LocalDate(2025, 6, 20))]), done.Version, Ct);
        var kept = (await meetings.GetAsync(Writer(), m.Id, Ct))!.Entries.Where(e => e.Kind == MeetingEntryKind.Action).OrderBy(e => e.Ordinal).ToList();
        Assert.Equal([("Propose dates", true), ("Book the room", false)], kept.Select(a => (a.Text, a.DoneAt is not null)));
        Assert.Null(again.Minutes);
        var data = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        Assert.Equal(2, await data.MeetingEntries.CountAsync(e => e.MeetingId == m.Id, Ct));
        Assert.Equal(["meeting.record", "meeting.minutes", "meeting.action-done", "meeting.minutes"],
            await data.AuditEntries.AsNoTracking().Where(e => e.RecordId == m.Id.ToString() && e.Action != "read").OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct));
    }

    [Theory, Databases]
    public async Task WriteMinutes_BadLines_AreRefusedByListAndLine_AndNothingIsStored(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.StartAsync(provider, Instant.FromUtc(2025, 6, 1, 9, 0));
        await using var scope = db.Services.CreateAsyncScope();
        var meetings = scope.ServiceProvider.GetRequiredService<Meetings>();
        var secret = await scope.ServiceProvider.GetRequiredService<CommitmentAuthoring>().AddAsync(Writer(), AgreementRegister.CusspId,
            new CommitmentInput("II.1.ii", "A secret commitment", "both", null, "SECRET", "REL CAN UKR"), Ct);
        var m = await meetings.RecordAsync(Writer(), AgreementRegister.CusspId, new MeetingInput(MeetingKind.LeadersMeeting, "Leaders' meeting", Held, "Kyiv",
            SecurityClassification.Unclassified), Ct);
        var cleared = Writer(Participant.Ukraine, SecurityClassification.ProtectedB);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => meetings.WriteMinutesAsync(cleared, m.Id, new MeetingMinutesInput(
            [new("Fine"), new("Nowhere", "IX.9"), new("Hidden", null, secret.Id)],
            [new(" ", Participant.Canada)],
            null,
            ["ok", "bad\u202Eword"],
            [new("Late", "Protocol", new LocalDate(2025, 5, 9)), new("No owner", " ", new LocalDate(2025, 6, 1)), new("No day", "Protocol", null)]),
            m.Version, Ct));

        Assert.Equal(["actions[0]", "actions[1]", "actions[2]", "agenda[1]", "agenda[2]", "attendees[0]", "decisions[1]"], refused.Errors.Keys.Order().ToArray());
        Assert.Contains("before the meeting (2025-05-10)", refused.Errors["actions[0]"][0], StringComparison.Ordinal);
        Assert.Contains("\"IX.9\" is not a provision", refused.Errors["agenda[1]"][0], StringComparison.Ordinal);
        Assert.Contains($"no commitment {secret.Id} that you may see", refused.Errors["agenda[2]"][0], StringComparison.Ordinal);
        await Assert.ThrowsAsync<RefusedException>(() => meetings.WriteMinutesAsync(cleared with { Roles = Roles.Viewer }, m.Id,
            new MeetingMinutesInput([], [], "x", [], []), m.Version, Ct));
        var data = scope.ServiceProvider.GetRequiredService<CusspDbContext>();
        Assert.False(await data.MeetingEntries.AnyAsync(Ct));
        Assert.Null((await data.Meetings.AsNoTracking().SingleAsync(x => x.Id == m.Id, Ct)).MinutesAt);
    }
}
