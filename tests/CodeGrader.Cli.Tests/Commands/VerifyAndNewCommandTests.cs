namespace CodeGrader.Cli.Tests.Commands;

/// <summary><c>codegrader new</c> scaffolds an exercise that <c>codegrader verify</c> passes; verify's exit codes.</summary>
public sealed class VerifyAndNewCommandTests
{
    [Fact]
    public async Task New_creates_an_exercise_that_verify_passes()
    {
        var folder = Path.Combine(CliRunner.TempDirectory(), "sum_of_evens");
        var created = await CliRunner.RunAsync("new", folder);
        created.ExitCode.ShouldBe(0, created.Error);
        created.Output.ShouldContain("exercise.yaml");
        File.Exists(Path.Combine(folder, "solutions", "time_limit", "quadratic.py")).ShouldBeTrue();
        var verified = await CliRunner.RunAsync("verify", folder, "--no-sandbox");
        verified.ExitCode.ShouldBe(0, verified.Output + verified.Error);
        verified.Output.ShouldContain("verify: OK");
        verified.Output.ShouldContain("time_limit/quadratic.py");
    }

    [Fact]
    public async Task New_with_python_tests_creates_an_exercise_whose_tests_py_verify_runs()
    {
        var folder = Path.Combine(CliRunner.TempDirectory(), "sum_of_evens");
        var created = await CliRunner.RunAsync("new", folder, "--python-tests");
        created.ExitCode.ShouldBe(0, created.Error);
        created.Output.ShouldContain("tests.py");
        var verified = await CliRunner.RunAsync("verify", folder, "--no-sandbox");
        verified.ExitCode.ShouldBe(0, verified.Output + verified.Error);
        verified.Output.ShouldContain("verify: OK");
        verified.Output.ShouldContain("reference: accepted, 7/7 tests passed");
    }

    [Fact]
    public async Task Verify_shows_an_unknown_name_in_tests_py_at_its_line_and_column()
    {
        var folder = Path.Combine(CliRunner.TempDirectory(), "typo");
        (await CliRunner.RunAsync("new", folder, "--python-tests")).ExitCode.ShouldBe(0);
        var tests = Path.Combine(folder, "tests.py");
        File.WriteAllText(tests, File.ReadAllText(tests).Replace("assert sum_of_evens([]) == 0", "assert sum_of_even([]) == 0", StringComparison.Ordinal));
        var result = await CliRunner.RunAsync("verify", folder, "--no-sandbox");
        result.ExitCode.ShouldBe(2, result.Output + result.Error);
        (result.Output + result.Error).ShouldContain("tests.py(22,12): error CG2107: tests.py uses the name 'sum_of_even', which it never defines");
    }

    [Fact]
    public async Task New_refuses_a_folder_that_is_not_empty()
    {
        var folder = CliRunner.TempDirectory();
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "x");
        var result = await CliRunner.RunAsync("new", folder);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("not empty");
    }

    [Fact]
    public async Task Verify_exits_1_when_an_expect_disagrees_with_the_reference()
    {
        var folder = Path.Combine(CliRunner.TempDirectory(), "broken");
        (await CliRunner.RunAsync("new", folder)).ExitCode.ShouldBe(0);
        var yaml = Path.Combine(folder, "exercise.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("expect: 6", "expect: 7", StringComparison.Ordinal));
        var result = await CliRunner.RunAsync("verify", folder, "--no-sandbox");
        result.ExitCode.ShouldBe(1);
        result.Output.ShouldContain("error CG2201: the reference does not pass test 'a few numbers' (failed): expected 7, got 6");
        result.Output.ShouldContain("verify: FAILED");
    }

    [Fact]
    public async Task Verify_warns_about_a_solution_file_that_is_in_no_verdict_folder()
    {
        var folder = Path.Combine(CliRunner.TempDirectory(), "stray");
        (await CliRunner.RunAsync("new", folder)).ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(folder, "solutions", "draft.py"), "def sum_of_evens(numbers):\n    return 0\n");
        var result = await CliRunner.RunAsync("verify", folder, "--no-sandbox");
        result.ExitCode.ShouldBe(0, result.Output + result.Error);
        result.Output.ShouldContain("warning CG2211: solutions/draft.py was not graded: a solution belongs in the folder of the verdict it must get");
    }

    [Fact]
    public async Task Verify_exits_2_for_an_exercise_that_does_not_load()
    {
        var result = await CliRunner.RunAsync("verify", CliRunner.TempDirectory());
        result.ExitCode.ShouldBe(2);
        result.Output.ShouldContain("CG2016");
    }
}
