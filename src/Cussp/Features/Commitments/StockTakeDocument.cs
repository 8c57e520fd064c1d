using System.Globalization;
using Cussp.Commitments;
using Cussp.Components;
using Cussp.Features.Agreements.Pages;
using Cussp.Identity;
using Microsoft.Extensions.Localization;

namespace Cussp.Features.Commitments;

/// <summary>A part of a document: what the stock-take says, before it is written as Markdown, HTML or Word.</summary>
internal abstract record DocumentBlock;

/// <summary>A heading, 1 for the document's title.</summary>
internal sealed record DocumentHeading(int Level, string Text) : DocumentBlock;

/// <summary>A paragraph; <paramref name="Lang"/> names the language of words quoted in another one; a strong paragraph stands out (a marking, a warning).</summary>
internal sealed record DocumentParagraph(string Text, string? Lang = null, bool Strong = false) : DocumentBlock;

/// <summary>
/// A table's cell: its text, the language of words quoted in another one (a provision's own words in a French report), and what
/// follows the quoted words in the document's language (the ellipsis that shows they were cut).
/// </summary>
internal readonly record struct DocumentCell(string Text, string? Lang = null, string? After = null)
{
    public static implicit operator DocumentCell(string text) => new(text);
}

/// <summary>A table with a caption and a header row; <paramref name="Numeric"/> says which columns hold figures, aligned right.</summary>
internal sealed record DocumentTable(string Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<DocumentCell>> Rows,
    IReadOnlyList<bool> Numeric) : DocumentBlock;

/// <summary>A document: its language, its title, the marking printed at its top and bottom, and its blocks.</summary>
internal sealed record Document(string Language, string Title, string Marking, IReadOnlyList<DocumentBlock> Blocks);

/// <summary>
/// The stock-take report as a document in the reader's language (the current UI culture): a summary by key component, each key
/// component's provisions with their commitments as they stood at the end of the year, the gaps and challenges, and the new areas
/// proposed. Every commitment row carries its own marking, and the document the highest of them.
/// </summary>
internal static class StockTakeDocument
{
    public static Document Build(StockTakeReport report, IStringLocalizer<CommitmentText> c, IStringLocalizer<Text> t)
    {
        ArgumentNullException.ThrowIfNull(report);
        var blocks = new List<DocumentBlock> { new DocumentHeading(1, c["StockTake.Title", report.Year]) };
        Opening(blocks, report, c, t);
        Body(blocks, report, c, t);
        return new Document(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, c["StockTake.Title", report.Year],
            MarkingOf(report.Classification, report.Releasability), blocks);
    }

    /// <summary>
    /// The comprehensive review (Part VIII.B.1) as a document: how each key component's commitments advanced and were kept in each
    /// year of the period, then the latest year's stock-take in full.
    /// </summary>
    public static Document BuildReview(ReviewReport review, IStringLocalizer<CommitmentText> c, IStringLocalizer<Text> t)
    {
        ArgumentNullException.ThrowIfNull(review);
        var (first, last) = (review.Years[0], review.Years[^1]);
        var title = c["Review.Title", first.Year, last.Year];
        var blocks = new List<DocumentBlock> { new DocumentHeading(1, title) };
        blocks.Add(new DocumentParagraph(c["Review.Intro", t.Date(review.Due), last.Year]));
        Opening(blocks, last, c, t);
        blocks.Add(new DocumentHeading(2, c["Review.OverYears"]));
        var years = review.Years;
        blocks.Add(new DocumentTable(c["Review.Advanced"], [c["Column.Component"], .. years.Select(y => y.Year.ToString(CultureInfo.InvariantCulture))],
            [.. last.Components.Select((k, i) => (IReadOnlyList<DocumentCell>)[t.ComponentName(k.Id),
                .. years.Select(y => (DocumentCell)(y.Components[i].PercentAdvanced is { } p ? $"{p} %" : "–"))])],
            [false, .. years.Select(_ => true)]));
        blocks.Add(new DocumentTable(c["Review.Compliance"], [c["Column.Component"], .. years.Select(y => y.Year.ToString(CultureInfo.InvariantCulture))],
            [.. last.Components.Select((k, i) => (IReadOnlyList<DocumentCell>)[t.ComponentName(k.Id),
                .. years.Select(y => (DocumentCell)Percent(c, y.Components[i].Compliance))]),
                (IReadOnlyList<DocumentCell>)[c["Review.All"].Value, .. years.Select(y => (DocumentCell)Percent(c, y.Compliance))]],
            [false, .. years.Select(_ => true)]));
        Body(blocks, last, c, t);
        return new Document(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, title,
            MarkingOf(years.Max(y => y.Classification), years.Max(y => y.Releasability)), blocks);
    }

