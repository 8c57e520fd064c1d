using System.Text.Json;
using Cussp.Identity;

namespace Cussp.Audit;

/// <summary>
/// The one audit writer. Use cases record what they do here; the entries are sequenced, hashed and sealed with a signed checkpoint
/// by the next <c>SaveChangesAsync</c> of the same scope, in the same transaction as the change, so an acknowledged change always has
/// its entry and no change is committed without one.
/// </summary>
public sealed class AuditTrail(CusspDbContext db, PendingAudit pending, IAuditActor actor, IAuditDigest digest)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Who the entries of this scope name; <see cref="ActAs"/> changes it.</summary>
    public AuditActor Actor => pending.Actor ?? actor.Current;

    /// <summary>Names a different actor for the rest of this scope, such as <see cref="AuditActor.System"/> for seeding.</summary>
    public void ActAs(AuditActor who) => pending.Actor = who ?? throw new ArgumentNullException(nameof(who));

    /// <summary>Records a change; <paramref name="before"/> and <paramref name="after"/> are serialised as JSON (null: absent).</summary>
    public void Changed(string action, string recordType, string recordId, object? before, object? after) =>
        Changed(action, recordType, recordId, null, before, after);

    /// <summary>
    /// Records a change of a marked record. The entry carries <paramref name="marking"/>, so that only auditors whose participant,
    /// clearance and areas cover it see the entry; for a change of marking, pass the stricter of the two
    /// (<see cref="MarkingChanges.Stricter"/>).
    /// </summary>
    public void Changed(string action, string recordType, string recordId, Marking? marking, object? before, object? after) =>
        pending.Add(Actor, action, recordType, recordId, marking?.ToString(),
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json));

    /// <summary>A keyed digest of protected words, which shows in the log that they changed without showing or betraying them.</summary>
    public string Digest(string text) => digest.Compute(text);

    /// <summary>Records a read of material with the given marking (call it for anything above UNCLASSIFIED).</summary>
    public void Read(string recordType, string recordId, string marking)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(marking);
        pending.Add(Actor, "read", recordType, recordId, marking, null, null);
    }

    /// <summary>
    /// Records a read of every record shown that is above UNCLASSIFIED, one entry each with its marking, and seals them; writes
    /// nothing when every record shown is UNCLASSIFIED.
    /// </summary>
    public async Task ReadAsync<T>(string recordType, IEnumerable<T> shown, Func<T, Guid> id, CancellationToken ct = default) where T : IMarked
    {
        ArgumentNullException.ThrowIfNull(shown);
        ArgumentNullException.ThrowIfNull(id);
        var logged = false;
        foreach (var record in shown.Where(r => r.Classification > SecurityClassification.Unclassified))
        {
            Read(recordType, id(record).ToString(), Marking.Of(record).ToString());
            logged = true;
        }
        if (logged)
        {
            await SaveAsync(ct);
        }
    }

    /// <summary>Seals what was recorded, with any other pending changes of the scope; for reads, which change nothing else.</summary>
    public Task SaveAsync(CancellationToken ct = default) => db.SaveChangesAsync(ct);
}

/// <summary>The entries recorded in a scope and not yet sealed.</summary>
public sealed class PendingAudit
{
    private readonly List<AuditEntryRecord> _entries = [];

    internal AuditActor? Actor { get; set; }

    internal IReadOnlyList<AuditEntryRecord> Entries => _entries;

    internal void Add(AuditActor who, string action, string recordType, string recordId, string? marking, string? before, string? after)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(recordType);
        ArgumentNullException.ThrowIfNull(recordId);
        _entries.Add(new AuditEntryRecord
        {
            Actor = who.Id,
            ActorName = who.DisplayName,
            Action = action,
            RecordType = recordType,
            RecordId = recordId,
            Marking = marking,
            Before = before,
            After = after,
        });
    }

    internal void Clear() => _entries.Clear();
}
