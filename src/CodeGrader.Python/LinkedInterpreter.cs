namespace CodeGrader.Python;

/// <summary>
/// The interpreter a worker built with LinkPython (codegrader-worker-linked) has linked in: Debian's libpython3.11-dev
/// ships libpython3.11.a, built from the same sources and version as <see cref="Twin"/> (the package depends on exactly
/// that version of it), and the same code as /usr/bin/python3.11: position-dependent, it runs Python code about 18%
/// faster than the shared library (bench/README.md, "Real harnesses"). The linked worker runs only where the libpython
/// found is that twin, with its home and standard library.
/// </summary>
public static class LinkedInterpreter
{
    /// <summary>The shared library the linked interpreter is the static twin of.</summary>
    public const string Twin = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0";

    /// <summary>The worker executable with the interpreter linked in, beside codegrader-worker.</summary>
    public const string WorkerFileName = "codegrader-worker-linked";

    /// <summary>True when <paramref name="libraryPath"/> is <see cref="Twin"/> (symbolic links followed).</summary>
    public static bool IsTwin(string libraryPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(libraryPath);
        static string Real(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        return File.Exists(libraryPath) && File.Exists(Twin) && string.Equals(Real(libraryPath), Real(Twin), StringComparison.Ordinal);
    }
}
