using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CodeGrader.Core.Diagnostics;
using CodeGrader.Core.Exercises;
using CodeGrader.Core.Exercises.Yaml;
using CodeGrader.Core.Execution;
using CodeGrader.Core.Grading;
using CodeGrader.Core.Programs;
using CodeGrader.Core.Reports;
using CodeGrader.Core.Verification;
using CodeGrader.Python;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CodeGrader.Core.Results;

namespace CodeGrader.Core.Engine;

/// <summary>
/// The one front door to grading, for the command line, the service and any app that embeds CodeGrader: load and
/// prepare an exercise, verify it, grade one submission (with live per-test events), grade many (an async stream),
/// run one call. Owns its caches (prepared exercises, bounded; compiled harness), its worker pools and its sandbox.
/// Thread-safe; every method is cancellable, and one caller's cancellation never fails another's request.
/// Fails closed: with <see cref="SandboxMode.Required"/> (the default) it never runs a candidate's code unconfined.
/// </summary>
public sealed class GradingEngine : IAsyncDisposable
{
    private const string NoProvider = "no sandbox is configured for this engine (pass CodeGrader.Sandbox's LinuxSandbox, or use services.AddCodeGrader()).";

    private readonly IConfinementProvider? _sandbox;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    /// <summary>Exercises a batch prepares ahead of its grading, per submission graded at once.</summary>
    internal const int PreparedAhead = 16;

    private readonly ExpectedValueCache _prepared;
    private readonly HarnessCodeCache _harness = new();
    private readonly LaunchReserve? _launches;
    private readonly ForkServer? _forks;
    private readonly ReferenceResultsStore? _disk;
    private readonly YamlTreeCache? _trees;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lazy<WorkerOptions> _worker;
    private Task? _discovering; // the worker's discovery started beside the sandbox probe (DetectSandbox)
    private readonly Lazy<ConfinementStatus> _status;
    private readonly SpareWorkerSources? _spares;
    private int _confinementLogged;

    /// <param name="options">Settings; <see cref="GradingEngineOptions.Default"/> when null.</param>
    /// <param name="sandbox">Where candidates' confinement comes from (the Linux sandbox: <c>LinuxSandbox.Instance</c>).</param>
    /// <param name="loggerFactory">Logs worker starts and ends, the sandbox chosen, limits hit and internal errors.</param>
    public GradingEngine(GradingEngineOptions? options = null, IConfinementProvider? sandbox = null, ILoggerFactory? loggerFactory = null)
    {
        Options = options ?? GradingEngineOptions.Default;
        Options.Validate();
        _sandbox = sandbox;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<GradingEngine>();
        _prepared = new ExpectedValueCache(Options.PreparedExerciseCapacity);
        _disk = Options.CacheDirectory is { } cache ? new ReferenceResultsStore(cache, _logger) : null;
        _trees = Options.CacheDirectory is { } trees ? new YamlTreeCache(trees, _logger) : null;
        _worker = new Lazy<WorkerOptions>(DiscoverWorker, LazyThreadSafetyMode.PublicationOnly);
        _status = new Lazy<ConfinementStatus>(DetectSandbox);
        if (Options.SpareWorkers > 0) _spares = new SpareWorkerSources(Options.SpareWorkers, Options.SpareWorkerIdleTime);
        _launches = Options.SandboxesBuiltAhead > 0 ? new LaunchReserve(Options.SandboxesBuiltAhead) : null;
        // A grade that finds the zygote still starting (a single grade with its exercise cached, the first of a batch)
        // starts its worker afresh instead of waiting for it.
        _forks = Options.ForkServer ? new ForkServer(afreshUntilReady: true) : null;
    }

    public GradingEngineOptions Options { get; }

    /// <summary>Whether this machine can confine candidates' code, detected on first use.</summary>
    public ConfinementStatus SandboxStatus => _status.Value;

