using System.Diagnostics;
using System.Globalization;
using System.Text;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;

namespace CodeGrader.Bench;

/// <summary>
/// Tests written in Python (tests.py, run in the host, each call a round trip to the worker) beside the same tests in
/// exercise.yaml, in the same run: the cost per test of grading one submission, and the host's start (a fresh process
/// that prepares the exercise and grades one submission) with and without tests.py.
/// Usage: dotnet run -c Release --project bench/CodeGrader.Bench -- python-tests [rounds] [tests] [starts]
/// </summary>
internal static class PythonTestsBench
{
    private const string Reference = "def add(a, b):\n    return a + b\n";

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Arg(args, 0, 20);
        var count = Arg(args, 1, 50);
        var starts = Arg(args, 2, 8);
        var root = Path.Combine(Path.GetTempPath(), "codegrader-bench-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var yaml = Write(Path.Combine(root, "yaml"), YamlTests(count), null);
            var python = Write(Path.Combine(root, "python"), "", PythonTests(count));
            var options = GradingOptions.Discover();
            Console.WriteLine($"libpython: {options.Worker.Python.LibraryPath}; {count} tests per exercise, {rounds} rounds (+2 warm-up), interleaved");
            var yamlPrepared = await PrepareAsync(yaml, options);
            var pythonPrepared = await PrepareAsync(python, options);
            var grader = new Grader(options);
            var source = SubmissionSource.FromText("solution.py", Reference);
            var perYaml = new List<double>();
            var perPython = new List<double>();
            for (var i = 0; i < rounds + 2; i++)
            {
                var a = await grader.GradeAsync(yamlPrepared, source);
                var b = await grader.GradeAsync(pythonPrepared, source);
                if (!a.Accepted || !b.Accepted) throw new InvalidOperationException($"not accepted: {a.Message} / {b.Message}");
                if (i < 2) continue;
                perYaml.Add(a.Timings.TestsMs / count * 1000);
                perPython.Add(b.Timings.TestsMs / count * 1000);
            }
            var y = Stats.Of(perYaml);
            var p = Stats.Of(perPython);
            Console.WriteLine($"per test, YAML call             {y.Format("us")}");
            Console.WriteLine($"per test, Python test (tests.py) {p.Format("us")}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio Python / YAML             {p.Median / y.Median:0.00}x"));
            await LargeArgumentAsync(root, options, grader, rounds);

            var self = Environment.ProcessPath ?? "dotnet";
            var selfArgs = Environment.ProcessPath?.EndsWith("dotnet", StringComparison.Ordinal) == true ? [typeof(PythonTestsBench).Assembly.Location] : Array.Empty<string>();
            var startYaml = new List<double>();
            var startPython = new List<double>();
            for (var i = 0; i < starts + 1; i++)
            {
                var sy = await ChildAsync(self, [.. selfArgs, "grade-once", yaml]);
                var sp = await ChildAsync(self, [.. selfArgs, "grade-once", python]);
                if (i == 0) continue;
                startYaml.Add(sy);
                startPython.Add(sp);
            }
            var sY = Stats.Of(startYaml);
            var sP = Stats.Of(startPython);
            Console.WriteLine($"host start + prepare + grade one, YAML tests      {sY.Format("ms")}");
            Console.WriteLine($"host start + prepare + grade one, with tests.py   {sP.Format("ms")}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio with / without tests.py                     {sP.Median / sY.Median:0.00}x"));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// One test whose argument is a list of 50,000 ints (the answer is its length): as source text in a YAML call
    /// (compiled in the worker, the way tests.py sent arguments before canonical values) beside tests.py sending it as
    /// canonical values.
    /// </summary>
    private static async Task LargeArgumentAsync(string root, GradingOptions options, Grader grader, int rounds)
    {
        const int Items = 50_000;
        const string Size = "def size(items):\n    return len(items)\n";
        var source = SubmissionSource.FromText("solution.py", Size);
        var literal = "[" + string.Join(", ", Enumerable.Range(0, Items).Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]";
        var yaml = Write(Path.Combine(root, "large-yaml"), $"tests:\n  - name: large\n    call: 'size({literal})'\n    expect: {Items}\n", null, Size, "size");
        var python = Write(Path.Combine(root, "large-python"), "", $"def test_large():\n    assert size(list(range({Items}))) == {Items}\n", Size, "size");
        var yamlPrepared = await PrepareAsync(yaml, options);
        var pythonPrepared = await PrepareAsync(python, options);
        var asSource = new List<double>();
        var asCanonical = new List<double>();
        for (var i = 0; i < rounds + 2; i++)
        {
            var a = await grader.GradeAsync(yamlPrepared, source);
            var b = await grader.GradeAsync(pythonPrepared, source);
            if (!a.Accepted || !b.Accepted) throw new InvalidOperationException($"not accepted: {a.Message} / {b.Message}");
            if (i < 2) continue;
            asSource.Add(a.Timings.TestsMs);
            asCanonical.Add(b.Timings.TestsMs);
        }
        var s = Stats.Of(asSource);
        var c = Stats.Of(asCanonical);
        Console.WriteLine($"one test, a 50,000-int list argument as source text (YAML call)   {s.Format("ms")}");
        Console.WriteLine($"one test, the same list sent as canonical values (tests.py)    {c.Format("ms")}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio canonical / source text                                    {c.Median / s.Median:0.00}x"));
    }

    /// <summary>The child of the start measurement: a fresh process prepares one exercise and grades its reference once.</summary>
    public static async Task<int> GradeOnceAsync(string directory)
    {
        var options = GradingOptions.Discover();
        var prepared = await PrepareAsync(directory, options);
        var report = await new Grader(options).GradeAsync(prepared, SubmissionSource.FromText("solution.py", Reference));
        return report.Accepted ? 0 : 1;
    }

    private static async Task<PreparedExercise> PrepareAsync(string directory, GradingOptions options)
    {
        var loaded = ExerciseLoader.Load(directory);
        var exercise = loaded.Exercise ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics));
        var preparation = await ExercisePreparer.PrepareUncachedAsync(exercise, options, CancellationToken.None);
        return preparation.Exercise ?? throw new InvalidOperationException(string.Join("\n", preparation.Diagnostics));
    }

    private static async Task<double> ChildAsync(string file, string[] arguments)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
        return clock.Elapsed.TotalMilliseconds;
    }

    private static string Write(string directory, string tests, string? pythonTests, string reference = Reference, string entry = "add")
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "exercise.yaml"),
            $"title: Add\nentry: {entry}\nstatement: statement.md\nreference: reference.py\nlimits: {{ time: 5s }}\n" + tests);
        File.WriteAllText(Path.Combine(directory, "statement.md"), "# Add\n");
        File.WriteAllText(Path.Combine(directory, "reference.py"), reference);
        if (pythonTests is not null) File.WriteAllText(Path.Combine(directory, "tests.py"), pythonTests);
        return directory;
    }

    private static string YamlTests(int count)
    {
        var text = new StringBuilder("tests:\n");
        for (var i = 0; i < count; i++)
            text.Append(CultureInfo.InvariantCulture, $"  - name: test {i}\n    call: add({i}, {i + 1})\n    expect: {2 * i + 1}\n");
        return text.ToString();
    }

    private static string PythonTests(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
            text.Append(CultureInfo.InvariantCulture, $"def test_{i}():\n    assert add({i}, {i + 1}) == {2 * i + 1}\n\n\n");
        return text.ToString();
    }

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
