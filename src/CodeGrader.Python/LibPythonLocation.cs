namespace CodeGrader.Python;

/// <summary>Where a libpython was found, the Python home that goes with it, and which rule found it.</summary>
/// <param name="LibraryPath">Full path of the shared library, e.g. <c>/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0</c>.</param>
/// <param name="Home">The installation prefix holding <c>lib/python3.X</c> (Python's <c>sys.base_prefix</c>); null to let Python compute it.</param>
/// <param name="Source">The rule that found it, e.g. <c>PYTHONNET_PYDLL</c> or <c>python3 on PATH (sysconfig)</c>.</param>
public sealed record LibPythonLocation(string LibraryPath, string? Home, string Source);

/// <summary>One place the locator looked, and what it found there.</summary>
public sealed record LibPythonProbe(string Source, string Candidate, string Outcome)
{
    public override string ToString() => $"{Source}: {Candidate} ({Outcome})";
}
