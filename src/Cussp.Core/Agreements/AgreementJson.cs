using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime.Text;

namespace Cussp.Agreements;

/// <summary>A time rule on the wire.</summary>
/// <param name="Kind">deadline, recurrence, validity, delay.</param>
/// <param name="Anchor">none, request, signature, notice-receipt.</param>
/// <param name="Period">ISO 8601 period: PT24H, P1Y, P6M.</param>
/// <param name="Phrase">The words it was read from.</param>
public sealed record TimeRuleDto(string Kind, string Anchor, string Period, string Phrase)
{
    /// <summary>Maps a time rule.</summary>
    public static TimeRuleDto From(TimeRule r) => new(r.KindName, r.AnchorName, PeriodPattern.Roundtrip.Format(r.Period), r.Phrase);
}

/// <summary>What the rules derived, shown beside an override.</summary>
/// <param name="Actor">Derived actor.</param>
/// <param name="Modality">Derived modality.</param>
/// <param name="Component">Derived component.</param>
/// <param name="Basis">The rule and words that decided it.</param>
public sealed record DerivedDto(string Actor, string Modality, string Component, string Basis);

/// <summary>A manual override on the wire.</summary>
/// <param name="Actor">Overriding actor, if any.</param>
/// <param name="Modality">Overriding modality, if any.</param>
/// <param name="Component">Overriding component, if any.</param>
/// <param name="Reason">Why.</param>
/// <param name="SetBy">Who.</param>
/// <param name="SetAt">When (UTC, ISO 8601).</param>
public sealed record OverrideDto(string? Actor, string? Modality, string? Component, string Reason, string SetBy, string SetAt);

/// <summary>
/// A provision on the wire: <c>citation</c>, <c>text</c>, <c>actor</c>, <c>modality</c>, <c>component</c> (the primary one, or
/// <c>framework</c>), <c>secondaryComponents</c>, the <c>summaryLines</c> it carries out with the <c>componentWords</c> that show why,
/// and the rest.
/// </summary>
public sealed record ProvisionDto(
    string Citation,
    string Kind,
    string Number,
    string? Parent,
    string Division,
    string Text,
    string Actor,
    string Modality,
    string Component,
    IReadOnlyList<string> SecondaryComponents,
    IReadOnlyList<string> SummaryLines,
    string? ComponentWords,
    IReadOnlyList<TimeRuleDto> TimeRules,
    DerivedDto Derived,
    OverrideDto? Override)
{
    /// <summary>Maps a provision view.</summary>
    public static ProvisionDto From(ProvisionView p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Citation, p.Kind.Name(), p.Number, p.ParentCitation, p.DivisionCitation, p.Text, p.Actor.Name(), p.Modality.Name(),
            p.Component, p.SecondaryComponents, p.SummaryLines, p.ComponentWords, p.TimeRules.Select(TimeRuleDto.From).ToList(),
            new DerivedDto(p.DerivedActor.Name(), p.DerivedModality.Name(), p.DerivedComponent, p.Basis),
            p.Override is { } o
                ? new OverrideDto(o.Actor?.Name(), o.Modality?.Name(), o.Component, o.Reason, o.SetBy, InstantPattern.General.Format(o.SetAt))
                : null);
    }
}

/// <summary>A part or section on the wire.</summary>
/// <param name="Citation">IV or IV.K.</param>
/// <param name="Number">As printed.</param>
/// <param name="Heading">Heading words.</param>
public sealed record DivisionDto(string Citation, string Number, string Heading);

/// <summary>A line of the official summary on the wire, with the provisions that carry it out.</summary>
/// <param name="Number">"3.4": the component's number and the line's place under it.</param>
/// <param name="Component">The key component's slug.</param>
/// <param name="Text">The line as the summary prints it.</param>
/// <param name="Provisions">Citations of the provisions that carry it out, in reading order.</param>
public sealed record SummaryLineDto(string Number, string Component, string Text, IReadOnlyList<string> Provisions)
{
    /// <summary>Maps a summary line of a snapshot.</summary>
    public static SummaryLineDto From(RegisterSnapshot s, SummaryLine l)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(l);
        return new(l.Number, l.Component, l.Text, s.CarryingOut(l).Select(p => p.Citation).ToList());
    }
}

/// <summary>A key component, or the framework group, of one agreement on the wire.</summary>
/// <param name="Id">The slug, or <c>framework</c>.</param>
/// <param name="Number">Its place in the summary, from 1; null for the framework group.</param>
/// <param name="Title">The summary's heading.</param>
/// <param name="Provisions">Provisions counted under it: those whose primary component it is.</param>
/// <param name="Serving">Provisions that serve it as their primary or a secondary component.</param>
/// <param name="SummaryLines">The summary's lines under it, each with its provisions.</param>
public sealed record ComponentDto(string Id, int? Number, string Title, int Provisions, int Serving, IReadOnlyList<SummaryLineDto> SummaryLines)
{
    /// <summary>The ten components in the summary's order, then the framework group.</summary>
    public static IEnumerable<ComponentDto> ListFrom(RegisterSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var counts = s.PrimaryCounts();
        return KeyComponents.Ids.Select(id => new ComponentDto(id, KeyComponents.Find(id)?.Number, KeyComponents.TitleOf(id), counts.GetValueOrDefault(id),
            s.Provisions.Count(p => p.Serves(id)), s.SummaryLines.Where(l => l.Component == id).Select(l => SummaryLineDto.From(s, l)).ToList()));
    }
}

