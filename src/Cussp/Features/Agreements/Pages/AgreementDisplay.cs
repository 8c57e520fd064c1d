using System.Globalization;
using System.Text.RegularExpressions;
using Cussp.Agreements;
using Cussp.Components;
using Microsoft.Extensions.Localization;
using NodaTime;
using NodaTime.Text;

namespace Cussp.Features.Agreements.Pages;

/// <summary>How the register's values read on the pages, in the current language, and the addresses of the pages.</summary>
internal static partial class AgreementDisplay
{
    public static string Name(this IStringLocalizer<Text> t, Actor actor) => t[$"Actor.{actor}"];

    public static string Name(this IStringLocalizer<Text> t, Modality modality) => t[$"Modality.{modality}"];

    public static string Name(this IStringLocalizer<Text> t, ProvisionKind kind) => t[$"Kind.{kind}"];

    public static string Name(this IStringLocalizer<Text> t, TimeRuleKind kind) => t[$"TimeRuleKind.{kind}"];

    public static string Name(this IStringLocalizer<Text> t, TimeAnchor anchor) => t[$"TimeAnchor.{anchor}"];

    /// <summary>The component's title in the page language; an id the pages do not know is shown as it is.</summary>
    public static string ComponentName(this IStringLocalizer<Text> t, string id)
    {
        var name = t[$"Component.{id}"];
        return name.ResourceNotFound ? KeyComponents.Find(id)?.Title ?? id : name;
    }

    public static string Date(this IStringLocalizer<Text> t, LocalDate date) =>
        LocalDatePattern.Create(t["Format.Date"], CultureInfo.CurrentCulture).Format(date);

    /// <summary>An instant as the two capitals read it: every instant is shown in Kyiv and in Ottawa time.</summary>
    public static string Instant(this IStringLocalizer<Text> t, Instant instant)
    {
        var pattern = LocalDateTimePattern.Create(t["Format.Instant"], CultureInfo.CurrentCulture);
        return t["Time.KyivOttawa", pattern.Format(instant.InZone(Time.Zones.Kyiv).LocalDateTime),
            pattern.Format(instant.InZone(Time.Zones.Ottawa).LocalDateTime)];
    }

    public static string Period(this IStringLocalizer<Text> t, Period period)
    {
        var parts = new List<string>();
        void Add(long n, string unit)
        {
            if (n != 0)
            {
                parts.Add(t.Plural($"Period.{unit}", n));
            }
        }
        Add(period.Years, "Years");
        Add(period.Months, "Months");
        Add(period.Weeks, "Weeks");
        Add(period.Days, "Days");
        Add(period.Hours, "Hours");
        return parts.Count == 0 ? Iso(period) : string.Join(", ", parts);
    }

    // Roundtrip keeps "PT24H" as the text says it; the normalising pattern would turn it into "P1D".
    public static string Iso(Period period) => PeriodPattern.Roundtrip.Format(period);

    public static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string ReaderHref(string agreementId) => "/agreements/" + Uri.EscapeDataString(agreementId);

    public static string ReaderHref(string agreementId, string fragment) => $"{ReaderHref(agreementId)}#{Uri.EscapeDataString(fragment)}";

    public static string ComponentHref(string agreementId, string component) =>
        $"{ReaderHref(agreementId)}?component={Uri.EscapeDataString(component)}";

    public static string ProvisionHref(string agreementId, string citation) =>
        $"{ReaderHref(agreementId)}/provisions/{Uri.EscapeDataString(citation)}";

    /// <summary>A part or section heading as the agreement prints it: "Part IV. Areas …", "K. Sanctions".</summary>
    public static string Heading(Division division) =>
        division.IsPart ? $"Part {division.Number}. {division.Heading}" : $"{division.Number}. {division.Heading}";

    /// <summary>The anchor of a part or section heading in the reader; kept apart from citations, which are the provisions' ids.</summary>
    public static string DivisionAnchor(string citation) => "part-" + citation;

    /// <summary>A sum of money and the year it is for, as the text states them (the CUSSP's "in 2024, Canada will provide $3.02B").</summary>
    public sealed record Funding(ProvisionView Provision, string Amount, string Year);

    /// <summary>The first provision, in reading order, that names both a sum of money and the year it is for.</summary>
    public static Funding? FirstFunding(RegisterSnapshot snapshot)
    {
        foreach (var p in snapshot.Provisions)
        {
            var amount = Amount().Match(p.Text);
            var year = InYear().Match(p.Text);
            if (amount.Success && year.Success)
            {
                return new Funding(p, amount.Value, year.Groups["year"].Value);
            }
        }
        return null;
    }

    [GeneratedRegex(@"(?:C?\$|CAD\s?)\d[\d.,]*\s?(?:[BM]\b|billion|million)?")]
    private static partial Regex Amount();

    [GeneratedRegex(@"\bin (?<year>(?:19|20)\d\d)\b")]
    private static partial Regex InYear();
}