    private static string MarkingOf(SecurityClassification classification, Releasability releasability) =>
        classification == SecurityClassification.Unclassified && releasability == Releasability.RelCanUkr
            ? classification.Label()
            : $"{classification.Label()} // {releasability.Label()}";

    // Whose report it is, as of when, and whether its figures are in part synthetic.
    private static void Opening(List<DocumentBlock> blocks, StockTakeReport report, IStringLocalizer<CommitmentText> c, IStringLocalizer<Text> t)
    {
        blocks.Add(new DocumentParagraph(report.AgreementTitle, Language.CurrentIsEnglish ? null : "en"));
        blocks.Add(new DocumentParagraph(c["StockTake.AsOf", t.Date(report.AsOf), t.Instant(report.At), report.Reader]));
        if (report.AsOf.Month != 12 || report.AsOf.Day != 31)
        {
            blocks.Add(new DocumentParagraph(c["StockTake.YearToDate", report.Year]));
        }
        if (report.Synthetic)
        {
            blocks.Add(new DocumentParagraph(c["StockTake.Synthetic"], Strong: true));
        }
    }

    // The year's summary, each key component's provisions and commitments, the gaps and challenges, and the new areas.
    private static void Body(List<DocumentBlock> blocks, StockTakeReport report, IStringLocalizer<CommitmentText> c, IStringLocalizer<Text> t)
    {
        var culture = CultureInfo.CurrentCulture;
        var english = Language.CurrentIsEnglish ? null : "en";
        blocks.Add(new DocumentHeading(2, c["StockTake.Summary"]));
        blocks.Add(new DocumentParagraph(c["StockTake.Overview", report.Commitments, report.Year, Percent(c, report.Compliance),
            report.Compliance.Assessed]));
        blocks.Add(new DocumentTable(c["StockTake.Summary"],
            [c["Column.Component"], c["StockTake.Commitments"], c["StockTake.Advanced"], c["Status.AtRisk"], c["Status.Broken"],
                c["StockTake.Compliance", report.Year]],
            [.. report.Components.Select(k => (IReadOnlyList<DocumentCell>)[t.ComponentName(k.Id), Number(k.Commitments),
                k.PercentAdvanced is { } p ? $"{p} %" : "–", Number(Count(k, CommitmentStatus.AtRisk)), Number(Count(k, CommitmentStatus.Broken)),
                Percent(c, k.Compliance)])],
            [false, true, true, true, true, true]));

        foreach (var component in report.Components.Where(k => k.Commitments > 0))
        {
            blocks.Add(new DocumentHeading(2, t.ComponentName(component.Id)));
            foreach (var provision in component.Provisions)
            {
                blocks.Add(new DocumentHeading(3, c["StockTake.Provision", provision.Citation]));
                if (provision.Text.Length > 0)
                {
                    blocks.Add(new DocumentParagraph(provision.Text, english));
                }
                blocks.Add(new DocumentTable(c["StockTake.CommitmentsOf", provision.Citation],
                    [c["Column.Commitment"], c["Column.Lead"], c["Column.Status"], c["StockTake.Indicators"], c["StockTake.Progress", report.Year],
                        c["StockTake.Compliance", report.Year], c["Column.Marking"]],
                    [.. provision.Commitments.Select(x => (IReadOnlyList<DocumentCell>)[Title(x, english), c.Lead(x.Lead), c.Status(x.Status), Indicators(c, x, culture),
                        Progress(c, t, x), x.Score is { } s ? $"{c.Score(s)}: {x.ScoreReason}" : c["Report.NotScored"], Portion(x)])],
                    [false, false, false, false, false, false, false]));
            }
        }

        blocks.Add(new DocumentHeading(2, c["StockTake.Gaps"]));
        blocks.Add(report.Gaps.Count == 0
            ? new DocumentParagraph(c["StockTake.NoGaps", report.Year])
            : new DocumentTable(c["StockTake.Gaps"],
                [c["Column.Provision"], c["Column.Commitment"], c["Column.Status"], c["StockTake.Why"], c["Column.Marking"]],
                [.. report.Gaps.Select(x => (IReadOnlyList<DocumentCell>)[x.Citation, Title(x, english), c.Status(x.Status),
                    string.Join("; ", x.Gaps.Select(g => c["StockTake.Gap." + g].Value)), Portion(x)])],
                [false, false, false, false, false]));

        blocks.Add(new DocumentHeading(2, c["StockTake.NewAreas"]));
        blocks.Add(report.NewAreas.Count == 0
            ? new DocumentParagraph(c["StockTake.NoNewAreas", report.Year])
            : new DocumentTable(c["StockTake.NewAreas"],
                [c["Column.Provision"], c["Column.Commitment"], c["Column.Lead"], c["StockTake.Added"], c["Column.Marking"]],
                [.. report.NewAreas.Select(x => (IReadOnlyList<DocumentCell>)[x.Citation, Title(x, english), c.Lead(x.Lead),
                    t.Date(x.CreatedAt.InZone(Time.Zones.Kyiv).Date), Portion(x)])],
                [false, false, false, false, false]));
    }

