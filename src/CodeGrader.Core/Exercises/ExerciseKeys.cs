namespace CodeGrader.Core.Exercises;

/// <summary>
/// The keys each mapping of exercise.yaml may hold. docs/exercise.schema.json declares the same keys (a test keeps
/// the two in step). Keys starting with <c>x-</c> are ignored everywhere.
/// </summary>
internal static class ExerciseKeys
{
    public const string ExtensionPrefix = "x-";

    public static readonly IReadOnlyList<string> TopLevel =
    [
        "title", "kind", "entry", "statement", "starter", "reference", "limits", "tolerance", "unordered", "types", "compare",
        "restrictions", "checker", "tests",
    ];

    public static readonly IReadOnlyList<string> Limits = ["time", "memory", "output", "total", "values", "value_chars"];
    public static readonly IReadOnlyList<string> Tolerance = ["rel", "abs"];
    public static readonly IReadOnlyList<string> Restrictions = ["forbid_imports", "forbid_names", "max_source_bytes"];

    public static readonly IReadOnlyList<string> CommonTest = ["name", "sample", "weight"];
    public static readonly IReadOnlyList<string> FunctionTest = [.. CommonTest, "call", "expect", "expect_py", "raises", "take", "tolerance", "unordered", "types"];
    public static readonly IReadOnlyList<string> ClassTest = [.. CommonTest, "steps", "tolerance", "unordered", "types"];
    public static readonly IReadOnlyList<string> ProgramTest = [.. CommonTest, "stdin", "stdout", "compare"];
    public static readonly IReadOnlyList<string> Step = ["do", "call", "expect", "expect_py", "raises"];

    public static IReadOnlyList<string> TestKeys(ExerciseKind kind) => kind switch
    {
        ExerciseKind.Program => ProgramTest,
        ExerciseKind.Class => ClassTest,
        _ => FunctionTest,
    };

    /// <summary>Every test key of any kind.</summary>
    public static readonly IReadOnlyList<string> AnyTest = [.. FunctionTest.Union(ClassTest).Union(ProgramTest)];

    public static bool IsExtension(string key) => key.StartsWith(ExtensionPrefix, StringComparison.Ordinal);
}
