using System.Globalization;
using System.Text.RegularExpressions;
using CodeGrader.Core.Execution;
using CodeGrader.Python;

namespace CodeGrader.Sandbox.Bubblewrap;

/// <summary>
/// The bubblewrap command line for one worker: every namespace (no network), no capabilities, a cleared
/// environment holding only the command's variables, read-only binds of only what the worker and Python
/// need, a size-limited private tmpfs as scratch and working directory, and the seccomp filter.
/// </summary>
internal static partial class BubblewrapArguments
{
    /// <summary>The descriptor the launcher opens the seccomp filter on, for <c>--seccomp</c>.</summary>
    public const int SeccompDescriptor = 5;

    /// <summary>
    /// The descriptor a pre-armed sandbox waits on (<c>--block-fd</c>): the launcher makes it a copy of the channel's
    /// descriptor 3, and bubblewrap, once every namespace and mount is built and its privileges dropped, reads one byte
    /// from it (the host's start signal), closes it, loads the seccomp filter and runs the worker.
    /// </summary>
    public const int StartSignalDescriptor = 6;

    public const string ScratchDirectory = "/tmp";

    /// <summary>The capabilities a fork server's zygote keeps in its user namespace (see <see cref="Build"/>).</summary>
    public static readonly IReadOnlyList<string> ZygoteCapabilities = ["CAP_SYS_ADMIN", "CAP_SETPCAP", "CAP_SYS_RESOURCE"];
    public const string Hostname = "codegrader";

    public const string LibraryVariable = "CODEGRADER_LIBPYTHON";
    public const string HomeVariable = "CODEGRADER_PYTHONHOME";
    public const string PythonNetVariable = "PYTHONNET_PYDLL";

    public static List<string> Build(
        WorkerCommand command, ResourceLimits limits, IReadOnlyList<string> systemLibraries, BubblewrapFeatures? features = null,
        bool waitForStartSignal = false, bool zygote = false)
    {
        features ??= BubblewrapFeatures.All;
        var view = new ReadOnlyView();
        foreach (var path in systemLibraries) view.Add(path);
        var executable = Path.GetFullPath(command.Executable);
        if (Path.GetDirectoryName(executable) is { } directory) view.Add(directory);
        if (!view.Add(executable)) throw new WorkerStartException($"The worker executable {executable} does not exist.");
        AddPython(command, view);

        var args = new List<string>
        {
            // Every namespace bubblewrap knows (user, ipc, pid, net, uts, cgroup when possible, and mount),
            // the user namespace explicitly so that nested ones can be refused.
            "--unshare-all", "--unshare-user",
        };
        // A zygote's children must mount a fresh /proc, which the kernel refuses in a user namespace nested below the
        // mounts' owner (--disable-userns nests one): the zygote forbids new user namespaces itself instead
        // (user.max_user_namespaces = 0 in its own, with CAP_SYS_RESOURCE; see the worker's UserNamespaceLimit).
        if (features.DisableUserNamespaces && !zygote) args.Add("--disable-userns");
        args.AddRange(
        [
            "--die-with-parent",       // SIGKILL when the host (its spawner thread) dies (see SandboxLauncher)
            // The worker is the namespace's PID 1, the child of bubblewrap's monitor, which reaps it: with bubblewrap's
            // own init in between, that init is orphaned to the system's init when it exits and lingers as a zombie
            // (holding a slot of the pids cgroup) until that init gets round to reaping it. As PID 1, the worker's
            // death takes everything else in the namespace with it; signals from inside it without a handler are
            // ignored (the soft interrupt needs none), so RLIMIT_FSIZE shows up as EFBIG rather than SIGXFSZ.
            "--as-pid-1",
            "--new-session",           // no controlling terminal to push input into (TIOCSTI, CVE-2017-5226)
            "--cap-drop", "ALL",
            "--hostname", Hostname,
            "--clearenv",
        ]);
        // A fork server's zygote keeps, inside its own user namespace, what its children need to build their namespaces
        // and mounts (CAP_SYS_ADMIN), to empty their bounding set (CAP_SETPCAP) and, once, to forbid new user namespaces
        // (CAP_SYS_RESOURCE); every child drops all three, and all
        // else, before it says Ready. The zygote itself never runs a submission's code.
        if (zygote) args.AddRange(ZygoteCapabilities.SelectMany(c => new[] { "--cap-add", c }));
        foreach (var (name, value) in command.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            args.AddRange(["--setenv", name, value]);
        }
        args.AddRange(
        [
            "--proc", "/proc",
            "--dev", "/dev",
        ]);
        // The scratch first, so that a worker or Python installed under /tmp is bound on top of it, not hidden by it.
        if (features.TmpfsSize) args.AddRange(["--size", limits.ScratchBytes.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["--tmpfs", ScratchDirectory]);
        args.AddRange(view.Arguments());
        args.AddRange(
        [
            // The root bubblewrap builds, and /dev, are tmpfs without a size: read-only, so the scratch is the only place to write.
            "--remount-ro", "/dev",
            "--remount-ro", "/",
            "--chdir", ScratchDirectory,
        ]);
        if (waitForStartSignal) args.AddRange(["--block-fd", StartSignalDescriptor.ToString(CultureInfo.InvariantCulture)]);
        // A zygote gets the filter on the same descriptor, unloaded: each child loads it once confined.
        if (!zygote) args.AddRange(["--seccomp", SeccompDescriptor.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["--", executable]);
        args.AddRange(command.Arguments);
        return args;
    }

    /// <summary>
    /// The libpython file and its version's standard library (with <c>lib-dynload</c>) under the Python home, as the
    /// command's environment names them; site-packages is hidden (the worker starts Python without site anyway).
    /// </summary>
    private static void AddPython(WorkerCommand command, ReadOnlyView view)
    {
        var library = command.Environment.GetValueOrDefault(PythonNetVariable) is { Length: > 0 } pydll
            ? pydll
            : command.Environment.GetValueOrDefault(LibraryVariable);
        if (string.IsNullOrEmpty(library)) return;
        if (!view.Add(library)) throw new WorkerStartException($"The Python library {library} does not exist.");
        var home = command.Environment.GetValueOrDefault(HomeVariable) is { Length: > 0 } h ? h : LibPythonLocator.DeriveHome(library);
        if (home is null) return;
        var version = LibraryVersion().Match(Path.GetFileName(library));
        var names = version.Success
            ? [$"python{version.Groups[1].Value}"]
            : Directory.Exists(Path.Combine(home, "lib"))
                ? Directory.GetDirectories(Path.Combine(home, "lib"), "python3*").Select(Path.GetFileName).OfType<string>().ToArray()
                : [];
        foreach (var name in names)
        {
            foreach (var lib in new[] { "lib", "lib64" })
            {
                var stdlib = Path.Combine(home, lib, name);
                if (!view.Add(stdlib)) continue;
                view.Hide(Path.Combine(stdlib, "site-packages"));
                view.Hide(Path.Combine(stdlib, "dist-packages"));
            }
        }
    }

    [GeneratedRegex(@"^libpython(3\.\d+)")]
    private static partial Regex LibraryVersion();
}
