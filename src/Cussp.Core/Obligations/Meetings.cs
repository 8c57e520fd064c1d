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

    /// <summary>A page of the meetings the subject may read, newest first; optionally of one kind.</summary>
    public async Task<(IReadOnlyList<MeetingRecord> Items, int Total)> ListAsync(AccessSubject? subject, string agreementId, MeetingKind? kind,
        int page, int pageSize, CancellationToken ct = default)
    {
        var q = Visible(subject, agreementId);
        if (kind is { } k)
        {
            q = q.Where(m => m.Kind == k);
        }
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await q.OrderByDescending(m => m.StartsAt).ThenBy(m => m.Id).Skip((Math.Max(page, 1) - 1) * size).Take(size).ToListAsync(ct);
        await audit.ReadAsync(RecordType, items, m => m.Id, ct);
        return (items, total);
    }

    /// <summary>Every meeting of the agreement the subject may read, in time order; reads above UNCLASSIFIED are logged.</summary>
    public async Task<IReadOnlyList<MeetingRecord>> AllAsync(AccessSubject? subject, string agreementId, CancellationToken ct = default)
    {
        var items = await Visible(subject, agreementId).OrderBy(m => m.StartsAt).ThenBy(m => m.Id).ToListAsync(ct);
        await audit.ReadAsync(RecordType, items, m => m.Id, ct);
        return items;
    }

    /// <summary>One meeting, or null when it does not exist or the subject may not read it.</summary>
    public async Task<MeetingRecord?> GetAsync(AccessSubject? subject, Guid id, CancellationToken ct = default)
    {
        var m = await db.Meetings.AsNoTracking().Where(AccessPolicy.Readable<MeetingRecord>(subject)).FirstOrDefaultAsync(m => m.Id == id, ct);
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
        if (input.Place is { Length: > MeetingConfiguration.MaxPlace })
        {
            errors["place"] = [string.Create(CultureInfo.InvariantCulture, $"The place has {input.Place.Length} characters; at most {MeetingConfiguration.MaxPlace} are allowed.")];
        }
        TextInput.Check(errors, "title", input.Title, TextShape.SingleLine);
        TextInput.Check(errors, "place", input.Place, TextShape.SingleLine);
        if (citation is not null && provision is null)
        {
            errors["citation"] = [$"\"{citation}\" is not a provision of {snapshot.Agreement.Id}."];
        }
        // A meeting is held within the agreement's term, and is recorded once held: not before signature, not in the future.
        if (snapshot.Agreement.SignedOn is { } signed && input.StartsAt < Zones.StartOfDayInKyiv(signed))
        {
            errors["startsAt"] = [$"The agreement was signed on {signed:yyyy-MM-dd}: a meeting under it begins on or after that day."];
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
        var shown = occurrences.SelectMany(o => o.Held).Select(h => h.Id).ToHashSet();
        var asked = occurrences.Where(o => o.Request is not null).Select(o => o.Request!.Id).ToHashSet();
        await audit.ReadAsync(Meetings.RecordType, held.Where(m => shown.Contains(m.Id)), m => m.Id, ct);
        await audit.ReadAsync(Consultations.RecordType, requests.Where(c => asked.Contains(c.Id)), c => c.Id, ct);
        return report;
    }

    /// <summary>
    /// Every meeting of <paramref name="agreementId"/> that <paramref name="subject"/> may read (each protected read logged once), with
    /// the obligations as those meetings and the open consultation requests the subject may read show them: what a calendar of the
    /// agreement holds.
    /// </summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    public async Task<(ObligationsReport Report, IReadOnlyList<MeetingRecord> Meetings)> CalendarAsync(AccessSubject? subject, string agreementId,
        CancellationToken ct = default)
    {
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var all = await meetings.AllAsync(subject, snapshot.Agreement.Id, ct);
        var requests = await consultations.Visible(subject, snapshot.Agreement.Id).Where(c => c.HeldAt == null).ToListAsync(ct);
        await audit.ReadAsync(Consultations.RecordType, requests, c => c.Id, ct);
        var events = await lifecycle.EventsAsync(snapshot.Agreement.Id, ct);
        return (ObligationSchedule.Build(snapshot, all.Where(m => m.Citation != null), Today, null, requests, clock.GetCurrentInstant(), events), all);
    }
}
