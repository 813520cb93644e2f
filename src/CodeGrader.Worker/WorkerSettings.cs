using System.Globalization;
using CodeGrader.Python;

namespace CodeGrader.Worker;

/// <summary>What the host tells the worker through its (otherwise cleared) environment.</summary>
internal sealed record WorkerSettings(int ChannelIn, int ChannelOut, LibPythonLocation? Library, bool Zygote = false)
{
    public const string ChannelVariable = "CODEGRADER_CHANNEL";
    public const string LibraryVariable = "CODEGRADER_LIBPYTHON";
    public const string HomeVariable = "CODEGRADER_PYTHONHOME";

    /// <summary>The argument that makes the worker a fork server's zygote (control socket on the first channel descriptor).
    /// An argument, not a variable: every forked worker inherits the zygote's environment, which must be a worker's.</summary>
    public const string ZygoteArgument = "--zygote";

    public static WorkerSettings FromEnvironment(IReadOnlyList<string> arguments)
    {
        var channel = Environment.GetEnvironmentVariable(ChannelVariable) ?? "3,4";
        var parts = channel.Split(',');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var input)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var output))
        {
            throw new ArgumentException($"{ChannelVariable} must be 'IN,OUT' descriptor numbers, not '{channel}'.");
        }
        var library = Environment.GetEnvironmentVariable(LibraryVariable);
        var home = Environment.GetEnvironmentVariable(HomeVariable);
        var location = string.IsNullOrEmpty(library)
            ? null
            : new LibPythonLocation(library, string.IsNullOrEmpty(home) ? LibPythonLocator.DeriveHome(library) : home, LibraryVariable);
        return new WorkerSettings(input, output, location, arguments.Contains(ZygoteArgument));
    }
}
