using System.Collections.Immutable;
using System.Text.Json;
using CodeGrader.Python;
using Python.Runtime;

namespace CodeGrader.Core.InHost;

/// <summary>One test tests.py defines: its id (<c>test_x</c>, <c>Case.test_x</c>, or <c>check</c>), 1-based line, decorators' sample and weight.</summary>
internal sealed record PythonTestInfo(string Id, int Line, bool Sample, double Weight);

/// <summary>A problem in tests.py: 1-based line, 0-based column, message.</summary>
internal sealed record PythonTestProblem(int Line, int Column, string Message);

/// <summary>What loading tests.py found: its tests, or its problems; <see cref="End"/> tells whether its module code ran past its limit.</summary>
internal sealed record PythonTestDiscovery(ImmutableArray<PythonTestInfo> Tests, ImmutableArray<PythonTestProblem> Problems, AuthorCodeEnd End);

/// <summary>
/// An exercise's tests.py, read in the host's Python: checked without running (syntax, names it never defines, names it
/// imports from the candidate's module that the candidate does not define), then run once without a worker to find its
/// tests (pytest-style <c>test_*</c> functions, <c>unittest.TestCase</c> methods, or a HumanEval <c>check(candidate)</c>).
/// </summary>
internal static class PythonTestFile
{
    public const string FileName = "tests.py";

    public static async Task<PythonTestDiscovery> DiscoverAsync(LibPythonLocation python, string text, string entry, TimeSpan limit, CancellationToken cancellationToken = default)
    {
        var host = HostPython.For(python);
        var checkedJson = host.Run(module =>
        {
            using var tests = module.GetAttr("_tests");
            using var answer = tests.InvokeMethod("check", new PyString(text), new PyString(entry));
            return answer.As<string>();
        });
        var problems = ReadProblems(checkedJson);
        if (!problems.IsEmpty) return new PythonTestDiscovery([], problems, AuthorCodeEnd.Completed);
        var outcome = await AuthorCode.RunAsync(host, limit, (module, _) =>
        {
            using var tests = module.GetAttr("_tests");
            using var answer = tests.InvokeMethod("discover", new PyString(text), new PyString(entry));
            return answer.As<string>();
        }, cancellationToken).ConfigureAwait(false);
        if (outcome.End != AuthorCodeEnd.Completed || outcome.Result is not { } json) return new PythonTestDiscovery([], [], outcome.End);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("interrupted", out _)) return new PythonTestDiscovery([], [], AuthorCodeEnd.Interrupted);
        if (root.TryGetProperty("problem", out var problem)) return new PythonTestDiscovery([], [Problem(problem)], AuthorCodeEnd.Completed);
        return new PythonTestDiscovery([.. root.GetProperty("tests").EnumerateArray().Select(t => new PythonTestInfo(
            t.GetProperty("id").GetString()!, t.GetProperty("line").GetInt32(), t.GetProperty("sample").GetBoolean(), t.GetProperty("weight").GetDouble()))],
            [], AuthorCodeEnd.Completed);
    }

    private static ImmutableArray<PythonTestProblem> ReadProblems(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(Problem)];
    }

    private static PythonTestProblem Problem(JsonElement p) => new(p[0].GetInt32(), p[1].GetInt32(), p[2].GetString()!);
}
