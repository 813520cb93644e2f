using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using CodeGrader.Bench;
using CodeGrader.Core.Execution;
using CodeGrader.Sandbox;
using CodeGrader.Sandbox.Bubblewrap;

if (args.Length > 0 && args[0] == "prepare") return await PrepareBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "python-tests") return await PythonTestsBench.RunAsync(args[1..]);
if (args.Length > 1 && args[0] == "grade-once") return await PythonTestsBench.GradeOnceAsync(args[1]);
if (args.Length > 0 && args[0] == "queue") return await QueueBench.RunAsync(args[1..]);

// Worker overhead, against bare `python3 -I -S -c pass` measured in the same run through the same spawn path.
// Usage: dotnet run -c Release --project bench/CodeGrader.Bench [starts] [tests] [tests in flight]
var starts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
var tests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;
var window = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
var options = WorkerOptions.Discover();
var python3 = RealExecutable(FindOnPath("python3"));
Console.WriteLine($"libpython: {options.Python.LibraryPath} ({options.Python.Source}); baseline: {python3}");

var sandbox = LinuxSandbox.Instance.Detect();
var bubblewrap = sandbox.Confinement as BubblewrapConfinement;
// Built at start: the sandbox is made when a worker is asked for. Built ahead: as an engine with SandboxesBuiltAhead does, from a
// LaunchReserve that arms the next sandbox while the current worker runs (each still used by one worker only).
var cold = bubblewrap is null ? null : options with { Confinement = bubblewrap };
await using var reserve = new LaunchReserve(capacity: 1);
var ahead = cold is null ? null : cold with { Launches = reserve };
// Forked: each worker forked from a pre-initialised zygote (GradingEngineOptions.ForkServer), confined per fork.
await using var forks = new ForkServer();
var forked = cold is null ? null : cold with { ForkServer = forks };
// The parts, for the phase split (see ConfinementPhases).
var launcherOnly = bubblewrap is null ? null : options with { Confinement = ConfinementPhases.LauncherOnly(bubblewrap, joinCgroup: false) };
var launcherCgroup = bubblewrap is not { HasCgroup: true } ? null : options with { Confinement = ConfinementPhases.LauncherOnly(bubblewrap, joinCgroup: true) };
var withoutCgroup = ConfinementPhases.WithoutCgroup() is { } b ? options with { Confinement = b } : null;
Console.WriteLine(cold is null ? $"sandbox: unavailable ({sandbox.Problem}); sandboxed figures skipped" : $"sandbox: {bubblewrap!.Description}");

WorkerOptions?[] series = [options, launcherOnly, launcherCgroup, withoutCgroup, cold, ahead, forked];
var times = series.Select(_ => new List<double>()).ToArray();
var disposeTimes = series.Select(_ => new List<double>()).ToArray();
var prepareTimes = new List<double>();
var baseline = new List<double>();

// Warm every path (page cache, the harness code cache, the reserve) before measuring.
for (var i = 0; i < 3; i++)
{
    foreach (var o in series.OfType<WorkerOptions>()) await StartToReadyAsync(o, null);
    await RunBaselineAsync(python3);
}
for (var i = 0; i < starts; i++)
{
    // Interleaved so all see the same machine state.
    for (var s = 0; s < series.Length; s++)
    {
        if (series[s] is { } o) times[s].Add(await StartToReadyAsync(o, disposeTimes[s]));
    }
    // The next sandbox is built while the worker that took the last one runs; here nothing runs, so wait for it to be
    // built before timing anything else, or its work would land on the next series' clocks.
    await WaitUntilBuiltAsync(reserve);
    if (cold is not null) prepareTimes.Add(PrepareTime(cold));
    baseline.Add(await RunBaselineAsync(python3));
}
var ready = times[0];
var readyStats = Stats.Of(ready);
var baselineStats = Stats.Of(baseline);

