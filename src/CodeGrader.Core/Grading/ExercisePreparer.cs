using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Core.InHost;
using CodeGrader.Core.Trusted;
using CodeGrader.Python;
using CodeGrader.Core.Values;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>
/// Makes a loaded exercise gradable, with Python: compiles every call (but one <see cref="LiteralCall"/> reads, which
/// compiles by construction) and step and reads <c>expect_py</c> literals in
/// the host's Python (<see cref="HostTools"/>: compiled and parsed, never run), checks the checker loads (a trusted tools
/// worker, only for an exercise with a checker), and runs the reference in a worker of its own for every expectation
/// left out (and on every other test, to time it). Problems are diagnostics at exercise.yaml locations.
/// Results are cached by content.
/// </summary>
internal static class ExercisePreparer
{
    /// <summary>The cached preparation (<see cref="GradingOptions.Cache"/>); <paramref name="cancellationToken"/> stops only this caller's wait.</summary>
    public static Task<ExercisePreparation> PrepareAsync(Exercise exercise, GradingOptions options, CancellationToken cancellationToken = default) =>
        options.Cache.GetOrAddAsync(CacheKey(exercise, options), lifetime => PrepareUncachedAsync(exercise, options, lifetime), cancellationToken);

    /// <summary>Lets go of the cached preparation of <paramref name="exercise"/> (<see cref="GradingOptions.Cache"/>).</summary>
    public static void Forget(Exercise exercise, GradingOptions options) => options.Cache.Remove(CacheKey(exercise, options));

    public static async Task<ExercisePreparation> PrepareUncachedAsync(Exercise exercise, GradingOptions options, CancellationToken cancellationToken)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        var values = ImmutableDictionary.CreateBuilder<(int, int), Expected>();
        var broken = new HashSet<int>();
        // An entry in the disk cache was written only after a preparation of this same content (and Python) without a
        // single diagnostic: its calls and steps compiled then, so they are not compiled again (nor is the host's Python
        // started for it).
        var diskKey = options.DiskCache?.KeyFor(exercise, options.Worker);
        var cached = diskKey is null ? null : options.DiskCache!.TryRead(diskKey, exercise.Tests.Length);
        var callees = cached is null ? Compile(exercise, options.Worker.Python, diagnostics, broken) : [];
        Literals(exercise, options.Worker.Python, diagnostics, values);
        if (exercise.CheckerPath is { } checker)
        {
            await using var tools = await TrustedTools.StartAsync(options.Worker, options.TrustedTimeLimit, cancellationToken).ConfigureAwait(false);
            await CheckCheckerAsync(exercise, checker, tools, diagnostics, cancellationToken).ConfigureAwait(false);
        }
        AddWritten(exercise, values);
        exercise = await PythonTests.AddAsync(exercise, options, diagnostics, cancellationToken).ConfigureAwait(false);
        // Cold, with a disk cache: each big value goes to its file as the reference answers it, and is read from there when judged.
        var spill = cached is null && diskKey is not null ? new ReferenceValueSpill(options.DiskCache!, diskKey) : null;
        ReferenceResults reference;
        try
        {
            reference = cached ?? await ReferenceAsync(exercise, options, diagnostics, broken, callees, spill, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            spill?.Discard();
            throw;
        }
        var failed = diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        if (spill is not null && diagnostics.Count == 0) reference = options.DiskCache!.Write(diskKey!, reference);
        // Failed, its values are never used. (With a warning only, which preparation does not give today, the spilled
        // files would stay for this preparation's values, named by no entry.)
        else if (spill is not null && failed) spill.Discard();
        foreach (var (place, expected) in reference.Values) values[place] = expected;
        var prepared = new PreparedExercise(exercise, new ExpectedValues(values.ToImmutable()))
        {
            ReferenceTimes = reference.Times,
            FromDiskCache = cached is not null,
            PythonTestsText = exercise.PythonTestsPath is { } tests ? await File.ReadAllTextAsync(tests, cancellationToken).ConfigureAwait(false) : null,
        };
        return new ExercisePreparation(failed ? null : prepared, diagnostics.ToImmutable());
    }

