using CodeGrader.Core.Execution;

namespace CodeGrader.Core.Tests.Execution;

/// <summary>Starts real workers for tests, with a bound on every await so a hang fails the test instead of the run.</summary>
internal static class WorkerHarness
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static readonly Lazy<WorkerOptions> Discovered = new(() => WorkerOptions.Discover());

    public static WorkerOptions Options(TimeSpan? timePerTest = null, int? outputBytes = null) => Discovered.Value with
    {
        Limits = ResourceLimits.Default with
        {
            TimePerTest = timePerTest ?? TimeSpan.FromSeconds(2),
            OutputBytes = outputBytes ?? ResourceLimits.Default.OutputBytes,
        },
    };

    public static Task<WorkerProcess> StartAsync(WorkerOptions? options = null) =>
        WorkerProcess.StartAsync(options ?? Options()).WaitAsync(Bound);

    /// <summary>Loads <paramref name="source"/> and runs one call in a fresh worker.</summary>
    public static async Task<TestRunResult> CallAsync(string source, string call, WorkerOptions? options = null, int? take = null)
    {
        await using var worker = await StartAsync(options);
        var load = await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", source))).WaitAsync(Bound);
        load.Status.ShouldBe(RunStatus.Completed, load.Message ?? load.Error?.ToString());
        return await worker.RunTestAsync(TestRequest.ForCall(call, take)).WaitAsync(Bound);
    }

    public static async Task<LoadResult> LoadAsync(byte[] source, string? entry = null)
    {
        await using var worker = await StartAsync();
        return await worker.LoadAsync(new LoadRequest(new SubmissionSource("solution.py", source), Entry: entry)).WaitAsync(Bound);
    }
}
