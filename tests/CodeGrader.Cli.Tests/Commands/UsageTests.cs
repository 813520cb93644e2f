namespace CodeGrader.Cli.Tests.Commands;

/// <summary>Exit codes for bad usage and help (DESIGN.md: 2 is bad usage).</summary>
public sealed class UsageTests
{
    [Fact]
    public async Task Help_lists_the_commands_and_exits_0()
    {
        var result = await CliRunner.RunAsync("--help");
        result.ExitCode.ShouldBe(0);
        foreach (var command in (string[])["grade", "verify", "new", "run"]) result.Output.ShouldContain(command);
    }

    [Fact]
    public async Task An_unknown_command_is_bad_usage()
    {
        var result = await CliRunner.RunAsync("grde", "x", "y");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("codegrader --help");
    }

    [Fact]
    public async Task A_missing_argument_is_bad_usage()
    {
        (await CliRunner.RunAsync("grade", CliRunner.Exercise("palindrome"))).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task An_unknown_format_is_bad_usage()
    {
        var reference = Path.Combine(CliRunner.Exercise("palindrome"), "reference.py");
        (await CliRunner.RunAsync("grade", CliRunner.Exercise("palindrome"), reference, "--format", "yaml")).ExitCode.ShouldBe(2);
    }
}
