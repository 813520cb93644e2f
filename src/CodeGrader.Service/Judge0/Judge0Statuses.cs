namespace CodeGrader.Service.Judge0;

/// <summary>Judge0's submission statuses, ids 1-14, with its descriptions.</summary>
public static class Judge0Statuses
{
    public const int InQueue = 1;
    public const int Processing = 2;
    public const int Accepted = 3;
    public const int WrongAnswer = 4;
    public const int TimeLimitExceeded = 5;
    public const int CompilationError = 6;
    public const int Sigsegv = 7;
    public const int Sigxfsz = 8;
    public const int Sigfpe = 9;
    public const int Sigabrt = 10;
    public const int Nzec = 11;
    public const int OtherRuntimeError = 12;
    public const int InternalError = 13;
    public const int ExecFormatError = 14;

    public static readonly IReadOnlyList<(int Id, string Description)> All =
    [
        (InQueue, "In Queue"),
        (Processing, "Processing"),
        (Accepted, "Accepted"),
        (WrongAnswer, "Wrong Answer"),
        (TimeLimitExceeded, "Time Limit Exceeded"),
        (CompilationError, "Compilation Error"),
        (Sigsegv, "Runtime Error (SIGSEGV)"),
        (Sigxfsz, "Runtime Error (SIGXFSZ)"),
        (Sigfpe, "Runtime Error (SIGFPE)"),
        (Sigabrt, "Runtime Error (SIGABRT)"),
        (Nzec, "Runtime Error (NZEC)"),
        (OtherRuntimeError, "Runtime Error (Other)"),
        (InternalError, "Internal Error"),
        (ExecFormatError, "Exec Format Error"),
    ];

    public static string Describe(int id) => All.First(s => s.Id == id).Description;

    public static bool IsFinished(int id) => id is not (InQueue or Processing);

    /// <summary>Judge0's status for a program killed by <paramref name="signal"/>.</summary>
    public static int ForSignal(int signal) => signal switch
    {
        11 => Sigsegv,
        25 => Sigxfsz,
        8 => Sigfpe,
        6 => Sigabrt,
        _ => OtherRuntimeError,
    };
}
