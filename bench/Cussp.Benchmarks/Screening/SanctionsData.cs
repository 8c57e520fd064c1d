using Cussp.Screening;

namespace Cussp.Benchmarks.Screening;

/// <summary>The benchmark list: SEMA 2020, UN 2020 and OFAC 2024, read from the repository's test data (<c>tests/data/sanctions</c>).</summary>
public static class SanctionsData
{
    /// <summary>The folder of the sanctions files the tests also read.</summary>
    public static string Folder { get; } = Find();

    /// <summary>Reads the three lists into one.</summary>
    public static List<ListedEntity> Load() =>
    [
        .. ListReader.Read(ListFormat.Sema, Path.Combine(Folder, "sema-lmes-2020.xml")).Entities,
        .. ListReader.Read(ListFormat.Un, Path.Combine(Folder, "un-consolidated-2020.xml")).Entities,
        .. ListReader.Read(ListFormat.Ofac, Path.Combine(Folder, "ofac-sdn-2024-05-03.csv")).Entities,
    ];

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "data", "sanctions");
                if (File.Exists(Path.Combine(dir.FullName, "Cussp.slnx")) && Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }
        throw new InvalidOperationException("tests/data/sanctions not found above " + AppContext.BaseDirectory);
    }
}
