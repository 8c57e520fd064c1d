using System.Globalization;
using Cussp.Agreements;
using Cussp.Identity;
using Cussp.Time;

namespace Cussp.Obligations;

/// <summary>What someone recording a meeting sends.</summary>
/// <param name="Kind">Which duty it meets.</param>
/// <param name="Title">Its name, in a line of at most <see cref="MeetingConfiguration.MaxTitle"/> characters.</param>
/// <param name="StartsAt">When it began.</param>
/// <param name="Place">Where, at most <see cref="MeetingConfiguration.MaxPlace"/> characters.</param>
/// <param name="Classification">Classification, up to the recorder's clearance.</param>
/// <param name="Releasability">Releasability.</param>
/// <param name="Area">Area (key component id); null or empty for the key component of the provision it meets.</param>
/// <param name="Citation">For another meeting, the provision whose duty it meets, if any; the other kinds name their own.</param>
public sealed record MeetingInput(MeetingKind Kind, string? Title, Instant StartsAt, string? Place, SecurityClassification Classification,
    Releasability Releasability = Releasability.RelCanUkr, string? Area = null, string? Citation = null);

/// <summary>An agenda item: its words and what it is about, a provision or a commitment (or neither).</summary>
public sealed record AgendaItemInput(string? Text, string? Citation = null, Guid? CommitmentId = null);

/// <summary>Someone who attended: name and office, and the side they attended for (null for another state or an observer).</summary>
public sealed record AttendeeInput(string? Name, Participant? Side);

/// <summary>An action decided: what, who owns it, by when (a day in Kyiv).</summary>
public sealed record ActionItemInput(string? Text, string? Owner, LocalDate? DueOn);

/// <summary>The record of a meeting, written after it: agenda, attendees, minutes, decisions and action items; it replaces the previous one.</summary>
public sealed record MeetingMinutesInput(IReadOnlyList<AgendaItemInput> Agenda, IReadOnlyList<AttendeeInput> Attendees, string? Minutes,
    IReadOnlyList<string?> Decisions, IReadOnlyList<ActionItemInput> Actions);

/// <summary>
/// The meetings the participants held. Contributors and approvers record them under a marking they could read themselves; every
/// read goes through <see cref="AccessPolicy.Readable{T}"/> inside the query, so a meeting the caller may not read is answered
/// exactly as one that does not exist; reads above UNCLASSIFIED are logged.
/// </summary>
public sealed class Meetings(CusspDbContext db, IClock clock, AuditTrail audit, AgreementRegister register)
{
    /// <summary>Largest page of a list.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The record type of meeting entries in the audit log.</summary>
    public const string RecordType = "Meeting";

    /// <summary>The provision of the CUSSP whose duty a meeting of <paramref name="kind"/> meets; null for another meeting.</summary>
    public static string? CitationOf(MeetingKind kind) => kind switch
    {
        MeetingKind.LeadersMeeting or MeetingKind.MinisterialMeeting => "II.1.i",
        MeetingKind.DefencePolicyDialogue => "IV.A.7.i",
        MeetingKind.Review => "VIII.B.1",
        _ => null,
    };

    /// <summary>The meetings of <paramref name="agreementId"/> that <paramref name="subject"/> may read, as a query.</summary>
    internal IQueryable<MeetingRecord> Visible(AccessSubject? subject, string agreementId) =>
        db.Meetings.AsNoTracking().Where(AccessPolicy.Readable<MeetingRecord>(subject)).Where(m => m.AgreementId == agreementId);

    /// <summary>A page of the meetings the subject may read, latest first; optionally of one kind, or in one state now.</summary>
    public async Task<(IReadOnlyList<MeetingRecord> Items, int Total)> ListAsync(AccessSubject? subject, string agreementId, MeetingKind? kind,
        MeetingState? state, int page, int pageSize, CancellationToken ct = default)
    {
        var q = Visible(subject, agreementId);
        if (kind is { } k)
        {
            q = q.Where(m => m.Kind == k);
        }
        var now = clock.GetCurrentInstant();
        q = state switch
        {
            MeetingState.Cancelled => q.Where(m => m.CancelledAt != null),
            MeetingState.Scheduled => q.Where(m => m.CancelledAt == null && m.StartsAt > now),
            MeetingState.Held => q.Where(m => m.CancelledAt == null && m.StartsAt <= now),
            _ => q,
        };
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await q.OrderByDescending(m => m.StartsAt).ThenBy(m => m.Id).Skip((Math.Max(page, 1) - 1) * size).Take(size).ToListAsync(ct);
        await audit.ReadAsync(RecordType, items, m => m.Id, ct);
        return (items, total);
    }

