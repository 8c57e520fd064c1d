using Cussp.Agreements;
using Cussp.Identity;

namespace Cussp.Commitments;

/// <summary>How the commitments of one key component stand, counted over what one reader may see.</summary>
/// <param name="Component">The key component (the commitments' area).</param>
/// <param name="Total">Commitments.</param>
/// <param name="Advanced">At substantial progress or complete.</param>
/// <param name="Complete">Complete.</param>
/// <param name="AtRisk">At risk.</param>
/// <param name="Broken">Broken.</param>
public sealed record ComponentProgress(string Component, int Total, int Advanced, int Complete, int AtRisk, int Broken)
{
    /// <summary>The share at substantial progress or complete, in whole percent (0 when there are none).</summary>
    public int AdvancedPercent => Total == 0 ? 0 : (int)Math.Round(100.0 * Advanced / Total, MidpointRounding.AwayFromZero);
}

/// <summary>
/// Progress on the commitments, per key component: one grouped query, filtered by <see cref="AccessPolicy"/> inside it, so a reader's
/// figures count exactly the commitments they may read.
/// </summary>
public sealed class CommitmentProgress(CusspDbContext db)
{
    /// <summary>For each key component (the framework last), how the commitments <paramref name="subject"/> may read stand.</summary>
    public async Task<IReadOnlyList<ComponentProgress>> ByComponentAsync(AccessSubject? subject, string agreementId, CancellationToken ct = default)
    {
        var rows = await db.Commitments.AsNoTracking().Where(AccessPolicy.Readable<CommitmentRecord>(subject)).Where(c => c.AgreementId == agreementId)
            .GroupBy(c => new { c.Area, c.Status }).Select(g => new { g.Key.Area, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        return [.. KeyComponents.Ids.Select(id =>
        {
            var mine = rows.Where(r => r.Area == id).ToList();
            int Count(params CommitmentStatus[] statuses) => mine.Where(r => statuses.Contains(r.Status)).Sum(r => r.Count);
            return new ComponentProgress(id, mine.Sum(r => r.Count), Count(CommitmentStatus.Substantial, CommitmentStatus.Complete),
                Count(CommitmentStatus.Complete), Count(CommitmentStatus.AtRisk), Count(CommitmentStatus.Broken));
        })];
    }
}
