using System.Collections;
using System.Globalization;
using System.Resources;

namespace Cussp.Tests.Pages;

/// <summary>The page texts: French and Ukrainian say everything English says.</summary>
public sealed class TextResourcesTests
{
    // Names that are the same in every language: the product's name and each language's own name.
    private static readonly string[] SameInEveryLanguage = ["Site.Name", "Lang.en", "Lang.fr", "Lang.uk"];

    private static Dictionary<string, string> Texts(string resources, CultureInfo culture) =>
        new ResourceManager("Cussp.Resources." + resources, typeof(Program).Assembly)
            .GetResourceSet(culture, createIfNotExists: true, tryParents: false)!.Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    [Theory]
    [InlineData("Text", "fr")]
    [InlineData("Text", "uk")]
    [InlineData("AccountText", "fr")]
    [InlineData("AccountText", "uk")]
    public void Translation_HasEveryEnglishText(string resources, string language)
    {
        var english = Texts(resources, CultureInfo.InvariantCulture);
        var translated = Texts(resources, CultureInfo.GetCultureInfo(language));

        var missing = english.Keys.Except(translated.Keys).Except(SameInEveryLanguage).Order().ToList();

        Assert.True(english.Count > 100);
        Assert.Empty(missing);
        // Only plural forms English does not have may be extra; any other extra name is a text no page asks for.
        var extra = translated.Keys.Except(english.Keys).Where(k => !k.EndsWith(".few", StringComparison.Ordinal) && !k.EndsWith(".many", StringComparison.Ordinal)).ToList();
        Assert.Equal([], extra);
    }

    [Theory]
    [InlineData("Text", "fr")]
    [InlineData("Text", "uk")]
    [InlineData("AccountText", "fr")]
    [InlineData("AccountText", "uk")]
    public void Translation_KeepsEveryPlaceholder(string resources, string language)
    {
        var english = Texts(resources, CultureInfo.InvariantCulture);
        var translated = Texts(resources, CultureInfo.GetCultureInfo(language));

        Assert.All(translated.Where(t => english.ContainsKey(t.Key)), t =>
        {
            for (var i = 0; i < 3; i++)
            {
                var placeholder = $"{{{i}}}";
                Assert.True(english[t.Key].Contains(placeholder, StringComparison.Ordinal) == t.Value.Contains(placeholder, StringComparison.Ordinal),
                    $"{t.Key} in {language}: {placeholder}");
            }
        });
    }
}
