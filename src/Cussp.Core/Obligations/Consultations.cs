using System.Globalization;
using Cussp.Agreements;
using Cussp.Decisions;
using Cussp.Identity;
using Cussp.Notifications;
using NodaTime.Text;

namespace Cussp.Obligations;

/// <summary>What a participant files to ask the other to consult.</summary>
/// <param name="Ground">Why.</param>
/// <param name="Summary">The situation, in at most <see cref="ConsultationConfiguration.MaxSummary"/> characters.</param>
/// <param name="Classification">Classification, up to the requester's clearance; the request is always REL CAN UKR.</param>
/// <param name="Area">Area (key component id); null or empty for the key component of the provision it is filed under.</param>
public sealed record ConsultationRequestInput(ConsultationGround Ground, string? Summary, SecurityClassification Classification, string? Area = null);

/// <summary>A follow-up action decided at a consultation.</summary>
/// <param name="Title">What is to be done.</param>
/// <param name="Owner">Who owns it.</param>
/// <param name="DueOn">The last day, in Kyiv.</param>
public sealed record FollowUpInput(string? Title, string? Owner, LocalDate DueOn);

/// <summary>The consultation held on a request.</summary>
/// <param name="HeldAt">When it began.</param>
/// <param name="Attendees">Who took part.</param>
/// <param name="Measures">The measures decided (II.4, IV.K.5).</param>
/// <param name="Outcome">What was decided, in words.</param>
/// <param name="FollowUps">The follow-up actions, each with its owner and due date.</param>
public sealed record ConsultationHeldInput(Instant HeldAt, string? Attendees, ConsultationMeasures Measures, string? Outcome,
    IReadOnlyList<FollowUpInput> FollowUps);

