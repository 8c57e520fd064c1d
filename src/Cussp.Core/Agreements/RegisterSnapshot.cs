namespace Cussp.Agreements;

/// <summary>An agreement in a list.</summary>
/// <param name="Id">Stable id.</param>
/// <param name="Title">Title line.</param>
/// <param name="SignedOn">Date of signature.</param>
/// <param name="SignedAt">Place of signature.</param>
/// <param name="ProvisionCount">Recitals and operative provisions.</param>
/// <param name="Revision">Changes so far.</param>
public sealed record AgreementSummary(string Id, string Title, LocalDate? SignedOn, string? SignedAt, int ProvisionCount, int Revision);

/// <summary>A manual correction shown next to what the rules derived.</summary>
/// <param name="Actor">Overriding actor, if any.</param>
/// <param name="Modality">Overriding modality, if any.</param>
/// <param name="Component">Overriding component, if any.</param>
/// <param name="Reason">Why.</param>
/// <param name="SetBy">Who.</param>
/// <param name="SetAt">When.</param>
public sealed record ProvisionOverride(Actor? Actor, Modality? Modality, string? Component, string Reason, string SetBy, Instant SetAt);

/// <summary>
/// A provision as readers see it: the effective classification, what the rules derived, and any override. <see cref="Component"/>
/// is the primary component, the one it is counted under; <see cref="SecondaryComponents"/> are the others it serves, for filters.
/// </summary>
public sealed record ProvisionView(
    string Citation,
    ProvisionKind Kind,
    string Number,
    string? ParentCitation,
    string DivisionCitation,
    string Text,
    Actor Actor,
    Modality Modality,
    string Component,
    IReadOnlyList<TimeRule> TimeRules,
    string Basis,
    Actor DerivedActor,
    Modality DerivedModality,
    string DerivedComponent,
    ProvisionOverride? Override,
    int Depth,
    IReadOnlyList<string> SecondaryComponents,
    IReadOnlyList<string> SummaryLines,
    string? ComponentWords)
{
    /// <summary>True when the provision serves <paramref name="component"/>, as its primary component or a secondary one.</summary>
    public bool Serves(string component) =>
        string.Equals(Component, component, StringComparison.OrdinalIgnoreCase) ||
        SecondaryComponents.Contains(component, StringComparer.OrdinalIgnoreCase);
}

/// <summary>An immutable, complete picture of one agreement at one revision.</summary>
public sealed class RegisterSnapshot
{
    private readonly Dictionary<string, ProvisionView> _byCitation;