    /// <summary>One meeting, or null when it does not exist or the subject may not read it.</summary>
    public async Task<MeetingRecord?> GetAsync(AccessSubject? subject, Guid id, CancellationToken ct = default)
    {
        var m = await db.Meetings.AsNoTracking().Where(AccessPolicy.Readable<MeetingRecord>(subject)).Include(m => m.Entries)
            .FirstOrDefaultAsync(m => m.Id == id, ct);
        if (m is not null)
        {
            await audit.ReadAsync(RecordType, [m], r => r.Id, ct);
        }
        return m;
    }

    /// <summary>Records a meeting held under <paramref name="agreementId"/>.</summary>
    /// <exception cref="RefusedException">The subject may not record meetings, or not under that marking.</exception>
    /// <exception cref="InvalidInputException">The input breaks a rule.</exception>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    public async Task<MeetingRecord> RecordAsync(AccessSubject subject, string agreementId, MeetingInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        if (!Permissions.CanPropose(subject))
        {
            throw new RefusedException("Only contributors and approvers record meetings.");
        }
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var citation = CitationOf(input.Kind) ?? (string.IsNullOrWhiteSpace(input.Citation) ? null : input.Citation.Trim());
        var provision = citation is null ? null : snapshot.Find(citation);
        var area = string.IsNullOrWhiteSpace(input.Area) ? provision?.Component ?? KeyComponents.Framework : input.Area.Trim();
        Validate(input, area, citation, provision, snapshot);
        var marking = new Marking(input.Classification, input.Releasability, area);
        MarkingChanges.EnsureSettable(subject, marking);
        var now = clock.GetCurrentInstant();
        var record = new MeetingRecord
        {
            Id = Guid.NewGuid(),
            AgreementId = snapshot.Agreement.Id,
            Kind = input.Kind,
            Citation = provision?.Citation,
            Title = input.Title!.Trim(),
            StartsAt = input.StartsAt,
            Place = TextInput.Normalise(input.Place ?? "").Trim(),
            Classification = input.Classification,
            Releasability = input.Releasability,
            Area = area,
            Originator = subject.Participant,
            RecordedBy = subject.Name,
            RecordedAt = now,
        };
        db.Meetings.Add(record);
        audit.Changed("meeting.record", RecordType, record.Id.ToString(), marking, null, new
        {
            kind = record.Kind.Name(),
            record.Citation,
            startsAt = record.StartsAt.ToString(),
            marking = marking.ToString(),
            contentHmac = audit.Digest(record.Title + "\n" + record.Place),
        });
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>
    /// Writes the record of a meeting the subject may read — agenda items linked to provisions of the agreement or to commitments the
    /// subject may read, attendees, minutes, decisions and action items — in place of the previous one, based on
    /// <paramref name="version"/>. An action already done stays done when the new record keeps it (same words, owner and day).
    /// </summary>
    /// <exception cref="RefusedException">The subject may not write the record.</exception>
    /// <exception cref="NotFoundException">No such meeting that the subject may read.</exception>
    /// <exception cref="InvalidInputException">A line breaks a rule; errors are keyed by list and line, such as <c>actions[2]</c>.</exception>
    /// <exception cref="StaleWriteException">The meeting changed since <paramref name="version"/>.</exception>
    /// <exception cref="ConflictException">The meeting was called off.</exception>
    public async Task<MeetingRecord> WriteMinutesAsync(AccessSubject subject, Guid id, MeetingMinutesInput input, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        if (!Permissions.CanPropose(subject))
        {
            throw new RefusedException("Only contributors and approvers write the record of a meeting.");
        }
        var meeting = await TrackedAsync(subject, id, ct);
        MarkingChanges.EnsureVersion(meeting, version, "meeting");
        EnsureStands(meeting);
        var snapshot = await register.GetAsync(meeting.AgreementId, ct) ?? throw new NotFoundException($"agreement \"{meeting.AgreementId}\" does not exist");
        var wanted = input.Agenda.Where(a => a.CommitmentId is not null).Select(a => a.CommitmentId!.Value).Distinct().ToList();
        var readable = await db.Commitments.AsNoTracking().Where(AccessPolicy.Readable<Commitments.CommitmentRecord>(subject))
            .Where(c => c.AgreementId == meeting.AgreementId && wanted.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
        var entries = Entries(meeting, input, snapshot, readable.ToHashSet(), out var errors);
        var minutes = TextInput.Normalise(input.Minutes)?.Trim();
        if (minutes is { Length: > MeetingEntryConfiguration.MaxMinutes })
        {
            errors["minutes"] = [string.Create(CultureInfo.InvariantCulture,
                $"The minutes have {minutes.Length:N0} characters; at most {MeetingEntryConfiguration.MaxMinutes:N0} are allowed.")];
        }
        TextInput.Check(errors, "minutes", input.Minutes, TextShape.MultiLine);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var done = meeting.Entries.Where(e => e.Kind == MeetingEntryKind.Action && e.DoneAt is not null)
            .ToDictionary(e => (e.Text, e.Owner, e.DueOn));
        foreach (var action in entries.Where(e => e.Kind == MeetingEntryKind.Action))
        {
            if (done.Remove((action.Text, action.Owner, action.DueOn), out var was))
            {
                (action.DoneAt, action.DoneBy) = (was.DoneAt, was.DoneBy);
            }
        }
        db.MeetingEntries.RemoveRange(meeting.Entries);
        db.MeetingEntries.AddRange(entries);
        meeting.Minutes = string.IsNullOrEmpty(minutes) ? null : minutes;
        meeting.MinutesBy = subject.Name;
        meeting.MinutesAt = clock.GetCurrentInstant();
        meeting.Version++;
        audit.Changed("meeting.minutes", RecordType, id.ToString(), Marking.Of(meeting), null, new
        {
            agenda = entries.Count(e => e.Kind == MeetingEntryKind.Agenda),
            attendees = entries.Count(e => e.Kind == MeetingEntryKind.Attendee),
            decisions = entries.Count(e => e.Kind == MeetingEntryKind.Decision),
            actions = entries.Count(e => e.Kind == MeetingEntryKind.Action),
            meeting.Version,
            contentHmac = audit.Digest(string.Join("\n", entries.Select(e => e.Text)) + "\n" + meeting.Minutes),
        });
        await SaveAsync(version, ct);
        return meeting;
    }

    /// <summary>Marks an action of a meeting done, based on <paramref name="version"/>; contributors and approvers who may read the meeting.</summary>
    /// <exception cref="RefusedException">The subject may not.</exception>
    /// <exception cref="NotFoundException">No such meeting or action that the subject may read.</exception>
    /// <exception cref="ConflictException">The action is already done.</exception>
    /// <exception cref="StaleWriteException">The meeting changed since <paramref name="version"/>.</exception>
    public async Task<MeetingRecord> CompleteActionAsync(AccessSubject subject, Guid id, Guid actionId, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!Permissions.CanPropose(subject))
        {
            throw new RefusedException("Only contributors and approvers mark an action done.");
        }
        var meeting = await TrackedAsync(subject, id, ct);
        var action = meeting.Entries.FirstOrDefault(e => e.Id == actionId && e.Kind == MeetingEntryKind.Action)
            ?? throw new NotFoundException($"Meeting {id} has no action {actionId}.");
        MarkingChanges.EnsureVersion(meeting, version, "meeting");
        if (action.DoneAt is not null)
        {
            throw new ConflictException($"The action was marked done by {action.DoneBy}.");
        }
        action.DoneAt = clock.GetCurrentInstant();
        action.DoneBy = subject.Name;
        meeting.Version++;
        audit.Changed("meeting.action-done", RecordType, id.ToString(), Marking.Of(meeting), null, new { action = actionId, meeting.Version });
        await SaveAsync(version, ct);
        return meeting;
    }

