namespace CodeGrader.Python;

/// <summary>How to find libpython. Immutable; <see cref="Default"/> reads nothing but the process environment.</summary>
public sealed record LibPythonSearchOptions
{
    public static readonly LibPythonSearchOptions Default = new();

    /// <summary>The CodeGrader setting (<c>--python-library</c> or the <c>CODEGRADER_LIBPYTHON</c> variable).</summary>
    public string? ConfiguredLibrary { get; init; }

    /// <summary>An explicit home to use with the library, overriding the one derived from its location.</summary>
    public string? ConfiguredHome { get; init; }

    /// <summary>The interpreter asked through sysconfig; found on <c>PATH</c> when not rooted.</summary>
    public string PythonExecutable { get; init; } = "python3";

    /// <summary>Reads a variable; replaceable so tests can stage an environment without touching the process's.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Distribution paths tried last, newest Python first.</summary>
    public IReadOnlyList<string> DistroPaths { get; init; } = BuildDistroPaths();

    private static List<string> BuildDistroPaths()
    {
        var paths = new List<string>();
        foreach (var minor in new[] { 13, 12, 11 })
        {
            foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib" })
            {
                paths.Add($"{dir}/libpython3.{minor}.so.1.0");
            }
        }
        return paths;
    }
}