    /// <summary>Runs the reference (<see cref="ReferenceRunner"/>): the values it fills in and its times.</summary>
    private static async Task<ReferenceResults> ReferenceAsync(Exercise exercise, GradingOptions options,
        ImmutableArray<Diagnostic>.Builder diagnostics, HashSet<int> broken, Dictionary<int, string> callees, ReferenceValueSpill? spill,
        CancellationToken cancellationToken)
    {
        var values = ImmutableDictionary.CreateBuilder<(int, int), Expected>();
        var times = new Dictionary<int, TimeSpan>();
        await ReferenceRunner.RunAsync(exercise, options, diagnostics, values, broken, times, callees, spill, cancellationToken).ConfigureAwait(false);
        return new ReferenceResults(values.ToImmutable(), times.ToImmutableDictionary());
    }

    /// <summary>Compiles every call and step; returns the name each test's call calls (a plain <c>name(...)</c>), by test index.</summary>
    private static Dictionary<int, string> Compile(Exercise exercise, LibPythonLocation python, ImmutableArray<Diagnostic>.Builder diagnostics, HashSet<int> broken)
    {
        var items = new List<(string Code, string Mode, Location At, int Test, string What)>();
        var callees = new Dictionary<int, string>();
        foreach (var test in exercise.Tests)
        {
            // A plain name called with literal arguments (LiteralCall) compiles by construction: the host's Python is not
            // asked (HumanEval+'s 124,253 calls were 2.5 s of it, compiled and parsed each).
            if (test.Call is { } literal && LiteralCall.TryParse(literal) is { } read) callees[test.Index] = read.Name;
            else if (test.Call is { } call) items.Add((call, "eval", test.CallLocation ?? test.Location, test.Index, "the call"));
            for (var i = 0; i < test.Steps.Length; i++)
            {
                var step = test.Steps[i];
                items.Add((step.Code, step.IsCall ? "eval" : "exec", step.Location, test.Index,
                    step.IsCall ? $"the call of step {i + 1}" : $"the statements of step {i + 1}"));
            }
        }
        var results = HostTools.CompileAll(python, [.. items.Select(i => (i.Code, i.Mode))]);
        var yaml = new Lazy<string[]>(() => File.Exists(exercise.FilePath) ? File.ReadAllLines(exercise.FilePath) : []);
        for (var i = 0; i < items.Count; i++)
        {
            var problem = results[i];
            if (problem.Error is null)
            {
                if (items[i].What == "the call" && problem.Callee is { } callee) callees[items[i].Test] = callee;
                continue;
            }
            broken.Add(items[i].Test);
            var where = problem.Line is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" (line {line}, column {problem.Column ?? 1} of the code)")
                : "";
            var hint = items[i].Mode == "eval" && problem.Error.Contains("invalid syntax", StringComparison.Ordinal) && items[i].Code.Contains('=', StringComparison.Ordinal)
                ? "; a call is one expression (statements go in a 'do' step)"
                : "";
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.CodeDoesNotCompile, Inside(items[i].At, items[i].Code, problem, yaml),
                $"{items[i].What} does not compile: {problem.Error}{where}{hint}"));
        }
        return callees;
    }

    /// <summary>
    /// The YAML position of the error inside the code, when the code is written on one line exactly as Python reads it
    /// (plain, or quoted without escapes); else the code's own position.
    /// </summary>
    private static Location Inside(Location at, string code, HostTools.Compiled problem, Lazy<string[]> yaml)
    {
        if (problem.Line != 1 || problem.Column is not { } column || code.Contains('\n', StringComparison.Ordinal)) return at;
        var start = at.Span.Start;
        if (start.Line >= yaml.Value.Length) return at;
        var text = yaml.Value[start.Line];
        var first = start.Character;
        if (first < text.Length && text[first] is '"' or '\'') first++;
        if (first > text.Length || !text.AsSpan(first).StartsWith(code, StringComparison.Ordinal)) return at;
        var offset = Math.Clamp(column - 1, 0, code.Length);
        var position = new LinePosition(start.Line, first + offset);
        return at with { Span = new LinePositionSpan(position, new LinePosition(start.Line, first + Math.Min(offset + 1, code.Length))) };
    }

    private static void Literals(Exercise exercise, LibPythonLocation python, ImmutableArray<Diagnostic>.Builder diagnostics,
        ImmutableDictionary<(int, int), Expected>.Builder values)
    {
        var literals = Expectations(exercise).Where(e => e.Expectation is ExpectLiteral).ToList();
        var results = HostTools.Literals(python, [.. literals.Select(l => ((ExpectLiteral)l.Expectation).Literal)]);
        for (var i = 0; i < literals.Count; i++)
        {
            var (test, step, expectation) = literals[i];
            if (results[i].Value is { } value && step == ExpectedValues.WholeTest && exercise.Tests[test].Take is not null && value is not PySequence { Kind: SequenceKind.List })
            {
                diagnostics.Add(new Diagnostic(ExerciseDiagnostics.WrongType, expectation.Location,
                    $"test '{exercise.Tests[test].Name}' has take, so its expected value is the list of the items taken, not {value.TypeName} {PythonLiteral.Format(value, 60)}"));
            }
            else if (results[i].Value is { } value2) values[(test, step)] = new ExpectedValue(value2, ExpectationSource.PythonLiteral);
            else diagnostics.Add(new Diagnostic(ExerciseDiagnostics.InvalidLiteral, expectation.Location,
                $"expect_py must be a Python literal as ast.literal_eval reads it ({results[i].Problem})"));
        }
    }

    private static async Task CheckCheckerAsync(Exercise exercise, string checker, TrustedTools tools, ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
    {
        var source = await File.ReadAllTextAsync(checker, cancellationToken).ConfigureAwait(false);
        var result = await tools.EvaluateAsync($"load_checker({PythonSource.Str(source)}, {PythonSource.Str(Path.GetFileName(checker))})", cancellationToken).ConfigureAwait(false);
        if (result.Status != RunStatus.Completed)
        {
            diagnostics.Add(new Diagnostic(ExerciseDiagnostics.CheckerDoesNotLoad, exercise.CheckerLocation ?? Location.StartOf(exercise.FilePath),
                $"the checker does not load: {RunDescriptions.Describe(result)}"));
        }
    }

    /// <summary>Every expectation with its test and step index (-1 for the whole test).</summary>
    private static IEnumerable<(int Test, int Step, Expectation Expectation)> Expectations(Exercise exercise)
    {
        foreach (var test in exercise.Tests)
        {
            if (test.Expectation is { } expectation) yield return (test.Index, ExpectedValues.WholeTest, expectation);
            for (var i = 0; i < test.Steps.Length; i++)
            {
                if (test.Steps[i].Expectation is { } stepExpectation) yield return (test.Index, i, stepExpectation);
            }
        }
    }

    private static void AddWritten(Exercise exercise, ImmutableDictionary<(int, int), Expected>.Builder values)
    {
        foreach (var (test, step, expectation) in Expectations(exercise))
        {
            Expected? expected = expectation switch
            {
                ExpectValue v => new ExpectedValue(v.Value, ExpectationSource.Yaml),
                ExpectRaises r => new ExpectedException(r.ExceptionType),
                ExpectOutput o => new ExpectedOutput(o.Text, ExpectationSource.Stdout),
                _ => null,
            };
            if (expected is not null) values[(test, step)] = expected;
        }
    }

    private static string CacheKey(Exercise exercise, GradingOptions options)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{exercise.ContentHash}\n{Path.GetFullPath(exercise.FilePath)}\n{options.Worker.Python.LibraryPath}\n"));
        if (exercise.CheckerPath is { } checker) sha.AppendData(File.ReadAllBytes(checker));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
