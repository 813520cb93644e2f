using System.Text.Json;
using System.Xml.Linq;

namespace CodeGrader.Cli.Tests.Commands;

/// <summary><c>codegrader grade</c>: exit codes, formats, views, --out, and what it says about the sandbox.</summary>
public sealed class GradeCommandTests
{
    private static readonly string Palindrome = CliRunner.Exercise("palindrome");
    private static readonly string Reference = Path.Combine(Palindrome, "reference.py");
    private static readonly string WrongAnswer = Path.Combine(Palindrome, "solutions", "wrong_answer", "keeps_case.py");

    [Fact]
    public async Task The_reference_is_accepted_with_exit_code_0()
    {
        var result = await CliRunner.RunAsync("grade", Palindrome, Reference, "--no-sandbox");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldContain("ACCEPTED  score 100/100");
        result.Output.ShouldContain("sandbox: OFF");
        result.Output.ShouldNotContain("\u001b[");
    }

    [Fact]
    public async Task A_wrong_answer_exits_1()
    {
        var result = await CliRunner.RunAsync("grade", Palindrome, WrongAnswer, "--no-sandbox");
        result.ExitCode.ShouldBe(1);
        result.Output.ShouldContain("WRONG ANSWER");
    }

    [Fact]
    public async Task The_json_report_says_the_sandbox_was_off()
    {
        var result = await CliRunner.RunAsync("grade", Palindrome, WrongAnswer, "--no-sandbox", "--format", "json");
        using var json = JsonDocument.Parse(result.Output);
        json.RootElement.GetProperty("schema").GetString().ShouldBe("codegrader/report@1");
        json.RootElement.GetProperty("verdict").GetString().ShouldBe("wrong_answer");
        json.RootElement.GetProperty("sandbox").GetProperty("confined").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task The_candidate_view_hides_hidden_calls()
    {
        var result = await CliRunner.RunAsync("grade", Palindrome, WrongAnswer, "--no-sandbox", "--format", "json", "--view", "candidate");
        result.Output.ShouldNotContain("No 'x' in Nixon");
        result.Output.ShouldContain("\"redacted\": true");
        result.Output.ShouldContain("racecar");
    }

    [Fact]
    public async Task Out_writes_the_report_to_a_file()
    {
        var path = Path.Combine(CliRunner.TempDirectory(), "report.xml");
        var result = await CliRunner.RunAsync("grade", Palindrome, WrongAnswer, "--no-sandbox", "--format", "junit", "--out", path);
        result.ExitCode.ShouldBe(1);
        result.Output.ShouldBeEmpty();
        XDocument.Load(path).Root!.Element("testsuite")!.Attribute("failures")!.Value.ShouldNotBe("0");
    }

    [Fact]
    public async Task An_invalid_exercise_exits_2_with_compiler_style_diagnostics()
    {
        var folder = CliRunner.TempDirectory();
        File.WriteAllText(Path.Combine(folder, "exercise.yaml"), "title: Add\nentyr: add\nstatement: statement.md\nreference: reference.py\ntests:\n  - name: a\n    call: add(1, 2)\n");
        File.WriteAllText(Path.Combine(folder, "statement.md"), "# Add\n");
        File.WriteAllText(Path.Combine(folder, "reference.py"), "def add(a, b):\n    return a + b\n");
        var solution = Path.Combine(folder, "reference.py");
        var result = await CliRunner.RunAsync("grade", folder, solution, "--no-sandbox");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("exercise.yaml(2,1): error CG2002: unknown key 'entyr' in exercise.yaml (did you mean 'entry'?)");
        result.Error.ShouldContain("  2 | entyr: add");
    }

    [Fact]
    public async Task A_missing_solution_file_is_bad_usage()
    {
        var result = await CliRunner.RunAsync("grade", Palindrome, Path.Combine(Palindrome, "nope.py"), "--no-sandbox");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("no such file");
    }

    [Fact]
    public async Task Without_no_sandbox_it_grades_in_the_sandbox_or_refuses_with_exit_3()
    {
        var result = await CliRunner.RunAsync("grade", Palindrome, Reference);
        if (result.ExitCode == 3)
        {
            result.Error.ShouldContain("--no-sandbox");
        }
        else
        {
            result.ExitCode.ShouldBe(0, result.Error);
            result.Output.ShouldNotContain("sandbox: OFF");
        }
    }
}
