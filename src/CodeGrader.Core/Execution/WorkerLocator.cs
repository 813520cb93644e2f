using CodeGrader.Python;

namespace CodeGrader.Core.Execution;

/// <summary>
/// Finds the NativeAOT worker: <c>CODEGRADER_WORKER</c>, next to the host, or the repository's artifacts/worker. Found
/// next to the host or in artifacts/worker, and given a libpython that is Debian's shared twin of the interpreter
/// codegrader-worker-linked has linked in (<see cref="LinkedInterpreter"/>), that one is taken when it is there.
/// </summary>
internal static class WorkerLocator
{
    public const string FileName = "codegrader-worker";
    public const string Variable = "CODEGRADER_WORKER";

    public static string Locate() => Locate(python: null);

    public static string Locate(LibPythonLocation? python)
    {
        var found = LocateDefault();
        if (python is null || Environment.GetEnvironmentVariable(Variable) is { Length: > 0 }) return found;
        var linked = Path.Combine(Path.GetDirectoryName(found)!, LinkedInterpreter.WorkerFileName);
        return File.Exists(linked) && LinkedInterpreter.IsTwin(python.LibraryPath) ? linked : found;
    }

    private static string LocateDefault()
    {
        var tried = new List<string>();
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(configured))
        {
            if (File.Exists(configured)) return Path.GetFullPath(configured);
            tried.Add($"{Variable}={configured} (no such file)");
        }
        var beside = Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(beside)) return beside;
        tried.Add(beside);
        // Where an app that took the CodeGrader.Core package gets it (NuGet's native asset folder).
        var packaged = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", FileName);
        if (File.Exists(packaged)) return Executable(packaged);
        tried.Add(packaged);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "artifacts", "worker", FileName);
            if (File.Exists(candidate)) return candidate;
        }
        tried.Add("artifacts/worker/ in any folder above " + AppContext.BaseDirectory);
        throw new WorkerStartException(
            $"The worker executable '{FileName}' was not found. Looked at: {string.Join("; ", tried)}. " +
            "Build it with 'dotnet build CodeGrader.sln' (which publishes it to artifacts/worker/) or set " + Variable + ".");
    }

    /// <summary>A package's files lose their execute bit in the zip: give it back (owner only) when it is missing.</summary>
    private static string Executable(string path)
    {
        if (OperatingSystem.IsWindows()) return path;
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            try
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to change: the spawn will say the file is not executable.
            }
        }
        return path;
    }
}
