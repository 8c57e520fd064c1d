namespace Cussp.Agreements;

/// <summary>One bullet line of the official key-components summary, numbered <c>component.bullet</c> ("3.4").</summary>
/// <param name="Number">The component's number, a dot and the bullet's place under it.</param>
/// <param name="Component">The key component's slug.</param>
/// <param name="Text">The line as the summary prints it.</param>
public sealed record SummaryLine(string Number, string Component, string Text);

/// <summary>Where one provision belongs, as checked by hand against the summary.</summary>
/// <param name="Citation">The provision.</param>
/// <param name="Primary">The component it is counted under, or <see cref="KeyComponents.Framework"/>.</param>
/// <param name="Secondary">Other key components it also serves.</param>
/// <param name="Lines">The summary lines it carries out.</param>
/// <param name="Words">Words quoted from the provision that show why it sits where it does.</param>
/// <param name="Reason">One sentence on why.</param>
public sealed record ComponentAssignment(string Citation, string Primary, IReadOnlyList<string> Secondary, IReadOnlyList<string> Lines,
    string Words, string Reason);

/// <summary>
/// The component map of the CUSSP text shipped with the product (<c>Texts/component-map.tsv</c>, explained in
/// <c>docs/component-map.md</c>) and the summary lines it links to (<c>Texts/cussp-key-components.txt</c>).
/// </summary>
public sealed class ComponentMap
{
    /// <summary>Who set the overrides the map records, as overrides show it.</summary>
    public const string SetBy = "component map";

    private ComponentMap(IReadOnlyList<SummaryLine> lines, IReadOnlyList<ComponentAssignment> assignments)
    {
        Lines = lines;
        Assignments = assignments;
    }

    /// <summary>The summary's bullet lines, in its order.</summary>
    public IReadOnlyList<SummaryLine> Lines { get; }

    /// <summary>One assignment per provision, in reading order.</summary>
    public IReadOnlyList<ComponentAssignment> Assignments { get; }

    /// <summary>The map of the shipped CUSSP text.</summary>
    public static ComponentMap Cussp { get; } = Read(AgreementTexts.Read("cussp-key-components.txt"), AgreementTexts.Read("component-map.tsv"));

    /// <summary>A map from a summary and a table of assignments; <see cref="FormatException"/> names the first thing wrong.</summary>
    internal static ComponentMap Read(string summary, string tsv)
    {
        var lines = ReadSummary(summary);
        return new ComponentMap(lines, ReadAssignments(tsv, lines));
    }

    /// <summary>The map that applies to <paramref name="text"/>: the CUSSP map for the shipped CUSSP text, none for any other.</summary>
    public static ComponentMap? For(string text) =>
        string.Equals(Normalised(text), ShippedText, StringComparison.Ordinal) ? Cussp : null;

    private static readonly string ShippedText = Normalised(AgreementRegister.CusspText());

    private static string Normalised(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>
    /// The bullet lines of the summary: after "Key Components", a line that is a component's heading opens that component,
    /// "Key Components cont." continues, and every other line is the next bullet of the open component.
    /// </summary>
    private static List<SummaryLine> ReadSummary(string summary)
    {
        var lines = new List<SummaryLine>();
        KeyComponent? open = null;
        var bullet = 0;
        var started = false;
        foreach (var raw in summary.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith("Key Components cont", StringComparison.Ordinal))
            {
                continue;
            }
            if (line == "Key Components")
            {
                started = true;
                continue;
            }
            if (!started)
            {
                continue;
            }
            if (KeyComponents.All.FirstOrDefault(c => c.Title == line) is { } heading)
            {
                (open, bullet) = (heading, 0);
                continue;
            }
            if (open is null)
            {
                throw new FormatException($"summary line \"{line}\" comes before any component heading");
            }
            bullet++;
            lines.Add(new SummaryLine($"{open.Number}.{bullet}", open.Id, line));
        }
        return lines;
    }

    /// <summary>Reads the map's rows (tab-separated, header first) and checks every value it names.</summary>
    private static List<ComponentAssignment> ReadAssignments(string tsv, IReadOnlyList<SummaryLine> summary)
    {
        var rows = new List<ComponentAssignment>();
        var lineNumbers = summary.ToDictionary(l => l.Number, l => l.Component, StringComparer.Ordinal);
        var n = 0;
        foreach (var raw in tsv.Split('\n'))
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (n == 1 || line.Length == 0)
            {
                continue;
            }
            var f = line.Split('\t');
            if (f.Length != 6)
            {
                throw new FormatException($"component map line {n}: {f.Length} columns, expected 6");
            }
            var primary = KeyComponents.Known(f[1]) ?? throw new FormatException($"component map line {n}: unknown component \"{f[1]}\"");
            var secondary = List(f[2]).Select(s => KeyComponents.Find(s)?.Id
                ?? throw new FormatException($"component map line {n}: \"{s}\" is not a key component")).ToList();
            if (secondary.Contains(primary))
            {
                throw new FormatException($"component map line {n}: \"{primary}\" is both primary and secondary");
            }
            var served = secondary.Append(primary).ToHashSet(StringComparer.Ordinal);
            var lines = List(f[3]);
            foreach (var number in lines)
            {
                if (!lineNumbers.TryGetValue(number, out var component) || !served.Contains(component))
                {
                    throw new FormatException($"component map line {n}: summary line \"{number}\" is not one of the provision's components");
                }
            }
            rows.Add(new ComponentAssignment(f[0], primary, secondary, lines, f[4], f[5]));
        }
        return rows;
    }

    private static List<string> List(string field) =>
        [.. field.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>The texts shipped with the product beside the agreement.</summary>
internal static class AgreementTexts
{
    /// <summary>Reads one of <c>Agreements/Texts</c> from the build.</summary>
    public static string Read(string name)
    {
        using var stream = typeof(AgreementTexts).Assembly.GetManifestResourceStream("Cussp.Agreements.Texts." + name)
            ?? throw new InvalidOperationException($"{name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
