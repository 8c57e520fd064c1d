using System.Globalization;
using Cussp.Components;
using Cussp.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Cussp.Tests.Pages;

/// <summary>Counts read correctly in each language, Ukrainian's three forms included.</summary>
public sealed class PluralsTests(SharedApps apps)
{
    [Theory]
    [InlineData("en", 1, "1 provision")]
    [InlineData("en", 0, "0 provisions")]
    [InlineData("en", 21, "21 provisions")]
    [InlineData("fr", 0, "0 disposition")]
    [InlineData("fr", 1, "1 disposition")]
    [InlineData("fr", 2, "2 dispositions")]
    [InlineData("uk", 1, "1 положення")]
    [InlineData("uk", 3, "3 положення")]
    [InlineData("uk", 5, "5 положень")]
    [InlineData("uk", 11, "11 положень")]
    [InlineData("uk", 12, "12 положень")]
    [InlineData("uk", 21, "21 положення")]
    [InlineData("uk", 22, "22 положення")]
    [InlineData("uk", 161, "161 положення")]
    public async Task Plural_ProvisionCount_UsesTheLanguagesForm(string language, int n, string expected)
    {
        var localizer = (await apps.For(DatabaseProvider.Sqlite)).Services.GetRequiredService<IStringLocalizer<Text>>();
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            Assert.Equal(expected, localizer.Plural("Provisions.Count", n));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
