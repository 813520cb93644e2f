using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO.Pipes;
using System.Text.Json;
using CodeGrader.Core.Execution.Native;
using CodeGrader.Protocol;
using Microsoft.Win32.SafeHandles;

namespace CodeGrader.Core.Execution;

/// <summary>
/// One fork server zygote, seen from the host: a confined worker process started in zygote mode
/// (<see cref="IForkConfinement.PrepareZygote"/>) that loads Python and the harness once and forks a fresh worker per
/// <see cref="ForkAsync"/>. The host hands each child its own pipes and cgroup files, gets back a pidfd of exactly that
/// child (for the kill), and learns its end from the zygote, which reaps it.
/// </summary>
internal sealed class Zygote : IAsyncDisposable
{
    private readonly ForkServerConnection _connection;
    private readonly ChildProcess _process;
    private readonly IConfinedLaunch _launch;
    private readonly ConcurrentDictionary<ulong, PendingChild> _children = new();
    private readonly TaskCompletionSource<ZygoteReadyMessage> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _reader;
    private long _nextId;

    private Zygote(ForkServerConnection connection, ChildProcess process, IConfinedLaunch launch)
    {
        _connection = connection;
        _process = process;
        _launch = launch;
        _reader = new Thread(Read, 256 * 1024) { IsBackground = true, Name = $"zygote-{process.Pid}" };
        _reader.Start();
        _ = DrainAsync(process.Stdout);
        Stderr = DrainAsync(process.Stderr);
    }

    /// <summary>The zygote's own diagnostics (children write to their own pipes).</summary>
    private Task<string> Stderr { get; }

    public bool IsAlive => !_process.Exited.IsCompleted;

    /// <summary>
    /// The zygote's memory each forked worker goes on sharing (measured by the zygote as it starts): charged to every
    /// forked worker, whose cgroup is not (its memory limit is lowered and its peak raised by this much), so a forked
    /// worker has the room, and reports the peak, of a worker started afresh.
    /// </summary>
    public long SharedBytes { get; private set; }

