using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Cussp.BrowserTests.Accessibility;

/// <summary>An axe audit of the page as it is, each violation written as one line naming the page, the rule and the elements.</summary>
public static class Axe
{
    /// <summary>The violations of the open page: of every impact, or only serious and critical ones.</summary>
    public static async Task<List<string>> ViolationsAsync(IPage page, string where, bool anyImpact)
    {
        AxeResult result = await page.RunAxe();
        var found = result.Violations.Where(v => anyImpact || v.Impact is "serious" or "critical")
            .Select(v => $"{where}: {v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        if (result.Passes.Length == 0)
        {
            found.Add($"{where}: axe checked nothing");
        }
        return found;
    }

    /// <summary>Fails the test when the open page has a violation of serious or critical impact.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string where)
    {
        var serious = await ViolationsAsync(page, where, anyImpact: false);
        Assert.True(serious.Count == 0, "axe:\n" + string.Join("\n", serious));
    }
}
