using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Results;
using CodeGrader.Python;

namespace CodeGrader.Core.Programs;

/// <summary>
/// Runs one program on one input in a fresh worker and says how it ended. The host owns the clock (the soft interrupt
/// at the time limit, the kill at the wall time limit) and the kill; the worker is gone, and its peak memory read,
/// before the result is made.
/// </summary>
internal static class ProgramRunner
{
    public const string FileName = "script.py";

    public static async Task<ProgramRun> RunAsync(WorkerOptions worker, IWorkerConfinement confinement, SubmissionSource source,
        ReadOnlyMemory<byte> stdin, ProgramRunLimits limits, CancellationToken cancellationToken)
    {
        var options = worker with { Confinement = confinement, Limits = Limits(worker.Limits, limits) };
        var sandbox = new SandboxInfo(confinement.Description, confinement.IsConfined);
        WorkerProcess process;
        try
        {
            process = await WorkerProcess.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkerStartException e)
        {
            return new ProgramRun(ProgramOutcome.InternalError, [], [], null, null, e.Message, null, null, TimeSpan.Zero, null, null, false, sandbox);
        }
        LoadResult load;
        TestRunResult? result = null;
        try
        {
            load = await process.LoadAsync(new LoadRequest(source, SourceMode.Program), cancellationToken).ConfigureAwait(false);
            if (load.Succeeded) result = await process.RunTestAsync(TestRequest.ForProgramBytes(stdin), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        var end = result?.End ?? load.End ?? process.End;
        var peak = end?.Usage.PeakMemoryBytes;
        return result is null ? FromLoad(load, end, peak, sandbox) : FromResult(result, end, peak, limits, sandbox);
    }

    /// <summary>The worker's limits for one run: the soft deadline at the time limit, the kill at the wall time limit.</summary>
    internal static ResourceLimits Limits(ResourceLimits current, ProgramRunLimits limits) => current with
    {
        TimePerTest = limits.Time,
        KillGrace = limits.WallTime - limits.Time > TimeSpan.FromMilliseconds(200) ? limits.WallTime - limits.Time : TimeSpan.FromMilliseconds(200),
        LoadTime = limits.WallTime,
        CpuTime = TimeSpan.FromSeconds(Math.Ceiling(limits.Time.TotalSeconds) + 1),
        MemoryBytes = limits.MemoryBytes,
        OutputBytes = limits.OutputBytes,
        FileSizeBytes = limits.FileSizeBytes,
    };

    private static ProgramRun FromLoad(LoadResult load, WorkerEnd? end, long? peak, SandboxInfo sandbox)
    {
        if (load.Status == RunStatus.CompileError && !load.Diagnostics.IsEmpty)
        {
            var diagnostic = load.Diagnostics[0];
            return new ProgramRun(ProgramOutcome.CompileError, [], [], null, null, diagnostic.Message, null, diagnostic,
                load.HostTime, null, peak, false, sandbox);
        }
        var (outcome, message) = Ended(load.Status, load.Message, end);
        return new ProgramRun(outcome, [], [], null, end?.Exit.Signal, message, null, null, load.HostTime, null, peak, false, sandbox);
    }

    private static ProgramRun FromResult(TestRunResult result, WorkerEnd? end, long? peak, ProgramRunLimits limits, SandboxInfo sandbox)
    {
        var stdout = result.StdoutBytes ?? [.. Encoding.UTF8.GetBytes(result.Stdout)];
        var stderr = result.StderrBytes ?? [.. Encoding.UTF8.GetBytes(result.Stderr)];
        var run = new ProgramRun(ProgramOutcome.Ok, stdout, stderr, 0, null, null, null, null, result.HostTime, result.CpuTime, peak,
            result.OutputTruncated, sandbox);
        switch (result.Status)
        {
            case RunStatus.Completed when result.OutputTruncated:
                return run with { Outcome = ProgramOutcome.OutputLimit, ExitCode = null, Message = OutputMessage(limits) };
            case RunStatus.Completed:
                return run;
            case RunStatus.Raised:
                return Raised(run, result.Error!);
            case RunStatus.OutputLimit:
                return run with { Outcome = ProgramOutcome.OutputLimit, ExitCode = null, Message = result.Message ?? OutputMessage(limits) };
            case RunStatus.TimedOut:
                return run with
                {
                    Outcome = ProgramOutcome.TimeLimit, ExitCode = null, Signal = end?.Exit.Signal,
                    Message = result.Message ?? string.Create(CultureInfo.InvariantCulture, $"time limit exceeded: still running at the {limits.Time.TotalSeconds:0.###} s limit"),
                };
            default:
                var (outcome, message) = Ended(result.Status, result.Message, end);
                return run with
                {
                    Outcome = outcome, Message = message, Signal = end?.Exit.Signal,
                    ExitCode = result.Status == RunStatus.EarlyExit ? end?.Exit.ExitCode : null,
                };
        }
    }

    /// <summary>An exception out of the script: SystemExit is an exit status (a string is printed, status 1, as Python
    /// does), MemoryError the memory limit, anything else a runtime error with Python's traceback on stderr.</summary>
    private static ProgramRun Raised(ProgramRun run, PythonError error)
    {
        if (error.Type == "SystemExit")
        {
            if (int.TryParse(error.Message, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var status))
                return run with { Outcome = status == 0 ? ProgramOutcome.Ok : ProgramOutcome.RuntimeError, ExitCode = status, Message = status == 0 ? null : $"the program exited with status {status}" };
            return run with
            {
                Outcome = ProgramOutcome.RuntimeError, ExitCode = 1, Stderr = Append(run.Stderr, error.Message + "\n"),
                Message = "the program exited with status 1",
            };
        }
        var traceback = Append(run.Stderr, ProgramTraceback.Format(error));
        if (error.IsA("MemoryError"))
            return run with { Outcome = ProgramOutcome.MemoryLimit, ExitCode = null, Error = error, Stderr = traceback, Message = "memory limit exceeded (MemoryError)" };
        return run with { Outcome = ProgramOutcome.RuntimeError, ExitCode = 1, Error = error, Stderr = traceback, Message = $"raised {error}" };
    }

    private static (ProgramOutcome, string) Ended(RunStatus status, string? message, WorkerEnd? end) => status switch
    {
        RunStatus.TimedOut => (ProgramOutcome.TimeLimit, message ?? "time limit exceeded"),
        RunStatus.MemoryLimit => (ProgramOutcome.MemoryLimit, message ?? "memory limit exceeded"),
        RunStatus.OutputLimit => (ProgramOutcome.OutputLimit, message ?? "output limit exceeded"),
        RunStatus.Crashed or RunStatus.EarlyExit => (ProgramOutcome.RuntimeError, message ?? end?.ToString() ?? "the program ended abnormally"),
        _ => (ProgramOutcome.InternalError, message ?? $"the worker failed ({status})"),
    };

    private static string OutputMessage(ProgramRunLimits limits) =>
        string.Create(CultureInfo.InvariantCulture, $"output limit exceeded: more than {limits.OutputBytes} bytes written to stdout or stderr");

    private static ImmutableArray<byte> Append(ImmutableArray<byte> bytes, string text) => [.. bytes, .. Encoding.UTF8.GetBytes(text)];
}
