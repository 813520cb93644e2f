namespace CodeGrader.Core.Execution;

/// <summary>How a child process ended, as <c>wait4</c> reported it.</summary>
/// <param name="ExitCode">The exit status when it exited, else null.</param>
/// <param name="Signal">The signal that killed it, else null.</param>
/// <param name="MaxRssBytes">The largest resident set of the process itself (not its children).</param>
public sealed record ChildExit(int? ExitCode, int? Signal, long MaxRssBytes)
{
    public static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP", 2 => "SIGINT", 4 => "SIGILL", 5 => "SIGTRAP", 6 => "SIGABRT", 7 => "SIGBUS", 8 => "SIGFPE",
        9 => "SIGKILL", 11 => "SIGSEGV", 13 => "SIGPIPE", 14 => "SIGALRM", 15 => "SIGTERM", 24 => "SIGXCPU",
        25 => "SIGXFSZ", 31 => "SIGSYS", _ => $"signal {signal}",
    };

    public override string ToString() =>
        Signal is { } s ? $"killed by {SignalName(s)}" : $"exited with status {ExitCode}";
}