    /// <summary>
    /// Moves a meeting that stands to another time or place, based on <paramref name="version"/>: a meeting scheduled for later, or one
    /// held whose time was recorded wrongly. It then meets the duties of the day it is moved to. Contributors and approvers who may read it.
    /// </summary>
    /// <exception cref="RefusedException">The subject may not.</exception>
    /// <exception cref="NotFoundException">No such meeting that the subject may read.</exception>
    /// <exception cref="InvalidInputException">The time or the place breaks a rule.</exception>
    /// <exception cref="ConflictException">The meeting was called off.</exception>
    /// <exception cref="StaleWriteException">The meeting changed since <paramref name="version"/>.</exception>
    public async Task<MeetingRecord> RescheduleAsync(AccessSubject subject, Guid id, Instant startsAt, string? place, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!Permissions.CanPropose(subject))
        {
            throw new RefusedException("Only contributors and approvers move a meeting.");
        }
        var meeting = await TrackedAsync(subject, id, ct);
        MarkingChanges.EnsureVersion(meeting, version, "meeting");
        EnsureStands(meeting);
        var snapshot = await register.GetAsync(meeting.AgreementId, ct) ?? throw new NotFoundException($"agreement \"{meeting.AgreementId}\" does not exist");
        var errors = new Dictionary<string, string[]>();
        CheckWhenAndWhere(errors, startsAt, place, snapshot);
        var day = startsAt.InZone(Zones.Kyiv).Date;
        if (meeting.Entries.Where(e => e.Kind == MeetingEntryKind.Action && e.DueOn < day).Select(e => e.DueOn).Min() is { } early)
        {
            errors["actions"] = [string.Create(CultureInfo.InvariantCulture,
                $"An action of the meeting is due on {early:uuuu-MM-dd}, before {day:uuuu-MM-dd}: change the action's day in the record first.")];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var (wasAt, wasPlace) = (meeting.StartsAt, meeting.Place);
        meeting.StartsAt = startsAt;
        meeting.Place = TextInput.Normalise(place ?? "").Trim();
        meeting.Version++;
        audit.Changed("meeting.reschedule", RecordType, id.ToString(), Marking.Of(meeting), null, new
        {
            from = wasAt.ToString(),
            to = startsAt.ToString(),
            placeChanged = wasPlace != meeting.Place,
            meeting.Version,
            contentHmac = audit.Digest(meeting.Place),
        });
        await SaveAsync(version, ct);
        return meeting;
    }

