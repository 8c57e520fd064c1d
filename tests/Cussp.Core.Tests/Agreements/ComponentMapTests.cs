using System.Text.RegularExpressions;
using Cussp.Agreements;
using Cussp.Tests;

namespace Cussp.Core.Tests.Agreements;

public partial class ComponentMapTests
{
    private static readonly ComponentMap Map = ComponentMap.Cussp;

    [GeneratedRegex(@"classifier said (?<c>[a-z-]+)")]
    private static partial Regex ClassifierSaid();

    [Fact]
    public void Summary_HasTheTwentyFourBulletLinesUnderTheirComponents()
    {
        Assert.Equal(24, Map.Lines.Count);
        Assert.Equal([2, 2, 5, 3, 2, 1, 4, 1, 2, 2], KeyComponents.All.Select(c => Map.Lines.Count(l => l.Component == c.Id)));
        var line = Map.Lines.Single(l => l.Number == "3.4");
        Assert.Equal("defence-security", line.Component);
        Assert.StartsWith("Any future Russian aggression will prompt immediate consultations", line.Text, StringComparison.Ordinal);
        Assert.StartsWith("Canada’s commitment to provide $3.02 billion in 2024", Map.Lines.Single(l => l.Number == "2.1").Text, StringComparison.Ordinal);
        // Every bullet of the published summary, in its order, and nothing else.
        var published = File.ReadAllLines(Repo.Data("seeds", "cussp-key-components.txt")).Select(l => l.Trim()).ToList();
        var positions = Map.Lines.Select(l => published.IndexOf(l.Text)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Map_HasOneRowPerProvision_InReadingOrder() =>
        Assert.Equal(Samples.Cussp.Provisions.Select(p => p.Citation), Map.Assignments.Select(a => a.Citation));

    [Fact]
    public void EverySummaryLine_IsCarriedByAtLeastOneProvision()
    {
        Assert.All(Map.Lines, l => Assert.Contains(Map.Assignments, a => a.Lines.Contains(l.Number)));
    }

    [Fact]
    public void EveryAssignment_QuotesTheProvisionsOwnWords_AndGivesAReason()
    {
        var texts = Samples.Cussp.Provisions.ToDictionary(p => p.Citation, p => p.Text);
        Assert.All(Map.Assignments, a =>
        {
            Assert.Contains(a.Words, texts[a.Citation], StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(a.Reason), a.Citation);
        });
    }

    [Fact]
    public void FinalDispositions_Disputes_AuthoritiesAndOtherForums_BelongToNoKeyComponent()
    {
        string[] frameworkParts = ["III", "VI", "VII", "VIII"];
        var inFrameworkParts = Samples.CusspClassified.Where(c => frameworkParts.Contains(c.Source.DivisionCitation.Split('.')[0])).ToList();

        Assert.Equal(13, inFrameworkParts.Count);
        Assert.All(inFrameworkParts, c =>
        {
            Assert.Equal(KeyComponents.Framework, c.Classification.Component);
            Assert.Equal(KeyComponents.Framework, Map.Assignments.Single(a => a.Citation == c.Source.Citation).Primary);
        });
    }

    [Fact]
    public void ClassifierAndMap_DifferOnlyWhereTheMapSaysWhatTheClassifierSaid()
    {
        var derived = Samples.CusspClassified.ToDictionary(c => c.Source.Citation, c => c.Classification.Component);
        Assert.All(Map.Assignments, a =>
        {
            var said = ClassifierSaid().Match(a.Reason);
            if (derived[a.Citation] == a.Primary)
            {
                Assert.False(said.Success, $"{a.Citation}: the classifier agrees with the map, yet the reason says \"{said.Value}\"");
            }
            else
            {
                Assert.True(said.Success, $"{a.Citation}: the map says {a.Primary}, the classifier {derived[a.Citation]}, and the reason does not say so");
                Assert.Equal(derived[a.Citation], said.Groups["c"].Value);
            }
        });
    }

    [Fact]
    public void TheReviewersTable_ListsExactlyTheProvisionsWhereMapAndClassifierDiffer()
    {
        var doc = File.ReadAllLines(Path.Combine(Repo.Root, "docs", "component-map.md"));
        var start = Array.FindIndex(doc, l => l.StartsWith("## Where the map differs", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/component-map.md has no section \"Where the map differs from the classifier\"");
        var rows = doc.Skip(start + 1).SkipWhile(l => !l.StartsWith("| citation", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)).Select(f => (Citation: f[1], Said: f[2], Map: f[3])).ToList();
        var derived = Samples.CusspClassified.ToDictionary(c => c.Source.Citation, c => c.Classification.Component);
        var differences = Map.Assignments.Where(a => derived[a.Citation] != a.Primary).Select(a => (a.Citation, derived[a.Citation], a.Primary)).ToList();

        Assert.Equal(differences, rows);
    }

    [Fact]
    public void PrimaryCounts_AddUpToEveryProvision_WithTheFrameworkApart()
    {
        var counts = Map.Assignments.GroupBy(a => a.Primary).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(161, counts.Values.Sum());
        Assert.Equal(11, counts.Count);
        Assert.Equal(KeyComponents.Ids.Order(), counts.Keys.Order());
        Assert.Equal("economic-military-assistance", Map.Assignments.Single(a => a.Citation == "I.4").Primary);
        var ivA2 = Map.Assignments.Single(a => a.Citation == "IV.A.2");
        Assert.Equal("defence-security", ivA2.Primary);
        Assert.Contains("economic-military-assistance", ivA2.Secondary);
    }

    [Theory]
    [InlineData("citation\tprimary\tsecondary\tlines\twords\treason\nI.1\tnowhere\t\t\tw\tr\n", "unknown component \"nowhere\"")]
    [InlineData("citation\tprimary\tsecondary\tlines\twords\treason\nI.1\tframework\tframework\t\tw\tr\n", "\"framework\" is not a key component")]
    [InlineData("citation\tprimary\tsecondary\tlines\twords\treason\nI.1\tveterans-care\t\t3.4\tw\tr\n", "summary line \"3.4\" is not one of the provision's components")]
    [InlineData("citation\tprimary\tsecondary\tlines\twords\treason\nI.1\tveterans-care\n", "line 2: 2 columns, expected 6")]
    [InlineData("citation\tprimary\tsecondary\tlines\twords\treason\nI.1\tveterans-care\tveterans-care\t\tw\tr\n", "both primary and secondary")]
    public void Read_ABrokenMap_SaysWhatAndWhere(string tsv, string expected)
    {
        var summary = File.ReadAllText(Repo.Data("seeds", "cussp-key-components.txt"));

        var e = Assert.Throws<FormatException>(() => ComponentMap.Read(summary, tsv));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_AppliesOnlyToTheShippedText()
    {
        Assert.Same(ComponentMap.Cussp, ComponentMap.For(AgreementRegister.CusspText().Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.Null(ComponentMap.For(Samples.Text("invented-arrangement.txt")));
        Assert.Null(ComponentMap.For(AgreementRegister.CusspText().Replace("twenty-four (24) hours", "forty-eight (48) hours", StringComparison.Ordinal)));
    }
}
