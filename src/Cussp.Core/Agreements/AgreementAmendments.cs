using System.Globalization;
using Cussp.Decisions;
using Cussp.Identity;

namespace Cussp.Agreements;

/// <summary>
/// What follows from an approved amendment that changes the text (VIII.C.1, II.6): the register's next consolidated version, in force
/// from the day the amendment asked for — never before both sides approved it, nor before the version it amends. The approved text
/// becomes part of the public register, so an amendment that changes it is approved only once it is UNCLASSIFIED.
/// </summary>
public sealed class AgreementAmendments(CusspDbContext db, IClock clock, AuditTrail audit, RegisterCache cache) : IDecisionOutcome
{
    /// <summary>The agreement amendments are decided for.</summary>
    public const string AgreementId = AgreementRegister.CusspId;

    /// <inheritdoc />
    public DecisionKind Kind => DecisionKind.Amendment;

    /// <summary>The version the amendment's changes would make of the newest version, checking that they apply.</summary>
    /// <exception cref="InvalidInputException">A change does not apply.</exception>
    public async Task<RegisterSnapshot> PreviewAsync(IReadOnlyList<AmendmentChange> changes, CancellationToken ct = default)
    {
        var history = await cache.HistoryAsync(AgreementId, ct) ?? throw new NotFoundException($"agreement \"{AgreementId}\" does not exist");
        var latest = history.Latest;
        var overrides = await db.ProvisionOverrides.AsNoTracking().Where(o => o.AgreementId == AgreementId).ToListAsync(ct);
        return Consolidation.Apply(latest, changes, latest.Version with { Number = latest.Version.Number + 1 }, overrides);
    }

    /// <inheritdoc />
    public async Task CheckApprovalAsync(JointDecisionRecord decision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Changes.Count == 0)
        {
            return;
        }
        if (decision.Classification != SecurityClassification.Unclassified)
        {
            throw new ConflictException(
                $"This amendment changes the agreement's text, which the public register shows once it is approved: downgrade the decision to UNCLASSIFIED before approving it (it is {decision.Classification.Label()}).");
        }
        try
        {
            await PreviewAsync(Ordered(decision), ct);
        }
        catch (InvalidInputException e)
        {
            throw new ConflictException("The agreement changed since this amendment was proposed, and its changes no longer apply: " +
                string.Join(" ", e.Errors.Values.SelectMany(v => v)), e);
        }
    }

    /// <inheritdoc />
    public async Task SettleAsync(JointDecisionRecord decision, AccessSubject by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.State != DecisionState.Approved || decision.Changes.Count == 0)
        {
            return;
        }
        var history = await cache.HistoryAsync(AgreementId, ct) ?? throw new NotFoundException($"agreement \"{AgreementId}\" does not exist");
        var agreement = await db.Agreements.FirstAsync(a => a.Id == AgreementId, ct);
        var approvedAt = decision.DecidedAt ?? clock.GetCurrentInstant();
        var approvedOn = approvedAt.InZone(Time.Zones.Kyiv).Date;
        var effective = Latest(Latest(decision.EffectiveOn ?? approvedOn, approvedOn), history.Latest.Version.EffectiveOn);
        var version = new AgreementVersionRecord
        {
            AgreementId = AgreementId,
            Number = history.Latest.Version.Number + 1,
            EffectiveOn = effective,
            DecisionId = decision.Id,
            Title = decision.Title,
            ApprovedAt = approvedAt,
            Changes = decision.Changes.Count,
        };
        db.AgreementVersions.Add(version);
        agreement.Revision++;
        audit.Changed("agreement.amend", "agreement", AgreementId, null, new
        {
            version = version.Number,
            effectiveOn = effective.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
            decision = decision.Id,
            agreement.Revision,
            changes = Ordered(decision).Select(c => $"{c.Action.Name()} {c.Citation}").ToArray(),
        });
    }

    /// <inheritdoc />
    public void Saved(JointDecisionRecord decision) => cache.Invalidate(AgreementId);

    private static List<AmendmentChange> Ordered(JointDecisionRecord decision) =>
        decision.Changes.OrderBy(c => c.Ordinal).Select(c => c.ToChange()).ToList();

    private static LocalDate Latest(LocalDate a, LocalDate b) => a > b ? a : b;
}
