using Cussp.Agreements;
using Cussp.Identity;

namespace Cussp.Commitments;

/// <summary>Which commitments a list shows; every filter left null matches all.</summary>
/// <param name="Component">A key component or <c>framework</c>: commitments on provisions that serve it, as primary or secondary.</param>
/// <param name="Part">A part or section citation (<c>IV</c>, <c>IV.K</c>): commitments on provisions inside it.</param>
/// <param name="Lead">Who leads: one participant, or both together.</param>
/// <param name="Status">The status.</param>
/// <param name="Citation">The provision: commitments on it alone.</param>
public sealed record CommitmentFilter(string? Component = null, string? Part = null, CommitmentLead? Lead = null, CommitmentStatus? Status = null,
    string? Citation = null);

/// <summary>A progress update as a caller sends it.</summary>
/// <param name="Text">What was done, 1 to <see cref="CommitmentUpdateConfiguration.MaxText"/> characters.</param>
/// <param name="Status">The status it moves the commitment to; null keeps the present one.</param>
public sealed record CommitmentUpdateInput(string? Text, CommitmentStatus? Status);

/// <summary>
/// Commitments, read and written only through <see cref="AccessPolicy"/>: lists are filtered by the database, and a commitment the
/// caller may not see is answered exactly as one that does not exist. Every change is based on the version the caller saw.
/// </summary>
public sealed class CommitmentTracker(CusspDbContext db, IClock clock, AuditTrail audit, RegisterCache register)
{
    /// <summary>Largest page of a list.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The record type of commitment entries in the audit log.</summary>
    public const string RecordType = "Commitment";

    /// <summary>Who creates the commitments derived from the text.</summary>
    public const string System = "system";

    private IQueryable<CommitmentRecord> Visible(AccessSubject? subject) =>
        db.Commitments.AsNoTracking().Where(AccessPolicy.Readable<CommitmentRecord>(subject));

    /// <summary>A page of the commitments of <paramref name="agreementId"/> that <paramref name="subject"/> may read, in the agreement's order.</summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    /// <exception cref="InvalidInputException">A filter names a component or part the agreement does not have.</exception>
    public async Task<(IReadOnlyList<CommitmentRecord> Items, int Total)> ListAsync(AccessSubject? subject, string agreementId, CommitmentFilter filter,
        int page, int pageSize, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var q = Visible(subject).Where(c => c.AgreementId == agreementId);
        var citations = Citations(snapshot, filter);
        if (citations is not null)
        {
            q = q.Where(c => citations.Contains(c.Citation));
        }
        q = filter.Lead switch
        {
            CommitmentLead.Canada => q.Where(c => c.LeadParticipant == Participant.Canada),
            CommitmentLead.Ukraine => q.Where(c => c.LeadParticipant == Participant.Ukraine),
            CommitmentLead.Both => q.Where(c => c.LeadParticipant == null),
            _ => q,
        };
        if (filter.Status is { } status)
        {
            q = q.Where(c => c.Status == status);
        }
        if (filter.Citation is { } citation)
        {
            q = q.Where(c => c.Citation == citation);
        }
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await q.OrderBy(c => c.ProvisionOrdinal).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Skip((Math.Max(page, 1) - 1) * size).Take(size).ToListAsync(ct);
        await audit.ReadAsync(RecordType, items, r => r.Id, ct);
        return (items, total);
    }

