using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using CodeGrader.Bench;
using CodeGrader.Core.Execution;
using CodeGrader.Sandbox;

if (args.Length > 0 && args[0] == "prepare") return await PrepareBench.RunAsync(args[1..]);
if (args.Length > 0 && args[0] == "python-tests") return await PythonTestsBench.RunAsync(args[1..]);
if (args.Length > 1 && args[0] == "grade-once") return await PythonTestsBench.GradeOnceAsync(args[1]);
if (args.Length > 0 && args[0] == "queue") return await QueueBench.RunAsync(args[1..]);

// Worker overhead, against bare `python3 -I -S -c pass` measured in the same run through the same spawn path.
// Usage: dotnet run -c Release --project bench/CodeGrader.Bench [starts] [tests]
var starts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
var tests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;
var options = WorkerOptions.Discover();
var python3 = RealExecutable(FindOnPath("python3"));
Console.WriteLine($"libpython: {options.Python.LibraryPath} ({options.Python.Source}); baseline: {python3}");

var sandbox = LinuxSandbox.Instance.Detect();
var sandboxed = sandbox.Confinement is { } confinement ? options with { Confinement = confinement } : null;
Console.WriteLine(sandboxed is null ? $"sandbox: unavailable ({sandbox.Problem}); sandboxed figures skipped" : $"sandbox: {sandboxed.Confinement.Description}");

// Warm every path (page cache, the harness code cache) before measuring.
for (var i = 0; i < 3; i++)
{
    await using (await WorkerProcess.StartAsync(options)) { }
    if (sandboxed is not null) await using (await WorkerProcess.StartAsync(sandboxed)) { }
    await RunBaselineAsync(python3);
}

var ready = new List<double>();
var readySandboxed = new List<double>();
var baseline = new List<double>();
for (var i = 0; i < starts; i++)
{
    // Interleaved so all see the same machine state.
    await using (var worker = await WorkerProcess.StartAsync(options)) ready.Add(worker.Ready.StartToReady.TotalMilliseconds);
    if (sandboxed is not null)
    {
        await using var worker = await WorkerProcess.StartAsync(sandboxed);
        readySandboxed.Add(worker.Ready.StartToReady.TotalMilliseconds);
    }
    baseline.Add(await RunBaselineAsync(python3));
}
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
var roundTripStats = Stats.Of(roundTrip);
var overhead = roundTripStats.Median - Stats.Of(inCall).Median;

Console.WriteLine($"worker start-to-ready     {readyStats.Format("ms")}");
Console.WriteLine($"python3 -I -S -c pass     {baselineStats.Format("ms")}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"start ratio               {readyStats.Median / baselineStats.Median:0.00}x   (target <= 1.50x)"));
if (readySandboxed.Count > 0)
{
    var sandboxedStats = Stats.Of(readySandboxed);
    Console.WriteLine($"sandboxed start-to-ready  {sandboxedStats.Format("ms")}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"confinement cost          {sandboxedStats.Median - readyStats.Median:0.0} ms per worker (median sandboxed minus unsandboxed; target <= 10 ms)"));
}
Console.WriteLine($"per-test round trip       {roundTripStats.Format("us")}");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per-test overhead         {overhead:0.0} us (round trip minus the call itself; target < 50 us)"));
return 0;

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
