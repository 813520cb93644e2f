using System.Diagnostics;

namespace CodeGrader.Python;

/// <summary>
/// Finds libpython the way users expect from pythonnet, in this order: the <c>PYTHONNET_PYDLL</c> variable,
/// the CodeGrader setting, the <c>python3</c> on <c>PATH</c> (through sysconfig), then the distribution's paths.
/// Every probe is recorded, so a failure can say exactly where it looked.
/// </summary>
public static class LibPythonLocator
{
    public static LibPythonLocation Locate(LibPythonSearchOptions? options = null)
    {
        options ??= LibPythonSearchOptions.Default;
        var probes = new List<LibPythonProbe>();

        var fromEnv = options.GetEnvironmentVariable("PYTHONNET_PYDLL");
        if (TryExplicit("PYTHONNET_PYDLL", fromEnv, options, probes) is { } a) return a;

        var configured = options.ConfiguredLibrary ?? options.GetEnvironmentVariable("CODEGRADER_LIBPYTHON");
        if (TryExplicit("CodeGrader setting (CODEGRADER_LIBPYTHON)", configured, options, probes) is { } b) return b;

        if (TrySysconfig(options, probes) is { } c) return c;

        foreach (var path in options.DistroPaths)
        {
            if (File.Exists(path))
            {
                return new LibPythonLocation(path, options.ConfiguredHome ?? DeriveHome(path), "distribution path");
            }
            probes.Add(new LibPythonProbe("distribution path", path, "no such file"));
        }
        throw new LibPythonNotFoundException(probes);
    }

    /// <summary>The prefix above a library directory: <c>/usr</c> for <c>/usr/lib/x86_64-linux-gnu</c>, <c>X</c> for <c>X/lib</c>.</summary>
    public static string? DeriveHome(string libraryPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(libraryPath));
        while (dir is not null)
        {
            var name = Path.GetFileName(dir);
            if (name is "lib" or "lib64") return Path.GetDirectoryName(dir);
            dir = Path.GetDirectoryName(dir);
        }
        return null;
    }

    private static LibPythonLocation? TryExplicit(string source, string? value, LibPythonSearchOptions options, List<LibPythonProbe> probes)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            probes.Add(new LibPythonProbe(source, "(not set)", "skipped"));
            return null;
        }
        if (!File.Exists(value))
        {
            probes.Add(new LibPythonProbe(source, value, "no such file"));
            return null;
        }
        return new LibPythonLocation(Path.GetFullPath(value), options.ConfiguredHome ?? DeriveHome(value), source);
    }

    private static LibPythonLocation? TrySysconfig(LibPythonSearchOptions options, List<LibPythonProbe> probes)
    {
        const string source = "python3 on PATH (sysconfig)";
        const string script =
            "import sys, sysconfig; v = sysconfig.get_config_var; " +
            "print(v('LIBDIR') or ''); print(v('INSTSONAME') or v('LDLIBRARY') or ''); print(sys.base_prefix)";
        string[] lines;
        try
        {
            var start = new ProcessStartInfo(options.PythonExecutable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "-I", "-S", "-c", script }) start.ArgumentList.Add(arg);
            using var process = Process.Start(start);
            if (process is null)
            {
                probes.Add(new LibPythonProbe(source, options.PythonExecutable, "could not start"));
                return null;
            }
            var output = process.StandardOutput.ReadToEnd();
            _ = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                probes.Add(new LibPythonProbe(source, options.PythonExecutable, "timed out"));
                return null;
            }
            lines = output.Split('\n', StringSplitOptions.TrimEntries);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            probes.Add(new LibPythonProbe(source, options.PythonExecutable, e.Message));
            return null;
        }
        if (lines.Length < 3 || lines[0].Length == 0 || lines[1].Length == 0)
        {
            probes.Add(new LibPythonProbe(source, options.PythonExecutable, "sysconfig names no shared library (static build?)"));
            return null;
        }
        var candidates = new[] { Path.Combine(lines[0], lines[1]), Path.Combine(lines[0], "x86_64-linux-gnu", lines[1]) };
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate)) return new LibPythonLocation(candidate, options.ConfiguredHome ?? lines[2], source);
            probes.Add(new LibPythonProbe(source, candidate, "no such file"));
        }
        return null;
    }
}
