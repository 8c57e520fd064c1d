using System.Globalization;
using System.Text;
using Cussp.Identity;
using Cussp.Time;

namespace Cussp.Obligations;

/// <summary>
/// An iCalendar file (RFC 5545) of the meetings a reader may read and the dates the obligations still fall due, that any calendar
/// client imports: each meeting at its instant, written in Kyiv time with a VTIMEZONE for Europe/Kyiv and one for America/Toronto
/// (Ottawa) built from the time zone database's transitions over the years the file spans; each date still to meet as a day.
/// </summary>
public static class CalendarFeed
{
    private const string Domain = "cussp-desk";

    /// <summary>
    /// The calendar of one duty: the report's occurrences of the duty whose key is <paramref name="key"/> and the meetings that count
    /// towards it; null when the report has no such duty.
    /// </summary>
    public static (IReadOnlyList<MeetingRecord> Meetings, ObligationsReport Report)? Of(string key, IReadOnlyList<MeetingRecord> meetings, ObligationsReport report)
    {
        ArgumentNullException.ThrowIfNull(meetings);
        ArgumentNullException.ThrowIfNull(report);
        if (report.Duties.FirstOrDefault(d => d.Duty.Key == key) is not { } schedule)
        {
            return null;
        }
        var duty = schedule.Duty;
        return ([.. meetings.Where(m => duty.MeetingKind is { } kind && m.Kind == kind && m.Citation == duty.Citation)], report with { Duties = [schedule] });
    }

