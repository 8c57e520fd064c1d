namespace Cussp.Tests;

/// <summary>Paths of the repository and of the shared material beside it.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Shared(params string[] parts) => Path.GetFullPath(Path.Combine([Root, "..", "shared", .. parts]));

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
