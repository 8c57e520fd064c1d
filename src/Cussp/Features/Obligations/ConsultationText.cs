using Cussp.Identity;
using Cussp.Obligations;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Cussp;

/// <summary>The texts of the consultation and notice pages in <c>Resources/ConsultationText.resx</c> and its French and Ukrainian versions.</summary>
internal sealed class ConsultationText;

/// <summary>How the consultation pages name grounds, states, measures and the time left in the reader's language.</summary>
internal static class ConsultationWords
{
    public static string Ground(this IStringLocalizer<ConsultationText> text, ConsultationGround ground) => text["Ground." + ground];

    public static string State(this IStringLocalizer<ConsultationText> text, ConsultationState state) => text["State." + state];

    public static string Measure(this IStringLocalizer<ConsultationText> text, ConsultationMeasures measure) => text["Measure." + measure];

    /// <summary>The time left to consult at <paramref name="now"/>, the time overdue, or whether it was held on time.</summary>
    public static string Left(this IStringLocalizer<ConsultationText> text, ConsultationRecord c, Instant now)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.HeldAt is { } held)
        {
            return held <= c.DueAt ? text["Left.OnTime"] : text["Left.Late"];
        }
        var left = c.DueAt - now;
        var span = left < Duration.Zero ? -left : left;
        var minutes = (long)Math.Floor(span.TotalMinutes);
        return text[left < Duration.Zero ? "Left.Overdue" : "Left.Remaining", minutes / 60, minutes % 60];
    }

    /// <summary>Whether the time to consult ran out at <paramref name="now"/> with no consultation recorded.</summary>
    public static bool Overdue(ConsultationRecord c, Instant now) => c.HeldAt is null && now > c.DueAt;

    /// <summary>A participant's name in the reader's language.</summary>
    public static string Side(this IStringLocalizer<AccountText> text, Participant participant) => text["Participant." + participant];
}
