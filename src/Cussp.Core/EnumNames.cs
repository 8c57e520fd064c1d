using System.Collections.Frozen;

namespace Cussp;

/// <summary>The one name each value of an enum goes by outside the code, and the reading of such a name back into its value.</summary>
/// <typeparam name="T">The enum.</typeparam>
internal sealed class EnumNames<T> where T : struct, Enum
{
    private readonly FrozenDictionary<T, string> _names;
    private readonly FrozenDictionary<string, T> _values;
    private readonly Func<string, string> _readKey;

    /// <summary>Names every value of <typeparamref name="T"/>; throws when one has none or two.</summary>
    /// <param name="readKey">What of a text counts when it is read as a name (its letters whatever their case, say).</param>
    /// <param name="names">Each value with its name.</param>
    public EnumNames(Func<string, string> readKey, params IEnumerable<(T Value, string Name)> names)
    {
        _names = names.ToDictionary(n => n.Value, n => n.Name).ToFrozenDictionary();
        _readKey = readKey;
        var values = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var value in Enum.GetValues<T>())
        {
            if (!_names.TryGetValue(value, out var name))
            {
                throw new ArgumentException($"{typeof(T).Name}.{value} has no name", nameof(names));
            }
            // In the enum's order, so that of two names read alike the first value's wins.
            values.TryAdd(readKey(name), value);
        }
        _values = values.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The name of <paramref name="value"/>.</summary>
    public string this[T value] =>
        _names.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {typeof(T).Name}");

    /// <summary>Reads <paramref name="text"/> as the name of a value.</summary>
    public bool TryParse(string? text, out T value) => _values.TryGetValue(_readKey(text ?? ""), out value);
}
