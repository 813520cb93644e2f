using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace CodeGrader.Cli.Commands;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string?> PythonLibrary() => new("--python-library")
    {
        Description = "Full path of the libpython3.X shared library to embed (default: PYTHONNET_PYDLL, CODEGRADER_LIBPYTHON, the python3 on PATH, the distribution's paths).",
    };

    public static Option<bool> NoSandbox() => new("--no-sandbox")
    {
        Description = "Run the code without confinement when the sandbox is unavailable (only for code you trust). Reports then say the sandbox was off.",
    };

    public static Option<string?> CacheDirectory() => new("--cache-dir")
    {
        Description = "Folder for the expected values the reference computed, kept across runs (default: CODEGRADER__CACHEDIRECTORY, else $XDG_CACHE_HOME/codegrader or ~/.cache/codegrader).",
    };

    public static Option<bool> NoCache() => new("--no-cache")
    {
        Description = "Run every exercise's reference again instead of reading (or writing) the cache of expected values.",
    };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Log what the host does to stderr." };

    /// <summary>Logs to stderr only, so stdout stays the report.</summary>
    public static void ConfigureLogging(ILoggingBuilder builder, bool verbose) => builder
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
        .AddFilter(level => level >= (verbose ? LogLevel.Debug : LogLevel.Warning));
}
