using System.Globalization;
using Cussp.Agreements;
using Cussp.Identity;

namespace Cussp.Exchange;

/// <summary>What a caller sends to create or change a document.</summary>
/// <param name="Title">Title, at most <see cref="SharedDocumentConfiguration.MaxTitle"/> characters.</param>
/// <param name="Body">Body, at most <see cref="SharedDocumentConfiguration.MaxBody"/> characters.</param>
/// <param name="Classification">Classification.</param>
/// <param name="Releasability">Releasability.</param>
/// <param name="Area">Area (key component id).</param>
public sealed record DocumentInput(string? Title, string? Body, SecurityClassification Classification, Releasability Releasability, string? Area);

/// <summary>What a caller sends to downgrade a document: the lower marking and why.</summary>
/// <param name="Classification">The new classification, at most the present one.</param>
/// <param name="Releasability">The new releasability, at least as wide as the present one.</param>
/// <param name="Reason">Why the protection may be lowered, at most <see cref="MarkingChanges.MaxDowngradeReason"/> characters; kept in the audit log.</param>
public sealed record DowngradeInput(SecurityClassification Classification, Releasability Releasability, string? Reason);

/// <summary>
/// Shared documents, read and written only through <see cref="AccessPolicy"/>: every query is filtered by the database, and
/// a document the caller may not see is reported exactly as one that does not exist. Changes follow <see cref="MarkingChanges"/>:
/// based on the current version, the marking changed only by the originator, lowered only by a downgrade.
/// </summary>
public sealed class SharedDocuments(CusspDbContext db, IClock clock, AuditTrail audit)
{
    /// <summary>Largest page of a list.</summary>
    public const int MaxPageSize = 200;

    private const string RecordType = "SharedDocument";

    private IQueryable<SharedDocumentRecord> Visible(AccessSubject? subject) =>
        db.SharedDocuments.AsNoTracking().Where(AccessPolicy.Readable<SharedDocumentRecord>(subject));

    /// <summary>A page of the documents <paramref name="subject"/> may read, newest first, optionally matching words of title or body.</summary>
    public async Task<(IReadOnlyList<SharedDocumentRecord> Items, int Total)> ListAsync(AccessSubject? subject, string? query, int page, int pageSize,
        CancellationToken ct = default)
    {
        var q = Visible(subject);
        if (!string.IsNullOrWhiteSpace(query))
        {
            var term = query.Trim().ToLowerInvariant();
            // Translated to SQL lower(): the analyzers' culture advice does not apply inside a database query.
#pragma warning disable CA1304, CA1311, CA1862
            q = q.Where(d => d.Title.ToLower().Contains(term) || d.Body.ToLower().Contains(term));
#pragma warning restore CA1304, CA1311, CA1862
        }
        var total = await q.CountAsync(ct);
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        var items = await NewestFirst(q)
            .Skip((Math.Max(page, 1) - 1) * size).Take(size).ToListAsync(ct);
        await audit.ReadAsync(RecordType, items, r => r.Id, ct);
        return (items, total);
    }

