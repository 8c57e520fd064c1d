using Cussp.Screening;

namespace Cussp.Screening.Tests;

public class NameMatcherTests
{
    private static readonly double Threshold = ScreeningOptions.DefaultThreshold;

    [Theory]
    [InlineData("Володимир Зеленський", "Volodymyr Zelenskyy")]
    [InlineData("Володимир Зеленський", "Wolodymyr Selenskyj")]
    [InlineData("Володимир Зеленський", "Vladimir Zelensky")]
    [InlineData("Арсеній Яценюк", "Arseniy Yatsenyuk")]
    [InlineData("Jazenjuk Arsenij", "Arseniy Yatsenyuk")]
    [InlineData("Arseniusz Jaceniuk", "Arseniy Yatsenyuk")]
    [InlineData("Arseni Iatseniouk", "Arseniy Yatsenyuk")]
    [InlineData("Юлия Тимошенко", "Yulia Tymoshenko")]
    [InlineData("Oleksandr Lukashenko", "Aleksandr Lukashenko")]
    [InlineData("Мария Захарова", "Maria Zakharova")]
    [InlineData("Putin Vladimir", "Vladimir Vladimirovich PUTIN")]
    [InlineData("V. Putin", "Vladimir Putin")]
    [InlineData("Sergei Lavrov", "Sergey Viktorovich LAVROV")]
    [InlineData("Anna Ivanova", "Anna Ivanov")]
    [InlineData("OOO Romashka", "Romashka LLC")]
    [InlineData("ТОВ Ромашка", "Romashka Limited Liability Company")]
    [InlineData("Medvedchuck Viktor", "Viktor MEDVEDCHUK")]
    public void Compare_VariantsOfOneName_ReachTheThreshold(string query, string listed) =>
        Assert.True(NameMatcher.Compare(query, listed).Score >= Threshold, $"{query} / {listed}: {NameMatcher.Compare(query, listed).Score}");

    [Theory]
    [InlineData("Volodymyr Zelenskyy", "Vladimir Putin")]
    [InlineData("Sergey Ivanov", "Sergey Viktorovich LAVROV")]
    [InlineData("Anna Petrova", "Anna Ivanova")]
    [InlineData("Romashka LLC", "Vasilek LLC")]
    [InlineData("Ivan Petrov", "Petr Ivanov Smirnov Kuznetsov")]
    public void Compare_DifferentNames_StayBelowTheThreshold(string query, string listed) =>
        Assert.True(NameMatcher.Compare(query, listed).Score < Threshold, $"{query} / {listed}: {NameMatcher.Compare(query, listed).Score}");

    [Fact]
    public void Compare_ExplainsWhichWordsMatchedAndHow()
    {
        var c = NameMatcher.Compare("Володимир Зеленський", "Vladimir Zelensky");
        Assert.Contains(c.Matches, m => m.Kind == WordMatchKind.GivenName && m.Listed == "vladimir");
        Assert.Contains(c.Matches, m => m.Listed == "zelensky");
        Assert.NotEqual("as written", c.Query.Scheme);
    }

    [Fact]
    public void Compare_WordOrder_DoesNotMatter() =>
        Assert.Equal(NameMatcher.Compare("Ivan Petrov", "Petrov Ivan").Score, NameMatcher.Compare("Ivan Petrov", "Ivan Petrov").Score);

    [Fact]
    public void Compare_DifferentLegalFamilies_LowerTheScore() =>
        Assert.True(NameMatcher.Compare("Example Holding AG", "Example Holding GmbH").Score < NameMatcher.Compare("Example Holding AG", "Example Holding JSC").Score);
}
