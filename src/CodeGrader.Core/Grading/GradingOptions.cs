using CodeGrader.Core.Exercises;
using CodeGrader.Core.Execution;
using CodeGrader.Python;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Grading;

/// <summary>
/// How submissions are graded. Immutable and shared; change with <c>with</c>. <see cref="Worker"/> says where the
/// worker and libpython are (its own confinement and limits are not used: candidates get <see cref="Confinement"/>
/// and the exercise's limits; trusted workers, for the reference, checker and tools, run unconfined).
/// </summary>
internal sealed record GradingOptions
{
    public required WorkerOptions Worker { get; init; }

    /// <summary>How candidates' workers are confined. <see cref="NoConfinement"/> only when the user opted out.</summary>
    public IWorkerConfinement Confinement { get; init; } = NoConfinement.Instance;

    /// <summary>Prepared exercises; each options instance made with <c>new</c> has its own (copies made with <c>with</c> share it).</summary>
    public ExpectedValueCache Cache { get; init; } = new();

    /// <summary>The reference's values and times across runs and processes, on disk; null to run the reference at every preparation.</summary>
    public ReferenceResultsStore? DiskCache { get; init; }

    /// <summary>Where candidates' fresh workers come from: started on demand, or from a pool started ahead (batch).</summary>
    public IWorkerSourceFactory WorkerSources { get; init; } = OnDemandWorkerSources.Instance;

    /// <summary>Check the exercise's restrictions before running a submission (off for the reference).</summary>
    public bool CheckRestrictions { get; init; } = true;

    /// <summary>
    /// The total time one submission's tests may take, overriding the exercise's (<c>limits.total</c>, or its default,
    /// <see cref="ExerciseLimits.TotalFor"/>); null keeps the exercise's.
    /// </summary>
    public TimeSpan? TotalTime { get; init; }

    /// <summary>
    /// How many test requests a worker may hold at once (<see cref="TestPipeline"/>): the worker runs the next test
    /// without waiting for the host. 1 sends each test after the last one's answer.
    /// </summary>
    public int TestsInFlight { get; init; } = 16;

    /// <summary>Wall time for each request to a trusted tools worker (compile checks, literals, one checker call).</summary>
    public TimeSpan TrustedTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    public static GradingOptions Discover(LibPythonSearchOptions? python = null) => new() { Worker = WorkerOptions.Discover(python) };

    /// <summary>A candidate's worker: the confinement and the exercise's limits.</summary>
    public WorkerOptions ForCandidate(ExerciseLimits limits) =>
        Worker with { Confinement = Confinement, Limits = limits.ToResourceLimits(Worker.Limits) };

    /// <summary>The reference's worker: the exercise's limits, unconfined (the reference is trusted).</summary>
    public WorkerOptions ForReference(ExerciseLimits limits) =>
        Worker with { Confinement = NoConfinement.Instance, Limits = limits.ToResourceLimits(Worker.Limits) };
}