    /// <summary>Starts a zygote for these options and waits until its Python and harness are loaded.</summary>
    public static async Task<Zygote> StartAsync(WorkerOptions options, IForkConfinement confinement, CancellationToken cancellationToken)
    {
        var command = new WorkerCommand(options.WorkerPath, ["--zygote"], ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["CODEGRADER_LIBPYTHON"] = options.Python.LibraryPath,
            ["CODEGRADER_PYTHONHOME"] = options.Python.Home ?? "",
            ["CODEGRADER_CHANNEL"] = "3,4",
            ["LANG"] = "C.UTF-8",
        }));
        var launch = confinement.PrepareZygote(command, options.Limits);
        var connection = ForkServerConnection.Create();
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(launch.Command, connection.ZygoteEnd);
        }
        catch
        {
            connection.Dispose();
            launch.Dispose();
            throw;
        }
        connection.ZygoteEnd.Dispose();
        launch.Started(process.Pid);
        var zygote = new Zygote(connection, process, launch);
        try
        {
            var ready = await zygote._ready.Task.WaitAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
            zygote.SharedBytes = Math.Max(ready.SharedBytes, 0);
            return zygote;
        }
        catch (Exception e) when (e is TimeoutException or WorkerStartException)
        {
            await zygote.DisposeAsync().ConfigureAwait(false);
            var stderr = await zygote.LastWordsAsync().ConfigureAwait(false);
            throw new WorkerStartException($"The fork server did not start: {e.Message}. Its stderr: {stderr}", e);
        }
    }

    /// <summary>
    /// Forks one worker for <paramref name="options"/>: made and joined to its own cgroup, confined, waiting for the
    /// host's Harness frame. The returned process is not yet handshaked (<see cref="WorkerProcess.StartAsync"/> does it).
    /// </summary>
    public async Task<(ChildProcess Child, IConfinedLaunch Launch)> ForkAsync(WorkerOptions options, IForkConfinement confinement, CancellationToken cancellationToken)
    {
        var id = (ulong)Interlocked.Increment(ref _nextId);
        var limits = options.Limits;
        // At most a quarter of this worker's limit: a measurement gone wrong must not starve a small-limit exercise.
        var shared = Math.Min(SharedBytes, limits.MemoryBytes / 4);
        var cgroup = confinement.PrepareForkedChild(limits with { MemoryBytes = limits.MemoryBytes - shared });
        var pending = new PendingChild();
        var toChild = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        var fromChild = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var stdout = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var stderr = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var procs = new List<SafeFileHandle>();
        // A fork that failed or timed out: nothing of it is kept (its answer, if it comes, finds no pending child).
        void Abandon()
        {
            _children.TryRemove(id, out _);
            toChild.Dispose();
            fromChild.Dispose();
            stdout.Dispose();
            stderr.Dispose();
            cgroup.Dispose();
        }
        try
        {
            foreach (var path in cgroup.CgroupProcsFiles) procs.Add(File.OpenHandle(path, FileMode.Open, FileAccess.Write));
            var request = new ForkRequest(
                id, limits.FileSizeBytes, limits.OpenFiles, Math.Max(1, (long)Math.Ceiling(limits.CpuTime.TotalSeconds)),
                cgroup.LimitsMemory ? 0 : limits.MemoryBytes, limits.ScratchBytes, procs.Count);
            int[] descriptors =
            [
                (int)stdout.ClientSafePipeHandle.DangerousGetHandle(), (int)stderr.ClientSafePipeHandle.DangerousGetHandle(),
                (int)toChild.ClientSafePipeHandle.DangerousGetHandle(), (int)fromChild.ClientSafePipeHandle.DangerousGetHandle(),
                .. procs.Select(p => (int)p.DangerousGetHandle()),
            ];
            _children[id] = pending;
            try
            {
                _connection.Send(request.Encode(), descriptors);
            }
            catch (IOException e)
            {
                throw new WorkerStartException($"The fork server is gone: {e.Message}", e);
            }
        }
        catch
        {
            Abandon();
            throw;
        }
        finally
        {
            foreach (var p in procs) p.Dispose();
            toChild.DisposeLocalCopyOfClientHandle();
            fromChild.DisposeLocalCopyOfClientHandle();
            stdout.DisposeLocalCopyOfClientHandle();
            stderr.DisposeLocalCopyOfClientHandle();
        }
        SafeFileHandle pidfd;
        try
        {
            pidfd = await pending.Forked.Task.WaitAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Abandon();
            if (e is not WorkerStartException || IsAlive) throw;
            throw new WorkerStartException($"{e.Message}. The fork server's stderr: {await LastWordsAsync().ConfigureAwait(false)}", e);
        }
        var launch = new ForkedLaunch(_launch.Command, cgroup, pidfd, shared, pending.Exited.Task);
        var child = ChildProcess.Adopt(ForkedLaunch.GlobalPid(pidfd), toChild, fromChild, stdout, stderr, pending.Exited.Task, launch.KillChild);
        return (child, launch);
    }

    private void Read()
    {
        while (_connection.Receive() is { } received)
        {
            var (message, descriptors) = received;
            try
            {
                Dispatch(message, descriptors);
            }
            catch (InvalidDataException)
            {
                foreach (var d in descriptors) d.Dispose();
                break;
            }
        }
        // The zygote is gone (or being disposed): its children die with it (PR_SET_PDEATHSIG); nothing more will be reported.
        _ready.TrySetException(new WorkerStartException("the zygote closed its socket before it was ready"));
        foreach (var (id, child) in _children)
        {
            child.Forked.TrySetException(new WorkerStartException("the fork server ended before the worker was forked"));
            child.Exited.TrySetResult(new ChildExit(null, Posix.SIGKILL, 0));
            _children.TryRemove(id, out _);
        }
    }

    private void Dispatch(byte[] message, SafeFileHandle[] descriptors)
    {
        if (message.Length == 0) throw new InvalidDataException("an empty message from the zygote");
        switch ((ForkServerMessageKind)message[0])
        {
            case ForkServerMessageKind.Ready:
                var ready = JsonSerializer.Deserialize(message.AsSpan(1), ProtocolJson.Default.ZygoteReadyMessage) ?? throw new InvalidDataException("a null Ready");
                _ready.TrySetResult(ready);
                return;
            case ForkServerMessageKind.Forked when descriptors.Length == 1 && _children.TryGetValue(ForkServerAnswers.Id(message), out var forked):
                forked.Forked.TrySetResult(descriptors[0]);
                return;
            case ForkServerMessageKind.Exited when _children.TryRemove(ForkServerAnswers.Id(message), out var exited):
                var (status, maxRss) = ForkServerAnswers.ReadExited(message);
                var signal = status & 0x7f;
                exited.Exited.TrySetResult(signal == 0 ? new ChildExit((status >> 8) & 0xff, null, maxRss) : new ChildExit(null, signal, maxRss));
                exited.Forked.TrySetException(new WorkerStartException("the forked worker ended before it was reported"));
                return;
            case ForkServerMessageKind.Failed when _children.TryRemove(ForkServerAnswers.Id(message), out var failed):
                failed.Forked.TrySetException(new WorkerStartException($"The fork server could not fork a worker: {ForkServerAnswers.ReadFailed(message)}"));
                failed.Exited.TrySetResult(new ChildExit(null, null, 0));
                return;
            case ForkServerMessageKind.Forked or ForkServerMessageKind.Exited or ForkServerMessageKind.Failed:
                // About a fork the host has given up on, or a second word on one already ended.
                foreach (var d in descriptors) d.Dispose();
                return;
            default:
                throw new InvalidDataException($"an unexpected message '{(char)message[0]}' from the zygote");
        }
    }

    /// <summary>What the zygote wrote to stderr, once it is gone (bounded wait).</summary>
    private async Task<string> LastWordsAsync()
    {
        var finished = await Task.WhenAny(Stderr, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        return finished == Stderr ? await Stderr.ConfigureAwait(false) : "(still open)";
    }

    private static async Task<string> DrainAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var text = new System.Text.StringBuilder();
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (text.Length < 64 * 1024) text.Append(buffer, 0, n);
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _connection.Shutdown();
        _launch.KillAll();
        _process.Kill();
        await Task.WhenAny(_process.Exited, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _reader.Join(TimeSpan.FromSeconds(5));
        _connection.Dispose();
        _process.Dispose();
        _launch.Dispose();
    }

    private sealed class PendingChild
    {
        /// <summary>
        /// Completed on the reader thread, which runs what waits for it (the rest of the fork, the worker's handshake: up
        /// to its first wait for the worker) before it reads the next message: a hop to the thread pool per fork cost more.
        /// </summary>
        public TaskCompletionSource<SafeFileHandle> Forked { get; } = new();
        public TaskCompletionSource<ChildExit> Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