    internal RegisterSnapshot(AgreementSummary agreement, string? partiesClause, string? signatureClause,
        IReadOnlyList<Division> divisions, IReadOnlyList<ProvisionView> provisions, IReadOnlyList<SummaryLine> summaryLines, AgreementVersion version)
    {
        Version = version;
        SummaryLines = summaryLines;
        Agreement = agreement;
        PartiesClause = partiesClause;
        SignatureClause = signatureClause;
        Divisions = divisions;
        Provisions = provisions;
        _byCitation = new Dictionary<string, ProvisionView>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in provisions)
        {
            _byCitation.TryAdd(p.Citation, p);
        }
    }

    /// <summary>The agreement.</summary>
    public AgreementSummary Agreement { get; }

    /// <summary>Which consolidated version of the text this is, and from when it is in force.</summary>
    public AgreementVersion Version { get; }

    /// <summary>The parties clause opening the preamble.</summary>
    public string? PartiesClause { get; }

    /// <summary>The signature clause.</summary>
    public string? SignatureClause { get; }

    /// <summary>Parts and sections in reading order.</summary>
    public IReadOnlyList<Division> Divisions { get; }

    /// <summary>Provisions in reading order.</summary>
    public IReadOnlyList<ProvisionView> Provisions { get; }

    /// <summary>The lines of the agreement's official summary, in its order; empty when none ships with it.</summary>
    public IReadOnlyList<SummaryLine> SummaryLines { get; }

    /// <summary>The provisions that carry out one summary line, in reading order.</summary>
    public IEnumerable<ProvisionView> CarryingOut(SummaryLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Provisions.Where(p => p.SummaryLines.Contains(line.Number, StringComparer.Ordinal));
    }

    /// <summary>How many provisions each component counts, by primary component only, the framework group included.</summary>
    public IReadOnlyDictionary<string, int> PrimaryCounts() =>
        Provisions.GroupBy(p => p.Component, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);

    /// <summary>One provision by citation (exact, or ignoring case when unambiguous).</summary>
    public ProvisionView? Find(string citation) => _byCitation.GetValueOrDefault(citation);

    /// <summary>
    /// Provisions matching every given filter; <paramref name="component"/> matches a primary or a secondary component, and
    /// <paramref name="query"/> matches words of the text, ignoring case and accents.
    /// </summary>
    public IEnumerable<ProvisionView> Filter(Actor? actor, Modality? modality, string? component, string? query)
    {
        var terms = SearchText.Terms(query);
        return Provisions.Where(p =>
            (actor is null || p.Actor == actor) &&
            (modality is null || p.Modality == modality) &&
            (component is null || p.Serves(component)) &&
            (terms.Count == 0 || SearchText.ContainsAll(p.Text, terms) || SearchText.ContainsAll(p.Citation, terms)));
    }

    internal static RegisterSnapshot From(AgreementRecord a, IReadOnlyList<ProvisionOverrideRecord> overrides)
    {
        var byCitation = overrides.ToDictionary(o => o.Citation, StringComparer.Ordinal);
        var provisions = a.Provisions.OrderBy(p => p.Ordinal).Select(p =>
        {
            byCitation.TryGetValue(p.Citation, out var o);
            var rules = p.TimeRules.OrderBy(t => t.Ordinal).Select(t => new TimeRule(t.Kind, t.Anchor, t.Period, t.Phrase)).ToList();
            return View(new ParsedProvision(p.Citation, p.Kind, p.Number, p.ParentCitation, p.DivisionCitation, p.Text, 0),
                new Classification(p.Actor, p.Modality, p.Component, rules, p.Basis), o, p.SecondaryComponents, p.SummaryLines, p.ComponentWords);
        }).ToList();
        var lines = a.SummaryLines.OrderBy(l => l.Ordinal).Select(l => new SummaryLine(l.Number, l.Component, l.Text)).ToList();
        var divisions = a.Divisions.OrderBy(d => d.Ordinal).Select(d => new Division(d.Citation, d.Number, d.Heading, 0)).ToList();
        var signed = new AgreementVersion(1, a.SignedOn ?? a.ImportedAt.InZone(Time.Zones.Kyiv).Date, null, null, null, 0);
        return new RegisterSnapshot(new AgreementSummary(a.Id, a.Title, a.SignedOn, a.SignedAt, provisions.Count, a.Revision),
            a.PartiesClause, a.SignatureClause, divisions, provisions, lines, signed);
    }

    /// <summary>A provision as readers see it, from its words, what the rules derived, any override and what the component map says of it.</summary>
    internal static ProvisionView View(ParsedProvision p, Classification derived, ProvisionOverrideRecord? o, IReadOnlyList<string> secondary,
        IReadOnlyList<string> summaryLines, string? componentWords) =>
        new(p.Citation, p.Kind, p.Number, p.ParentCitation, p.DivisionCitation, p.Text,
            o?.Actor ?? derived.Actor, o?.Modality ?? derived.Modality, o?.Component ?? derived.Component, derived.TimeRules, derived.Basis,
            derived.Actor, derived.Modality, derived.Component,
            o is null ? null : new ProvisionOverride(o.Actor, o.Modality, o.Component, o.Reason, o.SetBy, o.SetAt),
            p.Kind switch { ProvisionKind.Item => 1, ProvisionKind.SubItem => 2, _ => 0 },
            secondary, summaryLines, componentWords);
}
