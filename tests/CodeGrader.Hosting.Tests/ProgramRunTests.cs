using System.Text;
using CodeGrader.Core.Engine;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Programs;
using Microsoft.Extensions.DependencyInjection;

namespace CodeGrader.Hosting.Tests;

/// <summary>GradingEngine.RunProgramAsync: a program on an input, in a fresh worker of the real sandbox, every way it can end.</summary>
[Collection(OneAtATime.Name)]
public sealed class ProgramRunTests
{
    private static SubmissionSource Script(string text) => SubmissionSource.FromText("script.py", text);

    private static async Task<ProgramRun> RunAsync(string source, byte[] stdin, ProgramRunLimits? limits = null)
    {
        await using var services = Embedding.Services();
        var engine = services.GetRequiredService<GradingEngine>();
        var run = await engine.RunProgramAsync(Script(source), stdin, limits);
        run.Sandbox.Confined.ShouldBeTrue(run.Sandbox.Description);
        return run;
    }

    private static Task<ProgramRun> RunAsync(string source, string stdin = "", ProgramRunLimits? limits = null) =>
        RunAsync(source, Encoding.UTF8.GetBytes(stdin), limits);

    [Fact]
    public async Task A_program_reads_its_stdin_and_its_stdout_and_stderr_come_back_with_exit_status_zero()
    {
        var run = await RunAsync("import sys\nname = input()\nprint(f'hello, {name}')\nprint('note', file=sys.stderr)\n", "Judge0\n");

        run.Outcome.ShouldBe(ProgramOutcome.Ok, run.Message);
        run.StdoutText.ShouldBe("hello, Judge0\n");
        run.StderrText.ShouldBe("note\n");
        run.ExitCode.ShouldBe(0);
        run.Signal.ShouldBeNull();
        run.IsUtf8.ShouldBeTrue();
        run.CpuTime.ShouldNotBeNull();
        run.PeakMemoryBytes.ShouldNotBeNull();
        run.PeakMemoryBytes!.Value.ShouldBeGreaterThan(0);
        await Descendants.ShouldBeNoneLeftAsync();
    }

    [Fact]
    public async Task Non_UTF8_and_binary_stdout_come_back_byte_for_byte_and_text_and_bytes_keep_their_order()
    {
        var run = await RunAsync("import sys\nprint('é', end='')\nsys.stdout.buffer.write(bytes(range(256)))\nprint('ü')\n");

        run.Outcome.ShouldBe(ProgramOutcome.Ok, run.Message);
        byte[] expected = [.. Encoding.UTF8.GetBytes("é"), .. Enumerable.Range(0, 256).Select(b => (byte)b), .. Encoding.UTF8.GetBytes("ü\n")];
        run.Stdout.ShouldBe(expected);
        run.IsUtf8.ShouldBeFalse();
        run.StdoutText.ShouldContain("\uFFFD");
    }

    [Fact]
    public async Task Binary_stdin_reaches_the_program_through_sys_stdin_buffer()
    {
        byte[] input = [0xFF, 0x00, 0xFE, 0x0A];

        var run = await RunAsync("import sys\ndata = sys.stdin.buffer.read()\nsys.stdout.buffer.write(data[::-1])\n", input);

        run.Outcome.ShouldBe(ProgramOutcome.Ok, run.Message);
        run.Stdout.ShouldBe(input.Reverse().ToArray());
    }

    [Fact]
    public async Task An_uncaught_exception_is_a_runtime_error_with_its_type_traceback_and_Pythons_stderr()
    {
        var run = await RunAsync("def f(x):\n    return 1 // x\n\nprint('before')\nf(0)\n");

        run.Outcome.ShouldBe(ProgramOutcome.RuntimeError);
        run.ExitCode.ShouldBe(1);
        run.Error.ShouldNotBeNull().Type.ShouldBe("ZeroDivisionError");
        run.Error.Traceback.Select(f => f.Line).ShouldBe([5, 2]);
        run.StdoutText.ShouldBe("before\n");
        run.StderrText.ShouldStartWith("Traceback (most recent call last):\n");
        run.StderrText.ShouldEndWith("ZeroDivisionError: integer division or modulo by zero\n");
    }

