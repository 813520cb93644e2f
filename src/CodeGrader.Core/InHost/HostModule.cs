namespace CodeGrader.Core.InHost;

/// <summary>The project's own Python module the host's Python runs (host_python.py, embedded in CodeGrader.Core) and the canonical encoder it shares with the worker.</summary>
internal static class HostModule
{
    public static string Source => Read("CodeGrader.Core.InHost.host_python.py");

    /// <summary>The module that runs exercise authors' tests.py (python_tests.py).</summary>
    public static string TestsSource => Read("CodeGrader.Core.InHost.python_tests.py");

    /// <summary>The proxies tests.py sees for the candidate's names and objects (python_proxies.py).</summary>
    public static string ProxiesSource => Read("CodeGrader.Core.InHost.python_proxies.py");

    /// <summary>The pytest subset tests.py may import (python_pytest.py).</summary>
    public static string PytestSource => Read("CodeGrader.Core.InHost.python_pytest.py");

    /// <summary>The worker's canonical encoder (sandbox/harness/_cg_canonical.py): expect_py values encoded as the worker encodes actual ones.</summary>
    public static string CanonicalSource => Read("CodeGrader.Core.InHost._cg_canonical.py");

    private static string Read(string name)
    {
        using var stream = typeof(HostModule).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in CodeGrader.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
