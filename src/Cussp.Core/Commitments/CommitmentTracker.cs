using Cussp.Agreements;
using Cussp.Identity;

namespace Cussp.Commitments;

/// <summary>Which commitments a list shows; every filter left null matches all.</summary>
/// <param name="Component">A key component or <c>framework</c>: commitments on provisions that serve it, as primary or secondary.</param>
/// <param name="Part">A part or section citation (<c>IV</c>, <c>IV.K</c>): commitments on provisions inside it.</param>
/// <param name="Lead">The lead participant.</param>
/// <param name="Status">The status.</param>
public sealed record CommitmentFilter(string? Component = null, string? Part = null, Participant? Lead = null, CommitmentStatus? Status = null);

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
        if (filter.Lead is { } lead)
        {
            q = q.Where(c => c.LeadParticipant == lead);
        }
        if (filter.Status is { } status)
        {
            q = q.Where(c => c.Status == status);
        }
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await q.OrderBy(c => c.ProvisionOrdinal).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id)
            .Skip((Math.Max(page, 1) - 1) * size).Take(size).ToListAsync(ct);
        await audit.ReadAsync(RecordType, items, r => r.Id, ct);
        return (items, total);
    }

    // The provisions a component or part filter keeps, read from the register; null when neither filter is given.
    private static List<string>? Citations(RegisterSnapshot snapshot, CommitmentFilter filter)
    {
        var errors = new Dictionary<string, string[]>();
        string? component = null;
        if (filter.Component is not null && (component = KeyComponents.Known(filter.Component)) is null)
        {
            errors["component"] = [$"\"{filter.Component}\" is not a key component; use one of {string.Join(", ", KeyComponents.Ids)}."];
        }
        if (filter.Part is not null && !snapshot.Divisions.Any(d => d.Citation == filter.Part))
        {
            errors["part"] = [$"\"{filter.Part}\" is not a part or section of \"{snapshot.Agreement.Id}\"; parts look like IV, sections like IV.K."];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
        if (component is null && filter.Part is null)
        {
            return null;
        }
        return [.. snapshot.Provisions
            .Where(p => component is null || p.Serves(component))
            .Where(p => filter.Part is null || p.DivisionCitation == filter.Part || p.DivisionCitation.StartsWith(filter.Part + ".", StringComparison.Ordinal))
            .Select(p => p.Citation)];
    }

    /// <summary>One commitment with its updates, or null when it does not exist or <paramref name="subject"/> may not read it.</summary>
    public async Task<CommitmentRecord?> GetAsync(AccessSubject? subject, Guid id, CancellationToken ct = default)
    {
        var c = await Visible(subject).Include(c => c.Updates.OrderBy(u => u.At)).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (c is not null)
        {
            await audit.ReadAsync(RecordType, [c], r => r.Id, ct);
        }
        return c;
    }

    /// <summary>
    /// Records a dated progress update on a commitment the subject may write, based on <paramref name="version"/>, moving it to a new
    /// status when one is given. Complete needs evidence and a reviewer of the other participant, so it is never set by an update.
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
        var record = await db.Commitments.Where(AccessPolicy.Readable<CommitmentRecord>(subject)).FirstOrDefaultAsync(c => c.Id == id, ct)
            ?? throw NotFound(id);
        if (!Permissions.CanWrite(subject))
        {
            throw new RefusedException("Only contributors record progress on commitments.");
        }
        Validate(input);
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
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new StaleWriteException(
                $"The commitment changed while you were saving (version {version} is no longer current): reload it, then record your update again.", e);
        }
        return record;
    }

    private static void Validate(CommitmentUpdateInput input)
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
        else if (input.Status == CommitmentStatus.Complete)
        {
            errors["status"] = ["A commitment is marked complete with its evidence and a reviewer of the other participant, not by a progress update."];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
    }

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
