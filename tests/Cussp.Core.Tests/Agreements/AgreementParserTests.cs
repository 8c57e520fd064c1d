using System.Text.RegularExpressions;
using Cussp.Agreements;
using Cussp.Tests;
using NodaTime;

namespace Cussp.Core.Tests.Agreements;

public class AgreementParserTests
{
    // Every citation of the CUSSP in reading order, as the published text numbers it.
    private static readonly string[] CusspCitations =
    [
        "PRE.1", "PRE.2", "PRE.3", "PRE.4", "PRE.5", "PRE.6", "PRE.7", "PRE.8",
        "I.1", "I.1.i", "I.1.ii", "I.1.iii", "I.1.iv", "I.1.v", "I.1.vi", "I.1.vii", "I.1.viii",
        "I.2", "I.2.i", "I.2.ii", "I.2.iii", "I.3", "I.4",
        "II.1", "II.1.i", "II.1.ii", "II.2", "II.3", "II.4", "II.5", "II.6",
        "III.1", "III.2", "III.3",
        "IV.1", "IV.2",
        "IV.A.1", "IV.A.2", "IV.A.3", "IV.A.4", "IV.A.5", "IV.A.6", "IV.A.7", "IV.A.7.i", "IV.A.7.ii", "IV.A.7.iii",
        "IV.A.7.iii.A", "IV.A.7.iii.B", "IV.A.7.iii.C", "IV.A.7.iv", "IV.A.7.v", "IV.A.7.v.A", "IV.A.7.vi", "IV.A.7.vii",
        "IV.A.7.viii", "IV.A.7.ix", "IV.A.7.x", "IV.A.8", "IV.A.9", "IV.A.9.i", "IV.A.9.ii", "IV.A.9.iii",
        "IV.B.1", "IV.B.2", "IV.B.3", "IV.B.4", "IV.B.5", "IV.B.6", "IV.B.7",
        "IV.C.1", "IV.C.2", "IV.C.3",
        "IV.D.1", "IV.D.2", "IV.D.3", "IV.D.3.i", "IV.D.3.ii", "IV.D.4", "IV.D.4.i", "IV.D.4.ii",
        "IV.E.1", "IV.E.1.i", "IV.E.1.ii", "IV.E.1.iii", "IV.E.1.iv", "IV.E.1.v", "IV.E.2", "IV.E.2.i", "IV.E.2.ii", "IV.E.3", "IV.E.4",
        "IV.F.1", "IV.F.1.i", "IV.F.1.ii", "IV.F.1.iii", "IV.F.1.iv", "IV.F.1.v", "IV.F.1.vi", "IV.F.2",
        "IV.G.1", "IV.G.2", "IV.G.3",
        "IV.H.1", "IV.H.2", "IV.H.2.i", "IV.H.2.ii", "IV.H.2.iii",
        "IV.I.1", "IV.I.2",
        "IV.J.1", "IV.J.2", "IV.J.3", "IV.J.4", "IV.J.4.i", "IV.J.4.ii", "IV.J.5", "IV.J.6",
        "IV.K.1", "IV.K.1.i", "IV.K.1.ii", "IV.K.1.iii", "IV.K.1.iv", "IV.K.2", "IV.K.3", "IV.K.4", "IV.K.5", "IV.K.5.i", "IV.K.5.ii",
        "IV.L.1", "IV.L.1.i", "IV.L.1.i.A", "IV.L.1.i.B",
        "IV.M.1", "IV.M.1.i", "IV.M.1.ii", "IV.M.1.iii", "IV.M.2", "IV.M.2.i", "IV.M.2.ii", "IV.M.2.iii",
        "IV.N.1", "IV.N.2", "IV.N.3",
        "V.1", "V.2", "V.3", "V.3.i", "V.3.ii", "V.3.iii", "V.4", "V.5",
        "VI.1", "VI.2", "VII.1", "VII.2",
        "VIII.A.1", "VIII.A.2", "VIII.A.3", "VIII.B.1", "VIII.C.1", "VIII.D.1",
    ];

    [Fact]
    public void Parse_Cussp_EveryLineOfThePublishedTextIsKeptVerbatimOnce()
    {
        var published = File.ReadAllText(Repo.Data("seeds", "cussp-agreement-2024.txt")).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(published, AgreementRegister.CusspText().Replace("\r\n", "\n", StringComparison.Ordinal));
        var lines = published.Split('\n');
        var parsed = Samples.Cussp;

        foreach (var p in parsed.Provisions)
        {
            var line = lines[p.Line - 1].TrimEnd();
            Assert.True(line.EndsWith(p.Text, StringComparison.Ordinal), $"{p.Citation}: line {p.Line} does not end with the provision's text");
            // What comes before the text is the provision's own number or bullet and nothing else.
            var prefix = line[..^p.Text.Length].Trim();
            var expected = p.Kind switch
            {
                ProvisionKind.Recital => "",
                ProvisionKind.Paragraph => p.Number + ".",
                _ => "(" + p.Number + ")",
            };
            // The published text prints some sub-items behind a list number ("1. (A)"), which the citation leaves out.
            var own = p.Kind == ProvisionKind.SubItem ? Regex.Replace(prefix, @"^\d{1,3}\.\s+", "") : prefix;
            Assert.True(own.TrimStart('•', ' ') == expected, $"{p.Citation}: line {p.Line} starts \"{prefix}\", expected \"{expected}\"");
        }

        // Between the parties clause and the signature, every non-empty line is a heading or exactly one provision: no words lost.
        var parties = Array.FindIndex(lines, l => l.Trim() == parsed.PartiesClause) + 1;
        var signature = Array.FindIndex(lines, l => l.Trim() == parsed.SignatureClause) + 1;
        var used = parsed.Provisions.Select(p => p.Line).Concat(parsed.Divisions.Select(d => d.Line)).ToList();
        Assert.Equal(used.Count, used.Distinct().Count());
        var textLines = Enumerable.Range(parties + 1, signature - parties - 1).Where(n => lines[n - 1].Trim().Length > 0);
        Assert.Equal(textLines, used.Order());
    }

