using CodeGrader.Core.Grading;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Engine;

/// <summary>
/// How a <see cref="GradingEngine"/> runs. Immutable; change with <c>with</c>. Binds from configuration (the
/// "CodeGrader" section by convention: <c>CodeGrader:Sandbox</c>, <c>CODEGRADER__MAXPARALLELISM</c>, ...).
/// </summary>
public sealed record GradingEngineOptions
{
    public static readonly GradingEngineOptions Default = new();

    /// <summary>
    /// How candidates' code is confined. <see cref="SandboxMode.Required"/> (the default) fails closed: grading throws
    /// <see cref="Execution.SandboxUnavailableException"/> where there is no sandbox. Any other mode must be chosen
    /// explicitly, and every report of a submission that ran unconfined says so.
    /// </summary>
    public SandboxMode Sandbox { get; init; } = SandboxMode.Required;

    /// <summary>libpython to embed (full path); null finds it (PYTHONNET_PYDLL, CODEGRADER_LIBPYTHON, python3 on PATH, the distribution's paths).</summary>
    public string? PythonLibrary { get; init; }

    /// <summary>The codegrader-worker executable; null finds it next to the host or in the checkout's artifacts.</summary>
    public string? WorkerPath { get; init; }

    /// <summary>Submissions graded at once by <see cref="GradingEngine.GradeManyAsync"/> (and exercises prepared at once).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Fresh workers <see cref="GradingEngine.GradeAsync(Grading.PreparedExercise, Execution.SubmissionSource, Action{Grading.GradingEvent}?, CancellationToken)"/>
    /// keeps started ahead for each set of limits recently graded (a few sets at most), so a submission does not wait for
    /// a sandbox and an interpreter to start: right for a long-lived grader such as the service. Each still serves one
    /// submission only. 0 (the default) starts every worker when it is asked for. Unlike <see cref="SandboxesBuiltAhead"/>
    /// (the sandbox alone built ahead, Python started when taken), a spare is a whole worker, ready.
    /// </summary>
    public int SpareWorkers { get; init; }

    /// <summary>Spare workers for limits that nothing has been graded with for this long are stopped.</summary>
    public TimeSpan SpareWorkerIdleTime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Prepared exercises (expected values) the engine keeps; the least recently used goes first.</summary>
    public int PreparedExerciseCapacity { get; init; } = ExpectedValueCache.DefaultCapacity;

    /// <summary>
    /// Where expected values computed by running the reference are kept across runs and processes (a file per exercise
    /// content, Python and worker build; see README); null (the default) runs the reference at every preparation.
    /// <see cref="DefaultCacheDirectory"/> is the usual place. A damaged file is ignored and written again.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary><c>$XDG_CACHE_HOME/codegrader</c>, or <c>~/.cache/codegrader</c> when XDG_CACHE_HOME is unset or not absolute.</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "codegrader");
        }
    }

    /// <summary>Wall time for each request to a trusted worker (compile checks, literals, one checker call).</summary>
    public TimeSpan TrustedTimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a worker may take to become ready before it counts as failed to start.</summary>
    public TimeSpan WorkerStartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Candidates' sandboxes the engine keeps built ahead between grades (0, the default: none, each built when its
    /// worker is asked for). Each is a launcher cgroup, namespaces and mounts waiting for one start byte, taken once by
    /// one worker, so a worker is ready in about the time of an unconfined one; what is held is killed when the engine
    /// is disposed. The work is the same, done while the previous worker runs instead of on the submission's clock.
    /// </summary>
    public int SandboxesBuiltAhead { get; init; }

    /// <summary>
    /// Test requests a worker may hold at once (16): it runs the next test as soon as it has answered one, each test
    /// still timed and killed on the host's clock from the previous answer. A submission that reads its descriptor 3
    /// can see the calls of the next hidden tests waiting there (never an expected value, never during a sample test)
    /// and, by forging their answers, work on them ahead of their clocks; 1 sends each test only after the last answer.
    /// </summary>
    public int TestsInFlight { get; init; } = 16;

    /// <summary>
    /// Fork each candidate's worker from a pre-initialised zygote in the sandbox (docs/fork-server.md) instead of
    /// starting it afresh: a fresh process no other submission ran in, with fresh namespaces, its own cgroup (charged
    /// for the zygote's pages it shares), the rlimits, no capabilities and the seccomp filter, ready in about half the
    /// time of a worker started afresh. On by default; false starts every worker afresh. Ignored without a sandbox
    /// that can fork. Takes precedence over <see cref="SandboxesBuiltAhead"/> for candidates' workers. The zygote is
    /// started by the first exercise preparation or grade and ends with the engine.
    /// </summary>
    public bool ForkServer { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (MaxParallelism < 1) throw new ArgumentException($"MaxParallelism must be at least 1 (it is {MaxParallelism}).", nameof(MaxParallelism));
        if (SpareWorkers < 0) throw new ArgumentException($"SpareWorkers must be 0 or more (it is {SpareWorkers}).", nameof(SpareWorkers));
        if (SpareWorkerIdleTime <= TimeSpan.Zero) throw new ArgumentException($"SpareWorkerIdleTime must be positive (it is {SpareWorkerIdleTime}).", nameof(SpareWorkerIdleTime));
        if (PreparedExerciseCapacity < 1) throw new ArgumentException($"PreparedExerciseCapacity must be at least 1 (it is {PreparedExerciseCapacity}).", nameof(PreparedExerciseCapacity));
        if (TrustedTimeLimit <= TimeSpan.Zero) throw new ArgumentException($"TrustedTimeLimit must be positive (it is {TrustedTimeLimit}).", nameof(TrustedTimeLimit));
        if (SandboxesBuiltAhead < 0) throw new ArgumentException($"SandboxesBuiltAhead must be 0 or more (it is {SandboxesBuiltAhead}).", nameof(SandboxesBuiltAhead));
        if (CacheDirectory is { Length: 0 }) throw new ArgumentException("CacheDirectory must be a folder or null (it is empty).", nameof(CacheDirectory));
        if (TestsInFlight < 1) throw new ArgumentException($"TestsInFlight must be at least 1 (it is {TestsInFlight}).", nameof(TestsInFlight));
        if (WorkerStartTimeout <= TimeSpan.Zero) throw new ArgumentException($"WorkerStartTimeout must be positive (it is {WorkerStartTimeout}).", nameof(WorkerStartTimeout));
    }
}