    /// <summary>
    /// Calls off a meeting that has not begun, with the reason, based on <paramref name="version"/>; it stays on record, marked as called
    /// off, and meets no duty. A meeting that has begun is not called off: its time is corrected instead.
    /// </summary>
    /// <exception cref="RefusedException">The subject may not.</exception>
    /// <exception cref="NotFoundException">No such meeting that the subject may read.</exception>
    /// <exception cref="InvalidInputException">No reason, or one too long.</exception>
    /// <exception cref="ConflictException">The meeting has begun, or was already called off.</exception>
    /// <exception cref="StaleWriteException">The meeting changed since <paramref name="version"/>.</exception>
    public async Task<MeetingRecord> CancelAsync(AccessSubject subject, Guid id, string? reason, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (!Permissions.CanPropose(subject))
        {
            throw new RefusedException("Only contributors and approvers call a meeting off.");
        }
        var meeting = await TrackedAsync(subject, id, ct);
        MarkingChanges.EnsureVersion(meeting, version, "meeting");
        EnsureStands(meeting);
        var now = clock.GetCurrentInstant();
        if (meeting.StartsAt <= now)
        {
            throw new ConflictException(string.Create(CultureInfo.InvariantCulture,
                $"The meeting began on {meeting.StartsAt.InZone(Zones.Kyiv):uuuu-MM-dd HH:mm} (Kyiv): a meeting that has begun is not called off; correct its time instead."));
        }
        var errors = new Dictionary<string, string[]>();
        var words = TextInput.Normalise(reason)?.Trim();
        if (string.IsNullOrEmpty(words) || words.Length > MeetingConfiguration.MaxReason)
        {
            errors["reason"] = [string.Create(CultureInfo.InvariantCulture, $"Say why the meeting is called off, in 1–{MeetingConfiguration.MaxReason:N0} characters.")];
        }
        TextInput.Check(errors, "reason", reason, TextShape.MultiLine);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        meeting.CancelledAt = now;
        meeting.CancelledBy = subject.Name;
        meeting.CancelReason = words;
        meeting.Version++;
        audit.Changed("meeting.cancel", RecordType, id.ToString(), Marking.Of(meeting), null, new
        {
            startsAt = meeting.StartsAt.ToString(),
            meeting.Version,
            contentHmac = audit.Digest(words!),
        });
        await SaveAsync(version, ct);
        return meeting;
    }