    /// <summary>
    /// Reads a list's filters as the API, the pages and the command line name them (a blank one matches all), naming every one that
    /// is not a filter of <paramref name="agreementId"/>'s commitments at once.
    /// </summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    /// <exception cref="InvalidInputException">Each unknown component, part, lead or status, by name.</exception>
    public async Task<CommitmentFilter> ReadFilterAsync(string agreementId, string? component, string? part, string? lead, string? status,
        CancellationToken ct = default)
    {
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var errors = new Dictionary<string, string[]>();
        var filter = new CommitmentFilter(Blank(component), Blank(part));
        Check(snapshot, filter, errors);
        if (Blank(lead) is { } l)
        {
            filter = CommitmentVocabulary.TryParseLead(l, out var value) ? filter with { Lead = value }
                : Error(errors, "lead", $"\"{lead}\": use canada, ukraine or both", filter);
        }
        if (Blank(status) is { } st)
        {
            filter = CommitmentVocabulary.TryParseStatus(st, out var value) ? filter with { Status = value }
                : Error(errors, "status", CommitmentVocabulary.UnknownStatus(status), filter);
        }
        return errors.Count > 0 ? throw new InvalidInputException(errors) : filter;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static CommitmentFilter Error(Dictionary<string, string[]> errors, string field, string message, CommitmentFilter filter)
    {
        errors[field] = [message];
        return filter;
    }

    private static void Check(RegisterSnapshot snapshot, CommitmentFilter filter, Dictionary<string, string[]> errors)
    {
        if (filter.Component is not null && KeyComponents.Known(filter.Component) is null)
        {
            errors["component"] = [$"\"{filter.Component}\" is not a key component; use one of {string.Join(", ", KeyComponents.Ids)}."];
        }
        if (filter.Part is not null && !snapshot.Divisions.Any(d => d.Citation == filter.Part))
        {
            errors["part"] = [$"\"{filter.Part}\" is not a part or section of \"{snapshot.Agreement.Id}\"; parts look like IV, sections like IV.K."];
        }
    }

    // The provisions a component or part filter keeps, read from the register; null when neither filter is given.
    private static List<string>? Citations(RegisterSnapshot snapshot, CommitmentFilter filter)
    {
        var errors = new Dictionary<string, string[]>();
        Check(snapshot, filter, errors);
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        var component = filter.Component is null ? null : KeyComponents.Known(filter.Component);
        if (component is null && filter.Part is null)
        {
            return null;
        }
        return [.. snapshot.Provisions
            .Where(p => component is null || p.Serves(component))
            .Where(p => filter.Part is null || p.DivisionCitation == filter.Part || p.DivisionCitation.StartsWith(filter.Part + ".", StringComparison.Ordinal))
            .Select(p => p.Citation)];
    }

    /// <summary>One commitment with its updates, evidence, indicators and compliance scores, or null when it does not exist or <paramref name="subject"/> may not read it.</summary>
    public async Task<CommitmentRecord?> GetAsync(AccessSubject? subject, Guid id, CancellationToken ct = default)
    {
        var c = await Visible(subject).Include(c => c.Updates.OrderBy(u => u.At)).Include(c => c.Evidence.OrderBy(e => e.AddedAt))
            .Include(c => c.Indicators.OrderBy(i => i.AddedAt)).ThenInclude(i => i.Measurements.OrderBy(m => m.On).ThenBy(m => m.At))
            .Include(c => c.Compliance.OrderBy(s => s.CommitmentVersion)).AsSplitQuery()
            .FirstOrDefaultAsync(c => c.Id == id, ct);
        if (c is not null)
        {
            await audit.ReadAsync(RecordType, [c], r => r.Id, ct);
        }
        return c;
    }

    /// <summary>
    /// Records a dated progress update on a commitment the subject may write, based on <paramref name="version"/>, moving it to a new
    /// status when one is given. Complete is decided by both participants on the evidence (<see cref="CommitmentCompletion"/>), so an
    /// update neither sets it nor moves a commitment out of it.
    /// </summary>
    /// <exception cref="NotFoundException">No such commitment that the subject may see.</exception>
    /// <exception cref="RefusedException">The subject may not write.</exception>
    /// <exception cref="InvalidInputException">No text, text too long or unreadable, or a status an update may not set.</exception>
    /// <exception cref="StaleWriteException">The commitment changed since <paramref name="version"/>.</exception>
    public async Task<CommitmentRecord> RecordUpdateAsync(AccessSubject subject, Guid id, CommitmentUpdateInput input, int version,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        var record = await WritableAsync(db, subject, id, "Only contributors record progress on commitments.", ct);
        Validate(input, record.Status);
        MarkingChanges.EnsureVersion(record, version, "commitment");
        var now = clock.GetCurrentInstant();
        var update = new CommitmentUpdateRecord
        {
            Id = Guid.NewGuid(),
            CommitmentId = record.Id,
            At = now,
            By = subject.Name,
            Text = TextInput.Normalise(input.Text)!.Trim(),
            StatusBefore = record.Status,
            StatusAfter = input.Status ?? record.Status,
        };
        db.CommitmentUpdates.Add(update);
        var before = new { status = record.Status.Name(), record.Version };
        record.Status = update.StatusAfter;
        record.Version++;
        record.UpdatedAt = now;
        audit.Changed("commitment.update", RecordType, record.Id.ToString(), Marking.Of(record), before,
            new { status = record.Status.Name(), record.Version, update = update.Id, textHmac = audit.Digest(update.Text) });
        await SaveAsync(db, version, "record your update again", ct);
        return record;
    }

    /// <summary>
    /// The commitment <paramref name="subject"/> is about to change, tracked: not found when they may not read it, refused with
    /// <paramref name="refusal"/> when they may read but not write.
    /// </summary>
    internal static async Task<CommitmentRecord> WritableAsync(CusspDbContext db, AccessSubject subject, Guid id, string refusal, CancellationToken ct)
    {
        var record = await db.Commitments.Where(AccessPolicy.Readable<CommitmentRecord>(subject)).FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw NotFound(id);
        return Permissions.CanWrite(subject) ? record : throw new RefusedException(refusal);
    }

    /// <summary>Moves a commitment to its next version, changed at <paramref name="at"/>; returns the version it was at, for the log.</summary>
    internal static int Touch(CommitmentRecord commitment, Instant at)
    {
        var before = commitment.Version;
        commitment.Version++;
        commitment.UpdatedAt = at;
        return before;
    }

    /// <summary>Saves a change to a commitment read at <paramref name="version"/>, saying what to do again when someone else changed it meanwhile.</summary>
    internal static async Task SaveAsync(CusspDbContext db, int version, string then, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new StaleWriteException(
                $"The commitment changed while you were saving (version {version} is no longer current): reload it, then {then}.", e);
        }
    }

