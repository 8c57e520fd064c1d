using System.Security.Cryptography;
using Cussp.Identity;

namespace Cussp.Commitments;

/// <summary>Evidence as a caller sends it: a link (title and address), a note (title and words) or a file (title, name and bytes).</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Title">What it shows, 1 to <see cref="EvidenceConfiguration.MaxTitle"/> characters.</param>
/// <param name="Url">A link's address, http or https.</param>
/// <param name="Text">A note's words.</param>
/// <param name="FileName">A file's name.</param>
/// <param name="Content">A file's bytes, at most <see cref="EvidenceFiles.MaxBytes"/>.</param>
public sealed record EvidenceInput(EvidenceKind Kind, string? Title, string? Url = null, string? Text = null, string? FileName = null,
    byte[]? Content = null);

/// <summary>
/// Evidence on commitments, added and read only through <see cref="AccessPolicy"/>: it carries its commitment's marking, so only the
/// commitment's writers add it, only its readers see it, and a file's download is an audited read.
/// </summary>
public sealed class CommitmentEvidence(CusspDbContext db, IClock clock, AuditTrail audit)
{
    /// <summary>
    /// Adds evidence to a commitment the subject may write, based on <paramref name="version"/>; returns the commitment with its
    /// evidence, at its new version.
    /// </summary>
    /// <exception cref="NotFoundException">No such commitment that the subject may see.</exception>
    /// <exception cref="RefusedException">The subject may not write.</exception>
    /// <exception cref="InvalidInputException">What is wrong with the evidence, by field.</exception>
    /// <exception cref="StaleWriteException">The commitment changed since <paramref name="version"/>.</exception>
    public async Task<EvidenceRecord> AddAsync(AccessSubject subject, Guid commitmentId, EvidenceInput input, int version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(input);
        var commitment = await CommitmentTracker.WritableAsync(db, subject, commitmentId, "Only contributors add evidence to commitments.", ct);
        var (contentType, fileName) = Validate(input);
        MarkingChanges.EnsureVersion(commitment, version, "commitment");
        var evidence = new EvidenceRecord
        {
            Id = Guid.NewGuid(),
            CommitmentId = commitmentId,
            Kind = input.Kind,
            Title = input.Title!.Trim(),
            Url = input.Kind == EvidenceKind.Link ? input.Url!.Trim() : null,
            Text = input.Kind == EvidenceKind.Note ? TextInput.Normalise(input.Text)!.Trim() : null,
            FileName = fileName,
            ContentType = contentType,
            Length = input.Kind == EvidenceKind.File ? input.Content!.LongLength : null,
            Sha256 = input.Kind == EvidenceKind.File ? Convert.ToHexStringLower(SHA256.HashData(input.Content!)) : null,
            AddedBy = subject.Name,
            AddedAt = clock.GetCurrentInstant(),
        };
        db.Evidence.Add(evidence);
        if (input.Kind == EvidenceKind.File)
        {
            db.EvidenceContent.Add(new EvidenceContentRecord { EvidenceId = evidence.Id, Content = input.Content! });
        }
        var before = new { Version = CommitmentTracker.Touch(commitment, evidence.AddedAt) };
        // The words and the address are protected like the commitment: the log keeps their digests, a file its hash and size.
        audit.Changed("commitment.evidence", CommitmentTracker.RecordType, commitmentId.ToString(), Marking.Of(commitment), before, new
        {
            commitment.Version,
            evidence = evidence.Id,
            kind = evidence.Kind.ToString().ToLowerInvariant(),
            titleHmac = audit.Digest(evidence.Title),
            urlHmac = evidence.Url is null ? null : audit.Digest(evidence.Url),
            textHmac = evidence.Text is null ? null : audit.Digest(evidence.Text),
            evidence.Sha256,
            evidence.Length,
            evidence.ContentType,
        });
        await CommitmentTracker.SaveAsync(db, version, "add the evidence again", ct);
        return evidence;
    }