    /// <summary>The file's text, with CRLF line ends and lines folded at 75 octets.</summary>
    public static string Write(IReadOnlyList<MeetingRecord> meetings, ObligationsReport report, Instant now, Func<Duty, string> dutyName)
    {
        ArgumentNullException.ThrowIfNull(meetings);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(dutyName);
        var lines = new List<string> { "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//CUSSP Desk//Obligations//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH" };
        var due = report.Duties.SelectMany(d => d.Occurrences.Where(o => o.Status is OccurrenceStatus.Due or OccurrenceStatus.Overdue or OccurrenceStatus.Upcoming)
            .Select(o => (Duty: d.Duty, Occurrence: o))).ToList();
        var years = meetings.Select(m => m.StartsAt.InZone(Zones.Kyiv).Year).Concat(due.Select(d => d.Occurrence.Due.Year)).Append(report.Today.Year).ToList();
        var (from, to) = (years.Min(), years.Max());
        lines.AddRange(TimeZone(Zones.Kyiv, from, to));
        lines.AddRange(TimeZone(Zones.Ottawa, from, to));
        var stamp = "DTSTAMP:" + Utc(now);
        foreach (var m in meetings.OrderBy(m => m.StartsAt))
        {
            var marking = Marking.Of(m);
            lines.Add("BEGIN:VEVENT");
            lines.Add($"UID:meeting-{m.Id}@{Domain}");
            lines.Add(stamp);
            // A calendar that imported the meeting before takes a moved or called-off one as the newer version of the same event.
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"SEQUENCE:{m.Version}"));
            lines.Add(m.CancelledAt is null ? "STATUS:CONFIRMED" : "STATUS:CANCELLED");
            lines.Add($"DTSTART;TZID={Zones.Kyiv.Id}:{Local(m.StartsAt.InZone(Zones.Kyiv).LocalDateTime)}");
            lines.Add("SUMMARY:" + Escape(m.Classification > SecurityClassification.Unclassified ? $"[{marking}] {m.Title}" : m.Title));
            if (!string.IsNullOrEmpty(m.Place))
            {
                lines.Add("LOCATION:" + Escape(m.Place));
            }
            lines.Add("CATEGORIES:" + Escape(m.Kind.Name()));
            lines.Add("DESCRIPTION:" + Escape($"{marking}" + (m.Citation is null ? "" : $"\nMeets the duty of {m.Citation}.")));
            lines.Add(m.Classification > SecurityClassification.Unclassified ? "CLASS:CONFIDENTIAL" : "CLASS:PUBLIC");
            lines.Add("END:VEVENT");
        }
        foreach (var (duty, o) in due)
        {
            if (o.Request is { } r)
            {
                // A consultation to hold: at the instant its 24 hours run out.
                lines.Add("BEGIN:VEVENT");
                lines.Add($"UID:consult-{r.Id}@{Domain}");
                lines.Add(stamp);
                lines.Add($"DTSTART;TZID={Zones.Kyiv.Id}:{Local(r.DueAt.InZone(Zones.Kyiv).LocalDateTime)}");
                lines.Add("SUMMARY:" + Escape($"{dutyName(duty)} ({r.Citation}): {r.From}, {o.Status.Name()}"));
                lines.Add("DESCRIPTION:" + Escape($"{duty.Rule.Phrase}\nRequested {r.RequestedAt.InZone(Zones.Kyiv).ToString("uuuu-MM-dd HH:mm", CultureInfo.InvariantCulture)} (Kyiv)."));
                lines.Add("END:VEVENT");
                continue;
            }
            lines.Add("BEGIN:VEVENT");
            lines.Add($"UID:due-{duty.Key.Replace('/', '-')}-{o.Year}@{Domain}");
            lines.Add(stamp);
            lines.Add("DTSTART;VALUE=DATE:" + o.Due.ToString("uuuuMMdd", CultureInfo.InvariantCulture));
            lines.Add("DTEND;VALUE=DATE:" + o.Due.PlusDays(1).ToString("uuuuMMdd", CultureInfo.InvariantCulture));
            lines.Add("SUMMARY:" + Escape($"{dutyName(duty)} ({duty.Citation}): {o.Year}, {o.Status.Name()}"));
            lines.Add("DESCRIPTION:" + Escape($"{duty.Rule.Phrase}\n{o.Held.Count} of {o.Required} held."));
            lines.Add("TRANSP:TRANSPARENT");
            lines.Add("END:VEVENT");
        }
        lines.Add("END:VCALENDAR");
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(text, line);
        }
        return text.ToString();
    }

    /// <summary>
    /// A VTIMEZONE from the zone's transitions between the start of <paramref name="from"/> and the end of <paramref name="to"/>, with
    /// the offset in force as the span begins: each DTSTART is the local time, in the offset before, at which the new offset takes effect.
    /// </summary>
    private static IEnumerable<string> TimeZone(DateTimeZone zone, int from, int to)
    {
        yield return "BEGIN:VTIMEZONE";
        yield return "TZID:" + zone.Id;
        var start = new LocalDate(from, 1, 1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        var end = new LocalDate(to + 1, 1, 1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
        var intervals = zone.GetZoneIntervals(start, end).ToList();
        for (var i = 0; i < intervals.Count; i++)
        {
            var interval = intervals[i];
            var before = i == 0 ? interval.WallOffset : intervals[i - 1].WallOffset;
            var begins = interval.HasStart && interval.Start > start ? interval.Start : start;
            yield return interval.Savings != Offset.Zero ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD";
            yield return "DTSTART:" + Local(begins.WithOffset(before).LocalDateTime);
            yield return "TZOFFSETFROM:" + OffsetText(before);
            yield return "TZOFFSETTO:" + OffsetText(interval.WallOffset);
            yield return "TZNAME:" + interval.Name;
            yield return interval.Savings != Offset.Zero ? "END:DAYLIGHT" : "END:STANDARD";
        }
        yield return "END:VTIMEZONE";
    }

    private static string Utc(Instant at) => at.InUtc().LocalDateTime.ToString("uuuuMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "Z";

    private static string Local(LocalDateTime at) => at.ToString("uuuuMMdd'T'HHmmss", CultureInfo.InvariantCulture);

    private static string OffsetText(Offset offset)
    {
        var seconds = offset.Seconds;
        var sign = seconds < 0 ? "-" : "+";
        seconds = Math.Abs(seconds);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{seconds / 3600:00}{seconds % 3600 / 60:00}");
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    // Lines longer than 75 octets are folded: CRLF and a space, never inside a UTF-8 character.
    private static void Fold(StringBuilder text, string line)
    {
        if (Encoding.UTF8.GetByteCount(line) <= 75)
        {
            text.Append(line).Append("\r\n");
            return;
        }
        var octets = 0;
        var limit = 75;
        var at = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = 74;
            }
            text.Append(line, at, rune.Utf16SequenceLength);
            at += rune.Utf16SequenceLength;
            octets += size;
        }
        text.Append("\r\n");
    }
}
