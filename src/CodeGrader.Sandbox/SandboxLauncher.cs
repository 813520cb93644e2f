using System.Collections.Immutable;
using CodeGrader.Core.Execution;
using CodeGrader.Sandbox.Bubblewrap;

namespace CodeGrader.Sandbox;

/// <summary>
/// The tiny <c>/bin/sh</c> program that starts a sandbox: it writes its own pid into the worker's cgroup(s)
/// first (so nothing the worker does can ever run outside them: no race between spawning and attaching), sets
/// the rlimits, opens the seccomp filter on descriptor 5 and runs bubblewrap. The channel descriptors 3 and 4
/// pass through untouched; bubblewrap closes descriptor 5 after reading it. A launch that waits for the host's
/// start signal also gets descriptor 6, a copy of descriptor 3, for <c>bwrap --block-fd</c> (see
/// <see cref="BubblewrapArguments.StartSignalDescriptor"/>).
/// <para>The shell then execs bubblewrap, so bubblewrap is the host's own child. <c>--die-with-parent</c> is
/// <c>PR_SET_PDEATHSIG</c>, which fires when the parent <em>thread</em> ends; the host spawns every child from
/// one long-lived thread (CodeGrader.Core's <c>SpawnerThread</c>), so the sandbox dies exactly when the host kills it or
/// when the host process itself dies.</para>
/// <para>rlimits: <c>-c 0</c> no core files, <c>-f</c> file size (512-byte blocks), <c>-n</c> open files,
/// <c>-t</c> CPU seconds with soft = hard (SIGKILL, not an ignorable SIGXCPU), and <c>-d</c> (RLIMIT_DATA, KiB)
/// only when no cgroup limits memory. Never <c>-v</c> (RLIMIT_AS): the .NET runtime reserves far more address
/// space than it uses.</para>
/// </summary>
internal static class SandboxLauncher
{
    public const string Shell = "/bin/sh";
    public const string Name = "codegrader-sandbox";
    public const int ExitCode = 125;

    public static WorkerCommand Command(
        string bubblewrap, IReadOnlyList<string> bubblewrapArguments, string seccompPath,
        IReadOnlyList<string> cgroupProcsFiles, ResourceLimits limits, bool memoryLimitedByCgroup, bool waitForStartSignal = false,
        bool zygote = false)
    {
        var arguments = ImmutableArray.CreateBuilder<string>();
        var script = zygote ? ZygoteScript(limits, memoryLimitedByCgroup) : Script(limits, memoryLimitedByCgroup, waitForStartSignal);
        arguments.AddRange("-c", script, Name, seccompPath);
        arguments.AddRange(cgroupProcsFiles);
        arguments.Add("--");
        arguments.Add(bubblewrap);
        arguments.AddRange(bubblewrapArguments);
        // The launcher and bubblewrap's own processes get an empty environment: the sandbox can read
        // /proc/1/environ of its init (bubblewrap), so the host's variables must not be there either.
        return new WorkerCommand(Shell, arguments.ToImmutable(), ImmutableDictionary<string, string>.Empty);
    }

    public static string Script(ResourceLimits limits, bool memoryLimitedByCgroup, bool waitForStartSignal = false) =>
        Script(Rlimits(limits, memoryLimitedByCgroup).Select(l => (l.Flag, l.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))), waitForStartSignal);

    /// <summary>
    /// A fork server's zygote: no core files and one worker's file size and memory limits as a worker has, but no CPU
    /// limit (it lives for many workers; each child sets its own RLIMIT_CPU, counted from its fork) and room for the
    /// descriptors of the forks under way. Each child sets every worker rlimit for itself before it says Ready.
    /// </summary>
    public static string ZygoteScript(ResourceLimits limits, bool memoryLimitedByCgroup) =>
        Script(Rlimits(limits, memoryLimitedByCgroup).Select(l => l.Flag switch
        {
            "-t" => (l.Flag, "unlimited"),
            "-n" => (l.Flag, ZygoteOpenFiles.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            _ => (l.Flag, l.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }), waitForStartSignal: false);

    /// <summary>Open files a zygote may hold: its own few, plus each fork's descriptors while it is handed over.</summary>
    public const int ZygoteOpenFiles = 1024;

    private static string Script(IEnumerable<(string Flag, string Value)> rlimits, bool waitForStartSignal)
    {
        var startSignal = waitForStartSignal ? $" {BubblewrapArguments.StartSignalDescriptor}<&3" : "";
        var limitsLine = string.Join(" && ", rlimits.Select(l => $"ulimit {l.Flag} {l.Value}"));
        return
            "f=$1; shift\n" +
            "while [ \"$1\" != -- ]; do\n" +
            $"  echo $$ >\"$1\" || {{ echo \"{Name}: cannot join the cgroup $1\" >&2; exit {ExitCode}; }}\n" +
            "  shift\n" +
            "done\n" +
            "shift\n" +
            $"{limitsLine} || {{ echo \"{Name}: cannot set the resource limits\" >&2; exit {ExitCode}; }}\n" +
            $"exec \"$@\" {BubblewrapArguments.SeccompDescriptor}<\"$f\"{startSignal}\n";
    }

    public static IEnumerable<(string Flag, long Value)> Rlimits(ResourceLimits limits, bool memoryLimitedByCgroup)
    {
        yield return ("-c", 0);
        yield return ("-f", CeilDiv(limits.FileSizeBytes, 512));
        yield return ("-n", limits.OpenFiles);
        yield return ("-t", Math.Max(1, (long)Math.Ceiling(limits.CpuTime.TotalSeconds)));
        if (!memoryLimitedByCgroup) yield return ("-d", CeilDiv(limits.MemoryBytes, 1024));
    }

    private static long CeilDiv(long value, long unit) => (value + unit - 1) / unit;
}