    [Fact]
    public async Task Sys_exit_with_a_status_is_that_exit_status_and_sys_exit_zero_is_a_clean_run()
    {
        var three = await RunAsync("import sys\nprint('x')\nsys.exit(3)\n");
        three.Outcome.ShouldBe(ProgramOutcome.RuntimeError);
        three.ExitCode.ShouldBe(3);
        three.Error.ShouldBeNull();

        var zero = await RunAsync("import sys\nsys.exit(0)\n");
        zero.Outcome.ShouldBe(ProgramOutcome.Ok, zero.Message);
        zero.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_syntax_error_is_a_compile_error_with_its_line_and_column()
    {
        var run = await RunAsync("print('ok')\nx = (1 +\n");

        run.Outcome.ShouldBe(ProgramOutcome.CompileError);
        var diagnostic = run.CompileError.ShouldNotBeNull();
        diagnostic.Location.Span.Start.Line.ShouldBe(1); // zero-based: line 2
        diagnostic.Location.Span.Start.Character.ShouldBe(4);
        run.Stdout.ShouldBeEmpty();
        ProgramTraceback.Format(diagnostic).ShouldContain("line 2, column 5");
    }

    [Fact]
    public async Task A_program_still_running_at_the_time_limit_is_a_time_limit()
    {
        var run = await RunAsync("while True:\n    pass\n", limits: new ProgramRunLimits { Time = TimeSpan.FromMilliseconds(500), WallTime = TimeSpan.FromSeconds(5) });

        run.Outcome.ShouldBe(ProgramOutcome.TimeLimit, run.Message);
        run.ExitCode.ShouldBeNull();
    }

    [Fact]
    public async Task A_program_that_swallows_the_interrupt_is_killed_by_the_host_at_the_wall_time_limit()
    {
        const string stubborn = "while True:\n    try:\n        while True:\n            pass\n    except BaseException:\n        pass\n";

        var run = await RunAsync(stubborn, limits: new ProgramRunLimits { Time = TimeSpan.FromMilliseconds(300), WallTime = TimeSpan.FromSeconds(1) });

        run.Outcome.ShouldBe(ProgramOutcome.TimeLimit, run.Message);
        run.Message.ShouldNotBeNull().ShouldContain("killed");
        await Descendants.ShouldBeNoneLeftAsync();
    }

    [Fact]
    public async Task A_program_over_its_memory_limit_is_a_memory_limit()
    {
        var run = await RunAsync("block = bytearray(200 * 1024 * 1024)\nprint(len(block))\n", limits: ProgramRunLimits.Default with { MemoryBytes = 64L * 1024 * 1024 });

        run.Outcome.ShouldBe(ProgramOutcome.MemoryLimit, run.Message);
        run.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_program_writing_past_the_output_limit_is_an_output_limit_and_keeps_the_bytes_up_to_it()
    {
        var run = await RunAsync("import sys\nwhile True:\n    sys.stdout.write('x' * 100)\n", limits: ProgramRunLimits.Default with { OutputBytes = 1000 });

        run.Outcome.ShouldBe(ProgramOutcome.OutputLimit, run.Message);
        run.OutputTruncated.ShouldBeTrue();
        run.Stdout.Length.ShouldBe(1000);
    }

    [Fact]
    public async Task A_program_writing_a_file_past_the_file_size_limit_gets_an_error()
    {
        const string writes = "with open('/tmp/big', 'wb') as f:\n    f.write(b'x' * 200_000)\nprint('wrote')\n";

        var run = await RunAsync(writes, limits: ProgramRunLimits.Default with { FileSizeBytes = 100_000 });

        run.Outcome.ShouldBe(ProgramOutcome.RuntimeError, run.Message);
        run.StdoutText.ShouldNotContain("wrote");
        run.StderrText.ShouldContain("File too large");
    }

    [Fact]
    public void Limits_that_make_no_sense_are_refused_naming_the_limit()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new ProgramRunLimits { Time = TimeSpan.FromSeconds(5), WallTime = TimeSpan.FromSeconds(1) }.Validate())
            .ParamName.ShouldBe("WallTime");
        Should.Throw<ArgumentOutOfRangeException>(() => (ProgramRunLimits.Default with { OutputBytes = 0 }).Validate()).ParamName.ShouldBe("OutputBytes");
    }
}