    private static (string? ContentType, string? FileName) Validate(EvidenceInput input)
    {
        var errors = new Dictionary<string, string[]>();
        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > EvidenceConfiguration.MaxTitle)
        {
            errors["title"] = [$"Say what the evidence shows, in 1–{EvidenceConfiguration.MaxTitle} characters."];
        }
        TextInput.Check(errors, "title", input.Title, TextShape.SingleLine);
        string? contentType = null;
        string? fileName = null;
        switch (input.Kind)
        {
            case EvidenceKind.Link:
                var url = input.Url?.Trim();
                if (string.IsNullOrEmpty(url) || url.Length > EvidenceConfiguration.MaxUrl
                    || !Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https") || string.IsNullOrEmpty(address.Host))
                {
                    errors["url"] = [$"Give the full address of the page, starting with https:// or http://, at most {EvidenceConfiguration.MaxUrl} characters."];
                }
                TextInput.Check(errors, "url", input.Url, TextShape.SingleLine);
                break;
            case EvidenceKind.Note:
                var text = input.Text?.Trim();
                if (string.IsNullOrEmpty(text) || text.Length > EvidenceConfiguration.MaxText)
                {
                    errors["text"] = [$"Write the note, in 1–{EvidenceConfiguration.MaxText} characters."];
                }
                TextInput.Check(errors, "text", input.Text, TextShape.MultiLine);
                break;
            case EvidenceKind.File:
                fileName = EvidenceFiles.NameOf(input.FileName);
                if (input.Content is not { Length: > 0 } content)
                {
                    errors["file"] = ["Choose a file."];
                }
                else if (content.Length > EvidenceFiles.MaxBytes)
                {
                    errors["file"] = [EvidenceFiles.TooLarge(content.Length)];
                }
                else if (fileName is null || fileName.Length > EvidenceConfiguration.MaxFileName || TextInput.Find(fileName, TextShape.SingleLine) is not null)
                {
                    errors["file"] = [$"The file's name must be 1–{EvidenceConfiguration.MaxFileName} readable characters."];
                }
                else if ((contentType = EvidenceFiles.TypeOf(content, fileName)) is null)
                {
                    errors["file"] = [$"\"{fileName}\" is not a file of an accepted type ({EvidenceFiles.Accepted}); the type is read from its content, not its name."];
                }
                break;
            default:
                errors["kind"] = ["Evidence is a link, a note or a file."];
                break;
        }
        return errors.Count > 0 ? throw new InvalidInputException(errors) : (contentType, fileName);
    }

    /// <summary>
    /// A file given as evidence and its bytes, or null when there is no such file on a commitment the subject may read. The read is
    /// in the audit log whatever the marking, as a download of protected material would be.
    /// </summary>
    public async Task<(EvidenceRecord Evidence, byte[] Content)?> OpenFileAsync(AccessSubject? subject, Guid commitmentId, Guid evidenceId,
        CancellationToken ct = default)
    {
        var found = await db.Commitments.AsNoTracking().Where(AccessPolicy.Readable<CommitmentRecord>(subject)).Where(c => c.Id == commitmentId)
            .Join(db.Evidence.AsNoTracking().Where(e => e.Id == evidenceId && e.Kind == EvidenceKind.File), c => c.Id, e => e.CommitmentId,
                (c, e) => new { Commitment = c, Evidence = e })
            .FirstOrDefaultAsync(ct);
        if (found is null)
        {
            return null;
        }
        var content = await db.EvidenceContent.AsNoTracking().Where(c => c.EvidenceId == evidenceId).Select(c => c.Content).SingleAsync(ct);
        audit.Read("CommitmentEvidence", evidenceId.ToString(), Marking.Of(found.Commitment).ToString());
        await audit.SaveAsync(ct);
        return (found.Evidence, content);
    }

    /// <summary>The answer for a file that does not exist and for one the caller may not see: the same, word for word.</summary>
    public static NotFoundException NotFound(Guid id) => new($"There is no evidence file {id} that you may see.");
}
