using Cussp.Decisions;
using Cussp.Time;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Cussp;

/// <summary>The texts of the joint-decision pages in <c>Resources/DecisionText.resx</c> and its French and Ukrainian versions.</summary>
internal sealed class DecisionText;

/// <summary>How the decision pages name kinds, states and moments in the reader's language.</summary>
internal static class DecisionWords
{
    public static string Kind(this IStringLocalizer<DecisionText> text, DecisionKind kind) => text["Kind." + kind];

    public static string State(this IStringLocalizer<DecisionText> text, DecisionState state) => text["State." + state];

    /// <summary>A moment as a date and time in Kyiv, where the agreement was signed.</summary>
    public static string InKyiv(Instant at) => at.InZone(Zones.Kyiv).ToString("uuuu-MM-dd HH:mm", null);
}
