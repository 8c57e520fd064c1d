namespace Cussp.Agreements;

/// <summary>Who a provision binds or speaks for.</summary>
public enum Actor
{
    /// <summary>Both participants, or either of them.</summary>
    Participants,
    /// <summary>Canada alone.</summary>
    Canada,
    /// <summary>Ukraine alone.</summary>
    Ukraine,
}

/// <summary>How strongly a provision binds its actor.</summary>
public enum Modality
{
    /// <summary>"will", "will continue", "commits", "is committed".</summary>
    Commitment,
    /// <summary>"will seek / strive / aim / explore / endeavour / consider".</summary>
    BestEffort,
    /// <summary>"may", "can".</summary>
    Permission,
    /// <summary>"recognize", "acknowledge", "reaffirm", "understand", "welcome", "commend".</summary>
    Declaration,
}

/// <summary>What kind of unit of text a provision is.</summary>
public enum ProvisionKind
{
    /// <summary>A recital of the preamble (PRE.n).</summary>
    Recital,
    /// <summary>A numbered paragraph of a part or section.</summary>
    Paragraph,
    /// <summary>A lower-case roman item of a paragraph.</summary>
    Item,
    /// <summary>A capital-letter sub-item of an item.</summary>
    SubItem,
}

/// <summary>Wire names for the vocabularies, as the API and exports spell them.</summary>
public static class Vocabulary
{
    private static readonly EnumNames<Actor> Actors = new(IgnoringCase, Enum.GetValues<Actor>().Select(a => (a, a.ToString())));

    private static readonly EnumNames<Modality> Modalities = new(IgnoringCase,
        (Modality.Commitment, "commitment"), (Modality.BestEffort, "best-effort"),
        (Modality.Permission, "permission"), (Modality.Declaration, "declaration"));

    private static readonly EnumNames<ProvisionKind> Kinds = new(IgnoringCase,
        (ProvisionKind.Recital, "recital"), (ProvisionKind.Paragraph, "paragraph"),
        (ProvisionKind.Item, "item"), (ProvisionKind.SubItem, "sub-item"));

    private static readonly EnumNames<TimeAnchor> Anchors = new(IgnoringCase,
        (TimeAnchor.None, "none"), (TimeAnchor.Request, "request"),
        (TimeAnchor.Signature, "signature"), (TimeAnchor.NoticeReceipt, "notice-receipt"));

    /// <summary>The API name of an actor.</summary>
    public static string Name(this Actor actor) => actor.ToString();

    /// <summary>The API name of a modality.</summary>
    public static string Name(this Modality modality) => Modalities[modality];

    /// <summary>The API name of a provision kind.</summary>
    public static string Name(this ProvisionKind kind) => Kinds[kind];

    /// <summary>The API name of what a time rule counts from.</summary>
    public static string Name(this TimeAnchor anchor) => Anchors[anchor];

    /// <summary>Reads an actor by its API name, ignoring case.</summary>
    public static bool TryParseActor(string? text, out Actor actor) => Actors.TryParse(text, out actor);

    /// <summary>Reads a modality by its API name, ignoring case.</summary>
    public static bool TryParseModality(string? text, out Modality modality) => Modalities.TryParse(text, out modality);

    // Case is ignored as OrdinalIgnoreCase ignores it: by the invariant upper case.
    private static string IgnoringCase(string name) => name.ToUpperInvariant();
}
