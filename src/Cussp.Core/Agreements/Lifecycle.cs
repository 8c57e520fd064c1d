namespace Cussp.Agreements;

/// <summary>A dated step of an agreement's life, with the provision it comes from.</summary>
/// <param name="Key">signature, entry-into-effect, review-due, expiry, termination.</param>
/// <param name="Date">The calendar date.</param>
/// <param name="Citation">The provision that sets it; null for the signature itself.</param>
/// <param name="Rule">The words of the rule.</param>
public sealed record LifecycleDate(string Key, LocalDate Date, string? Citation, string Rule);

/// <summary>The agreement's lifecycle dates derived from its time rules.</summary>
public static class Lifecycle
{
    /// <summary>
    /// Signature, entry into effect, review due and expiry, and — when <paramref name="noticeReceived"/> is given — the date a
    /// termination takes effect. Months are added as calendar months, truncating at month end (31 Aug + 6 months = 28 Feb).
    /// </summary>
    /// <exception cref="InvalidInputException">The agreement has no signature date, or the notice date is outside its life.</exception>
    public static IReadOnlyList<LifecycleDate> For(RegisterSnapshot snapshot, LocalDate? noticeReceived)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var signed = snapshot.Agreement.SignedOn
            ?? throw InvalidInputException.About("noticeReceived", $"agreement \"{snapshot.Agreement.Id}\" has no signature date");
        var dates = new List<LifecycleDate> { new("signature", signed, null, snapshot.SignatureClause ?? "date of signature") };
        var validity = FirstRule(snapshot, TimeRuleKind.Validity, TimeAnchor.Signature);
        if (validity is { } v)
        {
            dates.Add(new("entry-into-effect", signed, v.Provision.Citation, "on the date of signature"));
        }
        if (FirstRule(snapshot, TimeRuleKind.Deadline, TimeAnchor.Signature) is { } review)
        {
            dates.Add(new("review-due", signed.Plus(review.Rule.Period), review.Provision.Citation, review.Rule.Phrase));
        }
        LocalDate? expiry = null;
        if (validity is { } val)
        {
            expiry = signed.Plus(val.Rule.Period);
            dates.Add(new("expiry", expiry.Value, val.Provision.Citation, val.Rule.Phrase));
        }
        if (noticeReceived is { } notice)
        {
            if (notice < signed)
            {
                throw InvalidInputException.About("noticeReceived", $"--notice-received {notice:uuuu-MM-dd}: before the signature on {signed:uuuu-MM-dd}");
            }
            if (expiry is { } e && notice >= e)
            {
                throw InvalidInputException.About("noticeReceived", $"--notice-received {notice:uuuu-MM-dd}: the agreement expires on {e:uuuu-MM-dd}");
            }
            var termination = FirstRule(snapshot, TimeRuleKind.Delay, TimeAnchor.NoticeReceipt)
                ?? throw InvalidInputException.About("noticeReceived", $"agreement \"{snapshot.Agreement.Id}\" has no termination-by-notice rule");
            dates.Add(new("termination", notice.Plus(termination.Rule.Period), termination.Provision.Citation, termination.Rule.Phrase));
        }
        return dates;
    }

    private static (ProvisionView Provision, TimeRule Rule)? FirstRule(RegisterSnapshot s, TimeRuleKind kind, TimeAnchor anchor)
    {
        foreach (var p in s.Provisions)
        {
            foreach (var r in p.TimeRules)
            {
                if (r.Kind == kind && r.Anchor == anchor)
                {
                    return (p, r);
                }
            }
        }
        return null;
    }
}
