namespace CodeGrader.Core.Tests.TestSupport;

/// <summary>An exercise folder written for one test, deleted afterwards.</summary>
internal sealed class TempExercise : IDisposable
{
    public const string DefaultReference = "def add(a, b):\n    return a + b\n";

    public TempExercise(string yaml, string? reference = DefaultReference, string? statement = "# Add\nWrite add(a, b).\n")
    {
        Directory = Path.Combine(Path.GetTempPath(), "codegrader-tests", Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        Write("exercise.yaml", yaml);
        if (reference is not null) Write("reference.py", reference);
        if (statement is not null) Write("statement.md", statement);
    }

    public string Directory { get; }

    public string YamlPath => Path.Combine(Directory, "exercise.yaml");

    public TempExercise Write(string relativePath, string content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
