namespace CodeGrader.Cli.Tests.Commands;

/// <summary><c>codegrader batch</c>: what it grades, what it writes, its exit codes and its closing summary.</summary>
public sealed class BatchCommandTests : IDisposable
{
    private static readonly string Palindrome = CliRunner.Exercise("palindrome");
    private readonly string _root = CliRunner.TempDirectory();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Submissions(params string[] solutions)
    {
        var folder = Path.Combine(_root, "subs");
        Directory.CreateDirectory(folder);
        foreach (var solution in solutions)
            File.Copy(Path.Combine(Palindrome, solution), Path.Combine(folder, Path.GetFileName(solution)));
        return folder;
    }

    [Fact]
    public async Task A_batch_of_accepted_submissions_exits_0_and_writes_every_output()
    {
        var subs = Submissions("reference.py", "solutions/accepted/two_pointers.py");
        var outDir = Path.Combine(_root, "out");
        var result = await CliRunner.RunAsync("batch", Palindrome, subs, "--out", outDir, "--jobs", "2");
        result.ExitCode.ShouldBe(0, result.Error);
        foreach (var file in new[] { "results.jsonl", "report.json", "junit.xml", "results.csv", "summary.json" })
            File.Exists(Path.Combine(outDir, file)).ShouldBeTrue(file);
        result.Output.ShouldContain("batch done: 2 graded now, 0 already done, 0 left");
        result.Error.ShouldContain("batch: 2/2 graded (100%)");
    }

    [Fact]
    public async Task A_batch_with_a_failing_submission_exits_1_and_ranks_the_tests_that_caught_it()
    {
        var subs = Submissions("reference.py", "solutions/wrong_answer/keeps_case.py");
        var result = await CliRunner.RunAsync("batch", Palindrome, subs, "--out", Path.Combine(_root, "out"));
        result.ExitCode.ShouldBe(1, result.Error);
        result.Output.ShouldContain("wrong_answer");
        result.Output.ShouldContain("tests that failed the most submissions");
        result.Output.ShouldContain("mixed case");
    }

    [Fact]
    public async Task A_batch_whose_exercise_is_slow_to_prepare_shows_it_being_prepared_before_any_submission_is_graded()
    {
        var slow = Path.Combine(_root, "slow");
        Directory.CreateDirectory(slow);
        File.WriteAllText(Path.Combine(slow, "exercise.yaml"), """
            title: Double, slowly prepared
            statement: statement.md
            entry: double
            reference: reference.py
            limits: { time: 5s }
            tests:
              - name: one
                call: double(1)
              - name: two
                call: double(2)
            """);
        File.WriteAllText(Path.Combine(slow, "statement.md"), "Return twice x.\n");
        // The reference takes a while to import: the preparation (its run) is the slow part of this batch. The limit
        // leaves that sleep a wide margin (a loaded CI machine once took 2 s for it under the default 2 s).
        File.WriteAllText(Path.Combine(slow, "reference.py"), "import time\ntime.sleep(1.5)\n\ndef double(x):\n    return 2 * x\n");
        var subs = Path.Combine(_root, "subs");
        Directory.CreateDirectory(subs);
        File.WriteAllText(Path.Combine(subs, "a.py"), "def double(x):\n    return x + x\n");
        File.WriteAllText(Path.Combine(subs, "b.py"), "def double(x):\n    return x * 2\n");

        var result = await CliRunner.RunAsync("batch", slow, subs, "--out", Path.Combine(_root, "out"), "--jobs", "2");

        result.ExitCode.ShouldBe(0, result.Error);
        var lines = result.Error.Split('\n').Where(l => l.StartsWith("batch: ", StringComparison.Ordinal)).ToList();
        lines[0].ShouldBe("batch: 0/2 graded (0%), 0.0/s; 0/1 exercise prepared");
        var prepared = lines.FindIndex(l => l.EndsWith("; 1/1 exercise prepared", StringComparison.Ordinal));
        var firstGraded = lines.FindIndex(l => !l.StartsWith("batch: 0/2 graded", StringComparison.Ordinal));
        prepared.ShouldBeGreaterThan(0, result.Error);
        lines[prepared].ShouldStartWith("batch: 0/2 graded (0%)");
        firstGraded.ShouldBeGreaterThan(prepared, result.Error);
        lines[^1].ShouldStartWith("batch: 2/2 graded (100%)");
    }

