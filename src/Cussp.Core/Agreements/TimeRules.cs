using System.Globalization;
using System.Text.RegularExpressions;

namespace Cussp.Agreements;

/// <summary>What a time expression in a provision does.</summary>
public enum TimeRuleKind
{
    /// <summary>Something must happen within a period after an anchor event ("within 24 hours", "within three years after").</summary>
    Deadline,
    /// <summary>Something recurs every period ("annual").</summary>
    Recurrence,
    /// <summary>The agreement or duty lasts a period from its anchor ("valid for a period of ten years").</summary>
    Validity,
    /// <summary>An effect follows an anchor event after a period ("terminated six months from receipt of notice").</summary>
    Delay,
}

/// <summary>The event a time rule counts from.</summary>
public enum TimeAnchor
{
    /// <summary>No anchor: a recurrence counted by calendar year.</summary>
    None,
    /// <summary>A request by either participant (for example for consultations).</summary>
    Request,
    /// <summary>The signature of the agreement.</summary>
    Signature,
    /// <summary>Receipt of a written notice (for example of termination).</summary>
    NoticeReceipt,
}

/// <summary>A time rule read from a provision's words.</summary>
/// <param name="Kind">Deadline, recurrence, validity or delay.</param>
/// <param name="Anchor">What it counts from.</param>
/// <param name="Period">How long: <c>PT24H</c>, <c>P1Y</c>, <c>P3Y</c>, <c>P10Y</c>, <c>P6M</c>.</param>
/// <param name="Phrase">The words it was read from.</param>
public sealed record TimeRule(TimeRuleKind Kind, TimeAnchor Anchor, Period Period, string Phrase)
{
    /// <summary>The API name of the kind.</summary>
    public string KindName => Kind.ToString().ToLowerInvariant();

    /// <summary>The API name of the anchor.</summary>
    public string AnchorName => Anchor.Name();

    /// <summary>The date this rule falls due when its anchor is a known date; calendar arithmetic truncates at month ends.</summary>
    public LocalDate? DueFrom(LocalDate anchorDate) => Period.HasTimeComponent ? null : anchorDate.Plus(Period);
}