    /// <summary>The file a format is downloaded as: <c>cussp-stocktake-2025.docx</c>.</summary>
    public static string FileName(string agreementId, int year, string extension) => $"{agreementId}-stocktake-{year}.{extension}";

    /// <summary>The file the review is downloaded as: <c>cussp-review-2024-2026.docx</c>.</summary>
    public static string ReviewFileName(string agreementId, ReviewReport review, string extension) =>
        $"{agreementId}-review-{review.Years[0].Year}-{review.Years[^1].Year}.{extension}";

    // A derived commitment's title is the provision's own words, in the language the agreement is held in.
    private static DocumentCell Title(StockTakeCommitment x, string? english)
    {
        var (words, cut) = CommitmentWords.TitleParts(x.Title, x.Derived);
        return new(words, x.Derived ? english : null, cut ? "…" : null);
    }

    private static int Count(StockTakeComponent component, CommitmentStatus status) =>
        component.ByStatus.FirstOrDefault(s => s.Status == status).Count;

    private static string Number(int n) => n.ToString("N0", CultureInfo.CurrentCulture);

    private static string Percent(IStringLocalizer<CommitmentText> c, ComplianceGroup group) =>
        group.Percent is { } p ? $"{p} %" : c["Report.NotScored"];

    // The row's own marking, shortened to what varies (the area is the component the row is listed under).
    private static string Portion(StockTakeCommitment x) => MarkingOf(x.Classification, x.Releasability);

    private static string Indicators(IStringLocalizer<CommitmentText> c, StockTakeCommitment x, CultureInfo culture)
    {
        if (x.Indicators.Count == 0)
        {
            return "–";
        }
        string Figure(decimal v) => v.ToString("#,0.####", culture);
        return string.Join("\n", x.Indicators.Select(i => i.Latest is { } latest
            ? c["StockTake.Indicator", i.Name, Figure(latest), Figure(i.Target), c.Unit(i.Unit), i.PercentOfTarget ?? 0]
            : c["StockTake.IndicatorUnmeasured", i.Name, Figure(i.Target), c.Unit(i.Unit)]));
    }

    private static string Progress(IStringLocalizer<CommitmentText> c, IStringLocalizer<Text> t, StockTakeCommitment x) =>
        x.UpdatesInYear == 0 || x.LastUpdateOn is not { } on
            ? c["StockTake.NoUpdates"]
            : c["StockTake.LastUpdate", x.UpdatesInYear, t.Date(on), Shorten(x.LastUpdate ?? "")];

    private static string Shorten(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length > 400 ? flat[..399] + "…" : flat;
    }
}
