using System.Text;

namespace CodeGrader.Python;

/// <summary>No usable libpython: lists every place tried and says how to fix it.</summary>
public sealed class LibPythonNotFoundException : Exception
{
    public const string Fix =
        "Install the shared runtime with 'apt-get install -y libpython3.11' (Debian 12), or set PYTHONNET_PYDLL " +
        "(or CODEGRADER_LIBPYTHON) to the full path of a libpython3.11, 3.12 or 3.13 shared library.";

    public LibPythonNotFoundException(IReadOnlyList<LibPythonProbe> probes)
        : base(Describe(probes)) => Probes = probes;

    public IReadOnlyList<LibPythonProbe> Probes { get; }

    private static string Describe(IReadOnlyList<LibPythonProbe> probes)
    {
        var text = new StringBuilder("libpython was not found. Places tried:");
        foreach (var probe in probes) text.Append("\n  - ").Append(probe);
        text.Append('\n').Append(Fix);
        return text.ToString();
    }
}