var roundTrip = new List<double>();
var inCall = new List<double>();
await using (var worker = await WorkerProcess.StartAsync(options))
{
    var load = await worker.LoadAsync(new LoadRequest(SubmissionSource.FromText("solution.py", "def f(x):\n    return x\n")));
    if (!load.Succeeded) throw new InvalidOperationException(load.Message);
    var request = TestRequest.ForCall("f(1)");
    for (var i = 0; i < 200; i++) await worker.RunTestAsync(request);
    for (var i = 0; i < tests; i++)
    {
        var result = await worker.RunTestAsync(request);
        roundTrip.Add(result.HostTime.TotalMicroseconds);
        inCall.Add(result.WorkerTime!.Value.TotalMicroseconds);
    }
}
// The same calls one request at a time and through TestPipeline (`window`, as GradingOptions.TestsInFlight: 16), batch against batch in turn on one
// loaded worker: the wall time of a batch over its size, the cost per test a grading run sees.
const int Batch = 500;
var oneAtATime = new List<double>();
var pipelined = new List<double>();
await using (var session = new WorkerSession(options, new LoadRequest(SubmissionSource.FromText("solution.py", "def f(x):\n    return x\n"))))
{
    if (!(await session.StartAsync()).Succeeded) throw new InvalidOperationException("the bench's solution did not load");
    var calls = Enumerable.Repeat(TestRequest.ForCall("f(1)"), Batch).ToList();
    for (var round = 0; round <= Math.Max(1, tests / Batch); round++)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Batch; i++) await session.RunAsync(calls[i]);
        var alone = clock.Elapsed.TotalMicroseconds / Batch;
        clock.Restart();
        await foreach (var step in new TestPipeline(session, window).RunAsync(calls, null))
        {
            if (step is TestRan { Run.Result.Status: not RunStatus.Completed }) throw new InvalidOperationException("a pipelined call failed");
        }
        var inFlight = clock.Elapsed.TotalMicroseconds / Batch;
        if (round == 0) continue; // warm-up
        oneAtATime.Add(alone);
        pipelined.Add(inFlight);
    }
}
var roundTripStats = Stats.Of(roundTrip);
var overhead = roundTripStats.Median - Stats.Of(inCall).Median;

Console.WriteLine($"worker start-to-ready     {readyStats.Format("ms")}");
Console.WriteLine($"python3 -I -S -c pass     {baselineStats.Format("ms")}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start ratio               {readyStats.Median / baselineStats.Median:0.00}x   (target <= 1.50x)"));
if (cold is not null)
{
    var median = times.Select(t => t.Count == 0 ? double.NaN : Stats.Of(t).Median).ToArray();
    var coldCost = median[4] - median[0];
    Console.WriteLine($"sandboxed, built at start {Stats.Of(times[4]).Format("ms")}");
    Console.WriteLine($"sandboxed, built ahead    {Stats.Of(times[5]).Format("ms")}");
    Console.WriteLine($"fork-server               {Stats.Of(times[6]).Format("ms")}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"fork-server cost          {median[6] - median[0]:0.0} ms per worker (forked from a zygote into fresh namespaces + its own cgroup + seccomp; median minus unsandboxed; kill + reap after it {Stats.Of(disposeTimes[6]).Median:0.00} ms)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"confinement cost          {median[5] - median[0]:0.0} ms per worker (built ahead, as with GradingEngineOptions.SandboxesBuiltAhead; median sandboxed minus unsandboxed; target <= 10 ms)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"confinement cost at start {coldCost:0.0} ms per worker (the sandbox built when the worker is asked for), split by difference of medians:"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  launcher shell + rlimits               {median[1] - median[0],6:0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cgroup join (launcher into its cgroup) {median[2] - median[1],6:0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  bubblewrap: namespaces, mounts, seccomp{median[3] - median[1],6:0.0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  sum of the parts                       {median[2] - median[0] + median[3] - median[1],6:0.0} ms (against {coldCost:0.0} ms whole)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  not timed above: arguments + cgroup arm before the spawn {Stats.Of(prepareTimes).Median:0.00} ms; kill + cgroup reset after the worker {Stats.Of(disposeTimes[4]).Median:0.00} ms (unsandboxed {Stats.Of(disposeTimes[0]).Median:0.00} ms)"));
}
Console.WriteLine($"per-test round trip       {roundTripStats.Format("us")}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per-test overhead         {overhead:0.0} us (round trip minus the call itself; target < 50 us)"));
var aloneStats = Stats.Of(oneAtATime);
var pipelinedStats = Stats.Of(pipelined);
Console.WriteLine($"per-test round trip, pipelined {pipelinedStats.Format("us")} (wall per test of {Batch}-test batches, {window} in flight)");
Console.WriteLine($"  the same, one at a time      {aloneStats.Format("us")} (batches in turn with the pipelined ones)");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pipelining speed-up          {aloneStats.Median / pipelinedStats.Median:0.00}x"));
return 0;