    private static void EnsureStands(MeetingRecord meeting)
    {
        if (meeting.CancelledAt is { } at)
        {
            throw new ConflictException(string.Create(CultureInfo.InvariantCulture,
                $"The meeting was called off on {at.InZone(Zones.Kyiv):uuuu-MM-dd HH:mm} (Kyiv) by {meeting.CancelledBy}; record a new meeting instead."));
        }
    }

    private async Task<MeetingRecord> TrackedAsync(AccessSubject subject, Guid id, CancellationToken ct) =>
        await db.Meetings.Where(AccessPolicy.Readable<MeetingRecord>(subject)).Include(m => m.Entries).FirstOrDefaultAsync(m => m.Id == id, ct)
        ?? throw NotFound(id);

    private async Task SaveAsync(int version, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new StaleWriteException($"Someone changed this meeting at the same moment (version {version} is no longer current): reload it and try again.", e);
        }
    }

    private static List<MeetingEntryRecord> Entries(MeetingRecord meeting, MeetingMinutesInput input, RegisterSnapshot snapshot, HashSet<Guid> commitments,
        out Dictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, string[]>();
        errors = problems;
        var entries = new List<MeetingEntryRecord>();
        string? Words(string list, int i, string? text)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{list}[{i}]");
            var words = TextInput.Normalise(text)?.Trim();
            if (string.IsNullOrEmpty(words) || words.Length > MeetingEntryConfiguration.MaxText)
            {
                problems[key] = [string.Create(CultureInfo.InvariantCulture, $"Line {i + 1}: write it in 1–{MeetingEntryConfiguration.MaxText:N0} characters.")];
                return null;
            }
            if (TextInput.Find(text, TextShape.SingleLine) is { } unreadable)
            {
                problems[key] = [$"Line {i + 1}: {unreadable.Message}"];
                return null;
            }
            return words;
        }
        MeetingEntryRecord Entry(MeetingEntryKind kind, int ordinal, string text) =>
            new() { Id = Guid.NewGuid(), MeetingId = meeting.Id, Kind = kind, Ordinal = ordinal, Text = text };
        foreach (var (list, count) in new[] { ("agenda", input.Agenda.Count), ("attendees", input.Attendees.Count), ("decisions", input.Decisions.Count), ("actions", input.Actions.Count) })
        {
            if (count > MeetingEntryConfiguration.MaxEntries)
            {
                problems[list] = [string.Create(CultureInfo.InvariantCulture, $"At most {MeetingEntryConfiguration.MaxEntries} lines; this list has {count}.")];
            }
        }
        if (problems.Count > 0)
        {
            return entries;
        }
        for (var i = 0; i < input.Agenda.Count; i++)
        {
            var item = input.Agenda[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"agenda[{i}]");
            if (Words("agenda", i, item.Text) is not { } text)
            {
                continue;
            }
            var provision = string.IsNullOrWhiteSpace(item.Citation) ? null : snapshot.Find(item.Citation.Trim());
            if (!string.IsNullOrWhiteSpace(item.Citation) && provision is null)
            {
                problems[key] = [$"Line {i + 1}: \"{item.Citation.Trim()}\" is not a provision of {snapshot.Agreement.Id}."];
                continue;
            }
            if (item.CommitmentId is { } c && !commitments.Contains(c))
            {
                problems[key] = [$"Line {i + 1}: there is no commitment {c} that you may see."];
                continue;
            }
            var entry = Entry(MeetingEntryKind.Agenda, i, text);
            (entry.Citation, entry.CommitmentId) = (provision?.Citation, item.CommitmentId);
            entries.Add(entry);
        }
        for (var i = 0; i < input.Attendees.Count; i++)
        {
            if (Words("attendees", i, input.Attendees[i].Name) is not { } name)
            {
                continue;
            }
            if (input.Attendees[i].Side is { } side && !Enum.IsDefined(side))
            {
                problems[string.Create(CultureInfo.InvariantCulture, $"attendees[{i}]")] = [$"Line {i + 1}: attend for Canada, for Ukraine, or for neither."];
                continue;
            }
            var entry = Entry(MeetingEntryKind.Attendee, i, name);
            entry.Side = input.Attendees[i].Side;
            entries.Add(entry);
        }
        for (var i = 0; i < input.Decisions.Count; i++)
        {
            if (Words("decisions", i, input.Decisions[i]) is { } text)
            {
                entries.Add(Entry(MeetingEntryKind.Decision, i, text));
            }
        }
        var held = meeting.StartsAt.InZone(Zones.Kyiv).Date;
        for (var i = 0; i < input.Actions.Count; i++)
        {
            var action = input.Actions[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"actions[{i}]");
            if (Words("actions", i, action.Text) is not { } text)
            {
                continue;
            }
            var owner = TextInput.Normalise(action.Owner)?.Trim();
            if (string.IsNullOrEmpty(owner) || owner.Length > MeetingEntryConfiguration.MaxOwner || TextInput.Find(owner, TextShape.SingleLine) is not null)
            {
                problems[key] = [string.Create(CultureInfo.InvariantCulture, $"Line {i + 1}: name who owns the action, in 1–{MeetingEntryConfiguration.MaxOwner} characters.")];
                continue;
            }
            if (action.DueOn is not { } due)
            {
                problems[key] = [$"Line {i + 1}: give the day the action is due."];
                continue;
            }
            if (due < held)
            {
                problems[key] = [string.Create(CultureInfo.InvariantCulture, $"Line {i + 1}: due {due:uuuu-MM-dd}, before the meeting ({held:uuuu-MM-dd}).")];
                continue;
            }
            var entry = Entry(MeetingEntryKind.Action, i, text);
            (entry.Owner, entry.DueOn) = (owner, due);
            entries.Add(entry);
        }
        return entries;
    }

    /// <summary>The rules of a meeting's time and place: within the agreement's term, a place in a line of bounded length.</summary>
    private static void CheckWhenAndWhere(Dictionary<string, string[]> errors, Instant startsAt, string? place, RegisterSnapshot snapshot)
    {
        if (place is { Length: > MeetingConfiguration.MaxPlace })
        {
            errors["place"] = [string.Create(CultureInfo.InvariantCulture, $"The place has {place.Length} characters; at most {MeetingConfiguration.MaxPlace} are allowed.")];
        }
        TextInput.Check(errors, "place", place, TextShape.SingleLine);
        // A meeting is held within the agreement's term: not before signature. One scheduled for later counts once it has begun.
        if (snapshot.Agreement.SignedOn is { } signed && startsAt < Zones.StartOfDayInKyiv(signed))
        {
            errors["startsAt"] = [$"The agreement was signed on {signed:yyyy-MM-dd}: a meeting under it begins on or after that day."];
        }
    }

    /// <summary>The answer for a meeting that does not exist and for one the caller may not see: the same, word for word.</summary>
    public static NotFoundException NotFound(Guid id) => new($"There is no meeting {id} that you may see.");

    private static void Validate(MeetingInput input, string area, string? citation, ProvisionView? provision, RegisterSnapshot snapshot)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(input.Kind))
        {
            errors["kind"] = [MeetingKinds.Unknown(input.Kind.ToString())];
        }
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > MeetingConfiguration.MaxTitle)
        {
            errors["title"] = [$"Name the meeting in 1–{MeetingConfiguration.MaxTitle} characters."];
        }
        TextInput.Check(errors, "title", input.Title, TextShape.SingleLine);
        CheckWhenAndWhere(errors, input.StartsAt, input.Place, snapshot);
        if (citation is not null && provision is null)
        {
            errors["citation"] = [$"\"{citation}\" is not a provision of {snapshot.Agreement.Id}."];
        }
        if (!Enum.IsDefined(input.Classification))
        {
            errors["classification"] = ["Unknown classification."];
        }
        if (!Enum.IsDefined(input.Releasability))
        {
            errors["releasability"] = ["Unknown releasability."];
        }
        if (KeyComponents.Known(area) is null)
        {
            errors["area"] = [$"\"{area}\" is not an area; use one of {string.Join(", ", KeyComponents.Ids)}."];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
    }
}

