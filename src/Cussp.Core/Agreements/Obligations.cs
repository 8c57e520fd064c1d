namespace Cussp.Agreements;

/// <summary>A time-bound duty read from a provision.</summary>
/// <param name="Citation">The provision.</param>
/// <param name="Actor">Who owes it.</param>
/// <param name="Rule">The time rule.</param>
/// <param name="Summary">The provision's words, shortened.</param>
/// <param name="DueDate">The date it falls due when that is fixed by the text (anchored on signature).</param>
/// <param name="NextDue">For a recurring duty: the end of the current agreement year (the next anniversary of signature).</param>
public sealed record Obligation(string Citation, Actor Actor, TimeRule Rule, string Summary, LocalDate? DueDate, LocalDate? NextDue);

/// <summary>Derives the obligations of an agreement from its time rules.</summary>
public static class Obligations
{
    /// <summary>Every time rule of the agreement as an obligation, dated where the text fixes a date.</summary>
    public static IReadOnlyList<Obligation> For(RegisterSnapshot snapshot, LocalDate today)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var signed = snapshot.Agreement.SignedOn;
        var list = new List<Obligation>();
        foreach (var p in snapshot.Provisions)
        {
            foreach (var r in p.TimeRules)
            {
                LocalDate? due = r.Anchor == TimeAnchor.Signature && signed is { } s ? r.DueFrom(s) : null;
                LocalDate? next = null;
                if (r.Kind == TimeRuleKind.Recurrence && signed is { } start)
                {
                    var n = start;
                    while (n <= today)
                    {
                        n = n.Plus(r.Period);
                    }
                    next = n;
                }
                list.Add(new Obligation(p.Citation, p.Actor, r, Shorten(p.Text), due, next));
            }
        }
        return list;
    }

    private static string Shorten(string text) => text.Length <= 240 ? text : string.Concat(text.AsSpan(0, 237), "…");
}
