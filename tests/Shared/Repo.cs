namespace Cussp.Tests;

/// <summary>Paths of the repository and of the test data it carries in <c>tests/data</c>.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    /// <summary>A file or folder under <c>tests/data</c>; a missing one fails with its path rather than later with a bare read error.</summary>
    public static string Data(params string[] parts)
    {
        var path = Path.GetFullPath(Path.Combine([Root, "tests", "data", .. parts]));
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException("Test data missing: " + path + " (see tests/data/README.md)", path);
        }
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cussp.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Cussp.slnx not found above " + AppContext.BaseDirectory);
    }
}