/// <summary>Reads the obligations clock of an agreement for a reader: the duties from the text, met by the meetings the reader may read.</summary>
public sealed class ObligationClock(AgreementRegister register, Meetings meetings, Consultations consultations, AgreementLifecycle lifecycle,
    AuditTrail audit, IClock clock)
{
    /// <summary>The clock's day: today in Kyiv.</summary>
    public LocalDate Today => clock.GetCurrentInstant().InZone(Zones.Kyiv).Date;

    /// <summary>The obligations of <paramref name="agreementId"/> today, as far as the meetings <paramref name="subject"/> may read show.</summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    public async Task<ObligationsReport> ReportAsync(AccessSubject? subject, string agreementId, int? year, CancellationToken ct = default)
    {
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var held = await meetings.Visible(subject, snapshot.Agreement.Id).Where(m => m.Citation != null).ToListAsync(ct);
        var requests = await consultations.Visible(subject, snapshot.Agreement.Id).ToListAsync(ct);
        var events = await lifecycle.EventsAsync(snapshot.Agreement.Id, ct);
        var report = ObligationSchedule.Build(snapshot, held, Today, year, requests, clock.GetCurrentInstant(), events);
        var occurrences = report.Duties.SelectMany(d => d.Occurrences.Concat(d.Next is { } n ? [n] : [])).ToList();
        // The meetings the report names, held or still to begin, are what the reader sees of them.
        var shown = occurrences.SelectMany(o => o.Held.Concat(o.Scheduled)).Select(h => h.Id).ToHashSet();
        var asked = occurrences.Where(o => o.Request is not null).Select(o => o.Request!.Id).ToHashSet();
        await audit.ReadAsync(Meetings.RecordType, held.Where(m => shown.Contains(m.Id)), m => m.Id, ct);
        await audit.ReadAsync(Consultations.RecordType, requests.Where(c => asked.Contains(c.Id)), c => c.Id, ct);
        return report;
    }

    /// <summary>
    /// What a calendar of <paramref name="agreementId"/> holds for <paramref name="subject"/>: every meeting the subject may read, with
    /// the obligations as those meetings and the open consultation requests the subject may read show them; with
    /// <paramref name="duty"/>, only that duty's dates and the meetings that count towards it. Each protected record shown is logged
    /// as read once; what is left out is not.
    /// </summary>
    /// <exception cref="NotFoundException">No such agreement, or no such duty of it.</exception>
    public async Task<(ObligationsReport Report, IReadOnlyList<MeetingRecord> Meetings)> CalendarAsync(AccessSubject? subject, string agreementId,
        string? duty = null, CancellationToken ct = default)
    {
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var all = await meetings.Visible(subject, snapshot.Agreement.Id).OrderBy(m => m.StartsAt).ThenBy(m => m.Id).ToListAsync(ct);
        var requests = await consultations.Visible(subject, snapshot.Agreement.Id).Where(c => c.HeldAt == null).ToListAsync(ct);
        var events = await lifecycle.EventsAsync(snapshot.Agreement.Id, ct);
        var report = ObligationSchedule.Build(snapshot, all.Where(m => m.Citation != null), Today, null, requests, clock.GetCurrentInstant(), events);
        IReadOnlyList<MeetingRecord> shown = all;
        if (duty is not null)
        {
            (shown, report) = CalendarFeed.Of(duty, all, report) ?? throw new NotFoundException(
                $"{report.AgreementId} has no duty \"{duty}\"; its duties are {string.Join(", ", report.Duties.Select(d => d.Duty.Key))}.");
        }
        var asked = report.Duties.SelectMany(d => d.Occurrences).Where(o => o.Request is not null).Select(o => o.Request!.Id).ToHashSet();
        await audit.ReadAsync(Meetings.RecordType, shown, m => m.Id, ct);
        await audit.ReadAsync(Consultations.RecordType, requests.Where(c => asked.Contains(c.Id)), c => c.Id, ct);
        return (report, shown);
    }
}
