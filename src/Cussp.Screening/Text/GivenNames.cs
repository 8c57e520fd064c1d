namespace Cussp.Screening;

/// <summary>Given names that are one name across Ukrainian, Russian and English usage, looked up by phonetic key.</summary>
internal static class GivenNames
{
    private static readonly Dictionary<string, int[]> ByKey = Build();
    private static readonly string[][] KeysByGroup = [.. Vocabulary.GivenNames.Select(g => g.Select(Phonetic.Key).Distinct().ToArray())];

    public static int[] Groups(string key) => ByKey.TryGetValue(key, out var g) ? g : [];

    public static string[] Keys(int group) => KeysByGroup[group];

    public static bool Equivalent(int[] a, int[] b)
    {
        foreach (var x in a)
        {
            foreach (var y in b)
            {
                if (x == y)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static Dictionary<string, int[]> Build()
    {
        var map = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var g = 0; g < Vocabulary.GivenNames.Length; g++)
        {
            foreach (var name in Vocabulary.GivenNames[g])
            {
                var key = Phonetic.Key(name);
                if (!map.TryGetValue(key, out var list))
                {
                    map[key] = list = [];
                }
                if (!list.Contains(g))
                {
                    list.Add(g);
                }
            }
        }
        return map.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }
}
