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

    /// <summary>Every set of page texts the app holds, a set added later included, with French and Ukrainian.</summary>
    public static TheoryData<string, string> EverySetInEveryTranslation()
    {
        var sets = typeof(Program).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Cussp.Resources.", StringComparison.Ordinal) && n.EndsWith(".resources", StringComparison.Ordinal))
            .Select(n => n["Cussp.Resources.".Length..^".resources".Length]).Order().ToList();
        Assert.Contains("AuditText", sets);
        var data = new TheoryData<string, string>();
        foreach (var set in sets)
        {
            data.Add(set, "fr");
            data.Add(set, "uk");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EverySetInEveryTranslation))]
    public void Translation_HasEveryEnglishText(string resources, string language)
    {
        var english = Texts(resources, CultureInfo.InvariantCulture);
        var translated = Texts(resources, CultureInfo.GetCultureInfo(language));

        var missing = english.Keys.Except(translated.Keys).Except(SameInEveryLanguage).Order().ToList();

        Assert.NotEmpty(english);
        Assert.Empty(missing);
        // Only plural forms English does not have may be extra; any other extra name is a text no page asks for.
        var extra = translated.Keys.Except(english.Keys).Where(k => !k.EndsWith(".few", StringComparison.Ordinal) && !k.EndsWith(".many", StringComparison.Ordinal)).ToList();
        Assert.Equal([], extra);
    }

    [Theory]
    [MemberData(nameof(EverySetInEveryTranslation))]
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
