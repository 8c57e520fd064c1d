using Microsoft.Extensions.Localization;

namespace Cussp;

/// <summary>The page texts in <c>Resources/Text.resx</c> and its French and Ukrainian versions; in the root namespace, which the resource name follows.</summary>
internal sealed class Text;

/// <summary>Says in the reader's language which character a free-text field may not hold (the rule is <see cref="TextInput"/>).</summary>
internal static class TextProblems
{
    public static string Say(this IStringLocalizer<Text> text, TextProblem problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(problem);
        return text["TextProblem", problem.Character, problem.Position, text["TextProblem." + problem.Kind]];
    }

    /// <summary>What is wrong with the first character <paramref name="value"/> may not hold, or null when it may be stored.</summary>
    public static string? Unreadable(this IStringLocalizer<Text> text, string? value, TextShape shape) =>
        TextInput.Find(value, shape) is { } problem ? text.Say(problem) : null;
}
