using System.Globalization;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Values;

namespace CodeGrader.Cli.Output;

/// <summary>What <c>codegrader run</c> prints: the value, the exception, or why the code did not run.</summary>
internal sealed class RunPrinter(TextWriter output, SubmissionSource source)
{
    public void PrintLoadFailure(LoadResult load)
    {
        foreach (var diagnostic in load.Diagnostics) DiagnosticPrinter.Print(output, diagnostic, source.Bytes.Span);
        if (load.Error is { } error)
        {
            output.WriteLine($"{source.FileName}: the module raised while being imported:");
            TracebackPrinter.Print(output, error);
        }
        else if (load.Diagnostics.IsEmpty)
        {
            output.WriteLine($"{source.FileName}: {Describe(load.Status)}: {load.Message}");
        }
        PrintOutput(load.Stdout, load.Stderr);
    }

    public void PrintResult(string call, TestRunResult result)
    {
        switch (result.Status)
        {
            case RunStatus.Completed:
                output.WriteLine($"{call} -> {PythonLiteral.Format(result.Value!)}");
                output.WriteLine($"  type {result.Value!.TypeName}{(result.Value.Subclass is { } s ? $" (reduced from {s})" : "")}, {Timing(result)}");
                break;
            case RunStatus.Raised:
                TracebackPrinter.Print(output, result.Error!);
                output.WriteLine($"  {Timing(result)}");
                break;
            default:
                output.WriteLine($"{call}: {result.Message ?? Describe(result.Status)}");
                output.WriteLine($"  {Timing(result)}");
                break;
        }
        PrintOutput(result.Stdout, result.Stderr);
        if (result.End is { Stderr.Length: > 0 } end) output.WriteLine($"worker stderr:\n{end.Stderr.TrimEnd()}");
    }

    private void PrintOutput(string stdout, string stderr)
    {
        if (stdout.Length > 0) output.WriteLine($"stdout:\n{stdout.TrimEnd('\n')}");
        if (stderr.Length > 0) output.WriteLine($"stderr:\n{stderr.TrimEnd('\n')}");
    }

    private static string Timing(TestRunResult result) => result.WorkerTime is { } worker
        ? string.Create(CultureInfo.InvariantCulture, $"{result.HostTime.TotalMilliseconds:0.###} ms on the host clock ({worker.TotalMilliseconds:0.###} ms in the call)")
        : string.Create(CultureInfo.InvariantCulture, $"{result.HostTime.TotalMilliseconds:0.###} ms on the host clock");

    private static string Describe(RunStatus status) => status switch
    {
        RunStatus.TimedOut => "time limit exceeded",
        RunStatus.MemoryLimit => "memory limit exceeded",
        RunStatus.OutputLimit => "output limit exceeded",
        RunStatus.Crashed => "crashed",
        RunStatus.EarlyExit => "exited early",
        RunStatus.ProtocolError => "protocol error",
        RunStatus.CompileError => "compile error",
        RunStatus.Raised => "raised",
        _ => "completed",
    };
}