    [Fact]
    public void Parse_Cussp_YieldsEightRecitalsAnd153OperativeProvisionsInOrder()
    {
        var citations = Samples.Cussp.Provisions.Select(p => p.Citation).ToArray();

        Assert.Equal(161, CusspCitations.Length);
        Assert.Equal(CusspCitations, citations);
        Assert.Equal(8, Samples.Cussp.Provisions.Count(p => p.Kind == ProvisionKind.Recital));
        Assert.Equal(153, Samples.Cussp.Provisions.Count(p => p.Kind != ProvisionKind.Recital));
    }

    [Fact]
    public void Parse_ShippedText_IsTheSharedSeedVerbatim() =>
        Assert.Equal(File.ReadAllText(Repo.Data("seeds", "cussp-agreement-2024.txt")), AgreementRegister.CusspText());

    [Theory]
    [InlineData("PRE.1", "Recalling the Joint Declaration of Support for Ukraine announced together by the Leaders")]
    [InlineData("II.3", "the Participants will consult within twenty-four (24) hours to determine measures needed to counter or deter the aggression.")]
    [InlineData("IV.A.7.iii.A", "providing training and capacity building in line with Ukraine")]
    [InlineData("IV.A.7.v.A", "To advance this effort, Canada commits to contributing to the")]
    [InlineData("IV.L.1.i.B", "exploring how the Canadian Police Arrangement")]
    [InlineData("I.1.ii", "allow the Participantsto share")]
    [InlineData("VIII.D.1", "six (6) months from the date of receipt of such notice.")]
    public void Parse_Cussp_KeepsTextVerbatim(string citation, string fragment)
    {
        var p = Samples.Cussp.Provisions.Single(x => x.Citation == citation);
        Assert.Contains(fragment, p.Text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"^\s*(?:•|\(|\d+\.)", p.Text);
    }

    [Fact]
    public void Parse_Cussp_ReadsTitleSignatureAndDivisions()
    {
        var a = Samples.Cussp;
        Assert.Equal("Agreement on security cooperation between Canada and Ukraine", a.Title);
        Assert.Equal(new LocalDate(2024, 2, 24), a.SignedOn);
        Assert.Equal("Kyiv", a.SignedAt);
        Assert.Equal(8, a.Divisions.Count(d => d.IsPart));
        Assert.Equal(14 + 4, a.Divisions.Count(d => !d.IsPart));
        Assert.Equal("Sanctions", a.Divisions.Single(d => d.Citation == "IV.K").Heading);
        Assert.Equal("IV.A.7.iii", a.Provisions.Single(p => p.Citation == "IV.A.7.iii.B").ParentCitation);
        Assert.Equal("IV.A", a.Provisions.Single(p => p.Citation == "IV.A.7.iii.B").DivisionCitation);
    }

    [Fact]
    public void Parse_InventedArrangement_FollowsItsOwnShape()
    {
        var a = AgreementParser.Parse(Samples.Text("invented-arrangement.txt"));

        Assert.Equal(
            ["PRE.1", "PRE.2", "I.1", "I.2", "II.A.1", "II.A.1.i", "II.A.1.ii", "II.A.1.ii.A", "II.A.1.ii.B", "II.A.1.ii.C", "II.A.2",
             "II.B.1", "II.B.2", "II.C.1", "III.1", "III.2", "III.3"],
            a.Provisions.Select(p => p.Citation));
        Assert.Equal(["I", "II", "II.A", "II.B", "II.C", "III"], a.Divisions.Select(d => d.Citation));
        Assert.Equal(new LocalDate(2024, 5, 31), a.SignedOn);
        Assert.Equal("Oslo", a.SignedAt);
        Assert.Equal("Have agreed as follows:", a.Provisions[1].Text);
    }

    [Theory]
    [InlineData("malformed-skipped-item.txt", 11, "item \"(ii)\" of I.1")]
    [InlineData("malformed-stray-line.txt", 10, "a part heading")]
    public void Parse_MalformedText_NamesLineAndExpectation(string file, int line, string expected)
    {
        var e = Assert.Throws<AgreementFormatException>(() => AgreementParser.Parse(Samples.Text(file)));
        Assert.Equal(line, e.LineNumber);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}: expected", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextWithoutParts_SaysWhatIsMissing()
    {
        var e = Assert.Throws<AgreementFormatException>(() => AgreementParser.Parse("Just a title\n\nSome words.\n"));
        Assert.Contains("part heading", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PartsOutOfOrder_NamesTheLine()
    {
        var e = Assert.Throws<AgreementFormatException>(() => AgreementParser.Parse("T agreement\n\nPart I. A\n\n  1. The Participants will meet.\n\nPart III. C\n"));
        Assert.Equal(7, e.LineNumber);
        Assert.Contains("Part II.", e.Message, StringComparison.Ordinal);
    }
}
