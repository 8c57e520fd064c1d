using Cussp.Agreements;
using Cussp.Identity;
using Cussp.Time;

namespace Cussp.Commitments;

/// <summary>Why a commitment is listed among a year's gaps and challenges.</summary>
public enum StockTakeGap
{
    /// <summary>At risk at the end of the year.</summary>
    AtRisk,
    /// <summary>Broken at the end of the year.</summary>
    Broken,
    /// <summary>No progress update in the year, and not complete.</summary>
    NoUpdate,
    /// <summary>An indicator's target date has passed without the target being reached.</summary>
    IndicatorBehind,
    /// <summary>Scored −1 (not kept) for the year.</summary>
    NotKept,
}

/// <summary>An indicator as it stood at the end of the year.</summary>
/// <param name="Name">What is counted.</param>
/// <param name="Unit">In what.</param>
/// <param name="Baseline">Where it started.</param>
/// <param name="Target">Where it should get to.</param>
/// <param name="TargetDate">By when, if set.</param>
/// <param name="Latest">The latest measurement taken by the end of the year; null when none was.</param>
/// <param name="LatestOn">When it was taken.</param>
/// <param name="Behind">True when the target date has passed by the end of the year and the target is not reached.</param>
public sealed record StockTakeIndicator(string Name, IndicatorUnit Unit, decimal Baseline, decimal Target, LocalDate? TargetDate, decimal? Latest,
    LocalDate? LatestOn, bool Behind)
{
    /// <summary>How far the latest measurement has come from the baseline towards the target, 0 to 100; null without one.</summary>
    public int? PercentOfTarget => Latest is { } v ? IndicatorRecord.Progress(Baseline, Target, v) : null;
}

/// <summary>A commitment as the stock-take of a year reports it: where it stood at the end of the year and what was done in it.</summary>
/// <param name="Id">The commitment.</param>
/// <param name="Citation">Its provision.</param>
/// <param name="Title">What was promised.</param>
/// <param name="Derived">True when derived from the provision's words; false for one a user added.</param>
/// <param name="Lead">Who leads.</param>
/// <param name="Status">Its status at the end of the year (now, for this year).</param>
/// <param name="Classification">Its classification.</param>
/// <param name="Releasability">Its releasability.</param>
/// <param name="Area">Its key component.</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="UpdatesInYear">How many progress updates were recorded in the year.</param>
/// <param name="LastUpdateOn">The day (in Kyiv) of the year's last update.</param>
/// <param name="LastUpdate">What the year's last update said.</param>
/// <param name="Score">The year's compliance score that counts; null when not scored.</param>
/// <param name="ScoreReason">Its reason.</param>
/// <param name="Indicators">Its indicators at the end of the year.</param>
/// <param name="Gaps">Why it is among the gaps and challenges; empty when it is not.</param>
public sealed record StockTakeCommitment(Guid Id, string Citation, string Title, bool Derived, CommitmentLead Lead, CommitmentStatus Status,
    SecurityClassification Classification, Releasability Releasability, string Area, Instant CreatedAt, int UpdatesInYear, LocalDate? LastUpdateOn,
    string? LastUpdate, int? Score, string? ScoreReason, IReadOnlyList<StockTakeIndicator> Indicators, IReadOnlyList<StockTakeGap> Gaps) : IMarked
{
    /// <summary>Its marking.</summary>
    public Marking Marking => Marking.Of(this);
}

/// <summary>A provision's commitments in the stock-take.</summary>
/// <param name="Citation">The provision.</param>
/// <param name="Text">Its words.</param>
/// <param name="Commitments">Its commitments the reader may see, in the order they were added.</param>
public sealed record StockTakeProvision(string Citation, string Text, IReadOnlyList<StockTakeCommitment> Commitments);

/// <summary>How many commitments are at a status.</summary>
/// <param name="Status">The status.</param>
/// <param name="Count">How many.</param>
public readonly record struct StatusCount(CommitmentStatus Status, int Count);

