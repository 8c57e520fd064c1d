using Cussp.Agreements;
using NodaTime;

namespace Cussp.Core.Tests.Agreements;

public class TimeRuleReaderTests
{
    [Fact]
    public void Read_ConsultationWithin24Hours_IsADeadlineFromTheRequest()
    {
        var rule = Assert.Single(Samples.Of("II.3").TimeRules);
        Assert.Equal(TimeRuleKind.Deadline, rule.Kind);
        Assert.Equal(TimeAnchor.Request, rule.Anchor);
        Assert.Equal(Period.FromHours(24), rule.Period);
        Assert.Contains("twenty-four (24) hours", rule.Phrase, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("II.1.i", "annual meetings")]
    [InlineData("IV.A.7.i", "annual senior-level Strategic Defence Policy Dialogues")]
    public void Read_Annual_IsAYearlyRecurrence(string citation, string phrase)
    {
        var rule = Assert.Single(Samples.Of(citation).TimeRules);
        Assert.Equal(TimeRuleKind.Recurrence, rule.Kind);
        Assert.Equal(Period.FromYears(1), rule.Period);
        Assert.Equal(phrase, rule.Phrase);
    }

    [Fact]
    public void Read_ReviewWithinThreeYears_IsADeadlineFromSignature()
    {
        var rule = Assert.Single(Samples.Of("VIII.B.1").TimeRules);
        Assert.Equal((TimeRuleKind.Deadline, TimeAnchor.Signature, Period.FromYears(3)), (rule.Kind, rule.Anchor, rule.Period));
        Assert.Equal("within three (3) years after the signature of this Agreement", rule.Phrase);
    }

    [Fact]
    public void Read_ValidForTenYears_IsValidityFromSignature()
    {
        var rule = Assert.Single(Samples.Of("VIII.A.1").TimeRules);
        Assert.Equal((TimeRuleKind.Validity, TimeAnchor.Signature, Period.FromYears(10)), (rule.Kind, rule.Anchor, rule.Period));
    }

    [Fact]
    public void Read_TerminationSixMonthsFromReceipt_IsADelayFromNoticeReceipt()
    {
        var rule = Assert.Single(Samples.Of("VIII.D.1").TimeRules);
        Assert.Equal((TimeRuleKind.Delay, TimeAnchor.NoticeReceipt, Period.FromMonths(6)), (rule.Kind, rule.Anchor, rule.Period));
        Assert.Equal("six (6) months from the date of receipt of such notice", rule.Phrase);
    }

    [Fact]
    public void Read_Cussp_HasExactlyTheFiveRulesOfItsText()
    {
        var withRules = Samples.CusspClassified.Where(c => c.Classification.TimeRules.Count > 0).Select(c => c.Source.Citation);
        Assert.Equal(["II.1.i", "II.3", "IV.A.7.i", "VIII.A.1", "VIII.B.1", "VIII.D.1"], withRules);
    }

    [Theory]
    [InlineData("Cooperation for over 20 years of partnership.")]
    [InlineData("Since 2022 Canada has provided support.")]
    public void Read_DurationThatIsAFact_IsNoRule(string text) => Assert.Empty(TimeRuleReader.Read(text));

    [Fact]
    public void Read_QuarterlyAndForty8Hours_ReadAsWritten()
    {
        var rules = TimeRuleReader.Read("They will hold quarterly reviews and, at the request of either, meet within forty-eight (48) hours.");
        Assert.Equal([TimeRuleKind.Recurrence, TimeRuleKind.Deadline], rules.Select(r => r.Kind));
        Assert.Equal(Period.FromMonths(3), rules[0].Period);
        Assert.Equal((TimeAnchor.Request, Period.FromHours(48)), (rules[1].Anchor, rules[1].Period));
    }
}
