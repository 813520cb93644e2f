using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodeGrader.Protocol;
using Microsoft.Extensions.Logging;

namespace CodeGrader.Core.Execution;

/// <summary>
/// One worker process for one submission. The host owns its clock and its death: every request is
/// bracketed with the host's stopwatch, the worker is killed (whole tree) at the hard deadline, and a worker
/// that dies, hangs, exits early or writes garbage becomes an honest result, never an exception or a hang.
/// </summary>
internal sealed partial class WorkerProcess : IAsyncDisposable
{
    private static readonly byte[] StartSignal = [(byte)'!'];
    private readonly WorkerOptions _options;
    private readonly ChildProcess _child;
    private readonly IConfinedLaunch _launch;
    private readonly HostChannel _channel;
    private readonly BoundedDrain _stdout;
    private readonly BoundedDrain _stderr;
    private readonly ILogger _logger;
    private int _killReason; // a KillReason; set once, possibly from a drain thread
    private WorkerEnd? _end;
    private bool _busy;
    private int _inFlight;
    private bool _signalled;

    private WorkerProcess(WorkerOptions options, ChildProcess child, IConfinedLaunch launch)
    {
        _options = options;
        _child = child;
        _launch = launch;
        _logger = options.LoggerFactory.CreateLogger<WorkerProcess>();
        _channel = new HostChannel(child.ToChild, child.FromChild);
        var cap = options.Limits.OutputBytes;
        _stdout = new BoundedDrain(child.Stdout, cap, () => Kill(KillReason.OutputLimit));
        _stderr = new BoundedDrain(child.Stderr, cap, () => Kill(KillReason.OutputLimit));
    }

    public WorkerReady Ready { get; private set; } = null!;
    public bool IsAlive => _end is null && !_child.Exited.IsCompleted;

    /// <summary>How the worker ended, once it has.</summary>
    public WorkerEnd? End => _end;

    /// <summary>
    /// Starts a worker and waits until its Python and harness are ready: one spawned ahead by
    /// <see cref="WorkerOptions.Launches"/> when it holds one for these options (its sandbox already built), else a
    /// fresh spawn. Either way a worker no submission has used; the clock runs from here.
    /// </summary>
    public static async Task<WorkerProcess> StartAsync(WorkerOptions options, CancellationToken cancellationToken = default)
    {
        Stopwatch clock;
        WorkerProcess worker;
        if (options.ForkServer is { } forks && forks.WillFork(options))
        {
            // The clock runs from the host's fork request, as it runs from the spawn of a fresh worker.
            clock = Stopwatch.StartNew();
            worker = await forks.ForkAsync(options, cancellationToken).ConfigureAwait(false);
        }
        else if (options.Launches?.Take(options) is { } armed)
        {
            clock = Stopwatch.StartNew();
            worker = armed;
        }
        else
        {
            var launch = options.Confinement.PrepareToStartOnSignal(Command(options), options.Limits);
            clock = Stopwatch.StartNew();
            worker = Spawn(options, launch);
        }
        try
        {
            await worker.SignalStartAsync().ConfigureAwait(false);
            await worker.HandshakeAsync(clock, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await worker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        // Arm the next one while this worker runs its submission, not while it was starting.
        if (options.ForkServer is null) options.Launches?.Refill(options);
        return worker;
    }

    /// <summary>
    /// Spawns a worker whose confinement waits for the start signal (<see cref="IConfinedLaunch.StartsOnSignal"/>), for
    /// <see cref="LaunchReserve"/>; null when this confinement cannot wait (nothing is spawned then).
    /// </summary>
    internal static WorkerProcess? SpawnArmed(WorkerOptions options)
    {
        var launch = options.Confinement.PrepareToStartOnSignal(Command(options), options.Limits);
        if (!launch.StartsOnSignal)
        {
            launch.Dispose();
            return null;
        }
        return Spawn(options, launch);
    }

    /// <summary>A worker another process started for the host (a fork server's zygote), confined by <paramref name="launch"/>.</summary>
    internal static WorkerProcess Adopt(WorkerOptions options, ChildProcess child, IConfinedLaunch launch) => new(options, child, launch);

    /// <summary>The process the host spawned (the launcher, bubblewrap's monitor once the sandbox is built).</summary>
    internal int LauncherPid => _child.Pid;

    /// <summary>True when nothing of the worker runs yet: its confinement waits for <see cref="SignalStartAsync"/>.</summary>
    internal bool WaitsForStartSignal => _launch.StartsOnSignal && !_signalled;

    private static WorkerCommand Command(WorkerOptions options)
    {
        var environment = ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["CODEGRADER_LIBPYTHON"] = options.Python.LibraryPath,
            ["CODEGRADER_PYTHONHOME"] = options.Python.Home ?? "",
            ["CODEGRADER_CHANNEL"] = "3,4",
            ["LANG"] = "C.UTF-8",
        });
        return new WorkerCommand(options.WorkerPath, [], environment);
    }

