using System.Collections.Immutable;
using System.Text;
using CodeGrader.Core.Execution;
using CodeGrader.Python;
using CodeGrader.Sandbox.Bubblewrap;

namespace CodeGrader.Sandbox.Tests;

/// <summary>Runs commands in the real sandbox, started the way the host starts workers (posix_spawn, fds 3 and 4).</summary>
internal static class Sandboxed
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static BubblewrapConfinement Confinement =>
        (BubblewrapConfinement?)SandboxAvailability.Detect().Confinement
        ?? throw new InvalidOperationException($"sandbox unavailable: {SandboxAvailability.Detect().Problem} (run scripts/setup.sh)");

    /// <summary>The machine's cgroups as the sandbox uses them (for tests marked <c>needsCgroup</c>).</summary>
    public static CodeGrader.Sandbox.Cgroups.CgroupSupport Cgroups => Confinement.Cgroups ?? throw new InvalidOperationException("no cgroup");

    public static WorkerCommand Shell(string script, ImmutableDictionary<string, string>? environment = null) =>
        new("/bin/sh", ["-c", script], environment ?? ImmutableDictionary<string, string>.Empty);

    /// <summary>The Python the worker would embed (found as the host finds it), run as a plain interpreter.</summary>
    public static WorkerCommand Python(string code)
    {
        var location = LibPythonLocator.Locate();
        var version = System.Text.RegularExpressions.Regex.Match(Path.GetFileName(location.LibraryPath), @"libpython(3\.\d+)").Groups[1].Value;
        var home = location.Home ?? "/usr";
        var executable = new[] { Path.Combine(home, "bin", $"python{version}"), $"/usr/bin/python{version}" }.First(File.Exists);
        return new WorkerCommand(executable, ["-I", "-S", "-c", code], PythonEnvironment(location));
    }

    public static ImmutableDictionary<string, string> PythonEnvironment(LibPythonLocation location) =>
        ImmutableDictionary<string, string>.Empty
            .Add(BubblewrapArguments.LibraryVariable, location.LibraryPath)
            .Add(BubblewrapArguments.HomeVariable, location.Home ?? "/usr");

    public static async Task<SandboxRun> RunAsync(WorkerCommand command, ResourceLimits? limits = null, TimeSpan? timeout = null)
    {
        using var launch = Confinement.Prepare(command, limits ?? ResourceLimits.Default);
        return await RunAsync(launch, timeout);
    }

    /// <summary>Runs a prepared launch to its end (or kills it at the timeout); the launch stays undisposed for the caller.</summary>
    public static async Task<SandboxRun> RunAsync(IConfinedLaunch launch, TimeSpan? timeout = null)
    {
        using var child = ChildProcess.Start(launch.Command);
        launch.Started(child.Pid);
        child.ToChild.Dispose();
        var stdout = ReadAllAsync(child.Stdout);
        var stderr = ReadAllAsync(child.Stderr);
        var timedOut = false;
        ChildExit exit;
        try
        {
            exit = await child.Exited.WaitAsync(timeout ?? Timeout);
        }
        catch (TimeoutException)
        {
            timedOut = true;
            launch.KillAll();
            child.Kill();
            exit = await child.Exited.WaitAsync(TimeSpan.FromSeconds(10));
        }
        launch.KillAll();
        child.FromChild.Dispose();
        var output = await stdout.WaitAsync(TimeSpan.FromSeconds(10));
        var errors = await stderr.WaitAsync(TimeSpan.FromSeconds(10));
        return new SandboxRun(exit, output, errors, timedOut, launch.Usage());
    }

    private static async Task<string> ReadAllAsync(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}

internal sealed record SandboxRun(ChildExit Exit, string Stdout, string Stderr, bool TimedOut, ConfinedUsage Usage)
{
    /// <summary>bubblewrap reports a command killed by signal N as exit status 128 + N.</summary>
    public int? ExitCode => Exit.ExitCode;

    public override string ToString() => $"{Exit}{(TimedOut ? " (timed out)" : "")}\nstdout: {Stdout}\nstderr: {Stderr}\nusage: {Usage}";
}