/// <summary>A key component in the stock-take: its provisions, how its commitments stand, and its compliance in the year.</summary>
/// <param name="Id">The key component's id (or framework).</param>
/// <param name="Provisions">Its provisions with commitments, in the agreement's order.</param>
/// <param name="ByStatus">How many of its commitments are at each status, on the stage scale's order.</param>
/// <param name="Compliance">Its compliance in the year.</param>
public sealed record StockTakeComponent(string Id, IReadOnlyList<StockTakeProvision> Provisions, IReadOnlyList<StatusCount> ByStatus,
    ComplianceGroup Compliance)
{
    /// <summary>How many commitments.</summary>
    public int Commitments => ByStatus.Sum(s => s.Count);

    /// <summary>The share at substantial progress or complete, in whole percent; null without commitments.</summary>
    public int? PercentAdvanced => Commitments == 0 ? null
        : ByStatus.Where(s => s.Status is CommitmentStatus.Substantial or CommitmentStatus.Complete).Sum(s => s.Count) * 100 / Commitments;
}

/// <summary>
/// The annual stock-take of an agreement (Part II.1.ii of the CUSSP) as one reader may see it: every key component with its
/// provisions and their commitments as they stood at the end of the year, the gaps and challenges, and the new areas proposed in it.
/// </summary>
/// <param name="AgreementId">The agreement.</param>
/// <param name="AgreementTitle">Its title.</param>
/// <param name="Year">The calendar year.</param>
/// <param name="AsOf">The day it reports to: 31 December, or today (in Kyiv) for this year.</param>
/// <param name="At">When it was drawn up.</param>
/// <param name="Reader">Whom it was drawn up for: it holds what that account may read, and no more.</param>
/// <param name="Components">Every key component, then the framework provisions.</param>
/// <param name="Compliance">The year's compliance over every commitment in it.</param>
/// <param name="Gaps">Commitments at risk, broken, not updated in the year, behind an indicator's target, or not kept.</param>
/// <param name="NewAreas">Commitments users added in the year, beyond those derived from the words.</param>
/// <param name="Synthetic">True when demonstration data is present: the figures are then, in part, synthetic.</param>
public sealed record StockTakeReport(string AgreementId, string AgreementTitle, int Year, LocalDate AsOf, Instant At, string Reader,
    IReadOnlyList<StockTakeComponent> Components, ComplianceGroup Compliance, IReadOnlyList<StockTakeCommitment> Gaps,
    IReadOnlyList<StockTakeCommitment> NewAreas, bool Synthetic)
{
    /// <summary>How many commitments it reports on.</summary>
    public int Commitments => Components.Sum(c => c.Commitments);

    /// <summary>The highest classification of what it holds.</summary>
    public SecurityClassification Classification => All.Select(c => c.Classification).DefaultIfEmpty().Max();

    /// <summary>
    /// To whom it may be released: an eyes-only entry makes the whole document eyes-only (a reader holds at most one participant's
    /// eyes-only material).
    /// </summary>
    public Releasability Releasability => All.Select(c => c.Releasability).DefaultIfEmpty().Max();

    /// <summary>Every commitment in it.</summary>
    public IEnumerable<StockTakeCommitment> All => Components.SelectMany(c => c.Provisions).SelectMany(p => p.Commitments);
}

/// <summary>The comprehensive review of Part VIII.B.1: the stock-take of every year from the signature's to this one.</summary>
/// <param name="Due">When the review is due: three years after the signature.</param>
/// <param name="Years">The stock-take of each year, oldest first (this year's so far).</param>
public sealed record ReviewReport(LocalDate Due, IReadOnlyList<StockTakeReport> Years);