    /// <summary>The order of every list of documents: newest first, the order of the index that serves lists.</summary>
    public static IOrderedQueryable<SharedDocumentRecord> NewestFirst(IQueryable<SharedDocumentRecord> documents) =>
        documents.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id);

    /// <summary>How many documents <paramref name="subject"/> may read.</summary>
    public Task<int> CountAsync(AccessSubject? subject, CancellationToken ct = default) => Visible(subject).CountAsync(ct);

    /// <summary>One document, or null when it does not exist or <paramref name="subject"/> may not read it.</summary>
    public async Task<SharedDocumentRecord?> GetAsync(AccessSubject? subject, Guid id, CancellationToken ct = default)
    {
        var d = await Visible(subject).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (d is not null)
        {
            await audit.ReadAsync(RecordType, [d], r => r.Id, ct);
        }
        return d;
    }

    /// <summary>
    /// What the log keeps of a document: its marking and a keyed digest of its title and text. The protected words themselves stay
    /// out of the log, and the digest shows whether they changed without letting anyone test a guess.
    /// </summary>
    private object Trace(SharedDocumentRecord d) => new
    {
        marking = Marking.Of(d).ToString(),
        d.Version,
        contentHmac = audit.Digest(d.Title + "\n" + d.Body),
    };

    /// <summary>Creates a document; the marking must be one the creator could read, so nobody writes what they cannot see.</summary>
    /// <exception cref="InvalidInputException">The input breaks a rule.</exception>
    /// <exception cref="RefusedException">The subject may not write, or not under that marking.</exception>
    public async Task<SharedDocumentRecord> CreateAsync(AccessSubject subject, DocumentInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        EnsureWriter(subject);
        MarkingChanges.EnsureSettable(subject, new Marking(input.Classification, input.Releasability, input.Area!));
        var now = clock.GetCurrentInstant();
        var record = new SharedDocumentRecord
        {
            Id = Guid.NewGuid(),
            Title = input.Title!.Trim(),
            Body = TextInput.Normalise(input.Body) ?? "",
            Classification = input.Classification,
            Releasability = input.Releasability,
            Area = input.Area!,
            Originator = subject.Participant,
            CreatedBy = subject.Name,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        db.SharedDocuments.Add(record);
        audit.Changed("document.create", RecordType, record.Id.ToString(), Marking.Of(record), null, Trace(record));
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>
    /// Changes a document the subject may write, based on <paramref name="version"/>. Its marking may be raised, narrowed or moved to
    /// another area by the originating participant only; lowering it is <see cref="DowngradeAsync"/>.
    /// </summary>
    /// <exception cref="NotFoundException">No such document that the subject may see.</exception>
    /// <exception cref="RefusedException">The subject may not write, or not that marking.</exception>
    /// <exception cref="InvalidInputException">The input breaks a rule.</exception>
    /// <exception cref="StaleWriteException">The document changed since <paramref name="version"/>.</exception>
    public async Task<SharedDocumentRecord> UpdateAsync(AccessSubject subject, Guid id, DocumentInput input, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        var record = await TrackedAsync(subject, id, ct);
        EnsureWriter(subject);
        Validate(input);
        MarkingChanges.EnsureVersion(record, version, "document");
        var from = Marking.Of(record);
        var to = new Marking(input.Classification, input.Releasability, input.Area!);
        MarkingChanges.Check(subject, record, to, downgrade: false);
        var before = Trace(record);
        record.Title = input.Title!.Trim();
        record.Body = TextInput.Normalise(input.Body) ?? "";
        record.Classification = to.Classification;
        record.Releasability = to.Releasability;
        record.Area = to.Area;
        return await SaveChangeAsync(record, "document.update", from, before, null, ct);
    }

    /// <summary>
    /// Lowers a document's classification or widens its releasability, with the reason: a writer of the originating participant whose
    /// clearance covers the present marking. The audit entry keeps the marking before and after and the reason, under the old marking.
    /// </summary>
    /// <exception cref="NotFoundException">No such document that the subject may see.</exception>
    /// <exception cref="RefusedException">The subject may not downgrade it, or not to that marking.</exception>
    /// <exception cref="InvalidInputException">No reason, or a marking that lowers nothing.</exception>
    /// <exception cref="StaleWriteException">The document changed since <paramref name="version"/>.</exception>
    public async Task<SharedDocumentRecord> DowngradeAsync(AccessSubject subject, Guid id, DowngradeInput input, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        var record = await TrackedAsync(subject, id, ct);
        EnsureWriter(subject);
        var reason = MarkingChanges.DowngradeReason(input.Reason);
        MarkingChanges.EnsureVersion(record, version, "document");
        var from = Marking.Of(record);
        var to = new Marking(input.Classification, input.Releasability, record.Area);
        MarkingChanges.Check(subject, record, to, downgrade: true);
        var before = Trace(record);
        record.Classification = to.Classification;
        record.Releasability = to.Releasability;
        return await SaveChangeAsync(record, "document.downgrade", from, before, reason, ct);
    }

    private async Task<SharedDocumentRecord> TrackedAsync(AccessSubject subject, Guid id, CancellationToken ct) =>
        await db.SharedDocuments.Where(AccessPolicy.Readable<SharedDocumentRecord>(subject)).FirstOrDefaultAsync(d => d.Id == id, ct)
        ?? throw NotFound(id);

    private async Task<SharedDocumentRecord> SaveChangeAsync(SharedDocumentRecord record, string action, Marking from, object before, string? reason,
        CancellationToken ct)
    {
        var version = record.Version;
        record.Version++;
        record.UpdatedAt = clock.GetCurrentInstant();
        var after = Trace(record);
        audit.Changed(action, RecordType, record.Id.ToString(), MarkingChanges.Stricter(from, Marking.Of(record)), before,
            reason is null ? after : new { after, reason });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new StaleWriteException(
                $"The document changed while you were saving (version {version} is no longer current): reload it, then make your change again.", e);
        }
        return record;
    }

    /// <summary>The answer for a document that does not exist and for one the caller may not see: the same, word for word.</summary>
    public static NotFoundException NotFound(Guid id) => new($"There is no document {id} that you may see.");

    private static void EnsureWriter(AccessSubject subject)
    {
        if (!Permissions.CanWrite(subject))
        {
            throw new RefusedException("Only contributors share and change documents.");
        }
    }

    private static void Validate(DocumentInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > SharedDocumentConfiguration.MaxTitle)
        {
            errors["title"] = [$"Give a title of 1–{SharedDocumentConfiguration.MaxTitle} characters."];
        }
        if (input.Body is { Length: > SharedDocumentConfiguration.MaxBody })
        {
            errors["body"] = [string.Create(CultureInfo.InvariantCulture,
                $"The body has {input.Body.Length} characters; at most {SharedDocumentConfiguration.MaxBody:N0} are allowed.")];
        }
        TextInput.Check(errors, "title", input.Title, TextShape.SingleLine);
        TextInput.Check(errors, "body", input.Body, TextShape.MultiLine);
        if (KeyComponents.Known(input.Area) is null)
        {
            errors["area"] = [$"\"{input.Area}\" is not an area; use one of {string.Join(", ", KeyComponents.Ids)}."];
        }
        if (!Enum.IsDefined(input.Classification))
        {
            errors["classification"] = ["Unknown classification."];
        }
        if (!Enum.IsDefined(input.Releasability))
        {
            errors["releasability"] = ["Unknown releasability."];
        }
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }
    }
}
