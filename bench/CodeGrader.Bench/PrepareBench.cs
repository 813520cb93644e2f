using System.Diagnostics;
using System.Globalization;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Grading;
using CodeGrader.Core.InHost;
using CodeGrader.Core.Trusted;
using CodeGrader.Core.Values;

namespace CodeGrader.Bench;

/// <summary>
/// Where an exercise's calls, steps and expect_py literals are checked at preparation: in a trusted tools worker (as
/// before issue 9) or in the host's Python (now), in the same run; then the whole preparation as it runs now.
/// Usage: dotnet run -c Release --project bench/CodeGrader.Bench -- prepare [rounds] exercises/palindrome ...
/// </summary>
internal static class PrepareBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var r) ? r : 20;
        var directories = args.SkipWhile(a => int.TryParse(a, CultureInfo.InvariantCulture, out _)).ToList();
        var options = GradingOptions.Discover();
        Console.WriteLine($"libpython: {options.Worker.Python.LibraryPath} ({options.Worker.Python.Source})");

        var clock = Stopwatch.StartNew();
        HostPython.For(options.Worker.Python);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"host Python start (PythonEngine.Initialize + the host module, once per process): {clock.Elapsed.TotalMilliseconds:0.0} ms"));

        foreach (var directory in directories)
        {
            var loaded = ExerciseLoader.Load(directory);
            var exercise = loaded.Exercise ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics));
            var items = exercise.Tests.SelectMany(t => (t.Call is { } call ? [(call, "eval")] : Array.Empty<(string, string)>())
                .Concat(t.Steps.Select(s => (s.Code, s.IsCall ? "eval" : "exec")))).ToList();
            var literals = exercise.Tests.SelectMany(t => t.Steps.Select(s => s.Expectation).Prepend(t.Expectation))
                .OfType<ExpectLiteral>().Select(l => l.Literal).ToList();

            var worker = new List<double>();
            var inHost = new List<double>();
            var whole = new List<double>();
            for (var i = 0; i < rounds + 2; i++)
            {
                // Interleaved, the first two rounds are warm-up.
                clock.Restart();
                await using (var tools = await TrustedTools.StartAsync(options.Worker, options.TrustedTimeLimit, CancellationToken.None))
                {
                    // The same work as before issue 9 (compile each, ast.literal_eval each), evaluated in the worker.
                    if (items.Count > 0) await tools.EvaluateAsync(CompileEach(items), CancellationToken.None);
                    if (literals.Count > 0) await tools.EvaluateAsync(LiteralEach(literals), CancellationToken.None);
                }
                var workerTime = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                HostTools.CompileAll(options.Worker.Python, items);
                HostTools.Literals(options.Worker.Python, literals);
                var hostTime = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                var preparation = await ExercisePreparer.PrepareUncachedAsync(exercise, options, CancellationToken.None);
                if (!preparation.Succeeded) throw new InvalidOperationException(string.Join("\n", preparation.Diagnostics));
                var wholeTime = clock.Elapsed.TotalMilliseconds;
                if (i < 2) continue;
                worker.Add(workerTime);
                inHost.Add(hostTime);
                whole.Add(wholeTime);
            }
            var before = Stats.Of([.. whole.Select((w, i) => w - inHost[i] + worker[i])]);
            Console.WriteLine($"{exercise.Title} ({items.Count} calls/steps, {literals.Count} expect_py, checker: {(exercise.CheckerPath is null ? "no" : "yes")})");
            Console.WriteLine($"  checks in a trusted tools worker  {Stats.Of(worker).Format("ms")}");
            Console.WriteLine($"  checks in the host's Python       {Stats.Of(inHost).Format("ms")}");
            Console.WriteLine($"  whole preparation, now            {Stats.Of(whole).Format("ms")}");
            Console.WriteLine($"  whole preparation, checks in the worker (now - in-host + worker, per round) {before.Format("ms")}");
        }
        return 0;
    }

    private static string CompileEach(IEnumerable<(string Code, string Mode)> items) =>
        "[compile(c, '<test>', m, dont_inherit=True) and None for c, m in [" +
        string.Join(", ", items.Select(i => $"({PythonSource.Str(i.Code)}, {PythonSource.Str(i.Mode)})")) + "]]";

    private static string LiteralEach(IEnumerable<string> texts) =>
        "[__import__('ast').literal_eval(t) for t in [" + string.Join(", ", texts.Select(PythonSource.Str)) + "]]";
}
