using Cussp.Obligations;
using Cussp.Time;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Cussp;

/// <summary>The texts of the obligations and meeting pages in <c>Resources/ObligationText.resx</c> and its French and Ukrainian versions.</summary>
internal sealed class ObligationText;

/// <summary>How the obligations pages name duties, kinds, statuses and moments in the reader's language.</summary>
internal static class ObligationWords
{
    public static string Kind(this IStringLocalizer<ObligationText> text, MeetingKind kind) => text["Kind." + kind];

    public static string Status(this IStringLocalizer<ObligationText> text, OccurrenceStatus status) => text["Status." + status];

    public static string State(this IStringLocalizer<ObligationText> text, MeetingState state) => text["MeetingState." + state];

    /// <summary>The name of a duty: the meeting that meets it, or what makes it fall due.</summary>
    public static string Duty(this IStringLocalizer<ObligationText> text, Duty duty) =>
        duty.MeetingKind is { } kind ? text.Kind(kind) : text["DutyKind." + duty.Kind];

    /// <summary>A moment as a date and time in <paramref name="zone"/>.</summary>
    public static string In(Instant at, DateTimeZone zone) => at.InZone(zone).ToString("uuuu-MM-dd HH:mm", null);

    /// <summary>A moment in Kyiv.</summary>
    public static string InKyiv(Instant at) => In(at, Zones.Kyiv);

    /// <summary>A date as the pages print it.</summary>
    public static string Date(LocalDate date) => date.ToString("uuuu-MM-dd", null);
}
