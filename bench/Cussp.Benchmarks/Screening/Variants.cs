using System.Text;
using Cussp.Screening;

namespace Cussp.Benchmarks.Screening;

/// <summary>A query made from a listed name (with the subject it should find) or a name made up to find nothing.</summary>
public sealed record VariantQuery(string Name, string? ExpectedEntityId, string How);

/// <summary>
/// Makes screening queries from a list's own names, the way they reach a screening desk: written in another language's
/// spelling, in another word order, with a slip of the keyboard, a middle name dropped or a given name as an initial; and
/// made-up names of people and companies for the queries that should find nothing.
/// </summary>
public static class Variants
{
    private static readonly string[] Given =
    [
        "James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda", "Thomas", "Susan", "Daniel", "Karen",
        "Matthew", "Nancy", "Anthony", "Lisa", "Mark", "Sandra", "Steven", "Ashley", "Kevin", "Emily", "Brian", "Melissa",
        "Olivier", "Camille", "Lukas", "Hannah", "Mateo", "Lucia", "Pieter", "Sanne", "Jakub", "Zuzanna", "Eero", "Aino",
        "Taro", "Yui", "Arjun", "Priya", "Chidi", "Ngozi", "Tariq", "Leila", "Bruno", "Giulia", "Sven", "Ingrid", "Diego", "Rosa",
    ];

