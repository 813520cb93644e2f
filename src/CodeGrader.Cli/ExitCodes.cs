namespace CodeGrader.Cli;

/// <summary>The exit codes of DESIGN.md, shared by every command.</summary>
public static class ExitCodes
{
    public const int Accepted = 0;
    public const int NotAccepted = 1;
    public const int BadUsage = 2;
    public const int InternalError = 3;

    /// <summary>Stopped by Ctrl-C (128 + SIGINT): what was finished is kept; --resume grades the rest.</summary>
    public const int Interrupted = 130;
}
