namespace Cussp.Sanctions;

/// <summary>What a re-import did to one listed subject.</summary>
public enum SanctionsChange
{
    /// <summary>New on the list.</summary>
    Added,
    /// <summary>Still listed, with different data.</summary>
    Changed,
    /// <summary>No longer on the list: kept, marked removed.</summary>
    Removed,
}

/// <summary>A listed subject as stored: its model as JSON, with the columns queries filter on.</summary>
public sealed class SanctionsEntityRecord
{
    /// <summary>The list it comes from (<c>sema</c>, <c>un</c>, <c>ofac</c>, <c>ftm</c>).</summary>
    public required string Source { get; set; }
    /// <summary>Identifier within the source.</summary>
    public required string Id { get; set; }
    /// <summary>Person, organisation, company, vessel or aircraft.</summary>
    public required string Kind { get; set; }
    /// <summary>The primary name.</summary>
    public required string Caption { get; set; }
    /// <summary>The whole subject (names, dates, identifiers, legal basis) as JSON.</summary>
    public required string Data { get; set; }
    /// <summary>SHA-256 of <see cref="Data"/>: how a re-import tells a change.</summary>
    public required string Hash { get; set; }
    /// <summary>When an import first brought it.</summary>
    public Instant FirstImportedAt { get; set; }
    /// <summary>When an import last changed it.</summary>
    public Instant UpdatedAt { get; set; }
    /// <summary>When a re-import no longer found it; null while listed.</summary>
    public Instant? RemovedAt { get; set; }
}

/// <summary>One import of a list file, with what it changed.</summary>
public sealed class SanctionsImportRecord
{
    /// <summary>Surrogate key, increasing: the version of the stored lists.</summary>
    public int Id { get; set; }
    /// <summary>The list.</summary>
    public required string Source { get; set; }
    /// <summary>The file name imported.</summary>
    public required string FileName { get; set; }
    /// <summary>SHA-256 of the file.</summary>
    public required string FileHash { get; set; }
    /// <summary>When.</summary>
    public Instant ImportedAt { get; set; }
    /// <summary>Subjects added.</summary>
    public int Added { get; set; }
    /// <summary>Subjects changed.</summary>
    public int Changed { get; set; }
    /// <summary>Subjects removed.</summary>
    public int Removed { get; set; }
    /// <summary>Subjects unchanged.</summary>
    public int Unchanged { get; set; }
}

/// <summary>The history of one subject: each addition, change and removal, with the data before and after.</summary>
public sealed class SanctionsChangeRecord
{
    /// <summary>Surrogate key.</summary>
    public long Id { get; set; }
    /// <summary>The import that made the change.</summary>
    public int ImportId { get; set; }
    /// <summary>The list.</summary>
    public required string Source { get; set; }
    /// <summary>The subject.</summary>
    public required string EntityId { get; set; }
    /// <summary>Added, changed or removed.</summary>
    public SanctionsChange Change { get; set; }
    /// <summary>The data before (changes and removals).</summary>
    public string? Before { get; set; }
    /// <summary>The data after (additions and changes).</summary>
    public string? After { get; set; }
}