static async Task<double> StartToReadyAsync(WorkerOptions options, List<double>? disposeTimes)
{
    var worker = await WorkerProcess.StartAsync(options);
    var ready = worker.Ready.StartToReady.TotalMilliseconds;
    var clock = Stopwatch.StartNew();
    await worker.DisposeAsync();
    disposeTimes?.Add(clock.Elapsed.TotalMilliseconds);
    return ready;
}

// Until the reserve's sandbox waits for its start signal: bubblewrap's child blocked reading the signal's pipe.
static async Task WaitUntilBuiltAsync(LaunchReserve reserve)
{
    var deadline = Environment.TickCount64 + 5000;
    while (Environment.TickCount64 < deadline)
    {
        if (reserve.ArmedLauncherPids() is [var monitor]
            && ReadProc($"/proc/{monitor}/task/{monitor}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var init]
            && ReadProc($"/proc/{init}/wchan") is var wchan && (wchan.Contains("pipe", StringComparison.Ordinal) || wchan is "0" or ""))
        {
            if (wchan is "0" or "") await Task.Delay(50); // the kernel hides where it waits: allow for the mounts
            return;
        }
        await Task.Delay(2);
    }
}

static string ReadProc(string path)
{
    try
    {
        return File.ReadAllText(path);
    }
    catch (IOException)
    {
        return "";
    }
}

// What happens before a worker's clock starts: its bubblewrap arguments and its cgroup armed (then reset for the next).
static double PrepareTime(WorkerOptions options)
{
    var environment = ImmutableDictionary<string, string>.Empty
        .Add("CODEGRADER_LIBPYTHON", options.Python.LibraryPath).Add("CODEGRADER_PYTHONHOME", options.Python.Home ?? "")
        .Add("CODEGRADER_CHANNEL", "3,4").Add("LANG", "C.UTF-8");
    var clock = Stopwatch.StartNew();
    using var launch = options.Confinement.PrepareToStartOnSignal(new WorkerCommand(options.WorkerPath, [], environment), options.Limits);
    return clock.Elapsed.TotalMilliseconds;
}

static async Task<double> RunBaselineAsync(string python3)
{
    var clock = Stopwatch.StartNew();
    using var child = ChildProcess.Start(new WorkerCommand(python3, ["-I", "-S", "-c", "pass"], ImmutableDictionary<string, string>.Empty));
    await child.Exited;
    return clock.Elapsed.TotalMilliseconds;
}

// pyenv's python3 is a shell shim: time the interpreter it runs, as a teacher's CI effectively would.
static string RealExecutable(string python3)
{
    var start = new ProcessStartInfo(python3, ["-I", "-S", "-c", "import sys; print(sys.executable)"]) { RedirectStandardOutput = true };
    using var process = Process.Start(start)!;
    var path = process.StandardOutput.ReadToEnd().Trim();
    process.WaitForExit();
    return File.Exists(path) ? path : python3;
}

static string FindOnPath(string name) =>
    (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
    ?? throw new FileNotFoundException($"{name} is not on PATH");
