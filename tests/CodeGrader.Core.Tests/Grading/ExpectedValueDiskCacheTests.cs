using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;
using CodeGrader.Core.Tests.TestSupport;

namespace CodeGrader.Core.Tests.Grading;

/// <summary>
/// The engine's disk cache of expected values (<see cref="GradingEngineOptions.CacheDirectory"/>): each engine here is a
/// fresh one, as a new process would be. The reference appends a line to a file of its own each time it is imported,
/// so a test sees whether it ran.
/// </summary>
public sealed class ExpectedValueDiskCacheTests : IDisposable
{
    private const string Yaml = """
        title: Scale
        statement: statement.md
        entry: scale
        reference: reference.py
        tests:
          - name: small
            call: scale(2)
          - name: float
            call: scale(0.5)
          - name: nested
            call: "scale([1, (2, 3)])"
        """;

    private readonly string _cache = Path.Combine(Path.GetTempPath(), "codegrader-tests", "cache-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _runs = Path.Combine(Path.GetTempPath(), "codegrader-tests", "runs-" + Guid.NewGuid().ToString("N")[..12] + ".txt");
    private readonly TempExercise _exercise;

    public ExpectedValueDiskCacheTests() => _exercise = new TempExercise(Yaml, Reference(factor: 3));

    public void Dispose()
    {
        _exercise.Dispose();
        if (Directory.Exists(_cache)) Directory.Delete(_cache, recursive: true);
        File.Delete(_runs);
    }

    private string Reference(int factor) => $$"""
        with open({{PythonString(_runs)}}, "a") as runs:
            runs.write("imported\n")

        def scale(x):
            if isinstance(x, list):
                return [scale(v) for v in x]
            if isinstance(x, tuple):
                return tuple(scale(v) for v in x)
            return x * {{factor}}
        """;

    private static string PythonString(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private int ReferenceRuns => File.Exists(_runs) ? File.ReadAllLines(_runs).Length : 0;

    private GradingEngine NewEngine(string? cache) =>
        new(GradingEngineOptions.Default with { Sandbox = SandboxMode.Off, MaxParallelism = 2, CacheDirectory = cache });

    /// <summary>Prepares in a fresh engine and grades <paramref name="source"/>: the verdict, and whether the values came from disk.</summary>
    private async Task<(Verdict Verdict, bool FromDisk)> GradeAsync(string source, string? cache = null)
    {
        await using var engine = NewEngine(cache ?? _cache);
        var prepared = new List<ExercisePrepared>();
        GradedJob? graded = null;
        await foreach (var job in engine.GradeManyAsync([new GradeJob(_exercise.Directory, SubmissionSource.FromText("s.py", source))], new Recorder(prepared.Add)))
            graded = job;
        graded.ShouldNotBeNull();
        return (graded.Report.Verdict, prepared.Single().FromDiskCache);
    }

    private string[] CacheFiles() => Directory.Exists(_cache) ? Directory.GetFiles(_cache, "*.expected", SearchOption.AllDirectories) : [];

    private const string TimesThree = "def scale(x):\n    if isinstance(x, list):\n        return [scale(v) for v in x]\n    if isinstance(x, tuple):\n        return tuple(scale(v) for v in x)\n    return x * 3\n";

    [Fact]
    public async Task A_new_engine_with_the_same_cache_grades_from_the_values_on_disk_without_running_the_reference()
    {
        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, false));
        ReferenceRuns.ShouldBe(1);
        CacheFiles().Length.ShouldBe(1);

        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, true));
        (await GradeAsync(TimesThree.Replace("x * 3", "x * 2", StringComparison.Ordinal))).Verdict.ShouldBe(Verdict.WrongAnswer);
        ReferenceRuns.ShouldBe(1);
    }

    [Fact]
    public async Task Changing_the_reference_runs_it_again_and_grades_by_its_new_values()
    {
        await GradeAsync(TimesThree);
        _exercise.Write("reference.py", Reference(factor: 2));

        var (verdict, fromDisk) = await GradeAsync(TimesThree);

        fromDisk.ShouldBeFalse();
        verdict.ShouldBe(Verdict.WrongAnswer);
        ReferenceRuns.ShouldBe(2);
        CacheFiles().Length.ShouldBe(2);
    }

    [Fact]
    public async Task Changing_a_test_runs_the_reference_again()
    {
        await GradeAsync(TimesThree);
        _exercise.Write("exercise.yaml", Yaml + "\n  - name: more\n    call: scale(7)\n");

        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, false));
        ReferenceRuns.ShouldBe(2);
    }

    [Theory]
    [InlineData("cut in half")]
    [InlineData("one value changed")]
    [InlineData("empty")]
    [InlineData("not ours")]
    public async Task A_damaged_cache_file_is_ignored_and_written_again(string damage)
    {
        await GradeAsync(TimesThree);
        var file = CacheFiles().Single();
        var whole = File.ReadAllBytes(file);
        switch (damage)
        {
            case "cut in half": File.WriteAllBytes(file, whole[..(whole.Length / 2)]); break;
            case "one value changed": File.WriteAllText(file, File.ReadAllText(file).Replace("\"value\":6", "\"value\":7", StringComparison.Ordinal)); break;
            case "empty": File.WriteAllBytes(file, []); break;
            default: File.WriteAllText(file, "{\"values\": []}\n"); break;
        }
        File.ReadAllBytes(file).ShouldNotBe(whole, "the damage must change the file");

        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, false));
        ReferenceRuns.ShouldBe(2);
        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, true));
        ReferenceRuns.ShouldBe(2);
        Directory.GetFiles(Path.GetDirectoryName(file)!).ShouldBe([file], "no temporary file is left behind");
    }

    [Fact]
    public async Task A_big_expected_value_lives_in_a_file_of_its_own_that_is_checked_before_use()
    {
        _exercise.Write("exercise.yaml", Yaml + "\n  - name: big\n    call: scale(list(range(30000)))\n");
        const string wrongOnlyOnTheBigOne = TimesThree + "\n_small = scale\ndef scale(x):\n    return _small(x) if not isinstance(x, list) or len(x) < 1000 else _small(x[:-1]) + [0]\n";

        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, false));
        var entry = CacheFiles().ShouldHaveSingleItem();
        var big = Directory.GetFiles(Path.GetDirectoryName(entry)!, "*.value").ShouldHaveSingleItem();
        new FileInfo(big).Length.ShouldBeGreaterThan(ExpectedValue.BigBytes);
        new FileInfo(entry).Length.ShouldBeLessThan(4096, "the entry names the big value's file instead of holding it");

        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, true));
        (await GradeAsync(wrongOnlyOnTheBigOne)).ShouldBe((Verdict.WrongAnswer, true));
        ReferenceRuns.ShouldBe(1);

        var bytes = File.ReadAllBytes(big);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(big, bytes);
        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, false), "an altered value file is a miss: the reference runs again");
        ReferenceRuns.ShouldBe(2);

        File.Delete(big);
        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, false), "so is a missing one");
        ReferenceRuns.ShouldBe(3);
        (await GradeAsync(wrongOnlyOnTheBigOne)).ShouldBe((Verdict.WrongAnswer, true));
    }

    [Fact]
    public async Task A_big_value_file_changed_after_preparation_makes_that_grading_an_internal_error_and_grading_goes_on()
    {
        _exercise.Write("exercise.yaml", Yaml + "\n  - name: big\n    call: scale(list(range(30000)))\n");
        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, false));
        var big = Directory.GetFiles(Path.GetDirectoryName(CacheFiles().ShouldHaveSingleItem())!, "*.value").ShouldHaveSingleItem();

        await using var engine = NewEngine(_cache);
        var prepared = (await engine.PrepareExerciseAsync(_exercise.Directory)).Exercise.ShouldNotBeNull();
        prepared.FromDiskCache.ShouldBeTrue();
        var bytes = File.ReadAllBytes(big);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(big, bytes);

        var report = await engine.GradeAsync(prepared, SubmissionSource.FromText("s.py", TimesThree));
        report.Verdict.ShouldBe(Verdict.InternalError);
        report.Message.ShouldNotBeNull().ShouldContain("changed after it was checked");
        report.Tests.Single(t => t.Name == "small").Status.ShouldBe(TestStatus.Passed, "the other tests are judged as usual");
        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, false), "a new preparation finds the file altered and runs the reference again");
    }

    [Fact]
    public async Task A_batch_with_a_disk_cache_lets_go_of_each_exercise_once_its_last_submission_is_graded()
    {
        GradeJob[] jobs = [new(_exercise.Directory, SubmissionSource.FromText("a.py", TimesThree)), new(_exercise.Directory, SubmissionSource.FromText("b.py", TimesThree))];
        await using (var engine = NewEngine(_cache))
        {
            var verdicts = new List<Verdict>();
            await foreach (var graded in engine.GradeManyAsync(jobs)) verdicts.Add(graded.Report.Verdict);
            verdicts.ShouldBe([Verdict.Accepted, Verdict.Accepted]);
            engine.PreparedExerciseCount.ShouldBe(0, "its expected values are not held once the batch is done with it");
            (await engine.PrepareExerciseAsync(_exercise.Directory)).Exercise!.FromDiskCache.ShouldBeTrue("it comes back from disk");
        }
        await using (var engine = NewEngine(null))
        {
            await foreach (var _ in engine.GradeManyAsync(jobs))
            {
            }
            engine.PreparedExerciseCount.ShouldBe(1, "without a disk cache the engine keeps it: the reference would have to run again");
        }
        ReferenceRuns.ShouldBe(2);
    }

    [Fact]
    public async Task Engines_preparing_the_same_exercise_at_once_leave_one_whole_entry()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => GradeAsync(TimesThree))));

        results.ShouldAllBe(r => r.Verdict == Verdict.Accepted);
        var file = CacheFiles().ShouldHaveSingleItem();
        Directory.GetFiles(Path.GetDirectoryName(file)!).ShouldBe([file]);
        (await GradeAsync(TimesThree)).ShouldBe((Verdict.Accepted, true));
    }

    [Fact]
    public async Task Without_a_cache_directory_the_reference_runs_in_every_engine_and_nothing_is_written()
    {
        await using (var engine = NewEngine(null)) (await engine.PrepareExerciseAsync(_exercise.Directory)).Succeeded.ShouldBeTrue();
        await using (var engine = NewEngine(null)) (await engine.PrepareExerciseAsync(_exercise.Directory)).Succeeded.ShouldBeTrue();
        ReferenceRuns.ShouldBe(2);
        Directory.Exists(_cache).ShouldBeFalse();
    }

    [Fact]
    public async Task A_cold_preparation_writes_each_big_value_to_the_cache_as_the_reference_answers_it()
    {
        // The reference's later test counts the value files already in the cache (waiting up to 5 s for one): its
        // expected value is 1 only if the big one was written before the reference finished.
        _exercise.Write("exercise.yaml", Yaml.Replace("tests:", "limits: { time: 10s }\ntests:", StringComparison.Ordinal) +
            "\n  - name: big\n    call: scale(list(range(30000)))\n  - name: after\n    call: spilled()\n");
        _exercise.Write("reference.py", Reference(factor: 3) + $$"""


            import os, time

            def spilled():
                deadline = time.monotonic() + 5
                while True:
                    found = sum(".value" in name for _, _, names in os.walk({{PythonString(_cache)}}) for name in names)
                    if found or time.monotonic() > deadline:
                        return found
                    time.sleep(0.01)
            """);
        var submission = TimesThree + "\ndef spilled():\n    return 1\n";

        (await GradeAsync(submission)).ShouldBe((Verdict.Accepted, false));
        (await GradeAsync(submission)).ShouldBe((Verdict.Accepted, true), "the entry names the file written ahead of it");
        Directory.GetFiles(_cache, "*.value", SearchOption.AllDirectories).ShouldHaveSingleItem();
        Directory.GetFiles(_cache, "*.spill", SearchOption.AllDirectories).ShouldBeEmpty("the file written ahead is moved where the entry names it");
        ReferenceRuns.ShouldBe(1);
    }

    [Fact]
    public async Task A_preparation_that_fails_deletes_only_the_files_it_wrote_itself()
    {
        // The reference fails on 'maybe' once the marker exists: a second preparation of the same content fails after its
        // big value, as one in another process might while the first one's entry and values are in the cache.
        var marker = _runs + ".fail";
        _exercise.Write("exercise.yaml", Yaml + "\n  - name: big\n    call: scale(list(range(30000)))\n  - name: maybe\n    call: scale(None)\n");
        _exercise.Write("reference.py", Reference(factor: 3).Replace("def scale(x):\n", $"import os\n\ndef scale(x):\n    if x is None:\n        if os.path.exists({PythonString(marker)}):\n            raise ValueError('failing now')\n        return 0\n", StringComparison.Ordinal));
        try
        {
            await using (var engine = NewEngine(_cache)) (await engine.PrepareExerciseAsync(_exercise.Directory)).Succeeded.ShouldBeTrue();
            var value = Directory.GetFiles(_cache, "*.value", SearchOption.AllDirectories).ShouldHaveSingleItem();
            var bytes = File.ReadAllBytes(value);
            File.Delete(CacheFiles().ShouldHaveSingleItem());
            File.WriteAllText(marker, "");

            await using (var engine = NewEngine(_cache)) (await engine.PrepareExerciseAsync(_exercise.Directory)).Succeeded.ShouldBeFalse();
            ReferenceRuns.ShouldBe(2);
            File.ReadAllBytes(value).ShouldBe(bytes, "the first preparation's value is left as it was");
            Directory.GetFiles(_cache, "*.spill", SearchOption.AllDirectories).ShouldBeEmpty("the failed preparation's own file is deleted");
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Fact]
    public async Task A_reference_that_fails_after_a_big_value_leaves_nothing_in_the_cache()
    {
        _exercise.Write("exercise.yaml", Yaml + "\n  - name: big\n    call: scale(list(range(30000)))\n  - name: fails\n    call: scale(None)\n");
        await using var engine = NewEngine(_cache);
        (await engine.PrepareExerciseAsync(_exercise.Directory)).Succeeded.ShouldBeFalse();
        var expected = Path.Combine(_cache, "expected");
        (Directory.Exists(expected) ? Directory.GetFiles(expected, "*", SearchOption.AllDirectories) : []).ShouldBeEmpty(
            "the big value written as it was answered is deleted with its entry not written");
    }

    [Fact]
    public async Task An_exercise_whose_reference_fails_is_not_cached()
    {
        _exercise.Write("reference.py", "def scale(x):\n    raise ValueError('no')\n");
        await using var engine = NewEngine(_cache);
        (await engine.PrepareExerciseAsync(_exercise.Directory)).Succeeded.ShouldBeFalse();
        CacheFiles().ShouldBeEmpty();
    }

    private sealed class Recorder(Action<ExercisePrepared> report) : IProgress<ExercisePrepared>
    {
        public void Report(ExercisePrepared value)
        {
            lock (this) report(value);
        }
    }
}
