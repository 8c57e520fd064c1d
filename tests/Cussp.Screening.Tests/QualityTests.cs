using System.Globalization;
using Cussp.Benchmarks.Screening;
using Cussp.Screening;
using Cussp.Screening.Tests.Lists;
using Cussp.Tests;

namespace Cussp.Screening.Tests;

/// <summary>Screening quality on labelled pairs and on variants of the lists' own names.</summary>
public class QualityTests
{
    private static readonly Lazy<List<(BenchCase Case, double Score)>> Scored = new(() =>
        [.. BenchCase.Load(Repo.Shared("data", "sanctions", "name_bench_cases.csv"))
            .Select(c => (c, NameMatcher.Compare(c.Name1, c.Name2, c.Kind).Score))]);

    private static void Report(string what, Quality q) =>
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: precision {q.Precision:0.000}, recall {q.Recall:0.000}, F1 {q.F1:0.000} (TP {q.TruePositives}, FP {q.FalsePositives}, FN {q.FalseNegatives}, TN {q.TrueNegatives})"));

    [Fact]
    public void NameBenchCases_AtTheDefaultThreshold_F1ReachesTarget()
    {
        var all = Scored.Value;
        Assert.Equal(826, all.Count);
        var q = Quality.At(all.Select(x => (x.Case.IsMatch, x.Score)), ScreeningOptions.DefaultThreshold);
        Report($"name_bench_cases.csv at {ScreeningOptions.DefaultThreshold}", q);
        Assert.True(q.F1 >= 0.85, $"F1 {q.F1:0.000} (precision {q.Precision:0.000}, recall {q.Recall:0.000})");
    }

    [Fact]
    public void NameBenchCases_ThresholdCalibratedOnHalf_HoldsOnTheOtherHalf()
    {
        // Calibrate on the even rows, judge on the odd ones: the threshold must not be an artefact of the cases it was chosen on.
        var train = Scored.Value.Where(x => x.Case.Row % 2 == 0).Select(x => (x.Case.IsMatch, x.Score)).ToList();
        var test = Scored.Value.Where(x => x.Case.Row % 2 == 1).Select(x => (x.Case.IsMatch, x.Score)).ToList();
        var threshold = Quality.BestThreshold(train);
        var held = Quality.At(test, threshold);
        Report($"calibrated on even rows: threshold {threshold}; held-out odd rows", held);
        Report("held-out odd rows at the default threshold", Quality.At(test, ScreeningOptions.DefaultThreshold));
        Assert.InRange(threshold, ScreeningOptions.DefaultThreshold - 0.05, ScreeningOptions.DefaultThreshold + 0.05);
        Assert.True(held.F1 >= 0.8, $"held-out F1 {held.F1:0.000}");
    }

    [Fact]
    public void ListVariants_AreFoundAndMadeUpNamesAreNot()
    {
        var entities = ListReaderTests.Sema2020.Value.Entities.Concat(ListReaderTests.Un2020.Value.Entities).Concat(ListReaderTests.Ofac2024.Value.Entities).ToList();
        var index = ScreeningIndex.Build(entities);
        var variants = Variants.FromList(entities, 600, seed: 11);
        var found = variants.Count(v => index.Screen(new ScreeningQuery(v.Name)).Any(h => h.Alert && h.Entity.Id == v.ExpectedEntityId));
        var recall = (double)found / variants.Count;
        var madeUp = Variants.NonMatches(600, seed: 12).ToList();
        var falseAlerts = madeUp.Count(v => index.Screen(new ScreeningQuery(v.Name)).Any(h => h.Alert));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"list variants: recall {recall:0.000} ({found}/{variants.Count}); made-up names alerting {falseAlerts}/{madeUp.Count}"));
        Assert.True(recall >= 0.9, $"recall {recall:0.000}");
        Assert.True(falseAlerts <= madeUp.Count / 20, $"{falseAlerts} false alerts");
    }
}

/// <summary>Cyrillic names screened against lists that hold the same subjects only in Latin script.</summary>
public class TransliterationQualityTests
{
    [Fact]
    public void CyrillicNames_FindTheirSubjectsListedInLatinOnly()
    {
        // Zala's subjects carry both scripts: keep only the Latin names in the index and screen the Cyrillic ones.
        var latinOnly = ListReaderTests.Zala.Value.Entities.Select(e =>
        {
            var copy = new ListedEntity(e.Id, e.Kind, e.Source);
            foreach (var n in e.Names.Where(n => !Transliteration.HasCyrillic(n.Value)))
            {
                copy.AddName(n.Value, n.Kind);
            }
            return copy;
        }).Where(e => e.Names.Count > 0).ToList();
        var index = ScreeningIndex.Build(latinOnly.Concat(ListReaderTests.Ofac2024.Value.Entities));
        var queries = ListReaderTests.Zala.Value.Entities
            .Where(e => e.Kind == EntityKind.Person && latinOnly.Any(l => l.Id == e.Id))
            .SelectMany(e => e.Names.Where(n => Transliteration.HasCyrillic(n.Value)).Select(n => (e.Id, n.Value)))
            .ToList();
        var found = queries.Count(q => index.Screen(new ScreeningQuery(q.Value, EntityKind.Person)).Any(h => h.Alert && h.Entity.Id == q.Id));
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cyrillic names found through transliteration: {found}/{queries.Count}"));
        Assert.True(queries.Count >= 10);
        Assert.True(found >= queries.Count * 0.9, $"{found}/{queries.Count}");
    }
}