/// <summary>An agreement in a list.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Title">Title.</param>
/// <param name="SignedOn">ISO date of signature.</param>
/// <param name="SignedAt">Place of signature.</param>
/// <param name="Provisions">Number of provisions.</param>
/// <param name="Revision">Changes so far.</param>
public sealed record AgreementDto(string Id, string Title, string? SignedOn, string? SignedAt, int Provisions, int Revision)
{
    /// <summary>Maps a summary.</summary>
    public static AgreementDto From(AgreementSummary a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.Title, a.SignedOn is { } d ? LocalDatePattern.Iso.Format(d) : null, a.SignedAt, a.ProvisionCount, a.Revision);
    }
}

/// <summary>A whole agreement on the wire: the JSON export.</summary>
/// <param name="Agreement">The agreement.</param>
/// <param name="PartiesClause">Opening clause.</param>
/// <param name="SignatureClause">Closing clause.</param>
/// <param name="Divisions">Parts and sections.</param>
/// <param name="Provisions">Provisions in reading order.</param>
/// <param name="SummaryLines">The lines of the official summary, each with its provisions; empty when none ships with the agreement.</param>
/// <param name="Version">Which consolidated version this is, and from when it is in force.</param>
public sealed record AgreementDocumentDto(
    AgreementDto Agreement, string? PartiesClause, string? SignatureClause, IReadOnlyList<DivisionDto> Divisions, IReadOnlyList<ProvisionDto> Provisions,
    IReadOnlyList<SummaryLineDto> SummaryLines, AgreementVersionDto Version)
{
    /// <summary>Maps a snapshot.</summary>
    public static AgreementDocumentDto From(RegisterSnapshot s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(AgreementDto.From(s.Agreement), s.PartiesClause, s.SignatureClause,
            s.Divisions.Select(d => new DivisionDto(d.Citation, d.Number, d.Heading)).ToList(),
            s.Provisions.Select(ProvisionDto.From).ToList(), s.SummaryLines.Select(l => SummaryLineDto.From(s, l)).ToList(),
            AgreementVersionDto.From(s.Version));
    }
}

/// <summary>A consolidated version on the wire.</summary>
/// <param name="Number">1 for the text as signed, then one more for each amendment that changed it.</param>
/// <param name="EffectiveOn">The first day (in Kyiv) it is in force, YYYY-MM-DD.</param>
/// <param name="Amendment">The amendment (joint decision) that made it; null for the text as signed.</param>
/// <param name="Title">The amendment's title; null for the text as signed.</param>
/// <param name="ApprovedAt">When both sides had approved the amendment; null for the text as signed.</param>
/// <param name="Changes">How many provisions the amendment changed.</param>
public sealed record AgreementVersionDto(int Number, string EffectiveOn, Guid? Amendment, string? Title, string? ApprovedAt, int Changes)
{
    /// <summary>Maps a version.</summary>
    public static AgreementVersionDto From(AgreementVersion v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Number, LocalDatePattern.Iso.Format(v.EffectiveOn), v.DecisionId, v.Title,
            v.ApprovedAt is { } at ? InstantPattern.General.Format(at) : null, v.Changes);
    }
}

/// <summary>One provision that differs between two versions, on the wire.</summary>
/// <param name="Citation">Its citation.</param>
/// <param name="Change">added, removed or changed.</param>
/// <param name="Before">Its words in the earlier version.</param>
/// <param name="After">Its words in the later version.</param>
/// <param name="Words">For a changed provision, its words in runs: same, added, removed.</param>
public sealed record ProvisionDiffDto(string Citation, string Change, string? Before, string? After, IReadOnlyList<DiffPieceDto> Words)
{
    /// <summary>Maps a difference.</summary>
    public static ProvisionDiffDto From(ProvisionDiff d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Citation, d.Change.ToString().ToLowerInvariant(), d.Before, d.After,
            d.Pieces.Select(p => new DiffPieceDto(p.Run.ToString().ToLowerInvariant(), p.Text)).ToList());
    }
}

/// <summary>A run of words in a diff.</summary>
/// <param name="Run">same, added or removed.</param>
/// <param name="Text">The words.</param>
public sealed record DiffPieceDto(string Run, string Text);

/// <summary>What changed between two versions.</summary>
/// <param name="From">The earlier version.</param>
/// <param name="To">The later version.</param>
/// <param name="Provisions">The provisions that differ.</param>
public sealed record VersionDiffDto(AgreementVersionDto From, AgreementVersionDto To, IReadOnlyList<ProvisionDiffDto> Provisions);

/// <summary>An obligation on the wire.</summary>
/// <param name="Citation">The provision.</param>
/// <param name="Actor">Who owes it.</param>
/// <param name="Rule">The time rule.</param>
/// <param name="Summary">The provision's words, shortened.</param>
/// <param name="DueDate">ISO date, where the text fixes one.</param>
/// <param name="NextDue">ISO date of the next occurrence, for recurring duties.</param>
public sealed record ObligationDto(string Citation, string Actor, TimeRuleDto Rule, string Summary, string? DueDate, string? NextDue)
{
    /// <summary>Maps an obligation.</summary>
    public static ObligationDto From(Obligation o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new(o.Citation, o.Actor.Name(), TimeRuleDto.From(o.Rule), o.Summary, Iso(o.DueDate), Iso(o.NextDue));
    }

    private static string? Iso(LocalDate? d) => d is { } v ? LocalDatePattern.Iso.Format(v) : null;
}

/// <summary>The JSON options every JSON output of the register uses.</summary>
public static class AgreementJson
{
    /// <summary>camelCase, nulls kept, readable by people as well as programs when indented.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
