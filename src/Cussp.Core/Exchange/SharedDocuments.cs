using System.Security.Cryptography;
using System.Text;
using Cussp.Agreements;
using Cussp.Audit;
using Cussp.Data;
using Cussp.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Cussp.Exchange;

/// <summary>A document or record shared between the participants, under its marking.</summary>
public sealed class SharedDocumentRecord : IMarked
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>Title.</summary>
    public required string Title { get; set; }
    /// <summary>Body text.</summary>
    public required string Body { get; set; }
    /// <summary>Classification.</summary>
    public SecurityClassification Classification { get; set; }
    /// <summary>Releasability.</summary>
    public Releasability Releasability { get; set; }
    /// <summary>Area (key component id).</summary>
    public required string Area { get; set; }
    /// <summary>The participant that shared it.</summary>
    public Participant Originator { get; set; }
    /// <summary>Who created it.</summary>
    public required string CreatedBy { get; set; }
    /// <summary>When.</summary>
    public Instant CreatedAt { get; set; }
    /// <summary>Last change.</summary>
    public Instant UpdatedAt { get; set; }
}

/// <summary>What a caller sends to create or change a document.</summary>
/// <param name="Title">Title, 1–300 characters.</param>
/// <param name="Body">Body, up to 100,000 characters.</param>
/// <param name="Classification">Classification.</param>
/// <param name="Releasability">Releasability.</param>
/// <param name="Area">Area (key component id).</param>
public sealed record DocumentInput(string? Title, string? Body, SecurityClassification Classification, Releasability Releasability, string? Area);

/// <summary>Input that breaks a rule; each entry names the field and what is wrong.</summary>
public sealed class DocumentInputException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))
{
    /// <summary>Field → problems.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// Shared documents, read and written only through <see cref="AccessPolicy"/>: every query is filtered by the database, and
/// a document the caller may not see is reported exactly as one that does not exist.
/// </summary>
public sealed class SharedDocuments(CusspDbContext db, IClock clock, AuditTrail audit)
{
    /// <summary>Largest page of a list.</summary>
    public const int MaxPageSize = 200;

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


    private const string RecordType = "SharedDocument";


    /// <summary>
    /// What the log keeps of a document: its marking and a hash of its title and text. The protected words themselves stay out
    /// of the log, which auditors read whatever their clearance; the hash still shows whether the content changed.
    /// </summary>
    private static object Trace(SharedDocumentRecord d) => new
    {
        marking = Marking.Of(d).ToString(),
        content = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(d.Title + "\n" + d.Body))),
    };

    /// <summary>Creates a document; the marking must be one the creator could read, so nobody writes what they cannot see.</summary>
    /// <exception cref="UnauthorizedAccessException">The subject may not write.</exception>
    /// <exception cref="DocumentInputException">The input breaks a rule.</exception>
    public async Task<SharedDocumentRecord> CreateAsync(AccessSubject subject, DocumentInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        Validate(subject, input);
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
        };
        db.SharedDocuments.Add(record);
        audit.Changed("document.create", RecordType, record.Id.ToString(), null, Trace(record));
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Changes a document the subject may write; null when it does not exist or is not visible to them.</summary>
    public async Task<SharedDocumentRecord?> UpdateAsync(AccessSubject subject, Guid id, DocumentInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        var record = await db.SharedDocuments.Where(AccessPolicy.Readable<SharedDocumentRecord>(subject)).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (record is null)
        {
            return null;
        }
        Validate(subject, input);
        var before = Trace(record);
        record.Title = input.Title!.Trim();
        record.Body = TextInput.Normalise(input.Body) ?? "";
        record.Classification = input.Classification;
        record.Releasability = input.Releasability;
        record.Area = input.Area!;
        record.UpdatedAt = clock.GetCurrentInstant();
        audit.Changed("document.update", RecordType, record.Id.ToString(), before, Trace(record));
        await db.SaveChangesAsync(ct);
        return record;
    }

    private static void Validate(AccessSubject subject, DocumentInput input)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Trim().Length > 300)
        {
            errors["title"] = ["Give a title of 1–300 characters."];
        }
        if (input.Body is { Length: > 100_000 })
        {
            errors["body"] = [$"The body has {input.Body.Length} characters; at most 100,000 are allowed."];
        }
        TextInput.Check(errors, "title", input.Title, TextShape.SingleLine);
        TextInput.Check(errors, "body", input.Body, TextShape.MultiLine);
        if (KeyComponents.Find(input.Area) is null)
        {
            errors["area"] = [$"\"{input.Area}\" is not an area; use one of {string.Join(", ", KeyComponents.All.Select(c => c.Id))}."];
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
            throw new DocumentInputException(errors);
        }
        var marked = new Probe(input.Classification, input.Releasability, input.Area!);
        if (!AccessPolicy.Allows(subject, marked, AccessAction.Write))
        {
            throw new UnauthorizedAccessException(
                "You may only write documents you could read: a contributor's role, your participant in the releasability, " +
                "a classification up to your clearance and an area among your areas of need.");
        }
    }

    private sealed record Probe(SecurityClassification Classification, Releasability Releasability, string Area) : IMarked;
}
