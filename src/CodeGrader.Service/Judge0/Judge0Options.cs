namespace CodeGrader.Service.Judge0;

/// <summary>
/// The Judge0-compatible endpoint: where it is mounted, and the limits it reports in <c>/config_info</c> and enforces.
/// Units are Judge0's: seconds and kilobytes. A submission's limits default to the first value of each pair and may not
/// exceed the second (Judge0's 422 when they do).
/// </summary>
public sealed record Judge0Options
{
    /// <summary>The path the endpoint lives under (Judge0's routes follow it: <c>/judge0/submissions</c>).</summary>
    public string Prefix { get; init; } = "/judge0";

    public double CpuTimeLimit { get; init; } = 5;
    public double MaxCpuTimeLimit { get; init; } = 15;
    public double CpuExtraTime { get; init; } = 1;
    public double MaxCpuExtraTime { get; init; } = 5;
    public double WallTimeLimit { get; init; } = 10;
    public double MaxWallTimeLimit { get; init; } = 20;
    public int MemoryLimit { get; init; } = 128_000;
    public int MaxMemoryLimit { get; init; } = 512_000;
    public int StackLimit { get; init; } = 64_000;
    public int MaxStackLimit { get; init; } = 128_000;
    public int MaxProcessesAndOrThreads { get; init; } = 60;
    public int MaxMaxProcessesAndOrThreads { get; init; } = 120;

    /// <summary>Kilobytes a program may write to a file, and to stdout and to stderr each.</summary>
    public int MaxFileSize { get; init; } = 1024;
    public int MaxMaxFileSize { get; init; } = 4096;

    /// <summary>Submissions waiting at most; beyond it Judge0's 503 "queue is full".</summary>
    public int MaxQueueSize { get; init; } = 100;

    public int MaxSubmissionBatchSize { get; init; } = 20;

    public int CallbacksMaxTries { get; init; } = 3;
    public double CallbacksTimeout { get; init; } = 5;

    /// <summary>The key callbacks are signed with (<c>X-CodeGrader-Signature</c>); null: one made at first start and kept in the data directory.</summary>
    public string? CallbackSecret { get; init; }
}
