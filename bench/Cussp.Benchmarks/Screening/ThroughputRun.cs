using System.Diagnostics;
using System.Globalization;
using Cussp.Screening;
using FuzzySharp;

namespace Cussp.Benchmarks.Screening;

/// <summary>
/// The screening throughput run: builds the index of SEMA 2020 + UN 2020 + OFAC 2024, screens 100,000 queries (one in ten a
/// variant of a listed name, the rest made-up names) on two threads, and reports queries per second, latency percentiles,
/// index build time and memory, and recall on the variants; then screens a sample of the same queries by brute force with
/// FuzzySharp's token-set ratio for the speed ratio and the baseline's recall on the same variants; last, recall by kind of
/// variant, and on the lists' own Cyrillic names romanised by each system (KMU 2010, ICAO 9303, BGN/PCGN, GOST 7.79, German,
/// Polish, French) by system and by kind.
/// </summary>
public static class ThroughputRun
{
    public static int Run(string[] args)
    {
        var queries = Option(args, "--queries", 100_000);
        var threads = Option(args, "--threads", 2);
        var baselineQueries = Option(args, "--baseline", 400);
        var output = Console.Out;
        var inv = CultureInfo.InvariantCulture;

        var sw = Stopwatch.StartNew();
        var entities = SanctionsData.Load();
        var readMs = sw.ElapsedMilliseconds;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        sw.Restart();
        var index = ScreeningIndex.Build(entities);
        var buildMs = sw.ElapsedMilliseconds;
        var after = GC.GetTotalMemory(true);
        GC.KeepAlive(index);

        var variantCount = queries / 10;
        var variants = Variants.FromList(entities, variantCount, seed: 2024);
        var all = variants.Concat(Variants.NonMatches(queries - variants.Count, seed: 2025)).ToArray();
        new Random(7).Shuffle(all);

        // Warm up the JIT and the thread-local scratch space before timing.
        foreach (var q in all.Take(2000))
        {
            index.Screen(new ScreeningQuery(q.Name));
        }

        var latencies = new double[all.Length];
        var found = new bool[all.Length];
        var alerted = new bool[all.Length];
        sw.Restart();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var i = t; i < all.Length; i += threads)
            {
                var start = Stopwatch.GetTimestamp();
                var hits = index.Screen(new ScreeningQuery(all[i].Name));
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                alerted[i] = hits.Any(h => h.Alert);
                found[i] = all[i].ExpectedEntityId is { } id && hits.Any(h => h.Alert && h.Entity.Id == id);
            }
        });
        var wall = sw.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        var qps = all.Length / wall;
        var variantIdx = Enumerable.Range(0, all.Length).Where(i => all[i].ExpectedEntityId is not null).ToList();
        var recall = (double)variantIdx.Count(i => found[i]) / variantIdx.Count;
        var falseAlerts = Enumerable.Range(0, all.Length).Count(i => all[i].ExpectedEntityId is null && alerted[i]);
        var nonMatches = all.Length - variantIdx.Count;

        // The baseline: every listed name scored with the token-set ratio; its threshold is the best-F1 one on the labelled pairs.
        var cases = BenchCase.Load(Path.Combine(SanctionsData.Folder, "name_bench_cases.csv"));
        var ratioScored = cases.Select(c => (c.IsMatch, Fuzz.TokenSetRatio(c.Name1, c.Name2) / 100.0)).ToList();
        var ratioThreshold = Quality.BestThreshold(ratioScored);
        var ratioQuality = Quality.At(ratioScored, ratioThreshold);
        var ours = Quality.At(cases.Select(c => (c.IsMatch, NameMatcher.Compare(c.Name1, c.Name2, c.Kind).Score)), ScreeningOptions.DefaultThreshold);

        var names = entities.SelectMany(e => e.Names.Select(n => (e.Id, n.Value))).GroupBy(x => x.Value, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Name: g.Key, Ids: g.Select(x => x.Id).Distinct().ToArray())).ToArray();
        var sampleVariants = variantIdx.Take(baselineQueries / 2).Select(i => all[i]).ToList();
        var sample = sampleVariants.Concat(all.Where(q => q.ExpectedEntityId is null).Take(baselineQueries - sampleVariants.Count)).ToArray();
        var baselineFound = new bool[sample.Length];
        var baselineAlerted = new bool[sample.Length];
        var cut = (int)Math.Round(ratioThreshold * 100);
        sw.Restart();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (var i = t; i < sample.Length; i += threads)
            {
                foreach (var (name, ids) in names)
                {
                    if (Fuzz.TokenSetRatio(sample[i].Name, name) >= cut)
                    {
                        baselineAlerted[i] = true;
                        if (sample[i].ExpectedEntityId is { } id && ids.Contains(id))
                        {
                            baselineFound[i] = true;
                        }
                    }
                }
            }
        });
        var baselineQps = sample.Length / sw.Elapsed.TotalSeconds;
        var baselineRecall = (double)baselineFound.Count(f => f) / sampleVariants.Count;
        var baselineFalse = Enumerable.Range(0, sample.Length).Count(i => sample[i].ExpectedEntityId is null && baselineAlerted[i]);
        var oursOnSample = (double)sampleVariants.Count(v => index.Screen(new ScreeningQuery(v.Name)).Any(h => h.Alert && h.Entity.Id == v.ExpectedEntityId)) / sampleVariants.Count;
        var oursFalseOnSample = sample.Count(v => v.ExpectedEntityId is null && index.Screen(new ScreeningQuery(v.Name)).Any(h => h.Alert));

        output.WriteLine(string.Create(inv, $"list: {entities.Count} subjects, {index.NameCount} distinct names, {index.FormCount} indexed forms; read {readMs} ms"));
        output.WriteLine(string.Create(inv, $"index build: {buildMs} ms, {(after - before) / 1048576.0:0.0} MB retained"));
        output.WriteLine(string.Create(inv, $"queries: {all.Length} ({variantIdx.Count} variants of listed names, {nonMatches} made-up) on {threads} threads"));
        output.WriteLine(string.Create(inv, $"throughput: {qps:0} queries/s; latency p50 {Percentile(latencies, 0.50):0.000} ms, p99 {Percentile(latencies, 0.99):0.000} ms, max {latencies[^1]:0.0} ms"));
        output.WriteLine(string.Create(inv, $"recall on variants: {recall:0.000}; made-up names alerting: {falseAlerts}/{nonMatches} ({(double)falseAlerts / nonMatches:0.0000})"));
        output.WriteLine(string.Create(inv, $"name_bench_cases.csv: ours at {ScreeningOptions.DefaultThreshold}: P {ours.Precision:0.000} R {ours.Recall:0.000} F1 {ours.F1:0.000}; token-set ratio at its best threshold {ratioThreshold}: P {ratioQuality.Precision:0.000} R {ratioQuality.Recall:0.000} F1 {ratioQuality.F1:0.000}"));
        output.WriteLine(string.Create(inv, $"baseline (brute-force token-set ratio >= {cut}) on {sample.Length} of the same queries: {baselineQps:0.0} queries/s; speed ratio {qps / baselineQps:0}x"));
        output.WriteLine(string.Create(inv, $"same {sampleVariants.Count} variants: recall ours {oursOnSample:0.000}, baseline {baselineRecall:0.000}; made-up names alerting: ours {oursFalseOnSample}/{sample.Length - sampleVariants.Count}, baseline {baselineFalse}/{sample.Length - sampleVariants.Count}"));

        // Recall on the list variants by the way each was made.
        output.WriteLine("recall on variants by kind:");
        foreach (var kind in variantIdx.GroupBy(i => all[i].How).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine(string.Create(inv, $"  {kind.Key,-32} {(double)kind.Count(i => found[i]) / kind.Count():0.000} ({kind.Count(i => found[i])}/{kind.Count()})"));
        }

        // The lists' own Cyrillic names (UN original script, the zala FollowTheMoney file) romanised by each system, against the
        // lists where those subjects keep only their Cyrillic names.
        var un = entities.Where(e => e.Source == "un").ToList();
        var zala = ListReader.Read(ListFormat.Ftm, Path.Combine(SanctionsData.Folder, "zala.ftm.json"), "zala").Entities;
        var cyrillic = CyrillicVariants.CyrillicOnly(un.Concat(zala));
        var cyrillicIds = cyrillic.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var cyrillicIndex = ScreeningIndex.Build([.. entities.Where(e => !cyrillicIds.Contains(e.Id)), .. cyrillic]);
        var romanised = CyrillicVariants.FromList(un.Concat(zala), seed: 5);
        var romanisedFound = romanised.Select(v => cyrillicIndex.Screen(new ScreeningQuery(v.Name)).Any(h => h.Alert && h.Entity.Id == v.ExpectedEntityId)).ToList();
        output.WriteLine(string.Create(inv, $"Cyrillic names of the lists romanised ({romanised.Count} queries from {cyrillic.Count} subjects): recall by system and kind"));
        output.Write(CyrillicVariants.Report(romanised, romanisedFound));
        return 0;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