/// <summary>
/// Draws up the stock-take of a year over the commitments a reader may see — filtered inside the query, as every read of a marked
/// record — reading each commitment's state at the year's end from its updates, its indicators' measurements and its scores.
/// </summary>
public sealed class StockTake(CusspDbContext db, IClock clock, AuditTrail audit, RegisterCache register, CommitmentCompliance compliance)
{
    /// <summary>The stock-take of <paramref name="year"/> over the commitments of <paramref name="agreementId"/> that <paramref name="subject"/> may read.</summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    /// <exception cref="InvalidInputException">A year outside the agreement's term up to this one.</exception>
    public async Task<StockTakeReport> DrawUpAsync(AccessSubject? subject, string agreementId, int year, CancellationToken ct = default)
    {
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var (first, last) = await compliance.YearsAsync(agreementId, ct);
        if (year < first || year > last)
        {
            throw new InvalidInputException("year", $"{year}: choose a year from {first} to {last}, the agreement's term up to this year");
        }
        var now = clock.GetCurrentInstant();
        var today = now.InZone(Zones.Kyiv).Date;
        var asOf = year == today.Year ? today : new LocalDate(year, 12, 31);
        var start = new LocalDate(year, 1, 1).AtStartOfDayInZone(Zones.Kyiv).ToInstant();
        var end = new LocalDate(year + 1, 1, 1).AtStartOfDayInZone(Zones.Kyiv).ToInstant();

        var visible = db.Commitments.AsNoTracking().Where(AccessPolicy.Readable<CommitmentRecord>(subject))
            .Where(c => c.AgreementId == agreementId && c.CreatedAt < end);
        var rows = await visible.OrderBy(c => c.ProvisionOrdinal).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id).Select(c => new
        {
            c.Id,
            c.Citation,
            c.Title,
            c.DerivedFrom,
            c.LeadParticipant,
            c.Status,
            c.Classification,
            c.Releasability,
            c.Area,
            c.CreatedAt,
            InYear = c.Updates.Count(u => u.At >= start && u.At < end),
            LastAt = c.Updates.Where(u => u.At >= start && u.At < end).OrderByDescending(u => u.At).Select(u => (Instant?)u.At).FirstOrDefault(),
            LastText = c.Updates.Where(u => u.At >= start && u.At < end).OrderByDescending(u => u.At).Select(u => u.Text).FirstOrDefault(),
            AtEnd = c.Updates.Where(u => u.At < end).OrderByDescending(u => u.At).Select(u => (CommitmentStatus?)u.StatusAfter).FirstOrDefault(),
            AfterEnd = c.Updates.Where(u => u.At >= end).OrderBy(u => u.At).Select(u => (CommitmentStatus?)u.StatusBefore).FirstOrDefault(),
        }).ToListAsync(ct);
        var indicators = (await db.Indicators.AsNoTracking().Where(i => visible.Any(c => c.Id == i.CommitmentId)).OrderBy(i => i.AddedAt).Select(i => new
        {
            i.CommitmentId,
            i.Name,
            i.Unit,
            i.Baseline,
            i.Target,
            i.TargetDate,
            LatestOn = i.Measurements.Where(m => m.On <= asOf).OrderByDescending(m => m.On).ThenByDescending(m => m.At).Select(m => (LocalDate?)m.On).FirstOrDefault(),
            Latest = i.Measurements.Where(m => m.On <= asOf).OrderByDescending(m => m.On).ThenByDescending(m => m.At).Select(m => (decimal?)m.Value).FirstOrDefault(),
        }).ToListAsync(ct)).ToLookup(i => i.CommitmentId, i =>
        {
            var reached = i.Latest is { } v && (i.Target >= i.Baseline ? v >= i.Target : v <= i.Target);
            return new StockTakeIndicator(i.Name, i.Unit, i.Baseline.Plain(), i.Target.Plain(), i.TargetDate, i.Latest?.Plain(), i.LatestOn,
                i.TargetDate is { } due && due <= asOf && !reached);
        });
        var scores = (await db.ComplianceScores.AsNoTracking().Where(s => s.Year == year).Where(s => visible.Any(c => c.Id == s.CommitmentId))
                .Select(s => new { s.CommitmentId, s.CommitmentVersion, s.Score, s.Reason }).ToListAsync(ct))
            .GroupBy(s => s.CommitmentId).ToDictionary(g => g.Key, g => g.MaxBy(s => s.CommitmentVersion)!);