    [Fact]
    public async Task A_second_batch_takes_the_expected_values_from_the_cache_unless_told_not_to()
    {
        var subs = Submissions("reference.py", "solutions/wrong_answer/keeps_case.py");
        var cache = Path.Combine(_root, "cache");

        var first = await CliRunner.RunAsync("batch", Palindrome, subs, "--out", Path.Combine(_root, "out1"), "--cache-dir", cache);
        var second = await CliRunner.RunAsync("batch", Palindrome, subs, "--out", Path.Combine(_root, "out2"), "--cache-dir", cache);
        var uncached = await CliRunner.RunAsync("batch", Palindrome, subs, "--out", Path.Combine(_root, "out3"), "--cache-dir", cache, "--no-cache");

        first.Output.ShouldContain("exercises: 1 prepared, 0 with expected values from the cache");
        second.Output.ShouldContain("exercises: 1 prepared, 1 with expected values from the cache");
        uncached.Output.ShouldContain("exercises: 1 prepared (cache of expected values off)");
        foreach (var run in new[] { first, second, uncached })
        {
            run.ExitCode.ShouldBe(1, run.Error);
            run.Output.ShouldContain("accepted");
            run.Output.ShouldContain("wrong_answer");
        }
        Directory.GetFiles(Path.Combine(cache, "expected"), "*", SearchOption.AllDirectories).Length.ShouldBe(1);
        Directory.GetFiles(Path.Combine(cache, "yaml"), "*", SearchOption.AllDirectories).ShouldHaveSingleItem().ShouldEndWith(".tree", customMessage: "the exercise.yaml kept parsed");
    }

    [Fact]
    public async Task Resuming_a_finished_batch_grades_nothing_again()
    {
        var subs = Submissions("reference.py");
        var outDir = Path.Combine(_root, "out");
        (await CliRunner.RunAsync("batch", Palindrome, subs, "--out", outDir)).ExitCode.ShouldBe(0);
        var again = await CliRunner.RunAsync("batch", Palindrome, subs, "--out", outDir, "--resume");
        again.ExitCode.ShouldBe(0, again.Error);
        again.Output.ShouldContain("batch done: 0 graded now, 1 already done, 0 left; 1 in the results");
        File.ReadAllLines(Path.Combine(outDir, "results.jsonl")).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Submissions_that_do_not_exist_are_bad_usage()
    {
        var result = await CliRunner.RunAsync("batch", Palindrome, Path.Combine(_root, "nothing-here"));
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("is not a folder, a glob");
    }

    [Fact]
    public async Task A_manifest_with_an_invalid_exercise_grades_the_rest_and_names_the_invalid_one()
    {
        var subs = Submissions("reference.py", "solutions/wrong_answer/keeps_case.py");
        var broken = Path.Combine(_root, "broken");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "exercise.yaml"), "title: [unclosed\n");
        var manifest = Path.Combine(_root, "manifest.csv");
        File.WriteAllLines(manifest, [
            $"{Path.Combine(subs, "reference.py")},{Palindrome}",
            $"{Path.Combine(subs, "keeps_case.py")},{broken}",
        ]);
        var outDir = Path.Combine(_root, "out");

        var result = await CliRunner.RunAsync("batch", "-", manifest, "--out", outDir);

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain($"the exercise in {broken} is invalid");
        result.Error.ShouldContain("CG2001");
        result.Output.ShouldContain($"invalid exercise: {broken}");
        var lines = File.ReadAllLines(Path.Combine(outDir, "results.jsonl"));
        lines.Length.ShouldBe(2);
        lines.ShouldContain(l => l.Contains("\"verdict\":\"accepted\"", StringComparison.Ordinal) && l.Contains("reference.py", StringComparison.Ordinal));
        lines.ShouldContain(l => l.Contains("\"verdict\":\"internal_error\"", StringComparison.Ordinal) && l.Contains("the exercise is invalid", StringComparison.Ordinal)
            && l.Contains("CG2001", StringComparison.Ordinal));
    }
}