    private static void Validate(CommitmentUpdateInput input, CommitmentStatus present)
    {
        var errors = new Dictionary<string, string[]>();
        var text = input.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > CommitmentUpdateConfiguration.MaxText)
        {
            errors["text"] = [$"Say what was done, in 1–{CommitmentUpdateConfiguration.MaxText} characters."];
        }
        TextInput.Check(errors, "text", input.Text, TextShape.MultiLine);
        if (input.Status is { } status && !Enum.IsDefined(status))
        {
            errors["status"] = ["Unknown status."];
        }
        else if (input.Status == CommitmentStatus.Complete && present != CommitmentStatus.Complete)
        {
            errors["status"] = ["A commitment is recorded as complete on its evidence, reviewed by both participants, not by a progress update."];
        }
        else if (present == CommitmentStatus.Complete && input.Status is { } other && other != CommitmentStatus.Complete)
        {
            errors["status"] = ["Both participants recorded this commitment as complete: a progress update reports on it without changing its status."];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
    }

    /// <summary>The completion request of a commitment that waits for review, if there is one that <paramref name="subject"/> may read.</summary>
    public Task<Decisions.JointDecisionRecord?> PendingCompletionAsync(AccessSubject? subject, Guid id, CancellationToken ct = default) =>
        db.JointDecisions.AsNoTracking().Where(AccessPolicy.Readable<Decisions.JointDecisionRecord>(subject))
            .FirstOrDefaultAsync(d => d.CommitmentId == id && d.State == Decisions.DecisionState.Pending, ct);

    /// <summary>The answer for a commitment that does not exist and for one the caller may not see: the same, word for word.</summary>
    public static NotFoundException NotFound(Guid id) => new($"There is no commitment {id} that you may see.");

    /// <summary>
    /// Derives the commitments of an agreement from its text, once: one for each provision whose modality is commitment or
    /// best-effort, led by the provision's actor (both participants for "the Participants"), in the provision's primary component,
    /// UNCLASSIFIED and REL CAN UKR, not started. Does nothing when the agreement has derived commitments already.
    /// </summary>
    /// <returns>How many it created.</returns>
    public async Task<int> DeriveAsync(string agreementId, CancellationToken ct = default)
    {
        // Every start asks; only the first reads the agreement to derive them.
        if (await db.Commitments.AnyAsync(c => c.AgreementId == agreementId && c.DerivedFrom != null, ct))
        {
            return 0;
        }
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var now = clock.GetCurrentInstant();
        var derived = new List<string>();
        foreach (var (p, ordinal) in snapshot.Provisions.Select((p, i) => (p, i)))
        {
            if (p.Modality is not (Modality.Commitment or Modality.BestEffort))
            {
                continue;
            }
            var lead = LeadOf(p.Actor);
            var record = new CommitmentRecord
            {
                Id = Guid.NewGuid(),
                AgreementId = agreementId,
                Citation = p.Citation,
                ProvisionOrdinal = ordinal,
                Title = TitleFrom(p.Text),
                LeadParticipant = lead,
                Status = CommitmentStatus.NotStarted,
                DerivedFrom = p.Citation,
                Classification = SecurityClassification.Unclassified,
                Releasability = Releasability.RelCanUkr,
                Area = p.Component,
                // A joint commitment's marking is held by the participant the agreement names first ("Canada and Ukraine").
                Originator = lead ?? Participant.Canada,
                CreatedBy = System,
                CreatedAt = now,
                UpdatedAt = now,
                Version = 1,
            };
            db.Commitments.Add(record);
            derived.Add(p.Citation);
        }
        if (derived.Count > 0)
        {
            // One entry for the whole derivation: each commitment is named by its provision, unique per agreement.
            audit.Changed("commitment.derive", "agreement", agreementId, null,
                new { agreementId, count = derived.Count, citations = derived, marking = "UNCLASSIFIED // REL CAN UKR" });
            await db.SaveChangesAsync(ct);
        }
        return derived.Count;
    }

    /// <summary>Canada or Ukraine for a provision one of them acts on; null (both) for the participants together.</summary>
    public static Participant? LeadOf(Actor actor) => actor switch
    {
        Actor.Canada => Participant.Canada,
        Actor.Ukraine => Participant.Ukraine,
        _ => null,
    };

    /// <summary>A title from a provision's words: the text itself when short enough, else cut at a word and marked as cut.</summary>
    public static string TitleFrom(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var squashed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (squashed.Length <= CommitmentConfiguration.MaxTitle)
        {
            return squashed;
        }
        var cut = squashed.LastIndexOf(' ', CommitmentConfiguration.MaxTitle - 2);
        return string.Concat(squashed.AsSpan(0, cut > 0 ? cut : CommitmentConfiguration.MaxTitle - 1).TrimEnd(",;:"), "…");
    }
}
