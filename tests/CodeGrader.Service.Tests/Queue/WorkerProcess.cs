using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace CodeGrader.Service.Tests.Queue;

/// <summary>
/// A real <c>codegrader worker</c> process (the CLI built beside the tests), on the server's data directory and Redis,
/// which the test can SIGKILL or SIGTERM. Its output is kept for the failure message.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join("\n", _output);

    /// <param name="lease">The claim lease (short in tests, so a killed worker's job moves on quickly).</param>
    public static async Task<WorkerProcess> StartAsync(string redis, string prefix, string dataDirectory, int jobs = 1,
        double lease = 4, int maxAttempts = 3, double shutdownTimeout = 60)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "codegrader.dll");
        var start = new ProcessStartInfo("dotnet",
        [
            dll, "worker", "--redis", redis, "--redis-prefix", prefix, "--data", dataDirectory,
            "--jobs", jobs.ToString(CultureInfo.InvariantCulture), "--lease", lease.ToString(CultureInfo.InvariantCulture),
            "--max-attempts", maxAttempts.ToString(CultureInfo.InvariantCulture),
            "--shutdown-timeout", shutdownTimeout.ToString(CultureInfo.InvariantCulture),
        ])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var worker = new WorkerProcess(Process.Start(start)!);
        var started = await Task.WhenAny(worker._started.Task, worker._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(3)));
        if (started != worker._started.Task)
        {
            if (!worker._process.HasExited) worker._process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"codegrader worker did not start:\n{worker.Output}");
        }
        return worker;
    }

    private void Line(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        if (line.StartsWith("CodeGrader worker ", StringComparison.Ordinal)) _started.TrySetResult(line);
    }

    /// <summary>SIGKILL: no chance to finish, acknowledge or say goodbye.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager stops it; waits for the exit.</summary>
    public async Task TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public int ExitCode => _process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
