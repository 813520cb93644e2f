using System.Reflection;

namespace CodeGrader.Worker;

/// <summary>The Python harness (sandbox/harness), compiled into this binary; loaded in dependency order.</summary>
internal static class HarnessModules
{
    public static readonly IReadOnlyList<string> LoadOrder = ["_cg_json", "_cg_errors", "_cg_capture", "_cg_canonical", "_cg_invoke", "_cg_runner"];

    public static string Source(string module)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"harness/{module}.py")
            ?? throw new InvalidOperationException($"the worker was built without harness/{module}.py");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
