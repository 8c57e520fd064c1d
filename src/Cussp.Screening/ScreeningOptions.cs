namespace Cussp.Screening;

/// <summary>Settings of the screening.</summary>
public sealed record ScreeningOptions
{
    /// <summary>
    /// The score from which a hit is an alert. Calibrated on the labelled name pairs of <c>name_bench_cases.csv</c> (the
    /// threshold of best F1 on half of them, checked on the other half); see <c>bench/README.md</c>.
    /// </summary>
    public const double DefaultThreshold = 0.82;

    /// <summary>The score from which a hit is an alert.</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>How many listed names, at most, are scored in full per query after the candidate index has ranked them.</summary>
    public int MaxCandidates { get; init; } = 48;

    /// <summary>How many hits, at most, a query returns.</summary>
    public int MaxHits { get; init; } = 10;

    /// <summary>Hits below this score are not returned; by default the alert threshold.</summary>
    public double? ReportFrom { get; init; }
}
