using System.Collections;
using System.Globalization;
using System.Resources;

namespace Cussp.Tests.Pages;

/// <summary>The administration and decision texts: French and Ukrainian say everything English says, with the same placeholders.</summary>
public sealed class FeatureTextsTests
{
    public static TheoryData<string, string> Sets => new()
    {
        { "Cussp.Resources.AdminText", "fr" },
        { "Cussp.Resources.AdminText", "uk" },
        { "Cussp.Resources.DecisionText", "fr" },
        { "Cussp.Resources.DecisionText", "uk" },
        { "Cussp.Resources.CommitmentText", "fr" },
        { "Cussp.Resources.CommitmentText", "uk" },
    };

    private static Dictionary<string, string> Texts(string set, CultureInfo culture) =>
        new ResourceManager(set, typeof(Program).Assembly).GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    [Theory, MemberData(nameof(Sets))]
    public void Translation_HasEveryEnglishTextAndNothingElse(string set, string language)
    {
        var english = Texts(set, CultureInfo.InvariantCulture);
        var translated = Texts(set, CultureInfo.GetCultureInfo(language));

        Assert.True(english.Count > 20);
        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), translated.Keys.Order(StringComparer.Ordinal));
        // A translation that is the English text again was not translated (names such as "Organisations" aside).
        Assert.True(translated.Count(t => t.Value == english[t.Key]) <= 2, string.Join(", ", translated.Where(t => t.Value == english[t.Key]).Select(t => t.Key)));
    }

    [Theory, MemberData(nameof(Sets))]
    public void Translation_KeepsEveryPlaceholder(string set, string language)
    {
        var english = Texts(set, CultureInfo.InvariantCulture);
        var translated = Texts(set, CultureInfo.GetCultureInfo(language));

        Assert.All(translated, t =>
        {
            for (var i = 0; i < 4; i++)
            {
                var placeholder = $"{{{i}}}";
                Assert.True(english[t.Key].Contains(placeholder, StringComparison.Ordinal) == t.Value.Contains(placeholder, StringComparison.Ordinal),
                    $"{t.Key} in {language}: {placeholder}");
            }
        });
    }
}
