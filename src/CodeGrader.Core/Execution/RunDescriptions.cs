using System.Globalization;
using CodeGrader.Python;

namespace CodeGrader.Core.Execution;

/// <summary>Short descriptions of how a run ended, for messages.</summary>
internal static class RunDescriptions
{
    public static string Exception(PythonError error) =>
        error.Message.Length == 0 ? ExceptionNames.Display(error.Type) : $"{ExceptionNames.Display(error.Type)}: {error.Message}";

    public static string Describe(TestRunResult result) => result.Status switch
    {
        RunStatus.Raised when result.Error is { } error => "raised " + Exception(error),
        RunStatus.Completed => "completed",
        _ => result.Message ?? Status(result.Status),
    };

    public static string Describe(LoadResult load)
    {
        if (!load.Diagnostics.IsEmpty) return string.Join("; ", load.Diagnostics.Select(d => d.ToString()));
        if (load.Error is { } error)
        {
            var line = error.Line is { } l ? string.Create(CultureInfo.InvariantCulture, $" (line {l})") : "";
            return $"raised {Exception(error)} while being imported{line}";
        }
        return load.Message ?? Status(load.Status);
    }

    public static string Status(RunStatus status) => status switch
    {
        RunStatus.TimedOut => "time limit exceeded",
        RunStatus.MemoryLimit => "memory limit exceeded",
        RunStatus.OutputLimit => "output limit exceeded",
        RunStatus.Crashed => "the worker crashed",
        RunStatus.EarlyExit => "the process exited before answering",
        RunStatus.ProtocolError => "the worker broke the protocol",
        RunStatus.CompileError => "compile error",
        RunStatus.Raised => "raised an exception",
        _ => "completed",
    };
}
