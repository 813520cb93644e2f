using CodeGrader.Core.Tests.TestSupport;

namespace CodeGrader.Core.Tests.Batch;

/// <summary>A temporary folder of submissions and an output folder for one batch test.</summary>
internal sealed class BatchFolder : IDisposable
{
    public const string Correct = "def add(a, b):\n    return a + b\n";
    public const string Wrong = "def add(a, b):\n    return a - b\n";
    public const string Raising = "def add(a, b):\n    raise ValueError('nope')\n";

    public BatchFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "codegrader-batch-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Submissions);
        Exercise = new TempExercise("title: Add\nentry: add\nstatement: statement.md\nreference: reference.py\ntests:\n" +
            "  - name: small\n    call: add(1, 2)\n    sample: true\n  - name: negative\n    call: add(-5000, 3)\n  - name: large\n    call: add(10 ** 20, 1)\n");
    }

    public string Root { get; }
    public string Submissions => Path.Combine(Root, "subs");
    public string Output => Path.Combine(Root, "out");
    public TempExercise Exercise { get; }

    public string Add(string name, string source)
    {
        var path = Path.Combine(Submissions, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, source);
        return path;
    }

    public string OutputFile(string name) => Path.Combine(Output, name);

    public void Dispose()
    {
        Exercise.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
