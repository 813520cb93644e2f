namespace CodeGrader.Service.Tests;

/// <summary>Paths in the checkout: the shipped palindrome exercise and this project's test exercises.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Palindrome => Path.Combine(Root, "exercises", "palindrome");

    /// <summary>Shout, with markers planted in its hidden test's argument and expected value.</summary>
    public static string Marked => Path.Combine(Root, "tests", "CodeGrader.Service.Tests", "TestExercises", "marked");

    public static string PalindromeReference => File.ReadAllText(Path.Combine(Palindrome, "reference.py"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CodeGrader.sln"))) return dir.FullName;
        throw new InvalidOperationException("CodeGrader.sln not found above " + AppContext.BaseDirectory);
    }
}