        var commitments = rows.Select(r =>
        {
            var status = r.AtEnd ?? r.AfterEnd ?? r.Status;
            var own = indicators[r.Id].ToList();
            var score = scores.GetValueOrDefault(r.Id);
            var gaps = new List<StockTakeGap>();
            if (status == CommitmentStatus.AtRisk)
            {
                gaps.Add(StockTakeGap.AtRisk);
            }
            if (status == CommitmentStatus.Broken)
            {
                gaps.Add(StockTakeGap.Broken);
            }
            if (r.InYear == 0 && status != CommitmentStatus.Complete)
            {
                gaps.Add(StockTakeGap.NoUpdate);
            }
            if (own.Any(i => i.Behind))
            {
                gaps.Add(StockTakeGap.IndicatorBehind);
            }
            if (score?.Score == -1)
            {
                gaps.Add(StockTakeGap.NotKept);
            }
            return new StockTakeCommitment(r.Id, r.Citation, r.Title, r.DerivedFrom is not null, CommitmentVocabulary.LeadOf(r.LeadParticipant), status,
                r.Classification, r.Releasability, r.Area, r.CreatedAt, r.InYear, r.LastAt?.InZone(Zones.Kyiv).Date, r.LastText, score?.Score,
                score?.Reason, own, gaps);
        }).ToList();
        await audit.ReadAsync(CommitmentTracker.RecordType, commitments, c => c.Id, ct);

        var texts = snapshot.Provisions.ToDictionary(p => p.Citation, p => p.Text, StringComparer.Ordinal);
        var components = KeyComponents.Ids.Select(id =>
        {
            var own = commitments.Where(c => c.Area == id).ToList();
            var provisions = own.GroupBy(c => c.Citation, StringComparer.Ordinal)
                .Select(g => new StockTakeProvision(g.Key, texts.GetValueOrDefault(g.Key) ?? "", [.. g])).ToList();
            var byStatus = CommitmentVocabulary.Statuses.Select(s => new StatusCount(s, own.Count(c => c.Status == s))).ToList();
            return new StockTakeComponent(id, provisions, byStatus, Compliance(id, own));
        }).ToList();
        return new StockTakeReport(agreementId, snapshot.Agreement.Title, year, asOf, now, subject?.Name ?? "public", components,
            Compliance("all", commitments), [.. commitments.Where(c => c.Gaps.Count > 0)],
            [.. commitments.Where(c => !c.Derived && c.CreatedAt >= start)], await db.DemoSets.AnyAsync(ct));
    }

    /// <summary>
    /// The comprehensive review (Part VIII.B.1, due three years after the signature) over what <paramref name="subject"/> may read:
    /// the stock-take of every year of the term up to this one.
    /// </summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    public async Task<ReviewReport> ReviewAsync(AccessSubject? subject, string agreementId, CancellationToken ct = default)
    {
        var snapshot = await register.GetAsync(agreementId, ct) ?? throw new NotFoundException($"agreement \"{agreementId}\" does not exist");
        var (first, last) = await compliance.YearsAsync(agreementId, ct);
        var years = new List<StockTakeReport>();
        for (var year = first; year <= last; year++)
        {
            years.Add(await DrawUpAsync(subject, agreementId, year, ct));
        }
        var signed = Term.Of(snapshot).From ?? years[0].AsOf;
        return new ReviewReport(signed.PlusYears(3), years);
    }

    /// <summary>The year a stock-take is of when none is named: the last full year of the term, or the first year while it is the only one.</summary>
    /// <exception cref="NotFoundException">No such agreement.</exception>
    public async Task<int> DefaultYearAsync(string agreementId, CancellationToken ct = default)
    {
        var (first, last) = await compliance.YearsAsync(agreementId, ct);
        return Math.Max(first, last - 1);
    }

    private static ComplianceGroup Compliance(string key, List<StockTakeCommitment> commitments) =>
        ComplianceGroup.Of(key, commitments.Count, [.. commitments.Select(c => c.Score).OfType<int>()]);
}
