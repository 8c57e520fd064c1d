using Cussp.Identity;
using Microsoft.Extensions.Localization;

namespace Cussp;

/// <summary>The texts of the administration pages (accounts, organisations) in <c>Resources/AdminText.resx</c> and its French and Ukrainian versions.</summary>
internal sealed class AdminText;

/// <summary>Says in the reader's language what an administration rule or an input check refused.</summary>
internal static class AdminMessages
{
    /// <summary>What is wrong with the field <paramref name="e"/> names; the use case's own words when no translation says it better.</summary>
    public static string Invalid(this IStringLocalizer<AdminText> text, InvalidInputException e)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(e);
        var message = text["Invalid." + e.Field];
        return message.ResourceNotFound ? e.Message : message.Value;
    }

    /// <summary>Which administration rule refused.</summary>
    public static string Refused(this IStringLocalizer<AdminText> text, RefusedException e)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(e);
        return text["Refused." + (e.Rule ?? AdministrationRule.Administrator)];
    }
}
