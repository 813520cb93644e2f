namespace CodeGrader.Service.Judge0;

/// <summary>A submission's Judge0 configuration variables, defaults filled in, as Judge0 returns them (seconds, kilobytes).</summary>
public sealed record Judge0Settings(
    double CpuTimeLimit,
    double CpuExtraTime,
    double WallTimeLimit,
    int MemoryLimit,
    int StackLimit,
    int MaxProcessesAndOrThreads,
    bool EnablePerProcessAndThreadTimeLimit,
    bool EnablePerProcessAndThreadMemoryLimit,
    int MaxFileSize,
    bool RedirectStderrToStdout,
    bool EnableNetwork,
    int NumberOfRuns,
    string? CompilerOptions,
    string? CommandLineArguments,
    string? CallbackUrl);