/// <summary>
/// Consultation requests (II.3, II.5): filed by a contributor or approver of either participant, the 24-hour clock starting at the
/// instant of filing; the other side's approvers notified in the app and its duty mailbox and webhook outside it, in the same
/// transaction as the request; acknowledged by the other side; recorded when held, with the measures decided and follow-up actions.
/// Every read goes through <see cref="AccessPolicy.Readable{T}"/> inside the query, so a request the caller may not read is answered
/// exactly as one that does not exist; reads above UNCLASSIFIED are logged; refused and invalid attempts are logged too.
/// </summary>
public sealed class Consultations(CusspDbContext db, IClock clock, AuditTrail audit, AgreementRegister register, Notifier notifier,
    NotificationSettings settings)
{
    /// <summary>Largest page of a list.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The record type of consultation entries in the audit log and of their notices.</summary>
    public const string RecordType = "Consultation";

    /// <summary>How long the participants have to consult after a request (II.3).</summary>
    public static readonly Duration Window = Duration.FromHours(24);

    /// <summary>How long a request stays unacknowledged before each escalation.</summary>
    public static readonly IReadOnlyList<Duration> Escalations = [Duration.FromHours(12), Duration.FromHours(20)];

    /// <summary>The provision a request on <paramref name="ground"/> is filed under.</summary>
    public static string CitationOf(ConsultationGround ground) => ground == ConsultationGround.RenewedAggression ? "II.3" : "II.5";

    /// <summary>The requests of <paramref name="agreementId"/> that <paramref name="subject"/> may read, as a query.</summary>
    internal IQueryable<ConsultationRecord> Visible(AccessSubject? subject, string agreementId) =>
        db.Consultations.AsNoTracking().Where(AccessPolicy.Readable<ConsultationRecord>(subject)).Where(c => c.AgreementId == agreementId);

    /// <summary>A page of the requests the subject may read, open ones first, then newest first; optionally in one state.</summary>
    public async Task<(IReadOnlyList<ConsultationRecord> Items, int Total)> ListAsync(AccessSubject? subject, string agreementId,
        ConsultationState? state, int page, int pageSize, CancellationToken ct = default)
    {
        var q = Visible(subject, agreementId);
        q = state switch
        {
            ConsultationState.Requested => q.Where(c => c.HeldAt == null && c.AcknowledgedAt == null),
            ConsultationState.Acknowledged => q.Where(c => c.HeldAt == null && c.AcknowledgedAt != null),
            ConsultationState.Held => q.Where(c => c.HeldAt != null),
            _ => q,
        };
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await q.OrderBy(c => c.HeldAt == null ? 0 : 1).ThenByDescending(c => c.RequestedAt).ThenBy(c => c.Id)
            .Skip((Math.Max(page, 1) - 1) * size).Take(size).ToListAsync(ct);
        await audit.ReadAsync(RecordType, items, c => c.Id, ct);
        return (items, total);
    }

    /// <summary>One request with its follow-up actions (in no order), or null when it does not exist or the subject may not read it.</summary>
    public async Task<ConsultationRecord?> GetAsync(AccessSubject? subject, Guid id, CancellationToken ct = default)
    {
        var c = await db.Consultations.AsNoTracking().Where(AccessPolicy.Readable<ConsultationRecord>(subject)).Include(c => c.Tasks)
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (c is not null)
        {
            await audit.ReadAsync(RecordType, [c], r => r.Id, ct);
        }
        return c;
    }

    /// <summary>Files a request: the clock starts now; the other side is notified in the same transaction.</summary>
    /// <exception cref="RefusedException">The subject acts for no participant, or may not file under that marking.</exception>
    /// <exception cref="InvalidInputException">The input breaks a rule.</exception>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    public async Task<ConsultationRecord> RequestAsync(AccessSubject subject, string agreementId, ConsultationRequestInput input,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        if (!Enum.IsDefined(subject.Participant) || !Permissions.CanPropose(subject))
        {
            throw await AttemptAsync("consultation.request", "new", null,
                new RefusedException("Only a contributor or an approver acting for Canada or for Ukraine may ask to consult."), ct);
        }
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var citation = Enum.IsDefined(input.Ground) ? CitationOf(input.Ground) : null;
        var provision = citation is null ? null : snapshot.Find(citation);
        var area = string.IsNullOrWhiteSpace(input.Area) ? provision?.Component ?? KeyComponents.Framework : input.Area.Trim();
        var errors = new Dictionary<string, string[]>();
        if (citation is null)
        {
            errors["ground"] = [ConsultationNames.UnknownGround(input.Ground.ToString())];
        }
        else if (provision is null)
        {
            errors["ground"] = [$"{snapshot.Agreement.Id} has no provision {citation} to file the request under."];
        }
        var summary = TextInput.Normalise(input.Summary)?.Trim();
        if (string.IsNullOrEmpty(summary) || summary.Length > ConsultationConfiguration.MaxSummary)
        {
            errors["summary"] = [string.Create(CultureInfo.InvariantCulture,
                $"Say what the situation is, in 1–{ConsultationConfiguration.MaxSummary:N0} characters.")];
        }
        TextInput.Check(errors, "summary", input.Summary, TextShape.MultiLine);
        CheckMarking(errors, input.Classification, area);
        if (errors.Count > 0)
        {
            throw await AttemptAsync("consultation.request", "new", null, new InvalidInputException(errors), ct);
        }
        var marking = new Marking(input.Classification, Releasability.RelCanUkr, area);
        try
        {
            MarkingChanges.EnsureSettable(subject, marking);
        }
        catch (RefusedException e)
        {
            throw await AttemptAsync("consultation.request", "new", null, e, ct);
        }
        var now = clock.GetCurrentInstant();
        var record = new ConsultationRecord
        {
            Id = Guid.NewGuid(),
            AgreementId = snapshot.Agreement.Id,
            Ground = input.Ground,
            Citation = provision!.Citation,
            Summary = summary!,
            RequestedBy = subject.Name,
            RequestedById = subject.UserId,
            RequestedAt = now,
            DueAt = now + Window,
            Classification = marking.Classification,
            Releasability = marking.Releasability,
            Area = area,
            Originator = subject.Participant,
        };
        db.Consultations.Add(record);
        var (accounts, deliveries) = await notifier.AddAsync(NoticeOf(record, NoticeEvents.Requested), record,
            new Audience([record.Other], Roles.Approver, [record.Other]), ct);
        audit.Changed("consultation.request", RecordType, record.Id.ToString(), marking, null, new
        {
            ground = record.Ground.Name(),
            record.Citation,
            requestedAt = InstantPattern.General.Format(record.RequestedAt),
            dueAt = InstantPattern.General.Format(record.DueAt),
            marking = marking.ToString(),
            notified = new { accounts, deliveries },
            contentHmac = audit.Digest(record.Summary),
        });
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>The other side acknowledges a request, based on <paramref name="version"/>: its escalations stop.</summary>
    /// <exception cref="NotFoundException">No such request that the subject may read.</exception>
    /// <exception cref="RefusedException">The subject is not a contributor or approver of the side asked.</exception>
    /// <exception cref="StaleWriteException">The request changed since <paramref name="version"/>.</exception>
    /// <exception cref="ConflictException">It is already acknowledged or held.</exception>
    public async Task<ConsultationRecord> AcknowledgeAsync(AccessSubject subject, Guid id, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var record = await TrackedAsync(subject, id, ct);
        if (!Permissions.CanPropose(subject) || subject.Participant != record.Other)
        {
            throw await AttemptAsync("consultation.acknowledge", id.ToString(), Marking.Of(record),
                new RefusedException($"Only a contributor or an approver of {record.Other}, the side asked, acknowledges this request."), ct);
        }
        MarkingChanges.EnsureVersion(record, version, "consultation request");
        if (record.State != ConsultationState.Requested)
        {
            throw await AttemptAsync("consultation.acknowledge", id.ToString(), Marking.Of(record), new ConflictException(
                $"The request is already {record.State.Name()} ({(record.State == ConsultationState.Held ? record.RecordedBy : record.AcknowledgedBy)})."), ct);
        }
        record.AcknowledgedAt = clock.GetCurrentInstant();
        record.AcknowledgedBy = subject.Name;
        record.Version++;
        var (accounts, deliveries) = await notifier.AddAsync(NoticeOf(record, NoticeEvents.Acknowledged), record,
            new Audience([record.Originator], Roles.Approver, [record.Originator], [record.RequestedById]), ct);
        audit.Changed("consultation.acknowledge", RecordType, id.ToString(), Marking.Of(record), new { state = ConsultationState.Requested.Name() },
            new { state = record.State.Name(), side = subject.Participant, notified = new { accounts, deliveries } });
        await SaveAsync(version, ct);
        return record;
    }

    /// <summary>Records the consultation held on a request, based on <paramref name="version"/>: the duty to consult is met.</summary>
    /// <exception cref="NotFoundException">No such request that the subject may read.</exception>
    /// <exception cref="RefusedException">The subject may not record it.</exception>
    /// <exception cref="InvalidInputException">The input breaks a rule (a consultation before its request, say).</exception>
    /// <exception cref="StaleWriteException">The request changed since <paramref name="version"/>.</exception>
    /// <exception cref="ConflictException">It is already recorded.</exception>
    public async Task<ConsultationRecord> RecordAsync(AccessSubject subject, Guid id, ConsultationHeldInput input, int version,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        var record = await TrackedAsync(subject, id, ct);
        var marking = Marking.Of(record);
        if (!Permissions.CanPropose(subject))
        {
            throw await AttemptAsync("consultation.record", id.ToString(), marking,
                new RefusedException("Only contributors and approvers record a consultation."), ct);
        }
        MarkingChanges.EnsureVersion(record, version, "consultation request");
        if (record.State == ConsultationState.Held)
        {
            throw await AttemptAsync("consultation.record", id.ToString(), marking,
                new ConflictException($"The consultation was already recorded, by {record.RecordedBy}."), ct);
        }
        var now = clock.GetCurrentInstant();
        var errors = Validate(input, record, now);
        if (errors.Count > 0)
        {
            throw await AttemptAsync("consultation.record", id.ToString(), marking, new InvalidInputException(errors), ct);
        }
        record.HeldAt = input.HeldAt;
        record.Attendees = TextInput.Normalise(input.Attendees)!.Trim();
        record.Measures = input.Measures;
        record.Outcome = TextInput.Normalise(input.Outcome ?? "")!.Trim();
        record.RecordedBy = subject.Name;
        record.RecordedAt = now;
        foreach (var f in input.FollowUps)
        {
            var task = new ConsultationTaskRecord
            {
                Id = Guid.NewGuid(),
                ConsultationId = record.Id,
                Title = f.Title!.Trim(),
                Owner = f.Owner!.Trim(),
                DueOn = f.DueOn,
            };
            db.ConsultationTasks.Add(task);
            record.Tasks.Add(task);
        }
        record.Version++;
        var other = subject.Participant == Participant.Canada ? Participant.Ukraine : Participant.Canada;
        var (accounts, deliveries) = await notifier.AddAsync(NoticeOf(record, NoticeEvents.Held), record,
            new Audience([other], Roles.Approver, [other], [record.RequestedById]), ct);
        audit.Changed("consultation.record", RecordType, id.ToString(), marking, null, new
        {
            heldAt = InstantPattern.General.Format(input.HeldAt),
            onTime = input.HeldAt <= record.DueAt,
            measures = record.Measures.Names(),
            followUps = input.FollowUps.Count,
            notified = new { accounts, deliveries },
            contentHmac = audit.Digest(record.Attendees + "\n" + record.Outcome + "\n" + string.Join("\n", record.Tasks.Select(t => t.Title + "\t" + t.Owner))),
        });
        await SaveAsync(version, ct);
        return record;
    }

    /// <summary>
    /// Proposes to invite the representatives of <paramref name="thirdStateId"/>, a state with an arrangement under the G7 Joint
    /// Declaration, to the consultation (II.3): a joint decision under the request's marking, which an approver of each participant
    /// approves; the request's version moves.
    /// </summary>
    /// <exception cref="NotFoundException">No such request that the subject may read.</exception>
    /// <exception cref="RefusedException">The subject may not propose.</exception>
    /// <exception cref="InvalidInputException">No such state in the registry.</exception>
    /// <exception cref="StaleWriteException">The request changed since <paramref name="version"/>.</exception>
    /// <exception cref="ConflictException">The consultation is recorded already, the state is invited or waiting, or the request is not REL CAN UKR.</exception>
    public async Task<JointDecisionRecord> InviteAsync(AccessSubject subject, Guid id, Guid thirdStateId, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var record = await TrackedAsync(subject, id, ct);
        var marking = Marking.Of(record);
        if (!Permissions.CanPropose(subject))
        {
            throw await AttemptAsync("consultation.invite", id.ToString(), marking,
                new RefusedException("Only contributors and approvers propose to invite another state."), ct);
        }
        var state = await db.ThirdStates.AsNoTracking().FirstOrDefaultAsync(s => s.Id == thirdStateId, ct)
            ?? throw new InvalidInputException("state", $"{thirdStateId} is not a state of the registry of arrangements under the G7 Joint Declaration.");
        MarkingChanges.EnsureVersion(record, version, "consultation request");
        if (record.State == ConsultationState.Held)
        {
            throw new ConflictException("The consultation was held and recorded: there is no one left to invite to it.");
        }
        if (record.Releasability != Releasability.RelCanUkr)
        {
            throw new ConflictException($"The request is {record.Releasability.Label()}: the other participant cannot read it to consent.");
        }
        if (await db.JointDecisions.AnyAsync(d => d.ConsultationId == id && d.ThirdStateId == thirdStateId && d.State != DecisionState.Rejected, ct))
        {
            throw new ConflictException($"Inviting {state.Name} is already proposed or agreed for this consultation.");
        }
        var decision = new JointDecisionRecord
        {
            Id = Guid.NewGuid(),
            Kind = DecisionKind.ThirdStateInvitation,
            ConsultationId = id,
            ThirdStateId = thirdStateId,
            // The state's name names it in any language; the pages say what kind of decision it is in the reader's.
            Title = state.Name,
            Details = state.Arrangement,
            Citation = "II.3",
            Classification = record.Classification,
            Releasability = record.Releasability,
            Area = record.Area,
            ProposedBy = subject.Name,
            ProposedById = subject.UserId,
            Originator = subject.Participant,
            ProposedAt = clock.GetCurrentInstant(),
            State = DecisionState.Pending,
        };
        db.JointDecisions.Add(decision);
        record.Version++;
        audit.Changed("consultation.invite", RecordType, id.ToString(), marking, new { Version = version },
            new { record.Version, decision = decision.Id, state = state.Name });
        await SaveAsync(version, ct);
        return decision;
    }

    /// <summary>The invitations proposed for a consultation that <paramref name="subject"/> may read, oldest first, with the state each is to.</summary>
    public async Task<IReadOnlyList<(JointDecisionRecord Decision, ThirdStateRecord? State)>> InvitationsAsync(AccessSubject? subject, Guid id,
        CancellationToken ct = default)
    {
        var decisions = await db.JointDecisions.AsNoTracking().Where(AccessPolicy.Readable<JointDecisionRecord>(subject))
            .Where(d => d.ConsultationId == id).OrderBy(d => d.ProposedAt).ToListAsync(ct);
        var ids = decisions.Select(d => d.ThirdStateId).OfType<Guid>().ToList();
        var states = await db.ThirdStates.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        await audit.ReadAsync(JointDecisions.RecordType, decisions, d => d.Id, ct);
        return [.. decisions.Select(d => (d, d.ThirdStateId is { } s ? states.GetValueOrDefault(s) : null))];
    }

    /// <summary>Marks a follow-up action done, based on the request's <paramref name="version"/>.</summary>
    /// <exception cref="NotFoundException">No such request or action that the subject may read.</exception>
    /// <exception cref="RefusedException">The subject may not change it.</exception>
    /// <exception cref="StaleWriteException">The request changed since <paramref name="version"/>.</exception>
    /// <exception cref="ConflictException">The action is already done.</exception>
    public async Task<ConsultationRecord> CompleteTaskAsync(AccessSubject subject, Guid id, Guid taskId, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var record = await TrackedAsync(subject, id, ct);
        var task = record.Tasks.FirstOrDefault(t => t.Id == taskId) ?? throw new NotFoundException($"Consultation {id} has no follow-up action {taskId}.");
        if (!Permissions.CanPropose(subject))
        {
            throw await AttemptAsync("consultation.task-done", id.ToString(), Marking.Of(record),
                new RefusedException("Only contributors and approvers mark a follow-up action done."), ct);
        }
        MarkingChanges.EnsureVersion(record, version, "consultation request");
        if (task.DoneAt is not null)
        {
            throw new ConflictException($"\"{task.Title}\" was already marked done by {task.DoneBy}.");
        }
        task.DoneAt = clock.GetCurrentInstant();
        task.DoneBy = subject.Name;
        record.Version++;
        audit.Changed("consultation.task-done", RecordType, id.ToString(), Marking.Of(record), new { task = taskId, done = false },
            new { task = taskId, done = true, late = task.DoneAt.Value.InZone(Time.Zones.Kyiv).Date > task.DueOn });
        await SaveAsync(version, ct);
        return record;
    }

    /// <summary>The answer for a request that does not exist and for one the caller may not see: the same, word for word.</summary>
    public static NotFoundException NotFound(Guid id) => new($"There is no consultation request {id} that you may see.");

    /// <summary>What a notice of <paramref name="evt"/> about <paramref name="c"/> says.</summary>
    internal Notice NoticeOf(ConsultationRecord c, string evt, int level = 0) => new(evt, level, RecordType, c.Id, c.AgreementId, c.Citation,
        c.Ground.Name(), c.Originator.ToString(), c.Classification.Label(), InstantPattern.General.Format(c.RequestedAt),
        InstantPattern.General.Format(c.DueAt), settings.PublicUrl.TrimEnd('/') + "/consultations/" + c.Id);

    private async Task<ConsultationRecord> TrackedAsync(AccessSubject subject, Guid id, CancellationToken ct)
    {
        var record = await db.Consultations.Where(AccessPolicy.Readable<ConsultationRecord>(subject)).Include(c => c.Tasks)
            .FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw NotFound(id);
        await audit.ReadAsync(RecordType, [record], r => r.Id, ct);
        return record;
    }

    private async Task SaveAsync(int version, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new StaleWriteException($"The consultation request changed since version {version}; read it again.", e);
        }
    }

    /// <summary>Logs a refused or invalid attempt (nothing else of it is saved) and returns the error to throw.</summary>
    private async Task<Exception> AttemptAsync(string action, string recordId, Marking? marking, Exception error, CancellationToken ct)
    {
        audit.Changed(action + ".refused", RecordType, recordId, marking, null, new { error = error.GetType().Name.Replace("Exception", "", StringComparison.Ordinal), message = error.Message });
        await audit.SaveAsync(ct);
        return error;
    }

    private static void CheckMarking(Dictionary<string, string[]> errors, SecurityClassification classification, string area)
    {
        if (!Enum.IsDefined(classification))
        {
            errors["classification"] = ["Unknown classification."];
        }
        if (KeyComponents.Known(area) is null)
        {
            errors["area"] = [$"\"{area}\" is not an area; use one of {string.Join(", ", KeyComponents.Ids)}."];
        }
    }

    private static Dictionary<string, string[]> Validate(ConsultationHeldInput input, ConsultationRecord record, Instant now)
    {
        var errors = new Dictionary<string, string[]>();
        var requested = record.RequestedAt.InZone(Time.Zones.Kyiv);
        // Moments are given to the minute: a consultation that began in the minute of its request did not begin before it.
        var minute = Instant.FromUnixTimeTicks(record.RequestedAt.ToUnixTimeTicks() - (record.RequestedAt.ToUnixTimeTicks() % NodaConstants.TicksPerMinute));
        if (input.HeldAt < minute)
        {
            errors["heldAt"] = [$"The consultation cannot begin before it was requested ({requested:uuuu'-'MM'-'dd HH':'mm} Kyiv)."];
        }
        else if (input.HeldAt > now)
        {
            errors["heldAt"] = ["A consultation is recorded once held: its beginning is not in the future."];
        }
        var attendees = TextInput.Normalise(input.Attendees)?.Trim();
        if (string.IsNullOrEmpty(attendees) || attendees.Length > ConsultationConfiguration.MaxAttendees)
        {
            errors["attendees"] = [string.Create(CultureInfo.InvariantCulture,
                $"Say who took part, in 1–{ConsultationConfiguration.MaxAttendees:N0} characters.")];
        }
        TextInput.Check(errors, "attendees", input.Attendees, TextShape.MultiLine);
        if (input.Outcome is { Length: > ConsultationConfiguration.MaxOutcome })
        {
            errors["outcome"] = [string.Create(CultureInfo.InvariantCulture,
                $"The outcome has {input.Outcome.Length:N0} characters; at most {ConsultationConfiguration.MaxOutcome:N0} are allowed.")];
        }
        TextInput.Check(errors, "outcome", input.Outcome, TextShape.MultiLine);
        if (((int)input.Measures & ~0xF) != 0)
        {
            errors["measures"] = [ConsultationNames.UnknownMeasure(((int)input.Measures).ToString(CultureInfo.InvariantCulture))];
        }
        if (input.FollowUps.Count > ConsultationTaskConfiguration.MaxTasks)
        {
            errors["followUps"] = [string.Create(CultureInfo.InvariantCulture, $"At most {ConsultationTaskConfiguration.MaxTasks} follow-up actions.")];
        }
        var heldOn = input.HeldAt.InZone(Time.Zones.Kyiv).Date;
        for (var i = 0; i < input.FollowUps.Count; i++)
        {
            var f = input.FollowUps[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"followUps[{i}]");
            if (string.IsNullOrWhiteSpace(f.Title) || f.Title.Trim().Length > ConsultationTaskConfiguration.MaxTitle)
            {
                errors[at + ".title"] = [$"Say what is to be done, in 1–{ConsultationTaskConfiguration.MaxTitle} characters."];
            }
            TextInput.Check(errors, at + ".title", f.Title, TextShape.SingleLine);
            if (string.IsNullOrWhiteSpace(f.Owner) || f.Owner.Trim().Length > ConsultationTaskConfiguration.MaxOwner)
            {
                errors[at + ".owner"] = [$"Name who owns it (a person or an organisation), in 1–{ConsultationTaskConfiguration.MaxOwner} characters."];
            }
            TextInput.Check(errors, at + ".owner", f.Owner, TextShape.SingleLine);
            if (f.DueOn < heldOn)
            {
                errors[at + ".dueOn"] = [$"Due on {f.DueOn:uuuu'-'MM'-'dd}, before the consultation ({heldOn:uuuu'-'MM'-'dd}): give a later day."];
            }
        }
        return errors;
    }
}