    private static WorkerProcess Spawn(WorkerOptions options, IConfinedLaunch launch)
    {
        ChildProcess child;
        try
        {
            child = ChildProcess.Start(launch.Command);
        }
        catch
        {
            launch.Dispose();
            throw;
        }
        launch.Started(child.Pid);
        return new WorkerProcess(options, child, launch);
    }

    /// <summary>
    /// The start signal: one byte ahead of the channel's first frame, read (and consumed) by the confinement, never by
    /// the worker. A launch that died meanwhile is found out by the handshake that follows.
    /// </summary>
    private async Task SignalStartAsync()
    {
        if (!_launch.StartsOnSignal || _signalled) return;
        _signalled = true;
        try
        {
            await _child.ToChild.WriteAsync(StartSignal).ConfigureAwait(false);
            await _child.ToChild.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The handshake reports the closed channel with the worker's stderr.
        }
    }

    private async Task HandshakeAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        var cache = _options.HarnessCache.Get(_options.Python.LibraryPath);
        var exchange = await ExchangeAsync(FrameKind.Harness, cache, 0, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        if (exchange.Answer is not { Kind: FrameKind.Ready } frame)
        {
            var end = await FinishAsync().ConfigureAwait(false);
            var why = exchange.Answer is { Kind: FrameKind.Fatal } fatal ? FatalText(fatal) : exchange.Problem ?? end.ToString();
            throw new WorkerStartException($"The worker did not start: {why}. Its stderr: {Tail(end.Stderr)}");
        }
        ReadyMessage ready;
        try
        {
            ready = JsonSerializer.Deserialize(frame.Payload.Span, ProtocolJson.Default.ReadyMessage)
                ?? throw new JsonException("the Ready payload is null");
            if (ready.Harness is { } blob) _options.HarnessCache.Put(_options.Python.LibraryPath, Convert.FromBase64String(blob));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            Kill(KillReason.ProtocolViolation);
            var end = await FinishAsync().ConfigureAwait(false);
            throw new WorkerStartException($"The worker did not start: its Ready message was malformed ({e.Message}). Its stderr: {Tail(end.Stderr)}");
        }
        Ready = new WorkerReady(ready.Python, ready.Pid, clock.Elapsed);
        LogReady(_logger, Ready.Pid, Ready.PythonVersion, Ready.StartToReady.TotalMilliseconds);
    }

    /// <summary>Compiles and imports the submission, with the per-test time limit.</summary>
    public async Task<LoadResult> LoadAsync(LoadRequest request, CancellationToken cancellationToken = default)
    {
        var limits = _options.Limits;
        // The exercise's value limits (limits.values, limits.value_chars) unless the request names its own.
        var message = (request.ValueLimits is null ? request with { ValueLimits = new ValueLimits(limits.MaxValues, limits.MaxValueChars) } : request)
            .ToMessage(limits.OutputBytes);
        var payload = JsonSerializer.SerializeToUtf8Bytes(message, ProtocolJson.Default.LoadMessage);
        var exchange = await ExchangeAsync(FrameKind.Load, payload, DeadlineMs(limits.LoadLimit), limits.LoadLimit + limits.KillGrace, cancellationToken).ConfigureAwait(false);
        // The answer may have been read on the socket engine's event thread (the grading commands run completions there):
        // what follows a load (building a grade's requests, a reload's tests) runs on the thread pool, so no other
        // worker's answer waits behind it.
        await Task.Yield();
        if (exchange.Answer is not { Kind: FrameKind.Loaded } frame)
        {
            var failed = await FailedRunAsync(exchange).ConfigureAwait(false);
            return new LoadResult(failed.Status, [], null, "", "", exchange.Elapsed, failed.Message, failed.End);
        }
        var result = AnswerReader.ReadLoaded(frame.Payload, request.Source.FileName, exchange.Elapsed, limits.LoadLimit, out var violation);
        if (violation)
        {
            Kill(KillReason.ProtocolViolation);
            var end = await FinishAsync().ConfigureAwait(false);
            return result with { End = end };
        }
        return result;
    }

    /// <summary>What one request came to: the answer (or none), the host's time, the problem, when the answer arrived.</summary>
    private readonly record struct Exchange(Frame? Answer, TimeSpan Elapsed, string? Problem, long ArrivedAt);

