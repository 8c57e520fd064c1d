using Cussp.Screening;

namespace Cussp.Benchmarks.Screening;

/// <summary>One labelled pair of <c>name_bench_cases.csv</c>: two names, their schema, and whether they name the same subject.</summary>
public sealed record BenchCase(int Row, string Group, string Schema, string Name1, string Name2, bool IsMatch, string Quality)
{
    /// <summary>The entity kind of the schema, or null for a schema screening does not distinguish.</summary>
    public EntityKind? Kind => Schema switch
    {
        "Person" => EntityKind.Person,
        "Company" => EntityKind.Company,
        "Organization" => EntityKind.Organization,
        "Vessel" => EntityKind.Vessel,
        _ => null,
    };

    /// <summary>Reads the CSV (header, quoted fields with doubled quotes).</summary>
    public static IReadOnlyList<BenchCase> Load(string path)
    {
        var rows = new List<BenchCase>();
        var lines = File.ReadAllLines(path);
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var f = Split(lines[i]);
            rows.Add(new BenchCase(i, f[0], f[1], f[2], f[3], f[4] == "true", f[5]));
        }
        return rows;
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var sb = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
        fields.Add(sb.ToString());
        return fields;
    }
}

/// <summary>Precision, recall and F1 of scored labelled pairs at a threshold.</summary>
public readonly record struct Quality(int TruePositives, int FalsePositives, int FalseNegatives, int TrueNegatives)
{
    /// <summary>Share of alerts that are right.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>Share of true matches alerted.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>Harmonic mean of precision and recall.</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Counts the outcomes of <paramref name="scored"/> at <paramref name="threshold"/>.</summary>
    public static Quality At(IEnumerable<(bool IsMatch, double Score)> scored, double threshold)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var (isMatch, score) in scored)
        {
            var alert = score >= threshold;
            if (isMatch && alert)
            {
                tp++;
            }
            else if (alert)
            {
                fp++;
            }
            else if (isMatch)
            {
                fn++;
            }
            else
            {
                tn++;
            }
        }
        return new Quality(tp, fp, fn, tn);
    }

    /// <summary>The threshold (on a 0.01 grid) with the best F1 on <paramref name="scored"/>.</summary>
    public static double BestThreshold(IReadOnlyCollection<(bool IsMatch, double Score)> scored)
    {
        var best = 0.5;
        var bestF1 = -1.0;
        for (var t = 0.50; t <= 0.99; t += 0.01)
        {
            var f1 = At(scored, Math.Round(t, 2)).F1;
            if (f1 > bestF1)
            {
                bestF1 = f1;
                best = Math.Round(t, 2);
            }
        }
        return best;
    }
}
