using Cussp.Screening;

namespace Cussp.Screening.Tests.Text;

public class TransliterationTests
{
    // Examples from the table of KMU resolution 55 (27 January 2010).
    [Theory]
    [InlineData("Україна", "Ukraina")]
    [InlineData("Хмельницький", "Khmelnytskyi")]
    [InlineData("Згорани", "Zghorany")]
    [InlineData("Розгон", "Rozghon")]
    [InlineData("Єнакієве", "Yenakiieve")]
    [InlineData("Гаївка", "Haivka")]
    [InlineData("Їжакевич", "Yizhakevych")]
    [InlineData("Йосипівка", "Yosypivka")]
    [InlineData("Стрий", "Stryi")]
    [InlineData("Олексій", "Oleksii")]
    [InlineData("Корюківка", "Koriukivka")]
    [InlineData("Юрій", "Yurii")]
    [InlineData("Яготин", "Yahotyn")]
    [InlineData("Костянтин", "Kostiantyn")]
    [InlineData("Знам'янка", "Znamianka")]
    [InlineData("Феодосія", "Feodosiia")]
    [InlineData("Щербухи", "Shcherbukhy")]
    [InlineData("Гоща", "Hoshcha")]
    [InlineData("Ґалаґан", "Galagan")]
    [InlineData("Рівне", "Rivne")]
    [InlineData("Запоріжжя", "Zaporizhzhia")]
    public void ToLatin_Kmu2010_FollowsTheResolutionTable(string cyrillic, string latin) =>
        Assert.Equal(latin, Transliteration.ToLatin(cyrillic, TransliterationScheme.Kmu2010));

    [Theory]
    [InlineData("Юлия Щеглова", "Iuliia Shcheglova")]
    [InlineData("Наталья", "Natalia")]
    [InlineData("Пётр", "Petr")]
    [InlineData("Ёлкин", "Elkin")]
    [InlineData("Хрущёв", "Khrushchev")]
    public void ToLatin_Icao9303_AsInRussianPassports(string cyrillic, string latin) =>
        Assert.Equal(latin, Transliteration.ToLatin(cyrillic, TransliterationScheme.Icao9303, ukrainian: false));

    [Theory]
    [InlineData("Ельцин", "Yeltsin")]
    [InlineData("Хрущёв", "Khrushchëv")]
    [InlineData("Андреевич", "Andreyevich")]
    [InlineData("Юрьев", "Yuryev")]
    public void ToLatin_BgnPcgn_WritesIotationAfterVowelsAndSigns(string cyrillic, string latin) =>
        Assert.Equal(latin, Transliteration.ToLatin(cyrillic, TransliterationScheme.BgnPcgn, ukrainian: false));

    [Theory]
    [InlineData("Щука", "Shhuka")]
    [InlineData("Цирк", "Cirk")]
    [InlineData("Царь", "Czar")]
    [InlineData("Йошкар-Ола", "Joshkar-Ola")]
    [InlineData("Хабаровск", "Xabarovsk")]
    public void ToLatin_Gost779_SystemB(string cyrillic, string latin) =>
        Assert.Equal(latin, Transliteration.ToLatin(cyrillic, TransliterationScheme.Gost779, ukrainian: false));

    [Theory]
    [InlineData(TransliterationScheme.German, "Яценюк", "Jazenjuk")]
    [InlineData(TransliterationScheme.Polish, "Яценюк", "Jaceniuk")]
    [InlineData(TransliterationScheme.French, "Яценюк", "Iatseniouk")]
    [InlineData(TransliterationScheme.German, "Хрущёв", "Chruschtschow")]
    [InlineData(TransliterationScheme.Polish, "Хрущёв", "Chruszczow")]
    public void ToLatin_ForeignSpellings_AsThePressWritesThem(TransliterationScheme scheme, string cyrillic, string latin) =>
        Assert.Equal(latin, Transliteration.ToLatin(cyrillic, scheme));

    [Theory]
    [InlineData("Ельцин", "Yeltsin")]
    [InlineData("Зеленский", "Zelensky")]
    [InlineData("Евгений", "Yevgeny")]
    [InlineData("Юрий", "Yury")]
    public void ToLatin_English_AsTheEnglishPressWritesRussianNames(string cyrillic, string latin) =>
        Assert.Equal(latin, Transliteration.ToLatin(cyrillic, TransliterationScheme.English, ukrainian: false));

    [Fact]
    public void ToLatin_English_Ukrainian() =>
        Assert.Equal("Yatsenyuk", Transliteration.ToLatin("Яценюк", TransliterationScheme.English, ukrainian: true));

    [Theory]
    [InlineData(TransliterationScheme.German, "Горбачёв", "Gorbatschow")]
    [InlineData(TransliterationScheme.German, "Ельцин", "Jelzin")]
    [InlineData(TransliterationScheme.Polish, "Горбачёв", "Gorbaczow")]
    [InlineData(TransliterationScheme.French, "Хрущев", "Khrouchtchev")]
    [InlineData(TransliterationScheme.French, "Горбачев", "Gorbatchev")]
    [InlineData(TransliterationScheme.French, "Зеленский", "Zelensky")]
    public void ToLatin_ForeignSpellings_OfRussianNames(TransliterationScheme scheme, string cyrillic, string latin) =>
        Assert.Equal(latin, Transliteration.ToLatin(cyrillic, scheme, ukrainian: false));

    [Theory]
    [InlineData(TransliterationScheme.German, "Зеленський", "Selenskyj")]
    [InlineData(TransliterationScheme.Polish, "Шевченко", "Szewczenko")]
    [InlineData(TransliterationScheme.Icao9303, "Зеленський", "Zelenskyi")]
    [InlineData(TransliterationScheme.Icao9303, "Юлія", "Iuliia")]
    public void ToLatin_UkrainianNames_ByOtherSchemes(TransliterationScheme scheme, string cyrillic, string latin) =>
        Assert.Equal(latin, Transliteration.ToLatin(cyrillic, scheme, ukrainian: true));

    [Theory]
    [InlineData(TransliterationScheme.BgnPcgn, "Горбачёв", "Gorbachëv")]
    [InlineData(TransliterationScheme.Gost779, "Чайковский", "Chajkovskij")]
    [InlineData(TransliterationScheme.Gost779, "Ёлкин", "Yolkin")]
    public void ToLatin_RussianSystems_MoreTableExamples(TransliterationScheme scheme, string cyrillic, string latin) =>
        Assert.Equal(latin, Transliteration.ToLatin(cyrillic, scheme, ukrainian: false));

    [Fact]
    public void ToLatin_AllCapitals_StayCapitals() =>
        Assert.Equal("ZELENSKYI VOLODYMYR", Transliteration.ToLatin("ЗЕЛЕНСЬКИЙ ВОЛОДИМИР", TransliterationScheme.Kmu2010));

    [Fact]
    public void ToLatin_LatinAndDigits_PassThrough() =>
        Assert.Equal("Kyiv 2024 Kyiv", Transliteration.ToLatin("Kyiv 2024 Київ", TransliterationScheme.Kmu2010));

    [Theory]
    [InlineData("Їжак", true)]
    [InlineData("Подъезд", false)]
    [InlineData("Иван", null)]
    public void IsUkrainian_FromTheLettersOnlyOneLanguageHas(string text, bool? expected) =>
        Assert.Equal(expected, Transliteration.IsUkrainian(text));
}