/// <summary>Reads time rules from provision text.</summary>
public static partial class TimeRuleReader
{
    // "twenty-four (24) hours", "three (3) years", "6 months": the digits decide, the words are kept in the phrase.
    [GeneratedRegex(@"(?<lead>\bwithin\s+|\bfor\s+a\s+period\s+of\s+)?(?:[a-z\-]+\s+)?\(?(?<n>\d{1,4})\)?\s+(?<unit>hours?|days?|weeks?|months?|years?)\b(?<tail>[^.;]{0,80})",
        RegexOptions.IgnoreCase)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\b(?<word>annual(?:ly)?|each\s+year|every\s+year|yearly|quarterly|monthly|biennial(?:ly)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Recurring();

    // The words that name what a period counts from; a receipt of notice is named by its "notice".
    [GeneratedRegex(@"\b(?:(?<request>request)|(?<signature>signature)|notice)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AnchorWord();

    /// <summary>Every time rule in <paramref name="text"/>, in reading order.</summary>
    public static IReadOnlyList<TimeRule> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = new List<(int At, TimeRule Rule)>();
        foreach (Match m in Duration().Matches(text))
        {
            var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            var period = Unit(m.Groups["unit"].Value, n);
            var lead = m.Groups["lead"].Value.Trim().ToLowerInvariant();
            var tail = m.Groups["tail"].Value;
            var sentence = SentenceAround(text, m.Index);
            TimeRuleKind kind;
            TimeAnchor anchor;
            if (lead.StartsWith("within", StringComparison.Ordinal))
            {
                kind = TimeRuleKind.Deadline;
                // Signature and notice follow the period ("within three years after the signature"); a request comes before it
                // ("at the request of either, meet within 48 hours").
                anchor = FirstNamed(tail, TimeAnchor.Signature, TimeAnchor.NoticeReceipt);
                if (anchor == TimeAnchor.None)
                {
                    anchor = FirstNamed(sentence, TimeAnchor.Request);
                }
            }
            else if (lead.StartsWith("for", StringComparison.Ordinal))
            {
                kind = TimeRuleKind.Validity;
                anchor = FirstNamed(sentence, TimeAnchor.Signature);
            }
            else if (Regex.IsMatch(tail, @"^\s*(?:from|after)\b", RegexOptions.IgnoreCase))
            {
                kind = TimeRuleKind.Delay;
                anchor = FirstNamed(tail, TimeAnchor.NoticeReceipt, TimeAnchor.Signature, TimeAnchor.Request);
            }
            else
            {
                // A bare duration ("for over 20 years of cooperation") states a fact, not a rule.
                continue;
            }
            var phrase = (m.Value[..(m.Length - tail.Length)] + TrimTail(tail)).Trim();
            rules.Add((m.Index, new TimeRule(kind, anchor, period, phrase)));
        }
        foreach (Match m in Recurring().Matches(text))
        {
            var word = m.Groups["word"].Value.ToLowerInvariant();
            var period = word switch
            {
                var w when w.StartsWith("quarterly", StringComparison.Ordinal) => Period.FromMonths(3),
                var w when w.StartsWith("monthly", StringComparison.Ordinal) => Period.FromMonths(1),
                var w when w.StartsWith("biennial", StringComparison.Ordinal) => Period.FromYears(2),
                _ => Period.FromYears(1),
            };
            rules.Add((m.Index, new TimeRule(TimeRuleKind.Recurrence, TimeAnchor.None, period, PhraseAround(text, m))));
        }
        return rules.OrderBy(r => r.At).Select(r => r.Rule).ToList();
    }

    private static Period Unit(string unit, int n) => unit.ToLowerInvariant().TrimEnd('s') switch
    {
        "hour" => Period.FromHours(n),
        "day" => Period.FromDays(n),
        "week" => Period.FromWeeks(n),
        "month" => Period.FromMonths(n),
        _ => Period.FromYears(n),
    };

    // The first of the anchors, in the order given, whose word the text holds; None when it holds none of them.
    private static TimeAnchor FirstNamed(string text, params ReadOnlySpan<TimeAnchor> anchors)
    {
        var named = AnchorWord().Matches(text).Select(Anchor).ToHashSet();
        foreach (var anchor in anchors)
        {
            if (named.Contains(anchor))
            {
                return anchor;
            }
        }
        return TimeAnchor.None;
    }

    private static TimeAnchor Anchor(Match word) =>
        word.Groups["request"].Success ? TimeAnchor.Request
        : word.Groups["signature"].Success ? TimeAnchor.Signature
        : TimeAnchor.NoticeReceipt;

    private static string TrimTail(string tail)
    {
        // Keep the anchor words ("after the signature of this Agreement", "from the date of receipt of such notice").
        var m = Regex.Match(tail, @"^\s*(?:after|from)\b[^,]*", RegexOptions.IgnoreCase);
        return m.Success ? m.Value : "";
    }

    private static string SentenceAround(string text, int index)
    {
        var start = text.LastIndexOfAny(['.', ';', ':'], Math.Max(0, index - 1)) + 1;
        var end = text.IndexOfAny(['.', ';'], index);
        return text[start..(end < 0 ? text.Length : end)];
    }

    private static string PhraseAround(string text, Match m)
    {
        // The recurring word with the noun phrase it qualifies: "annual meetings", "annual senior-level Strategic Defence Policy Dialogues".
        var rest = text[(m.Index + m.Length)..];
        var noun = Regex.Match(rest, @"^(?:\s+[\p{L}\-]+){1,5}?\s+(?:meetings?|dialogues?|reviews?|reports?|consultations?|summits?)\b",
            RegexOptions.IgnoreCase);
        if (!noun.Success)
        {
            noun = Regex.Match(rest, @"^\s+[\p{L}\-]+");
        }
        return (m.Value + noun.Value).Trim();
    }
}
