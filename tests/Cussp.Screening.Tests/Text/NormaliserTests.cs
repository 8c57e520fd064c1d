using Cussp.Screening;

namespace Cussp.Screening.Tests.Text;

public class NormaliserTests
{
    [Theory]
    [InlineData("François Hollande", "francois hollande")]
    [InlineData("Lech Wałęsa", "lech walesa")]
    [InlineData("Müller-Lüdenscheidt", "muller ludenscheidt")]
    [InlineData("O'Brien", "obrien")]
    [InlineData("Lu’ai  Al-Ali", "luai al ali")]
    [InlineData("Straße", "strasse")]
    [InlineData("Tab\there\u0001and\u0007bell", "tab here and bell")]
    [InlineData("Nguyễn Tấn Dũng", "nguyen tan dung")]
    [InlineData("Đặng Thị Ngọc Thịnh", "dang thi ngoc thinh")]
    [InlineData("Ἀλέξανδρος", "αλεξανδρος")]
    [InlineData("ｚｅｌｅｎｓｋｙｙ", "zelenskyy")]
    public void Fold_RemovesCaseDiacriticsPunctuationAndControlCharacters(string text, string folded) =>
        Assert.Equal(folded, Normaliser.Fold(text));

    [Theory]
    [InlineData("Pu\u200Btin")]
    [InlineData("Pu\u00ADtin")]
    [InlineData("\uFEFFPutin")]
    [InlineData("\u200FPu\u200Dtin\u200E")]
    [InlineData("Pu\u2060tin")]
    [InlineData("Пу\u200Bтин")]
    public void Forms_InvisibleCharacters_AreRemovedBeforeAnythingElse(string name) =>
        Assert.Contains(Normaliser.Forms(name), f => string.Join(' ', f.Words) == "putin");

    [Theory]
    [InlineData("ООО \"Ромашка\"", "romashka", "llc")]
    [InlineData("ТОВ «Ромашка»", "romashka", "llc")]
    [InlineData("Romashka, L.L.C.", "romashka", "llc")]
    [InlineData("Open Joint Stock Company Gazprom", "gazprom", "jsc")]
    [InlineData("OAO Gazprom", "gazprom", "jsc")]
    [InlineData("ПАО Сбербанк", "sberbank", "jsc")]
    [InlineData("Siemens Aktiengesellschaft", "siemens", "jsc")]
    public void Forms_TakeLegalFormsOutAndKeepTheirFamily(string name, string words, string family)
    {
        var form = Normaliser.Forms(name)[0];
        Assert.Equal(words, string.Join(' ', form.Words));
        Assert.Equal(family, Assert.Single(form.LegalForms));
    }

    [Fact]
    public void Forms_ANameThatIsOnlyALegalForm_KeepsIt() =>
        Assert.Equal("ao", string.Join(' ', Normaliser.Forms("AO")[0].Words));

    [Theory]
    [InlineData("Mr. John Smith", "john smith")]
    [InlineData("General Ali Mamlouk", "ali mamlouk")]
    [InlineData("Sheikh Abdullah", "abdullah")]
    [InlineData("Jainal Antel Sali Jr.", "jainal antel sali")]
    [InlineData("Hao Pan", "hao pan")]
    public void Forms_OfAPerson_DropLeadingTitles(string name, string words) =>
        Assert.Equal(words, string.Join(' ', Normaliser.Forms(name, EntityKind.Person)[0].Words));

    [Theory]
    [InlineData("General Dynamics Corporation", EntityKind.Company, "general dynamics")]
    [InlineData("Captain Morgan Ltd", EntityKind.Company, "captain morgan")]
    [InlineData("Sheikh Zayed Foundation", EntityKind.Organization, "sheikh zayed foundation")]
    public void Forms_OfAnOrganisation_KeepTitleWords(string name, EntityKind kind, string words) =>
        Assert.Equal(words, string.Join(' ', Normaliser.Forms(name, kind)[0].Words));

    [Fact]
    public void Compare_TitleWordsInAnOrganisationName_StillDecide() =>
        Assert.True(NameMatcher.Compare("General Dynamics", "General Dynamics Corporation", EntityKind.Company).Score
            > NameMatcher.Compare("General Dynamics", "Dynamics Corporation", EntityKind.Company).Score);

    [Fact]
    public void Forms_CyrillicName_HasEveryTransliterationOnce()
    {
        var forms = Normaliser.Forms("Володимир Зеленський");
        var texts = forms.Select(f => string.Join(' ', f.Words)).ToList();
        Assert.Contains("volodymyr zelenskyi", texts);
        Assert.Contains("wolodymyr selenskyj", texts);
        Assert.Equal(texts.Count, texts.Distinct().Count());
        Assert.Contains(forms, f => f.Scheme == "Ukrainian KMU 55/2010");
    }

    [Theory]
    [InlineData("Yatsenyuk", "Jazenjuk")]
    [InlineData("Yatsenyuk", "Jaceniuk")]
    [InlineData("Yatsenyuk", "Iatseniouk")]
    [InlineData("Zelenskyy", "Selenskyj")]
    [InlineData("Zelenskiy", "Zelensky")]
    [InlineData("Shcherbakov", "Schtscherbakow")]
    [InlineData("Shcherbakov", "Szczerbakow")]
    public void PhoneticKey_SpellingsOfOneCyrillicName_Agree(string a, string b) =>
        Assert.Equal(Phonetic.Key(Normaliser.Fold(a)), Phonetic.Key(Normaliser.Fold(b)));

    [Theory]
    [InlineData("Ivanov", "Petrov")]
    [InlineData("Sasha", "Masha")]
    [InlineData("Lavrov", "Navros")]
    public void PhoneticKey_DifferentNames_Differ(string a, string b) =>
        Assert.NotEqual(Phonetic.Key(Normaliser.Fold(a)), Phonetic.Key(Normaliser.Fold(b)));
}
