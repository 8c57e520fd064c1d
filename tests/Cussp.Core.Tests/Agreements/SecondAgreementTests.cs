using System.Xml.Linq;
using Cussp.Agreements;
using Cussp.Data;
using Cussp.Tests;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cussp.Core.Tests.Agreements;

/// <summary>
/// The register is not specific to the CUSSP: an invented arrangement of another shape (three parts, sections in one part only,
/// bulleted sub-items, other periods) goes through the same time rules, lifecycle and exports.
/// </summary>
public class SecondAgreementTests
{
    private static readonly IReadOnlyList<ClassifiedProvision> Invented =
        ProvisionClassifier.Classify(AgreementParser.Parse(Samples.Text("invented-arrangement.txt")));

    private static TimeRule RuleOf(string citation) =>
        Assert.Single(Invented.Single(c => c.Source.Citation == citation).Classification.TimeRules);

    [Fact]
    public void TimeRules_InventedArrangement_AreReadFromItsOwnWords()
    {
        Assert.Equal(["I.1", "II.A.1.i", "II.C.1", "III.1", "III.2", "III.3"],
            Invented.Where(c => c.Classification.TimeRules.Count > 0).Select(c => c.Source.Citation));
        Assert.Equal((TimeRuleKind.Recurrence, Period.FromYears(1)), (RuleOf("I.1").Kind, RuleOf("I.1").Period));
        Assert.Equal((TimeRuleKind.Recurrence, Period.FromMonths(3)), (RuleOf("II.A.1.i").Kind, RuleOf("II.A.1.i").Period));
        Assert.Equal((TimeRuleKind.Deadline, TimeAnchor.Request, Period.FromHours(48)),
            (RuleOf("II.C.1").Kind, RuleOf("II.C.1").Anchor, RuleOf("II.C.1").Period));
        Assert.Equal((TimeRuleKind.Validity, TimeAnchor.Signature, Period.FromYears(5)),
            (RuleOf("III.1").Kind, RuleOf("III.1").Anchor, RuleOf("III.1").Period));
        Assert.Equal((TimeRuleKind.Deadline, TimeAnchor.Signature, Period.FromYears(2)),
            (RuleOf("III.2").Kind, RuleOf("III.2").Anchor, RuleOf("III.2").Period));
        Assert.Equal((TimeRuleKind.Delay, TimeAnchor.NoticeReceipt, Period.FromMonths(3)),
            (RuleOf("III.3").Kind, RuleOf("III.3").Anchor, RuleOf("III.3").Period));
    }

    [Theory, Databases]
    public async Task Lifecycle_InventedArrangement_FollowsItsOwnPeriods(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(provider);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
        await register.ImportAsync("invented", Samples.Text("invented-arrangement.txt"), ct);
        var snapshot = (await register.GetAsync("invented", ct))!;

        var dates = Lifecycle.For(snapshot, new LocalDate(2026, 11, 30)).ToDictionary(d => d.Key, d => (d.Date, d.Citation));

        Assert.Equal((new LocalDate(2024, 5, 31), (string?)null), dates["signature"]);
        Assert.Equal((new LocalDate(2026, 5, 31), "III.2"), dates["review-due"]);
        Assert.Equal((new LocalDate(2029, 5, 31), "III.1"), dates["expiry"]);
        // Three calendar months after 30 November is 28 February: the day is truncated at the end of a shorter month.
        Assert.Equal((new LocalDate(2027, 2, 28), "III.3"), dates["termination"]);
    }

    [Fact]
    public async Task WriteAkn_InventedArrangement_IsValidWithItsOwnEIds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.StartAsync(DatabaseProvider.Sqlite);
        await using var scope = db.Services.CreateAsyncScope();
        var register = scope.ServiceProvider.GetRequiredService<AgreementRegister>();
        await register.ImportAsync("invented", Samples.Text("invented-arrangement.txt"), ct);
        using var buffer = new MemoryStream();

        AgreementExport.Write((await register.GetAsync("invented", ct))!, ExportFormat.Akn, buffer);

        Assert.Empty(AgreementExportTests.SchemaErrors(buffer));
        buffer.Position = 0;
        var eIds = XDocument.Load(buffer).Descendants().Select(e => (string?)e.Attribute("eId")).OfType<string>().ToHashSet();
        Assert.Contains("part_II__sec_A__para_1__list_1__item_ii__list_1__item_C", eIds);
        Assert.Contains("part_II__sec_C__para_1", eIds);
        Assert.Contains("part_III__para_3", eIds);
        Assert.Contains("preamble__recital_1", eIds);
        Assert.DoesNotContain("part_IV", eIds);
    }
}
