using System.Collections.Immutable;
using System.Globalization;

namespace CodeGrader.Core.Scaffolding;

/// <summary>What <c>codegrader new</c> did: the files written, or why nothing was.</summary>
public sealed record ScaffoldResult(ImmutableArray<string> Files, string? Problem)
{
    public bool Succeeded => Problem is null;
}

/// <summary>Creates a new exercise folder with every file of the format, ready to verify and then to edit.</summary>
public static class ExerciseScaffolder
{
    public static ScaffoldResult Create(string directory) => Create(directory, pythonTests: false);

    /// <summary>With <paramref name="pythonTests"/>, the tests are in tests.py (written in Python) instead of exercise.yaml.</summary>
    public static ScaffoldResult Create(string directory, bool pythonTests)
    {
        if (File.Exists(directory)) return new ScaffoldResult([], $"'{directory}' is a file, not a folder");
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            return new ScaffoldResult([], $"the folder '{directory}' exists and is not empty; choose a new folder");
        var title = Title(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))));
        var written = ImmutableArray.CreateBuilder<string>();
        foreach (var (relative, content) in pythonTests ? PythonTestsTemplate.Files(title) : ExerciseTemplate.Files(title))
        {
            var path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content.ReplaceLineEndings("\n"));
            written.Add(path);
        }
        return new ScaffoldResult(written.ToImmutable(), null);
    }

    /// <summary>"two_sum" reads "Two sum".</summary>
    public static string Title(string folderName)
    {
        var words = folderName.Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length == 0 ? "New exercise" : char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..];
    }
}
