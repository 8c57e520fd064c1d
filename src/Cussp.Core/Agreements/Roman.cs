namespace Cussp.Agreements;

/// <summary>Roman numerals as agreements number their parts (upper case) and items (lower case).</summary>
public static class Roman
{
    private static readonly (int Value, string Numeral)[] Table =
    [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ];

    /// <summary>Writes <paramref name="value"/> in lower-case roman numerals.</summary>
    public static string ToLower(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
        var sb = new System.Text.StringBuilder();
        foreach (var (v, n) in Table)
        {
            while (value >= v)
            {
                sb.Append(n);
                value -= v;
            }
        }
        return sb.ToString();
    }

    /// <summary>Writes <paramref name="value"/> in upper-case roman numerals.</summary>
    public static string ToUpper(int value) => ToLower(value).ToUpperInvariant();

    /// <summary>Reads a roman numeral of either case; false when it is not one in canonical form.</summary>
    public static bool TryParse(string text, out int value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 15)
        {
            return false;
        }
        var lower = text.ToLowerInvariant();
        var rest = lower.AsSpan();
        foreach (var (v, n) in Table)
        {
            while (rest.StartsWith(n, StringComparison.Ordinal))
            {
                value += v;
                rest = rest[n.Length..];
            }
        }
        return rest.IsEmpty && value > 0 && ToLower(value) == lower;
    }
}
