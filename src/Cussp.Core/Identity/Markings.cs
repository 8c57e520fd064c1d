using Cussp.Agreements;

namespace Cussp.Identity;

/// <summary>
/// The government a user acts for. There is deliberately no third, "joint" value: the joint secretariat is staffed by
/// officials of each participant, each cleared by their own government. A participant that spanned both would read
/// CAN EYES ONLY and UKR EYES ONLY material alike, which is exactly what releasability exists to prevent; so a secretariat
/// member belongs to Canada or to Ukraine, and the organisation name says they work in the secretariat.
/// </summary>
public enum Participant
{
    /// <summary>The Government of Canada.</summary>
    Canada = 1,
    /// <summary>The Government of Ukraine.</summary>
    Ukraine = 2,
}

/// <summary>Security classification, ordered: a clearance reads its own level and every level below it.</summary>
public enum SecurityClassification
{
    /// <summary>UNCLASSIFIED.</summary>
    Unclassified = 0,
    /// <summary>PROTECTED A.</summary>
    ProtectedA = 1,
    /// <summary>PROTECTED B.</summary>
    ProtectedB = 2,
    /// <summary>CONFIDENTIAL.</summary>
    Confidential = 3,
    /// <summary>SECRET.</summary>
    Secret = 4,
}

/// <summary>Who a record may be released to.</summary>
public enum Releasability
{
    /// <summary>REL CAN UKR: both participants.</summary>
    RelCanUkr = 0,
    /// <summary>CAN EYES ONLY.</summary>
    CanEyesOnly = 1,
    /// <summary>UKR EYES ONLY.</summary>
    UkrEyesOnly = 2,
}

/// <summary>What a user may do; a user holds any combination.</summary>
[Flags]
public enum Roles
{
    /// <summary>No role: the account can sign in and see public material only.</summary>
    None = 0,
    /// <summary>Reads marked records within participant, clearance and areas of need.</summary>
    Viewer = 1,
    /// <summary>Creates and changes records it may read.</summary>
    Contributor = 2,
    /// <summary>Approves decisions for their participant (two-factor sign-in required).</summary>
    Approver = 4,
    /// <summary>Manages accounts, organisations, clearances and roles (two-factor sign-in required).</summary>
    Administrator = 8,
    /// <summary>Reads the audit log.</summary>
    Auditor = 16,
}

/// <summary>The marking of a record that is not public: classification, releasability and area (a key component id).</summary>
/// <param name="Classification">How sensitive.</param>
/// <param name="Releasability">To whom it may be released.</param>
/// <param name="Area">The key component the record belongs to; readers need it among their areas of need.</param>
public sealed record Marking(SecurityClassification Classification, Releasability Releasability, string Area)
{
    /// <summary>The marking a record carries.</summary>
    public static Marking Of(IMarked record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new Marking(record.Classification, record.Releasability, record.Area);
    }

    /// <summary>The marking as printed on a document: <c>PROTECTED B // REL CAN UKR // defence-security</c>.</summary>
    public override string ToString() => $"{Classification.Label()} // {Releasability.Label()} // {Area}";
}

/// <summary>A record that carries a marking; the access policy filters any query over such records.</summary>
public interface IMarked
{
    /// <summary>Classification.</summary>
    SecurityClassification Classification { get; }

    /// <summary>Releasability.</summary>
    Releasability Releasability { get; }

    /// <summary>Area (a key component id).</summary>
    string Area { get; }
}

/// <summary>Printed names of the marking vocabularies and the areas of need.</summary>
public static class MarkingLabels
{
    // Read by their letters and digits alone, whatever the case; so read, each printed name is also its enum name (PROTECTED B,
    // ProtectedB, protected-b).
    private static readonly EnumNames<SecurityClassification> Classifications = new(Squash,
        (SecurityClassification.Unclassified, "UNCLASSIFIED"), (SecurityClassification.ProtectedA, "PROTECTED A"),
        (SecurityClassification.ProtectedB, "PROTECTED B"), (SecurityClassification.Confidential, "CONFIDENTIAL"),
        (SecurityClassification.Secret, "SECRET"));

    private static readonly EnumNames<Releasability> Releasabilities = new(Squash,
        (Releasability.RelCanUkr, "REL CAN UKR"), (Releasability.CanEyesOnly, "CAN EYES ONLY"), (Releasability.UkrEyesOnly, "UKR EYES ONLY"));

    /// <summary>The printed classification: <c>PROTECTED A</c>.</summary>
    public static string Label(this SecurityClassification c) => Classifications[c];

    /// <summary>The printed releasability: <c>CAN EYES ONLY</c>.</summary>
    public static string Label(this Releasability r) => Releasabilities[r];

    /// <summary>Reads a classification by its printed name or enum name, ignoring case, spaces and hyphens.</summary>
    public static bool TryParseClassification(string? text, out SecurityClassification value) => Classifications.TryParse(text, out value);

    /// <summary>Reads a releasability by its printed name or enum name, ignoring case, spaces and hyphens.</summary>
    public static bool TryParseReleasability(string? text, out Releasability value) => Releasabilities.TryParse(text, out value);

    /// <summary>Reads a participant by name (<c>Canada</c>, <c>Ukraine</c>, or CAN / UKR).</summary>
    public static bool TryParseParticipant(string? text, out Participant value)
    {
        var t = Squash(text);
        value = t switch
        {
            "canada" or "can" or "ca" => Participant.Canada,
            "ukraine" or "ukr" or "ua" => Participant.Ukraine,
            _ => 0,
        };
        return value != 0;
    }

    /// <summary>Reads a comma-separated list of role names (<c>viewer,approver</c>).</summary>
    public static bool TryParseRoles(string? text, out Roles roles)
    {
        roles = Roles.None;
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<Roles>(part, ignoreCase: true, out var r) || r == Roles.None || !Enum.IsDefined(r))
            {
                return false;
            }
            roles |= r;
        }
        return true;
    }

    /// <summary>True when every id is an area: a key component or the framework group.</summary>
    public static bool AreAreas(IEnumerable<string> ids) => ids.All(id => KeyComponents.Known(id) is not null);

    private static string Squash(string? s) =>
        string.Concat((s ?? "").Where(char.IsLetterOrDigit)).ToLowerInvariant();
}