    private static readonly string[] Family =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Moore", "Jackson",
        "Martin", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
        "Dubois", "Lefebvre", "Schneider", "Fischer", "Rossi", "Bianchi", "Jansen", "de Vries", "Nowak", "Wojcik", "Virtanen",
        "Tanaka", "Suzuki", "Sharma", "Okafor", "Mensah", "Lindqvist", "Haugen", "Moreno", "Navarro", "Costa", "Pereira",
        "Novak", "Horvat", "Kowalczyk", "Lambert", "Fontaine", "Bergmann", "Keller", "Brennan", "Gallagher", "Murphy",
    ];

    private static readonly string[] Trades =
    [
        "Maple", "Harbour", "Northern", "Prairie", "Summit", "Lakeside", "Granite", "Cedar", "Atlantic", "Pioneer", "Riverbend",
        "Silverline", "Bluewater", "Evergreen", "Ironwood", "Redstone", "Clearview", "Highland", "Meadow", "Coastal",
    ];

    private static readonly string[] Goods =
    [
        "Logistics", "Bakery", "Dental Clinic", "Software", "Hardware", "Farms", "Textiles", "Consulting", "Plumbing",
        "Printing", "Furniture", "Catering", "Veterinary", "Landscaping", "Optics", "Bicycles", "Pharmacy", "Books",
    ];

    private static readonly string[] Forms = ["Inc.", "Ltd.", "LLC", "GmbH", "S.A.", "Co.", "Limited", "Corp."];

    /// <summary>Made-up names, people and companies, that should raise no alert.</summary>
    public static IEnumerable<VariantQuery> NonMatches(int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            string name;
            if (random.Next(3) == 0)
            {
                name = $"{Trades[random.Next(Trades.Length)]} {Goods[random.Next(Goods.Length)]} {Forms[random.Next(Forms.Length)]}";
            }
            else
            {
                var middle = random.Next(4) == 0 ? " " + Given[random.Next(Given.Length)] : "";
                name = $"{Given[random.Next(Given.Length)]}{middle} {Family[random.Next(Family.Length)]}";
            }
            yield return new VariantQuery(name, null, "made up");
        }
    }

    /// <summary>
    /// One variant for each of <paramref name="count"/> names drawn from <paramref name="entities"/> (primary names and strong
    /// aliases in Latin script of at least two words), each with the subject it should find.
    /// </summary>
    public static IReadOnlyList<VariantQuery> FromList(IReadOnlyList<ListedEntity> entities, int count, int seed)
    {
        var random = new Random(seed);
        var pool = entities
            .SelectMany(e => e.Names.Where(n => n.Kind is NameKind.Primary or NameKind.Alias && IsLatin(n.Value) && Words(n.Value).Length >= 2)
                .Select(n => (Entity: e, Name: n.Value)))
            .ToList();
        var result = new List<VariantQuery>(count);
        while (result.Count < count && pool.Count > 0)
        {
            var (entity, name) = pool[random.Next(pool.Count)];
            var (variant, how) = Vary(name, entity.Kind, random);
            if (!string.Equals(variant, name, StringComparison.OrdinalIgnoreCase))
            {
                result.Add(new VariantQuery(variant, entity.Id, how));
            }
        }
        return result;
    }

    private static bool IsLatin(string s) => s.All(c => c < '\u0250' || !char.IsLetter(c));

    private static string[] Words(string s) => s.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Changes one name in one of the ways names change between a list and a query.</summary>
    public static (string Name, string How) Vary(string name, EntityKind kind, Random random)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(random);
        var words = Words(name);
        var person = kind == EntityKind.Person;
        switch (random.Next(person ? 6 : 3))
        {
            case 0:
                return (Typo(words, random), "typo");
            case 1:
                return (Spelling(name, random, out var language), language + " spelling");
            case 2:
                return (string.Join(' ', words.Reverse()), "word order");
            case 3 when words.Length >= 3:
                return (string.Join(' ', words.Where((_, i) => i != 1)), "middle name dropped");
            case 4:
                return (words[0][0] + ". " + string.Join(' ', words.Skip(1)), "initial");
            default:
                return (Spelling(Typo(words, random), random, out var l2), l2 + " spelling and typo");
        }
    }

    private static string Typo(string[] words, Random random)
    {
        var copy = words.ToArray();
        var candidates = Enumerable.Range(0, copy.Length).Where(i => copy[i].Length >= 5).ToList();
        if (candidates.Count == 0)
        {
            return string.Join(' ', copy);
        }
        var w = candidates[random.Next(candidates.Count)];
        copy[w] = Slip(copy[w], random, keepCase: true);
        return string.Join(' ', copy);
    }

    /// <summary>
    /// One slip in <paramref name="word"/> (three letters or more), never in its first letter: two neighbours swapped, a letter
    /// dropped or a letter replaced by a random Latin one, of the same case or, without <paramref name="keepCase"/>, lower case.
    /// </summary>
    internal static string Slip(string word, Random random, bool keepCase)
    {
        var chars = word.ToCharArray().ToList();
        var p = 1 + random.Next(chars.Count - 2);
        switch (random.Next(3))
        {
            case 0:
                (chars[p], chars[p + 1]) = (chars[p + 1], chars[p]);
                break;
            case 1:
                chars.RemoveAt(p);
                break;
            default:
                chars[p] = keepCase && char.IsUpper(chars[p]) ? (char)('A' + random.Next(26)) : (char)('a' + random.Next(26));
                break;
        }
        return new string([.. chars]);
    }

    private static readonly (string Language, (string From, string To)[] Rules)[] Spellings =
    [
        ("German", [("shch", "schtsch"), ("kh", "ch"), ("zh", "sch"), ("sh", "sch"), ("ch", "tsch"), ("ts", "z"), ("v", "w"), ("y", "j")]),
        ("Polish", [("shch", "szcz"), ("kh", "ch"), ("zh", "ż"), ("sh", "sz"), ("ch", "cz"), ("ts", "c"), ("v", "w"), ("y", "j")]),
        ("French", [("shch", "chtch"), ("sh", "ch"), ("zh", "j"), ("u", "ou"), ("y", "i")]),
    ];

    private static string Spelling(string name, Random random, out string language)
    {
        var (lang, rules) = Spellings[random.Next(Spellings.Length)];
        language = lang;
        var sb = new StringBuilder(name.Length + 8);
        var i = 0;
        while (i < name.Length)
        {
            var applied = false;
            foreach (var (from, to) in rules)
            {
                if (string.Compare(name, i, from, 0, from.Length, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    sb.Append(char.IsUpper(name[i]) ? to.ToUpperInvariant() : to);
                    i += from.Length;
                    applied = true;
                    break;
                }
            }
            if (!applied)
            {
                sb.Append(name[i++]);
            }
        }
        return sb.ToString();
    }
}
