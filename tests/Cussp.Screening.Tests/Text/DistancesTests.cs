using Cussp.Screening;

namespace Cussp.Screening.Tests.Text;

public class DistancesTests
{
    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("scholz", "schloz", 1)]
    [InlineData("donald", "donlad", 1)]
    [InlineData("medvedchuk", "medvedchuck", 1)]
    public void Levenshtein_KnownPairs(string a, string b, int expected)
    {
        Assert.Equal(expected, Distances.Levenshtein(a, b));
        Assert.Equal(expected, Distances.Levenshtein(b, a));
    }

    [Fact]
    public void Levenshtein_BitParallel_AgreesWithTheTable()
    {
        var random = new Random(7);
        for (var n = 0; n < 2000; n++)
        {
            var a = Random(random, random.Next(0, 70));
            var b = Random(random, random.Next(0, 70));
            Assert.Equal(Osa(a, b), Distances.Levenshtein(a, b));
        }
    }

    [Theory]
    [InlineData("martha", "marhta", 0.961)]
    [InlineData("dwayne", "duane", 0.840)]
    [InlineData("dixon", "dicksonx", 0.813)]
    [InlineData("abc", "xyz", 0.0)]
    public void JaroWinkler_PublishedValues(string a, string b, double expected) =>
        Assert.Equal(expected, Distances.JaroWinkler(a, b), 3);

    private static string Random(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => "abcdeioun"[random.Next(9)])]);

    // Optimal string alignment, by the book, for strings of any length.
    private static int Osa(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