/// <summary>
/// Escalates requests left unacknowledged: at 12 and at 20 hours after filing, the side asked hears again (its approvers and
/// administrators in the app, its mailbox and webhook) and the requesting side's approvers are told; at 20 hours the requesting
/// side's mailbox and webhook too. Each level is claimed by an update that only one node can win (the request still at the level
/// below, unacknowledged and not held), in the same transaction as its notices and audit entry, so an escalation is sent once
/// whatever the number of nodes, and one that fell due while no node ran is sent at the next run.
/// </summary>
public sealed class ConsultationEscalation(CusspDbContext db, IClock clock, AuditTrail audit, Notifier notifier, Consultations consultations)
{
    /// <summary>Sends the escalations due now; returns how many were sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var first = now - Consultations.Escalations[0];
        var open = await db.Consultations.AsNoTracking()
            .Where(c => c.HeldAt == null && c.AcknowledgedAt == null && c.Escalations < Consultations.Escalations.Count && c.RequestedAt <= first)
            .OrderBy(c => c.RequestedAt).Select(c => new { c.Id, c.Escalations, c.RequestedAt }).ToListAsync(ct);
        var sent = 0;
        foreach (var c in open)
        {
            for (var level = c.Escalations + 1; level <= Consultations.Escalations.Count && c.RequestedAt + Consultations.Escalations[level - 1] <= now; level++)
            {
                if (!await EscalateAsync(c.Id, level, ct))
                {
                    break;
                }
                sent++;
            }
        }
        return sent;
    }

    private async Task<bool> EscalateAsync(Guid id, int level, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var below = level - 1;
        var claimed = await db.Consultations
            .Where(c => c.Id == id && c.Escalations == below && c.HeldAt == null && c.AcknowledgedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Escalations, level), ct);
        if (claimed == 0)
        {
            return false;
        }
        var record = await db.Consultations.AsNoTracking().FirstAsync(c => c.Id == id, ct);
        var asked = record.Other;
        var outside = level >= 2 ? new[] { asked, record.Originator } : [asked];
        var notice = consultations.NoticeOf(record, NoticeEvents.Escalated, level);
        var toAsked = await notifier.AddAsync(notice, record, new Audience([asked], Roles.Approver | Roles.Administrator, outside), ct);
        var toRequester = await notifier.AddAsync(notice, record, new Audience([record.Originator], Roles.Approver, [], [record.RequestedById]), ct);
        audit.ActAs(AuditActor.System);
        audit.Changed("consultation.escalate", Consultations.RecordType, id.ToString(), Marking.Of(record), new { escalations = below }, new
        {
            escalations = level,
            after = (Consultations.Escalations[level - 1]).ToString("H'h'", CultureInfo.InvariantCulture),
            notified = new { accounts = toAsked.Accounts + toRequester.Accounts, deliveries = toAsked.Deliveries },
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
