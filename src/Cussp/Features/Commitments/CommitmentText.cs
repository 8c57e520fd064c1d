using Cussp.Commitments;
using Microsoft.Extensions.Localization;

namespace Cussp;

/// <summary>The texts of the commitment pages in <c>Resources/CommitmentText.resx</c> and its French and Ukrainian versions.</summary>
internal sealed class CommitmentText;

/// <summary>How the commitment pages name statuses and leads in the reader's language, and show a title taken from the agreement.</summary>
internal static class CommitmentWords
{
    public static string Status(this IStringLocalizer<CommitmentText> text, CommitmentStatus status) => text["Status." + status];

    public static string Lead(this IStringLocalizer<CommitmentText> text, CommitmentLead lead) => text["Lead." + lead];

    /// <summary>A compliance score with its meaning: +1 kept, 0 partly kept, −1 not kept.</summary>
    public static string Score(this IStringLocalizer<CommitmentText> text, int score) => text[score switch
    {
        1 => "Score.Kept",
        0 => "Score.Partly",
        _ => "Score.NotKept",
    }];

    /// <summary>A unit as the reader's language writes it: currencies by their ISO 4217 code, percent by its sign.</summary>
    public static string Unit(this IStringLocalizer<CommitmentText> text, IndicatorUnit unit) => unit switch
    {
        IndicatorUnit.Cad or IndicatorUnit.Usd or IndicatorUnit.Eur or IndicatorUnit.Uah => unit.Name(),
        IndicatorUnit.Percent => "%",
        _ => text["Unit." + unit],
    };

    /// <summary>
    /// A commitment's title, split for showing: the words and whether they were cut. A derived commitment's title is the provision's
    /// own English words (shown marked as English), cut with an ellipsis that is not part of them.
    /// </summary>
    public static (string Words, bool Cut) TitleParts(CommitmentRecord commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        return TitleParts(commitment.Title, commitment.Derived);
    }

    /// <summary>A title split for showing, as <see cref="TitleParts(CommitmentRecord)"/> splits a commitment's.</summary>
    public static (string Words, bool Cut) TitleParts(string title, bool derived)
    {
        ArgumentNullException.ThrowIfNull(title);
        return derived && title.EndsWith('…') ? (title[..^1], true) : (title, false);
    }
}
