using System.Diagnostics;
using System.Runtime.InteropServices;
using CodeGrader.Core.Execution;
using CodeGrader.Sandbox.Bubblewrap;
using CodeGrader.Sandbox.Cgroups;
using CodeGrader.Sandbox.Seccomp;

namespace CodeGrader.Sandbox;

/// <summary>
/// Finds out, once per process, whether workers can be sandboxed here: bubblewrap is installed, the machine is
/// x86-64 Linux (the seccomp filter's ABI), the kernel lets bubblewrap build its namespaces (a real
/// <c>bwrap ... true</c> run through the same launcher, filter and cgroup as a worker), and which cgroup flavour
/// the host offers (none only degrades the limits, and the description says so). Reached from outside through
/// <see cref="LinuxSandbox"/>.
/// </summary>
internal static class SandboxAvailability
{
    private static readonly string[] VersionArguments = ["--version"];
    private static readonly string[] TrueExecutables = ["/usr/bin/true", "/bin/true"];
    private static readonly string[] BubblewrapPaths = ["/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"];
    private static readonly string[] MultiarchDirectories = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu"];
    private static readonly Lazy<ConfinementStatus> s_detected = new(() => Probe(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The cached result for this process.</summary>
    public static ConfinementStatus Detect() => s_detected.Value;

    /// <summary>Probes now, without the cache.</summary>
    /// <param name="bubblewrap">A bubblewrap executable to use instead of the one on the system.</param>
    /// <param name="useCgroups">False to skip cgroups (rlimits only), e.g. to test the degraded mode.</param>
    public static ConfinementStatus Probe(string? bubblewrap = null, bool useCgroups = true)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            return new ConfinementStatus(null, $"the sandbox needs x86-64 Linux (this is {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}).");
        }
        bubblewrap ??= FindBubblewrap();
        if (bubblewrap is null || !File.Exists(bubblewrap))
        {
            return new ConfinementStatus(null, "bubblewrap (bwrap) is not installed.");
        }
        if (!File.Exists(SandboxLauncher.Shell)) return new ConfinementStatus(null, $"{SandboxLauncher.Shell} is missing.");
        var (versionOk, versionText) = Run(bubblewrap, VersionArguments, TimeSpan.FromSeconds(10));
        if (!versionOk) return new ConfinementStatus(null, $"{bubblewrap} --version failed: {versionText}");
        var version = versionText.Trim().Split(' ').LastOrDefault() ?? "?";

        SealedMemoryFile filter;
        try
        {
            filter = SealedMemoryFile.Create("codegrader-seccomp", SeccompFilter.Bytes());
        }
        catch (IOException e)
        {
            return new ConfinementStatus(null, $"cannot hold the seccomp filter: {e.Message}");
        }

        CgroupSupport? cgroups = null;
        string? cgroupProblem = "disabled";
        if (useCgroups) cgroups = CgroupDetector.Detect(out cgroupProblem);

        var confinement = new BubblewrapConfinement(bubblewrap, version, SystemLibraries(), cgroups, cgroupProblem, filter);
        if (ProbeRun(confinement) is { } problem)
        {
            filter.Dispose();
            return new ConfinementStatus(null, problem);
        }
        return new ConfinementStatus(confinement, null);
    }

    /// <summary>Runs <c>true</c> in a sandbox exactly as a worker would be; null when it worked.</summary>
    private static string? ProbeRun(BubblewrapConfinement confinement)
    {
        var probe = TrueExecutables.FirstOrDefault(File.Exists);
        if (probe is null) return "no 'true' executable to probe the sandbox with.";
        using var launch = confinement.Prepare(
            new WorkerCommand(probe, [], System.Collections.Immutable.ImmutableDictionary<string, string>.Empty), ResourceLimits.Default);
        var (ok, output) = Run(launch.Command.Executable, launch.Command.Arguments, TimeSpan.FromSeconds(20));
        if (ok) return null;
        return $"bubblewrap cannot build a sandbox on this machine: {output.Trim()}. " +
               "Unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0, " +
               "or on Ubuntu 24.04+ an AppArmor profile for bwrap / kernel.apparmor_restrict_unprivileged_userns=0).";
    }

    private static string? FindBubblewrap()
    {
        foreach (var candidate in BubblewrapPaths)
        {
            if (File.Exists(candidate)) return candidate;
        }
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "bwrap");
            if (Path.IsPathRooted(candidate) && File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// The dynamic loader and the C library's directory as this very process mapped them (portable across
    /// Debian's multiarch, Fedora's lib64 and others), plus the multiarch directories when present.
    /// </summary>
    internal static IReadOnlyList<string> SystemLibraries()
    {
        var paths = new List<string> { "/lib64/ld-linux-x86-64.so.2" };
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/', StringComparison.Ordinal);
                if (slash < 0) continue;
                var file = line[slash..];
                var name = Path.GetFileName(file);
                if (name.StartsWith("libc.so", StringComparison.Ordinal) || name.StartsWith("ld-linux", StringComparison.Ordinal))
                {
                    if (Path.GetDirectoryName(file) is { } directory && !paths.Contains(directory)) paths.Add(directory);
                }
            }
        }
        catch (IOException)
        {
            // Fall back to the usual places below.
        }
        foreach (var directory in MultiarchDirectories)
        {
            if (Directory.Exists(directory) && !paths.Contains(directory)) paths.Add(directory);
        }
        return paths;
    }

    private static (bool Ok, string Output) Run(string executable, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start);
            if (process is null) return (false, $"could not start {executable}");
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (false, $"{executable} did not finish within {timeout.TotalSeconds} s");
            }
            process.WaitForExit();
            var output = stdout.Result + stderr.Result;
            return (process.ExitCode == 0, process.ExitCode == 0 ? output : $"exit status {process.ExitCode}: {output}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, e.Message);
        }
    }
}
