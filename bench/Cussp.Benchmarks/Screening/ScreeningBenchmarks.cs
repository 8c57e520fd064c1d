using BenchmarkDotNet.Attributes;
using Cussp.Screening;
using FuzzySharp;

namespace Cussp.Benchmarks.Screening;

/// <summary>
/// One query against SEMA 2020 + UN 2020 + OFAC 2024 (about 23,000 names): a listed name with a typo, a made-up name, a
/// Cyrillic name; the distances alone; and, as the baseline, one query scored by brute force with FuzzySharp's token-set ratio.
/// </summary>
[MemoryDiagnoser]
public class ScreeningBenchmarks
{
    private ScreeningIndex _index = null!;
    private string[] _names = null!;
    private readonly string _listed = "medvedchuk";
    private readonly string _typed = "medvedchuck";
    private readonly string _cyrillic = "Володимир Олександрович Зеленський";

    [GlobalSetup]
    public void Setup()
    {
        var entities = SanctionsData.Load();
        _index = ScreeningIndex.Build(entities);
        _names = [.. entities.SelectMany(e => e.Names).Select(n => n.Value).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    [Benchmark]
    public int ScreenListedNameWithTypo() => _index.Screen(new ScreeningQuery("Viktor Medvedchuck")).Count;

    [Benchmark]
    public int ScreenMadeUpName() => _index.Screen(new ScreeningQuery("Camille Fontaine")).Count;

    [Benchmark]
    public int ScreenCyrillicName() => _index.Screen(new ScreeningQuery("Віктор Медведчук")).Count;

    [Benchmark]
    public int Levenshtein() => Distances.Levenshtein(_listed, _typed);

    [Benchmark]
    public double JaroWinkler() => Distances.JaroWinkler(_listed, _typed);

    [Benchmark]
    public int NormaliseCyrillic() => Normaliser.Forms(_cyrillic).Count;

    [Benchmark]
    public int BruteForceTokenSetRatio()
    {
        var best = 0;
        foreach (var n in _names)
        {
            best = Math.Max(best, Fuzz.TokenSetRatio("Viktor Medvedchuck", n));
        }
        return best;
    }
}
