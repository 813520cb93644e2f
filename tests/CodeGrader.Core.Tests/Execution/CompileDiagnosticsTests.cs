using System.Text;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Execution;

namespace CodeGrader.Core.Tests.Execution;

public sealed class CompileDiagnosticsTests
{
    [Fact]
    public async Task A_syntax_error_is_a_diagnostic_with_its_line_and_column()
    {
        var load = await WorkerHarness.LoadAsync(Encoding.UTF8.GetBytes("x = 1\ndef f(:\n    pass\n"));
        load.Status.ShouldBe(RunStatus.CompileError);
        var diagnostic = load.Diagnostics.ShouldHaveSingleItem();
        diagnostic.ToString().ShouldBe("solution.py(2,7): error CG1001: invalid syntax");
    }

    [Fact]
    public async Task An_indentation_error_names_its_kind()
    {
        var load = await WorkerHarness.LoadAsync(Encoding.UTF8.GetBytes("def f():\nreturn 1\n"));
        load.Diagnostics.ShouldHaveSingleItem().Message.ShouldStartWith("IndentationError:");
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_located_exactly()
    {
        var source = Encoding.UTF8.GetBytes("def f():\n    return 'caf").Concat(new byte[] { 0xE9 }).Concat(Encoding.UTF8.GetBytes("'\n")).ToArray();
        var load = await WorkerHarness.LoadAsync(source);
        var diagnostic = load.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(SourceDiagnostics.NotUtf8);
        diagnostic.Location.Span.Start.ShouldBe(new LinePosition(1, 15));
        diagnostic.Message.ShouldContain("0xe9");
    }

    [Fact]
    public async Task A_declared_latin1_encoding_is_honoured()
    {
        var source = Encoding.Latin1.GetBytes("# -*- coding: latin-1 -*-\ndef f():\n    return 'café'\n");
        var load = await WorkerHarness.LoadAsync(source, entry: "f");
        load.Status.ShouldBe(RunStatus.Completed);
    }

    [Fact]
    public async Task A_null_byte_is_a_diagnostic()
    {
        var load = await WorkerHarness.LoadAsync([.. "x = 1"u8, 0, .. "\n"u8]);
        load.Diagnostics.ShouldHaveSingleItem().Descriptor.ShouldBe(SourceDiagnostics.NullByte);
    }

    [Fact]
    public async Task A_missing_entry_function_is_a_diagnostic_naming_what_is_defined()
    {
        var load = await WorkerHarness.LoadAsync(Encoding.UTF8.GetBytes("def is_palindrom(s):\n    return True\n"), entry: "is_palindrome");
        load.Status.ShouldBe(RunStatus.CompileError);
        var diagnostic = load.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Descriptor.ShouldBe(SourceDiagnostics.MissingEntry);
        diagnostic.Message.ShouldContain("is_palindrom");
    }

    [Fact]
    public async Task An_exception_at_import_is_reported_with_the_candidates_traceback()
    {
        var load = await WorkerHarness.LoadAsync(Encoding.UTF8.GetBytes("print('hello')\nLIMIT = int('x')\n"));
        load.Status.ShouldBe(RunStatus.Raised);
        load.Error!.Type.ShouldBe("ValueError");
        load.Error.Line.ShouldBe(2);
        load.Stdout.ShouldBe("hello\n");
    }

    [Fact]
    public async Task A_module_that_loops_forever_at_import_times_out()
    {
        await using var worker = await WorkerHarness.StartAsync(WorkerHarness.Options(TimeSpan.FromMilliseconds(300)));
        var load = await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", "while True:\n    pass\n"))).WaitAsync(WorkerHarness.Bound);
        load.Status.ShouldBe(RunStatus.TimedOut);
    }
}
