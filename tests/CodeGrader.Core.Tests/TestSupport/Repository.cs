namespace CodeGrader.Core.Tests.TestSupport;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Exercises => Path.Combine(Root, "exercises");

    public static string Exercise(string name) => Path.Combine(Exercises, name);

    /// <summary>Every shipped exercise folder's name, for theories.</summary>
    public static TheoryData<string> ShippedExercises()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.EnumerateDirectories(Exercises).Where(d => File.Exists(Path.Combine(d, "exercise.yaml"))).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(folder));
        return data;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodeGrader.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (with CodeGrader.sln) is not above " + AppContext.BaseDirectory);
    }
}
