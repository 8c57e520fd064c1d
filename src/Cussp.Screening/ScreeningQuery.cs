namespace Cussp.Screening;

/// <summary>What to screen: a name, and when known what the subject is, its birth year and its identifiers.</summary>
public sealed record ScreeningQuery(string Name, EntityKind? Kind = null, int? BirthYear = null, IReadOnlyList<Identifier>? Identifiers = null)
{
    /// <summary>What is wrong with a name as a query (empty, too long, control characters), or null when it can be screened.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "the name is empty";
        }
        if (name.Length > Normaliser.MaxNameLength)
        {
            return $"the name has {name.Length} characters; at most {Normaliser.MaxNameLength} are screened";
        }
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsControl(name[i]))
            {
                return $"the name has a control character (U+{(int)name[i]:X4}) at position {i + 1}";
            }
        }
        return null;
    }
}
