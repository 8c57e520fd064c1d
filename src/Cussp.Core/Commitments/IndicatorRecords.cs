using Cussp.Identity;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cussp.Commitments;

/// <summary>What an indicator counts in: people, things, land, distance, a share, days, or money in one currency.</summary>
public enum IndicatorUnit
{
    /// <summary>A count of things or events.</summary>
    Count,
    /// <summary>People (personnel trained, veterans served).</summary>
    People,
    /// <summary>Hectares (land released from mines).</summary>
    Hectares,
    /// <summary>Kilometres.</summary>
    Kilometres,
    /// <summary>A percentage, 0 to 100.</summary>
    Percent,
    /// <summary>Days.</summary>
    Days,
    /// <summary>Canadian dollars.</summary>
    Cad,
    /// <summary>US dollars.</summary>
    Usd,
    /// <summary>Euros.</summary>
    Eur,
    /// <summary>Ukrainian hryvnias.</summary>
    Uah,
}

/// <summary>The API names of the units.</summary>
public static class IndicatorUnits
{
    private static readonly EnumNames<IndicatorUnit> Names = new(name => name.ToUpperInvariant(),
        (IndicatorUnit.Count, "count"), (IndicatorUnit.People, "people"), (IndicatorUnit.Hectares, "hectares"), (IndicatorUnit.Kilometres, "km"),
        (IndicatorUnit.Percent, "percent"), (IndicatorUnit.Days, "days"), (IndicatorUnit.Cad, "CAD"), (IndicatorUnit.Usd, "USD"),
        (IndicatorUnit.Eur, "EUR"), (IndicatorUnit.Uah, "UAH"));

    /// <summary>Every unit, in the order forms offer them.</summary>
    public static IReadOnlyList<IndicatorUnit> All { get; } = Enum.GetValues<IndicatorUnit>();

    /// <summary>The API name of a unit (a currency by its ISO 4217 code).</summary>
    public static string Name(this IndicatorUnit unit) => Names[unit];

    /// <summary>Reads a unit by its API name, ignoring case.</summary>
    public static bool TryParse(string? text, out IndicatorUnit unit) => Names.TryParse(text?.Trim(), out unit);

    /// <summary>A figure without the trailing zeros a database's fixed scale gives it (100.0000 is 100), as people write it.</summary>
    public static decimal Plain(this decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>What is said of a unit that is not one.</summary>
    public static string Unknown(string? text) => $"\"{text}\": use {string.Join(", ", All.Select(u => u.Name()))}";
}

/// <summary>
/// A measure of a commitment's progress: what is counted, in what unit, from where (the baseline) to where (the target, by a date
/// when one is set), with dated measurements. It carries its commitment's marking.
/// </summary>
public sealed class IndicatorRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>The commitment.</summary>
    public Guid CommitmentId { get; set; }
    /// <summary>What is counted (personnel trained, hectares released).</summary>
    public required string Name { get; set; }
    /// <summary>The unit of the baseline, the target and every measurement.</summary>
    public IndicatorUnit Unit { get; set; }
    /// <summary>Where it started.</summary>
    public decimal Baseline { get; set; }
    /// <summary>Where it should get to.</summary>
    public decimal Target { get; set; }
    /// <summary>By when, if a date is set; within the agreement's term.</summary>
    public LocalDate? TargetDate { get; set; }
    /// <summary>Who added it.</summary>
    public required string AddedBy { get; set; }
    /// <summary>When.</summary>
    public Instant AddedAt { get; set; }
    /// <summary>Its measurements.</summary>
    public List<MeasurementRecord> Measurements { get; set; } = [];

    /// <summary>The latest measurement by the date it was taken, or null when there is none yet.</summary>
    public MeasurementRecord? Latest => Measurements.OrderBy(m => m.On).ThenBy(m => m.At).LastOrDefault();

    /// <summary>
    /// How far the latest measurement has come from the baseline towards the target, 0 to 100 (whole percent, rounded down); null
    /// without a measurement.
    /// </summary>
    public int? PercentOfTarget => Latest is { } latest ? PercentOf(latest.Value) : null;

    /// <summary>How far <paramref name="value"/> is from the baseline towards the target, 0 to 100.</summary>
    public int PercentOf(decimal value) => Progress(Baseline, Target, value);

    /// <summary>How far <paramref name="value"/> is from <paramref name="baseline"/> towards <paramref name="target"/>, 0 to 100 (whole percent, rounded down).</summary>
    public static int Progress(decimal baseline, decimal target, decimal value)
    {
        var span = target - baseline;
        if (span == 0)
        {
            return value == target ? 100 : 0;
        }
        return (int)Math.Clamp(Math.Floor((value - baseline) / span * 100), 0, 100);
    }
}

/// <summary>A value of an indicator on the date it was taken.</summary>
public sealed class MeasurementRecord
{
    /// <summary>Id.</summary>
    public Guid Id { get; set; }
    /// <summary>The indicator.</summary>
    public Guid IndicatorId { get; set; }
    /// <summary>The date it was taken, within the agreement's term and not after today in Kyiv.</summary>
    public LocalDate On { get; set; }
    /// <summary>The value, in the indicator's unit.</summary>
    public decimal Value { get; set; }
    /// <summary>Where it comes from or what it covers; null when nothing is said.</summary>
    public string? Note { get; set; }
    /// <summary>Who recorded it.</summary>
    public required string By { get; set; }
    /// <summary>When.</summary>
    public Instant At { get; set; }
}

/// <summary>How indicators are stored, and their limits.</summary>
public sealed class IndicatorConfiguration : IEntityTypeConfiguration<IndicatorRecord>
{
    /// <summary>Longest name.</summary>
    public const int MaxName = 200;
    /// <summary>Most indicators on one commitment.</summary>
    public const int MaxPerCommitment = 20;
    /// <summary>Digits after the decimal point a value may have.</summary>
    public const int Scale = 4;
    /// <summary>Largest size of a value (below 10^14, so that 18 digits hold it with its <see cref="Scale"/>).</summary>
    public const decimal MaxMagnitude = 99_999_999_999_999.9999m;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<IndicatorRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("commitment_indicators");
        builder.Property(i => i.Name).HasMaxLength(MaxName);
        builder.Property(i => i.Baseline).HasPrecision(18, Scale);
        builder.Property(i => i.Target).HasPrecision(18, Scale);
        builder.Property(i => i.AddedBy).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.HasOne<CommitmentRecord>().WithMany(c => c.Indicators).HasForeignKey(i => i.CommitmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Measurements).WithOne().HasForeignKey(m => m.IndicatorId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(i => i.Latest);
        builder.Ignore(i => i.PercentOfTarget);
        builder.HasIndex(i => new { i.CommitmentId, i.AddedAt });
    }
}

/// <summary>How measurements are stored.</summary>
public sealed class MeasurementConfiguration : IEntityTypeConfiguration<MeasurementRecord>
{
    /// <summary>Longest note.</summary>
    public const int MaxNote = 1000;

    /// <inheritdoc />
    public void Configure(EntityTypeBuilder<MeasurementRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("indicator_measurements");
        builder.Property(m => m.Value).HasPrecision(18, IndicatorConfiguration.Scale);
        builder.Property(m => m.Note).HasMaxLength(MaxNote);
        builder.Property(m => m.By).HasMaxLength(UserAccountConfiguration.StoredUserName);
        builder.HasIndex(m => new { m.IndicatorId, m.On });
    }
}
