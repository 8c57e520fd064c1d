namespace Cussp.Time;

/// <summary>The two time zones every instant is shown in: Kyiv and Ottawa.</summary>
public static class Zones
{
    /// <summary>Europe/Kyiv.</summary>
    public static DateTimeZone Kyiv { get; } = DateTimeZoneProviders.Tzdb["Europe/Kyiv"];

    /// <summary>Ottawa, which keeps Toronto's time (America/Toronto).</summary>
    public static DateTimeZone Ottawa { get; } = DateTimeZoneProviders.Tzdb["America/Toronto"];

    /// <summary>The instant a calendar date begins in Kyiv, where the agreement was signed; skipped local midnights resolve forward.</summary>
    public static Instant StartOfDayInKyiv(LocalDate date) => date.AtStartOfDayInZone(Kyiv).ToInstant();
}
