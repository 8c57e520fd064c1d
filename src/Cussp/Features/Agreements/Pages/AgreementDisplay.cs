using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Cussp.Agreements;
using Cussp.Components;
using Cussp.Features.Agreements;
using Microsoft.AspNetCore.Components;
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
        return name.ResourceNotFound ? KeyComponents.TitleOf(id) : name;
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

    /// <summary>A place the text names (where an agreement was signed) in the page language; a place the pages do not know is shown as written.</summary>
    public static string Place(this IStringLocalizer<Text> t, string? place)
    {
        if (string.IsNullOrEmpty(place))
        {
            return "";
        }
        var name = t["Place." + place];
        return name.ResourceNotFound ? place : name;
    }

    /// <summary>
    /// Which rule classified a provision, in the page language, with the agreement's words it quotes kept as they are and marked
    /// English. A basis the classifier did not write is shown whole, as English.
    /// </summary>
    public static MarkupString Basis(this IStringLocalizer<Text> t, string basis)
    {
        var english = Language.CurrentIsEnglish ? "" : " lang=\"en\"";
        string Quote(string? words) => $"<span class=\"quote\"{english}>{Html.Encode(words ?? "")}</span>";
        string Say(string key, params object[] args) => string.Format(CultureInfo.CurrentCulture, Html.Encode(t[key]), args);
        if (ClassificationBasis.Parse(basis) is not { } b)
        {
            return new MarkupString($"<span{english}>{Html.Encode(basis)}</span>");
        }
        var text = b.Rule switch
        {
            BasisRule.Recital => Say("Basis.Recital"),
            BasisRule.OwnWords => Say("Basis.OwnWords", Quote(b.Words)),
            BasisRule.LeadIn => Say("Basis.LeadIn", Html.Encode(b.Citation ?? ""), Quote(b.Words)),
            BasisRule.Inherited => Say("Basis.Inherited", Html.Encode(b.Citation ?? "")),
            BasisRule.OpenToParticipants => Say("Basis.OpenToParticipants", Quote(b.Words)),
            _ => Say("Basis.Statement"),
        };
        return new MarkupString(b.OpensWith is null ? text : text + Say("Basis.OpensWith", Quote(b.OpensWith)));
    }

    /// <summary>
    /// A sum as the text states it ("$3.02B", "$500 million") in the page language: "3,02 milliards de dollars", "3,02 млрд доларів";
    /// a sum it cannot read is shown as written.
    /// </summary>
    public static string Money(this IStringLocalizer<Text> t, string amount)
    {
        var m = Amount().Match(amount);
        if (!m.Success || !decimal.TryParse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out var n))
        {
            return amount;
        }
        var scale = m.Groups["unit"].Value switch
        {
            "B" or "billion" => "Billions",
            "M" or "million" => "Millions",
            _ => "Units",
        };
        // French counts below two in the singular ("1,5 milliard"); the other languages say these sums alike whatever the number.
        var form = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "fr" && n < 2 ? "one" : "other";
        return t[$"Money.{scale}.{form}", n.ToString(scale == "Units" ? "#,##0.##" : "0.##", CultureInfo.CurrentCulture)];
    }

    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

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

    /// <summary>The reader showing the provisions that serve a component, as primary or secondary.</summary>
    public static string ComponentFilterHref(string agreementId, string component) =>
        $"{ReaderHref(agreementId)}?component={Uri.EscapeDataString(component)}";

    /// <summary>The page of one key component, or of the framework group.</summary>
    public static string ComponentHref(string agreementId, string component) =>
        $"{ReaderHref(agreementId)}/components/{Uri.EscapeDataString(component)}";

    public static string VersionsHref(string agreementId) => $"{ReaderHref(agreementId)}/versions";

    /// <summary>
    /// <paramref name="href"/> reading the register as of <paramref name="asOf"/>: the day goes into its query, before any fragment;
    /// for today, the address as it is.
    /// </summary>
    public static string Dated(string href, LocalDate? asOf)
    {
        ArgumentNullException.ThrowIfNull(href);
        if (asOf is null)
        {
            return href;
        }
        var hash = href.IndexOf('#', StringComparison.Ordinal);
        var (path, fragment) = hash < 0 ? (href, "") : (href[..hash], href[hash..]);
        return path + RegisterAsOf.Query(asOf, path.Contains('?', StringComparison.Ordinal) ? '&' : '?') + fragment;
    }

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

    [GeneratedRegex(@"(?:C?\$|CAD\s?)(?<n>\d[\d.,]*)\s?(?<unit>[BM]\b|billion|million)?")]
    private static partial Regex Amount();

    [GeneratedRegex(@"\bin (?<year>(?:19|20)\d\d)\b")]
    private static partial Regex InYear();
}
