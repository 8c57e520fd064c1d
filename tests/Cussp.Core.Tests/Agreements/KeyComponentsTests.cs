using Cussp.Agreements;
using Cussp.Tests;

namespace Cussp.Core.Tests.Agreements;

public class KeyComponentsTests
{
    [Fact]
    public void All_AreTheTenHeadingsOfTheOfficialSummaryInItsOrder()
    {
        var summary = File.ReadAllLines(Repo.Data("seeds", "cussp-key-components.txt")).Select(l => l.Trim()).ToList();

        var positions = KeyComponents.All.Select(c => summary.IndexOf(c.Title)).ToList();

        Assert.Equal(10, KeyComponents.All.Count);
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(Enumerable.Range(1, 10), KeyComponents.All.Select(c => c.Number));
        Assert.Equal(10, KeyComponents.All.Select(c => c.Id).Distinct().Count());
    }
}