    /// <summary>
    /// The confinement candidates' code runs in, as reports describe it. Throws <see cref="SandboxUnavailableException"/>
    /// when the sandbox is required and missing, so a front end can fail before it does any other work.
    /// </summary>
    public SandboxInfo CandidateSandbox()
    {
        var confinement = CandidateConfinement();
        return new SandboxInfo(confinement.Description, confinement.IsConfined);
    }

    /// <summary>Prepared exercises held now (at most <see cref="GradingEngineOptions.PreparedExerciseCapacity"/>).</summary>
    public int PreparedExerciseCount => _prepared.Count;

    /// <summary>
    /// Loads the exercise folder and makes it gradable: its code compiled, every expected value known (the reference
    /// runs once per content, then comes from the engine's cache). Never throws for a broken exercise: the result has
    /// no exercise and the diagnostics say where and what.
    /// </summary>
    public async Task<ExercisePreparation> PrepareExerciseAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        var loaded = ExerciseLoader.Load(directory, _trees);
        if (loaded.Exercise is not { } exercise) return new ExercisePreparation(null, loaded.Diagnostics);
        WarmUpForkServer(); // grades usually follow
        var preparation = await ExercisePreparer.PrepareAsync(exercise, Trusted(), cancellationToken).ConfigureAwait(false);
        return preparation with { Diagnostics = loaded.Diagnostics.AddRange(preparation.Diagnostics) };
    }

    /// <summary>
    /// Grades one submission in a fresh worker (in the sandbox; one of <see cref="GradingEngineOptions.SpareWorkers"/>
    /// started ahead when there are any), reporting each test to <paramref name="events"/> as it
    /// starts and finishes. Throws <see cref="SandboxUnavailableException"/> when the sandbox is required and missing;
    /// never throws for anything the submission does.
    /// </summary>
    public async Task<GradeReport> GradeAsync(PreparedExercise exercise, SubmissionSource submission, Action<GradingEvent>? events = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exercise);
        ArgumentNullException.ThrowIfNull(submission);
        var candidates = Candidates(CandidateConfinement());
        var grader = new Grader(_spares is null ? candidates : candidates with { WorkerSources = _spares });
        var report = await grader.GradeAsync(exercise, submission, events is null ? null : Guarded(events), cancellationToken).ConfigureAwait(false);
        LogOutcome(report);
        return report;
    }

    /// <summary>Prepares the exercise (cached) and grades; an invalid exercise throws <see cref="ExerciseInvalidException"/>.</summary>
    public async Task<GradeReport> GradeAsync(string exerciseDirectory, SubmissionSource submission, Action<GradingEvent>? events = null, CancellationToken cancellationToken = default)
    {
        var preparation = await PrepareExerciseAsync(exerciseDirectory, cancellationToken).ConfigureAwait(false);
        if (preparation.Exercise is not { } exercise) throw new ExerciseInvalidException(exerciseDirectory, preparation.Diagnostics);
        return await GradeAsync(exercise, submission, events, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Grades many submissions, <see cref="GradingEngineOptions.MaxParallelism"/> at once, each in its own fresh worker
    /// taken from a pool started ahead, and yields each result as soon as it is ready (completion order). Every distinct
    /// exercise is prepared once, in parallel and while grading goes on, up to <see cref="PreparedAhead"/> times the
    /// parallelism ahead of it (<see cref="PreparationWindow"/>), and let go once its last submission is graded (with a
    /// <see cref="GradingEngineOptions.CacheDirectory"/>, from the engine's cache too: it would come back from disk), so a
    /// batch of many exercises holds only those near its grading. Jobs are taken in the batch's order, except that of the
    /// exercises prepared, the one whose reference took longest goes first (<see cref="CostliestFirst"/>). A job whose exercise is invalid gets an
    /// internal-error report naming the exercise's diagnostics; the rest are graded. Cancelling (or leaving the loop)
    /// stops everything: no worker is left running when the enumeration ends. The caller's loop body runs on the thread
    /// that finished the grade (no hop to another thread per result), so it should write its result and move on: the
    /// other submissions go on grading meanwhile, but this job's turn is not handed to the next until it has.
    /// </summary>
    public IAsyncEnumerable<GradedJob> GradeManyAsync(IEnumerable<GradeJob> jobs, CancellationToken cancellationToken = default) =>
        GradeManyAsync(jobs, null, cancellationToken);

    /// <summary>
    /// As <see cref="GradeManyAsync(IEnumerable{GradeJob}, CancellationToken)"/>, telling <paramref name="preparation"/> as
    /// each distinct exercise is prepared (before any of its jobs is graded), so a front end can show progress while
    /// the references run. Reports come from several threads at once.
    /// </summary>
    public async IAsyncEnumerable<GradedJob> GradeManyAsync(IEnumerable<GradeJob> jobs, IProgress<ExercisePrepared>? preparation,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var list = jobs.ToList();
        var confinement = CandidateConfinement();
        if (list.Count > 0) WarmUpForkServer(); // before any exercise loads: its start is the longest thing before a fork
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        using var preparing = new SemaphoreSlim(Options.MaxParallelism);
        using var running = new SemaphoreSlim(Options.MaxParallelism); // submissions running tests at once
        var submissions = list.GroupBy(j => j.ExerciseDirectory, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var remaining = new ConcurrentDictionary<string, int>(submissions, StringComparer.Ordinal);
        var directories = list.Select(j => j.ExerciseDirectory).Distinct(StringComparer.Ordinal).ToList();
        await using var pool = new PooledWorkerSources(Options.MaxParallelism);
        var candidates = Candidates(confinement);
        var grader = new Grader(candidates with
        {
            WorkerSources = pool,
            Worker = candidates.Worker with { WaitsForZygote = list.Count >= ZygoteWorthWaitingFor * Options.MaxParallelism },
        });
        var prepared = 0;
        void Prepared(string directory, ExercisePreparation result, TimeSpan elapsed)
        {
            // Its submissions are now expected of the pool for its limits: workers start ahead for them, and for no more.
            if (result.Exercise is { } exercise) pool.Expect(grader.Options.ForCandidate(exercise.Exercise.Limits), submissions[directory]);
            var count = Interlocked.Increment(ref prepared);
            try
            {
                preparation?.Report(new ExercisePrepared(directory, result.Succeeded, elapsed, count, directories.Count)
                {
                    FromDiskCache = result.Exercise?.FromDiskCache ?? false,
                });
            }
            catch (Exception error)
            {
                _logger.LogWarning(error, "A preparation progress handler threw; grading goes on");
            }
        }
        using var window = new PreparationWindow(directories, PreparedAhead * Options.MaxParallelism, d => PrepareGatedAsync(d, preparing, Prepared, stop.Token));
        var filling = window.FillAsync(stop.Token);

        // The exercise's last submission is graded: its expected values need not stay in memory.
        void LetGo(string directory, ExercisePreparation preparation)
        {
            window.LetGo(directory);
            if (_disk is not null && preparation.Exercise is { } exercise) ExercisePreparer.Forget(exercise.Exercise, Trusted());
        }

        // The reader (the caller's loop) continues on the writer's thread: a thread-pool hop per result saved.
        var results = Channel.CreateBounded<GradedJob>(new BoundedChannelOptions(Options.MaxParallelism) { SingleReader = true, AllowSynchronousContinuations = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                // Twice the jobs: a submission whose tests are done lets the next one start while its worker is retired.
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = 2 * Options.MaxParallelism, CancellationToken = stop.Token };
                // Costliest prepared exercise first: a long one started late would end the batch alone on one core.
                var order = new CostliestFirst(list, (PreparedAhead + 1) * Options.MaxParallelism,
                    d => window.Finished(d) is { } finished ? finished.Exercise?.ReferenceTime ?? TimeSpan.Zero : null);
                await Parallel.ForEachAsync(order.Jobs(), parallel, async (job, token) =>
                {
                    var preparation = await window.For(job.ExerciseDirectory).WaitAsync(token).ConfigureAwait(false);
                    var graded = preparation.Exercise is { } exercise
                        ? await GradeOneAsync(grader, exercise, job, running, token).ConfigureAwait(false) with { ExerciseDiagnostics = preparation.Diagnostics }
                        : new GradedJob(job, UngradedReports.InvalidExercise(job, preparation.Diagnostics, confinement), preparation.Diagnostics);
                    if (remaining.AddOrUpdate(job.ExerciseDirectory, 0, (_, left) => left - 1) == 0) LetGo(job.ExerciseDirectory, preparation);
                    await results.Writer.WriteAsync(graded, token).ConfigureAwait(false);
                }).ConfigureAwait(false);
                results.Writer.Complete();
            }
            catch (Exception e)
            {
                results.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var graded in results.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false)) yield return graded;
            await producer.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await filling.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            // Preparations nobody waits for any more end promptly once cancelled; they hold the gate until then.
            await Task.WhenAll(window.Held()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Verifies an exercise (codegrader verify): it loads and prepares, the reference passes every test, each file under
    /// solutions/ fails the way its folder says, the starter is not accepted, and the time limit is calibrated. The
    /// author's solutions run in the sandbox where there is one (author code is trusted, so unconfined otherwise).
    /// </summary>
    public Task<VerificationReport> VerifyAsync(string directory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var confinement = Options.Sandbox == SandboxMode.Off ? NoConfinement.Instance : SandboxStatus.Select(allowUnconfined: true);
        return ExerciseVerifier.VerifyAsync(directory, Candidates(confinement), cancellationToken);
    }

    /// <summary>Runs one call expression against a source in a fresh (sandboxed) worker: the value, the exception or the diagnostics.</summary>
    public async Task<CallOutcome> RunCallAsync(SubmissionSource source, string call, TimeSpan? timeLimit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(call);
        var confinement = CandidateConfinement();
        var options = Worker with
        {
            Confinement = confinement,
            Limits = Worker.Limits with { TimePerTest = timeLimit ?? ResourceLimits.Default.TimePerTest },
        };
        var sandbox = new SandboxInfo(confinement.Description, confinement.IsConfined);
        await using var worker = await WorkerProcess.StartAsync(options, cancellationToken).ConfigureAwait(false);
        var load = await worker.LoadAsync(new LoadRequest(source), cancellationToken).ConfigureAwait(false);
        if (!load.Succeeded) return new CallOutcome(load, null, sandbox);
        var result = await worker.RunTestAsync(TestRequest.ForCall(call), cancellationToken).ConfigureAwait(false);
        return new CallOutcome(load, result, sandbox);
    }

    /// <summary>
    /// Runs a source as a program (a script reading stdin, writing stdout) on <paramref name="stdin"/>, in a fresh
    /// sandboxed worker of its own, within <paramref name="limits"/> (<see cref="ProgramRunLimits.Default"/> when null):
    /// its output as bytes, its exit status, how it ended, and what it used. Throws <see cref="SandboxUnavailableException"/>
    /// when the sandbox is required and missing; never throws for anything the program does.
    /// </summary>
    public Task<ProgramRun> RunProgramAsync(SubmissionSource source, ReadOnlyMemory<byte> stdin, ProgramRunLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        limits ??= ProgramRunLimits.Default;
        limits.Validate();
        return ProgramRunner.RunAsync(Worker, CandidateConfinement(), source, stdin, limits, cancellationToken);
    }

    /// <summary>As <see cref="RunProgramAsync(SubmissionSource, ReadOnlyMemory{byte}, ProgramRunLimits?, CancellationToken)"/>, with stdin as text (UTF-8).</summary>
    public Task<ProgramRun> RunProgramAsync(SubmissionSource source, string stdin, ProgramRunLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        return RunProgramAsync(source, System.Text.Encoding.UTF8.GetBytes(stdin), limits, cancellationToken);
    }

    /// <summary>
    /// Cancels every preparation still running, empties the caches, stops the spare workers and kills the sandboxes
    /// built ahead (<see cref="GradingEngineOptions.SandboxesBuiltAhead"/>). Grading already under way ends with its callers.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_lifetime.IsCancellationRequested) return;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        _prepared.Dispose();
        if (_spares is not null) await _spares.DisposeAsync().ConfigureAwait(false);
        if (_launches is not null) await _launches.DisposeAsync().ConfigureAwait(false);
        if (_forks is not null) await _forks.DisposeAsync().ConfigureAwait(false);
    }

    private WorkerOptions Worker
    {
        get
        {
            // One discovery, not two: one already under way beside the sandbox probe is waited for (it never throws). Its
            // failure is not kept (PublicationOnly), so this discovers again and throws it here.
            Volatile.Read(ref _discovering)?.Wait();
            return _worker.Value;
        }
    }

    /// <summary>
    /// Submissions per parallel slot from which a batch's first workers wait for the fork server's zygote instead of
    /// starting afresh while it starts: a 1,000-submission batch started its first four afresh, at about 120 ms each
    /// beside the zygote's own start, where a fork takes a few milliseconds.
    /// </summary>
    internal const int ZygoteWorthWaitingFor = 8;

    /// <summary>
    /// Starts the fork server's zygote, if it is to be used and not yet running, while an exercise is prepared (the
    /// reference runs unconfined, outside it), so the first grade does not wait for it. Anything wrong is left to the
    /// grade's own fork, which reports it.
    /// </summary>
    private void WarmUpForkServer()
    {
        if (_forks is null || Options.Sandbox == SandboxMode.Off || _lifetime.IsCancellationRequested) return;
        if (SandboxStatus.Confinement is { } confinement && ForkServer.Supports(confinement))
            _forks.WarmUp(Candidates(confinement).ForCandidate(ExerciseLimits.Default));
    }

    /// <summary>
    /// The sandbox's probe runs bubblewrap and finding libpython runs <c>python3</c>: each waits on a process, and a
    /// front end needs both before its first grade, so the worker is discovered beside the probe. A discovery that fails
    /// there is left for the first real use to find again and report.
    /// </summary>
    private ConfinementStatus DetectSandbox()
    {
        Volatile.Write(ref _discovering, Task.Run(() =>
        {
            try
            {
                _ = _worker.Value;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Not cached (PublicationOnly): the first use discovers again and throws this to its caller.
            }
        }));
        return _sandbox?.Detect() ?? new ConfinementStatus(null, NoProvider);
    }

    private WorkerOptions DiscoverWorker()
    {
        var discovered = WorkerOptions.Discover(new LibPythonSearchOptions { ConfiguredLibrary = Options.PythonLibrary });
        return discovered with
        {
            WorkerPath = Options.WorkerPath ?? discovered.WorkerPath,
            StartTimeout = Options.WorkerStartTimeout,
            HarnessCache = _harness,
            LoggerFactory = _loggerFactory,
            Launches = _launches,
            ForkServer = _forks,
        };
    }

    /// <summary>The confinement for candidates' code, or <see cref="SandboxUnavailableException"/> (fail closed).</summary>
    private IWorkerConfinement CandidateConfinement()
    {
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        var confinement = Options.Sandbox switch
        {
            SandboxMode.Off => NoConfinement.Instance,
            SandboxMode.IfAvailable => SandboxStatus.Select(allowUnconfined: true),
            _ => SandboxStatus.Select(allowUnconfined: false),
        };
        if (Interlocked.Exchange(ref _confinementLogged, 1) == 0)
        {
            if (confinement.IsConfined) _logger.LogInformation("Candidates' code runs confined: {Sandbox}", confinement.Description);
            else _logger.LogWarning("Candidates' code runs UNCONFINED (sandbox mode {Mode}; {Problem})", Options.Sandbox, SandboxStatus.Problem ?? "the sandbox is available but switched off");
        }
        return confinement;
    }

    private GradingOptions Candidates(IWorkerConfinement confinement) => new()
    {
        Worker = Worker,
        Confinement = confinement,
        Cache = _prepared,
        TrustedTimeLimit = Options.TrustedTimeLimit,
        TestsInFlight = Options.TestsInFlight,
    };

    /// <summary>For preparation, which runs only the author's trusted code.</summary>
    private GradingOptions Trusted() => Candidates(NoConfinement.Instance) with { DiskCache = _disk };

    /// <summary>Prepares once a slot is free; tells <paramref name="done"/> before the task completes, so before any of its jobs is graded.</summary>
    private async Task<ExercisePreparation> PrepareGatedAsync(string directory, SemaphoreSlim gate,
        Action<string, ExercisePreparation, TimeSpan> done, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ExercisePreparation result;
        try
        {
            result = await PrepareExerciseAsync(directory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "The exercise in {Directory} could not be prepared", directory);
            var location = Location.StartOf(Path.Combine(directory, "exercise.yaml"));
            result = new ExercisePreparation(null, [new Diagnostic(ExerciseDiagnostics.PreparationFailed, location, $"the exercise could not be prepared: {e.Message}")]);
        }
        finally
        {
            gate.Release();
        }
        done(directory, result, clock.Elapsed);
        return result;
    }

    /// <summary>
    /// One job of a batch: waits until fewer than <see cref="GradingEngineOptions.MaxParallelism"/> submissions run
    /// tests, grades, and hands its turn on as soon as its worker is being retired. A failure of the host's own (not
    /// anything the submission did: that is always a verdict) ends this submission alone, with an internal error.
    /// </summary>
    private async Task<GradedJob> GradeOneAsync(Grader grader, PreparedExercise exercise, GradeJob job, SemaphoreSlim running, CancellationToken token)
    {
        await running.WaitAsync(token).ConfigureAwait(false);
        var released = 0;
        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) running.Release();
        }
        try
        {
            GradingFault?.Invoke(job);
            var report = await grader.GradeAsync(exercise, job.Submission, null, Release, token).ConfigureAwait(false);
            token.ThrowIfCancellationRequested(); // a report cut short by cancellation is never handed out
            LogOutcome(report);
            return new GradedJob(job, report, []);
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            _logger.LogError(e, "Grading {Submission} for {Exercise} failed in the host; it gets an internal error and the batch goes on",
                job.Submission.FileName, job.ExerciseDirectory);
            var report = await UngradedReports.HostFailureAsync(exercise, job, e, grader.Options.Confinement).ConfigureAwait(false);
            return new GradedJob(job, report, []) { GraderFailed = true };
        }
        finally
        {
            Release();
        }
    }

    /// <summary>For tests: runs before each batch submission is graded, and what it throws stands for a failure in the host.</summary>
    internal Action<GradeJob>? GradingFault { get; init; }

    private Action<GradingEvent> Guarded(Action<GradingEvent> events) => e =>
    {
        try
        {
            events(e);
        }
        catch (Exception error)
        {
            _logger.LogWarning(error, "A grading event handler threw; grading goes on");
        }
    };

    private void LogOutcome(GradeReport report)
    {
        if (!_logger.IsEnabled(LogLevel.Information)) return;
        foreach (var test in report.Tests.Where(t => t.Status is TestStatus.Timeout or TestStatus.Memory or TestStatus.OutputLimit))
            _logger.LogInformation("{Submission}: test '{Test}' hit a limit: {Status}", report.Submission, test.Name, VerdictRules.Describe(test.Status));
        if (report.Verdict == Verdict.InternalError) _logger.LogWarning("{Submission}: internal error: {Message}", report.Submission, report.Message);
    }
}