    /// <summary>Sends one request and waits for its answer, the worker's death, or the hard deadline.</summary>
    private async Task<Exchange> ExchangeAsync(FrameKind kind, ReadOnlyMemory<byte> payload, uint deadlineMs, TimeSpan hardDeadline, CancellationToken cancellationToken)
    {
        if (_busy || _inFlight > 0) throw new InvalidOperationException("A worker answers one request at a time.");
        // Only an end the caller was told about is refused; a worker that just died is found out below.
        if (_end is not null) throw new InvalidOperationException($"The worker has ended ({_end}); start a fresh one.");
        var start = Stopwatch.GetTimestamp();
        if (await WriteAsync(kind, [payload], deadlineMs).ConfigureAwait(false) is { } problem)
            return new Exchange(null, Stopwatch.GetElapsedTime(start), problem, Stopwatch.GetTimestamp());
        return await AwaitAnswerAsync(start, hardDeadline, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes requests in one write; the problem when the channel is closed (the worker is gone), else null.</summary>
    private async Task<string?> WriteAsync(FrameKind kind, IReadOnlyList<ReadOnlyMemory<byte>> payloads, uint deadlineMs)
    {
        try
        {
            await _channel.WriteManyAsync(kind, payloads, deadlineMs).ConfigureAwait(false);
            return null;
        }
        catch (IOException e)
        {
            return $"the worker's channel is closed ({e.Message})";
        }
    }

    /// <summary>Waits for the next answer, the worker's death, or the hard deadline counted from <paramref name="start"/>.</summary>
    private async Task<Exchange> AwaitAnswerAsync(long start, TimeSpan hardDeadline, CancellationToken cancellationToken)
    {
        if (_busy) throw new InvalidOperationException("A worker answers one request at a time.");
        _busy = true;
        try
        {
            var read = _channel.ReadAsync();
            try
            {
                Frame? answer;
                if (read.IsCompleted)
                {
                    answer = read.Result; // already buffered: no timer to arm
                }
                else
                {
                    var pending = read.AsTask();
                    var left = hardDeadline - Stopwatch.GetElapsedTime(start);
                    try
                    {
                        await pending.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                        Kill(KillReason.Timeout);
                    }
                    catch (OperationCanceledException)
                    {
                        if (!pending.IsCompleted) Kill(KillReason.Disposed);
                    }
                    answer = await pending.ConfigureAwait(false);
                }
                var arrived = Stopwatch.GetTimestamp();
                if (answer is null) await AwaitExitAfterCloseAsync(start, hardDeadline).ConfigureAwait(false);
                return new Exchange(answer, Stopwatch.GetElapsedTime(start, arrived), answer is null ? ChannelClosed : null, arrived);
            }
            catch (InvalidDataException e)
            {
                Kill(KillReason.ProtocolViolation);
                return new Exchange(null, Stopwatch.GetElapsedTime(start), $"protocol violation: {e.Message}", Stopwatch.GetTimestamp());
            }
            catch (IOException e)
            {
                return new Exchange(null, Stopwatch.GetElapsedTime(start), $"the channel broke: {e.Message}", Stopwatch.GetTimestamp());
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>
    /// The channel closed with no answer. A worker that is exiting is gone within moments; one that closed or replaced
    /// its descriptor 4 and lives on gets at most the kill grace, within the request's hard deadline, and is then killed
    /// for breaking the protocol: no request outlasts its deadline (the 5 s of <see cref="FinishAsync"/> are for
    /// reaping, not for waiting on a live worker).
    /// </summary>
    private async Task AwaitExitAfterCloseAsync(long start, TimeSpan hardDeadline)
    {
        var exited = _child.Exited;
        if (exited.IsCompleted) return;
        var grace = TimeSpan.FromTicks(Math.Clamp((hardDeadline - Stopwatch.GetElapsedTime(start)).Ticks, 0, _options.Limits.KillGrace.Ticks));
        if (await Task.WhenAny(exited, Task.Delay(grace)).ConfigureAwait(false) != exited) Kill(KillReason.ProtocolViolation);
    }

    internal const string ChannelClosed = "the worker closed its channel";

    private readonly record struct Failure(RunStatus Status, string Message, WorkerEnd End);

    /// <summary>Turns a request that got no proper answer into a status, from what the host observed.</summary>
    private async Task<Failure> FailedRunAsync(Exchange exchange)
    {
        if (exchange.Answer is not null) Kill(KillReason.ProtocolViolation);
        var end = await FinishAsync().ConfigureAwait(false);
        var (status, message) = Classify(end, exchange.Answer, exchange.Problem, _options.Limits);
        LogEnded(_logger, _child.Pid, status, message);
        return new Failure(status, message, end);
    }

    /// <summary>Why a request got no proper answer (<paramref name="answer"/> and <paramref name="problem"/>, as read), from how the worker ended.</summary>
    internal static (RunStatus, string) Classify(WorkerEnd end, Frame? answer, string? problem, ResourceLimits limits)
    {
        var seconds = limits.TimePerTest.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        switch (end.KilledBy)
        {
            case KillReason.Timeout:
                return (RunStatus.TimedOut, $"time limit exceeded: still running after {seconds} s; the worker was killed");
            case KillReason.OutputLimit:
                return (RunStatus.OutputLimit, $"output limit exceeded: more than {limits.OutputBytes} bytes written to stdout or stderr");
            // A worker that closed its channel and was killed because its end was not yet known after the kill grace
            // (a loaded machine's zygote reports a reap late) but exited by itself, not by the kill: its own exit says why.
            case KillReason.ProtocolViolation when !(answer is null && problem == ChannelClosed && end.Exit.Signal is null):
                var what = answer is { Kind: FrameKind.Fatal } fatal ? FatalText(fatal) : problem ?? "an answer out of turn";
                return (RunStatus.ProtocolError, $"the worker broke the protocol ({what})");
        }
        if (end.Usage.OutOfMemory)
            return (RunStatus.MemoryLimit, $"memory limit exceeded ({limits.MemoryBytes / (1024 * 1024)} MiB)");
        if (end.Exit.Signal is { } signal)
        {
            return signal switch
            {
                24 => (RunStatus.TimedOut, "CPU time limit exceeded (SIGXCPU)"),
                25 => (RunStatus.Crashed, $"file size limit exceeded (SIGXFSZ, {limits.FileSizeBytes} bytes)"),
                _ => (RunStatus.Crashed, $"the worker crashed: {ChildExit.SignalName(signal)}" + CrashHint(end.Stderr)),
            };
        }
        return (RunStatus.EarlyExit,
            $"the process exited with status {end.Exit.ExitCode} before answering (the solution ended the process, e.g. with os._exit)");
    }

    private static string CrashHint(string stderr)
    {
        var line = stderr.Split('\n').FirstOrDefault(l => l.StartsWith("Fatal Python error", StringComparison.Ordinal));
        return line is null ? "" : $" ({line.Trim()})";
    }

    private static string FatalText(Frame fatal)
    {
        try
        {
            return JsonSerializer.Deserialize(fatal.Payload.Span, ProtocolJson.Default.FatalMessage)?.Message ?? "unknown";
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Encoding.UTF8.GetString(fatal.Payload.Span);
        }
    }

    private static uint DeadlineMs(TimeSpan limit) => (uint)Math.Clamp(limit.TotalMilliseconds, 1, uint.MaxValue);

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];

    /// <summary>Kills the worker's whole tree, recording why (the first reason wins).</summary>
    public void Kill(KillReason reason)
    {
        Interlocked.CompareExchange(ref _killReason, (int)reason, (int)KillReason.None);
        _launch.KillAll();
        _child.Kill();
    }

    /// <summary>Waits for the worker to be reaped and its output drained; idempotent.</summary>
    private async Task<WorkerEnd> FinishAsync()
    {
        if (_end is not null) return _end;
        // A worker's end may be found on the socket engine's event thread (a read that came back empty, when the grading
        // commands run completions there): reaping, reading its cgroup and removing it happen on the thread pool, so no
        // other worker's answer waits behind them. An exit not yet reported is waited for, and its report resumes this on
        // the thread pool (ChildProcess.Exited); only one already known needs the hop.
        var exited = _child.Exited;
        if (exited.IsCompleted) await Task.Yield();
        // WaitAsync, not WhenAny with a Task.Delay: an end already known arms no timer (a delay would stay queued for its
        // whole length after every worker).
        await ((Task)exited.WaitAsync(TimeSpan.FromSeconds(5))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!exited.IsCompleted) Kill(KillReason.Disposed);
        var exit = _launch.WorkerExit(await exited.ConfigureAwait(false));
        await Task.WhenAll(_stdout.Completion, _stderr.Completion).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _launch.KillAll();
        _end = new WorkerEnd(exit, _launch.Usage(), (KillReason)Volatile.Read(ref _killReason), _stderr.Text());
        return _end;
    }

    public async ValueTask DisposeAsync()
    {
        if (_end is null)
        {
            Kill(KillReason.Disposed);
            await FinishAsync().ConfigureAwait(false);
        }
        _child.Dispose();
        _launch.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Worker {Pid} ready: Python {Version} in {Milliseconds:0.0} ms")]
    private static partial void LogReady(ILogger logger, int pid, string version, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Pid} ended: {Status}: {Message}")]
    private static partial void LogEnded(ILogger logger, int pid, RunStatus status, string message);
}
