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
    [InlineData("Uladzimir Makei", "Vladimir Makei")]
    [InlineData("Aliaksandr Lukashenka", "Aleksandr Lukashenko")]
    [InlineData("Bill Gates", "William Gates")]
    [InlineData("Abdel Aziz Ahmed", "Abdulaziz Ahmed")]
    [InlineData("Abu Bakr Baghdadi", "Abubakar Baghdadi")]
    [InlineData("Nikolai Patr ushev", "Nikolai Platonovich Patrushev")]
    public void Compare_VariantsOfOneName_ReachTheThreshold(string query, string listed) =>
        Assert.True(NameMatcher.Compare(query, listed).Score >= Threshold, $"{query} / {listed}: {NameMatcher.Compare(query, listed).Score}");

    [Theory]
    [InlineData("Volodymyr Zelenskyy", "Vladimir Putin")]
    [InlineData("Sergey Ivanov", "Sergey Viktorovich LAVROV")]
    [InlineData("Anna Petrova", "Anna Ivanova")]
    [InlineData("Romashka LLC", "Vasilek LLC")]
    [InlineData("Ivan Petrov", "Petr Ivanov Smirnov Kuznetsov")]
    [InlineData("John Petrenko", "Ivan Petrenko")]
    [InlineData("Jan Kowalski", "Ivan Kowalski")]
    [InlineData("Diego Moreno", "James Moreno")]
    [InlineData("Max Weber", "Maksym Weber")]
    [InlineData("Mary Navarro", "Maria Teresa Quintana Navarro")]
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
    public void Compare_WordsJoinedInOneName_AreExplainedAsJoined()
    {
        var c = NameMatcher.Compare("Abdel Aziz Ahmed", "Abdulaziz Ahmed", EntityKind.Person);
        var joined = Assert.Single(c.Matches, m => m.Kind == WordMatchKind.Joined);
        Assert.Equal(("abdel aziz", "abdulaziz"), (joined.Query, joined.Listed));
        Assert.Empty(c.UnmatchedQuery);
    }

    [Fact]
    public void Compare_WordOrder_DoesNotMatter() =>
        Assert.Equal(NameMatcher.Compare("Ivan Petrov", "Petrov Ivan").Score, NameMatcher.Compare("Ivan Petrov", "Ivan Petrov").Score);

    [Fact]
    public void Compare_DifferentLegalFamilies_LowerTheScore() =>
        Assert.True(NameMatcher.Compare("Example Holding AG", "Example Holding GmbH").Score < NameMatcher.Compare("Example Holding AG", "Example Holding JSC").Score);
}
