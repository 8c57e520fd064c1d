using Cussp.Time;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Features.Obligations;

/// <summary>
/// An instant as the forms take it: a day, a time of day (HH:mm) and the zone they are read in — Kyiv, Ottawa or UTC.
/// </summary>
internal static class LocalMoment
{
    private static readonly LocalTimePattern TimeOfDay = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    /// <summary>The zones a form offers, by value, with the resource key of each one's label.</summary>
    public static readonly (string Value, string Label)[] ZoneChoices = [("kyiv", "Zone.Kyiv"), ("ottawa", "Zone.Ottawa"), ("utc", "Zone.Utc")];

    /// <summary>Reads a day (YYYY-MM-DD); null when it is not one.</summary>
    public static LocalDate? Day(string? text) => LocalDatePattern.Iso.Parse(text?.Trim() ?? "") is { Success: true } d ? d.Value : null;

    /// <summary>Reads a time of day (HH:mm); null when it is not one.</summary>
    public static LocalTime? Time(string? text) => TimeOfDay.Parse(text?.Trim() ?? "") is { Success: true } t ? t.Value : null;

    /// <summary>
    /// The instant of <paramref name="date"/> at <paramref name="time"/> in the zone named <paramref name="zone"/> (Kyiv when it names
    /// none). A time the clocks skip in spring is read as the same time after the change; a time they repeat in autumn as its first.
    /// </summary>
    public static Instant At(LocalDate date, LocalTime time, string? zone) => Zone(zone).AtLeniently(date + time).ToInstant();

    /// <summary>What a form's day and time fields show for <paramref name="at"/> read in the zone named <paramref name="zone"/>.</summary>
    public static (string Date, string Time) Of(Instant at, string? zone)
    {
        var local = at.InZone(Zone(zone)).LocalDateTime;
        return (LocalDatePattern.Iso.Format(local.Date), TimeOfDay.Format(local.TimeOfDay));
    }

    private static DateTimeZone Zone(string? name) => name switch { "ottawa" => Zones.Ottawa, "utc" => DateTimeZone.Utc, _ => Zones.Kyiv };
}
