using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CodeGrader.Service;
using Microsoft.Extensions.Logging;

namespace CodeGrader.Bench;

/// <summary>
/// The service with Redis and 1 or 2 <c>codegrader worker</c> processes, beside <c>codegrader batch</c> on the same
/// submissions in the same run, at the same total parallelism. Throughput: a burst of N submissions from 8 clients,
/// graded per second (first stored to last result, the server's clock). Latency: M submissions one at a time, submit
/// to report as a client sees it (POST, then the Server-Sent Events stream until its report), p50/p99; the batch's
/// figure for one submission is its own grading time (report timings.total_ms).
/// Usage: dotnet run -c Release --project bench/CodeGrader.Bench -- queue [N] [M]
/// </summary>
internal static partial class QueueBench
{
    private const int Parallelism = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var m = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
        var root = FindRoot();
        // A small exercise (two tests) so the figures are the queue's and the service's, not the grading's.
        var exercise = Path.Combine(root, "tests", "CodeGrader.Service.Tests", "TestExercises", "marked");
        var source = await File.ReadAllTextAsync(Path.Combine(exercise, "reference.py"));
        var work = Directory.CreateTempSubdirectory("codegrader-queue-bench-").FullName;
        var cli = Path.Combine(AppContext.BaseDirectory, "codegrader.dll");
        Console.WriteLine($"{n} submissions (the shout reference, 2 tests) for throughput, {m} one at a time for latency; parallelism {Parallelism} everywhere; work in {work}");
        try
        {
            var subs = Directory.CreateDirectory(Path.Combine(work, "subs")).FullName;
            for (var i = 0; i < n; i++) await File.WriteAllTextAsync(Path.Combine(subs, $"sub-{i:00000}.py"), source);

            var batch = await BatchAsync(cli, exercise, subs, Path.Combine(work, "batch-out"), n);
            using var redis = await RedisProcess.StartAsync(Path.Combine(work, "redis"));
            var data = Path.Combine(work, "data");
            var options = new ServiceOptions
            {
                Urls = "http://127.0.0.1:0", DataDirectory = data, Redis = redis.Address, RedisPrefix = "bench",
                GradingLoops = 0, QueueCapacity = 100_000, MaxBatch = 1000,
            };
            await using var server = await GraderServer.StartAsync(options, configure: b => b.Logging.SetMinimumLevel(LogLevel.Warning));
            using var http = new HttpClient { BaseAddress = new Uri(server.Urls[0]), Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.FirstAdminKey);
            using (var zip = new ByteArrayContent(Zip(exercise)))
            {
                zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
                using var uploaded = await http.PutAsync("/api/v1/exercises/marked", zip);
                if (uploaded.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException(await uploaded.Content.ReadAsStringAsync());
            }

            var rows = new List<(string Name, double Rate, double P50, double P99)>
            {
                ("codegrader batch --jobs 2", batch.Rate, batch.P50, batch.P99),
            };
            foreach (var workers in new[] { 1, 2 })
            {
                var processes = new List<Process>();
                for (var w = 0; w < workers; w++) processes.Add(await StartWorkerAsync(cli, redis.Address, data, Parallelism / workers));
                try
                {
                    await SubmitAndWaitAsync(http, source, 4); // warm the workers' first preparation
                    var rate = await ThroughputAsync(http, source, n);
                    var latencies = new List<double>();
                    for (var i = 0; i < m; i++) latencies.Add(await OneAsync(http, source));
                    rows.Add(($"service, {workers} worker{(workers > 1 ? "s" : "")} x --jobs {Parallelism / workers}", rate, Percentile(latencies, 50), Percentile(latencies, 99)));
                }
                finally
                {
                    foreach (var p in processes)
                    {
                        p.Kill(entireProcessTree: true);
                        await p.WaitForExitAsync();
                        p.Dispose();
                    }
                }
            }

            Console.WriteLine();
            Console.WriteLine($"{"",-34} {"graded/s",9} {"p50 ms",8} {"p99 ms",8}   ratio to batch (rate, p50)");
            foreach (var (name, rate, p50, p99) in rows)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-34} {rate,9:0.0} {p50,8:0.0} {p99,8:0.0}   {rate / batch.Rate,5:0.00}x  {p50 / batch.P50,5:0.00}x"));
            Console.WriteLine("batch p50/p99: its grading time per submission; service p50/p99: submit to report over HTTP, one at a time.");
            Console.WriteLine("Target (issue 10): the service adds at most 10% per submission (rate ratio >= 0.90 at the same parallelism).");
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(double Rate, double P50, double P99)> BatchAsync(string cli, string exercise, string subs, string outDir, int n)
    {
        var start = new ProcessStartInfo("dotnet", [cli, "batch", exercise, subs, "--jobs", Parallelism.ToString(CultureInfo.InvariantCulture), "-o", outDir])
        { RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["CI"] = "1" } };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var elapsed = Elapsed().Match(output);
        if (!elapsed.Success) throw new InvalidOperationException($"codegrader batch said:\n{output}\n{await stderr}");
        var seconds = double.Parse(elapsed.Groups[1].Value, CultureInfo.InvariantCulture);
        var times = new List<double>();
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(outDir, "results.jsonl")))
            if (FindTotalMs(JsonDocument.Parse(line).RootElement) is { } ms) times.Add(ms);
        return (n / seconds, Percentile(times, 50), Percentile(times, 99));
    }

    private static double? FindTotalMs(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        if (element.TryGetProperty("timings", out var timings) && timings.TryGetProperty("total_ms", out var total)) return total.GetDouble();
        foreach (var property in element.EnumerateObject())
            if (FindTotalMs(property.Value) is { } found) return found;
        return null;
    }

    private static async Task<Process> StartWorkerAsync(string cli, string redis, string data, int jobs)
    {
        var start = new ProcessStartInfo("dotnet", [cli, "worker", "--redis", redis, "--redis-prefix", "bench", "--data", data, "--jobs", jobs.ToString(CultureInfo.InvariantCulture)])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
            if (line.StartsWith("CodeGrader worker ", StringComparison.Ordinal)) return process;
        throw new InvalidOperationException("codegrader worker did not start");
    }

    /// <summary>N submissions from 8 clients at once; graded per second from the first stored to the last result.</summary>
    private static async Task<double> ThroughputAsync(HttpClient http, string source, int n)
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<long>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < n) ids.Add(await SubmitAsync(http, source));
        }));
        var wanted = ids.ToHashSet();
        while (true)
        {
            var list = JsonDocument.Parse(await http.GetStringAsync("/api/v1/submissions?limit=1000")).RootElement.EnumerateArray()
                .Where(s => wanted.Contains(s.GetProperty("id").GetInt64())).ToList();
            if (list.Count == n && list.All(s => s.GetProperty("status").GetString() is not ("queued" or "running")))
            {
                var first = list.Min(s => s.GetProperty("created_at").GetDateTimeOffset());
                var last = list.Max(s => s.GetProperty("finished_at").GetDateTimeOffset());
                return n / (last - first).TotalSeconds;
            }
            await Task.Delay(1000); // the figure is from the server's own timestamps; a slow poll keeps the bench off the CPU it measures
        }
    }

    private static async Task SubmitAndWaitAsync(HttpClient http, string source, int count)
    {
        for (var i = 0; i < count; i++) await OneAsync(http, source);
    }

    /// <summary>One submission, submit to its report on the live stream, as a client sees it (ms).</summary>
    private static async Task<double> OneAsync(HttpClient http, string source)
    {
        var clock = Stopwatch.StartNew();
        var id = await SubmitAsync(http, source);
        using var response = await http.GetAsync($"/api/v1/submissions/{id}/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        while (await reader.ReadLineAsync() is { } line)
            if (line is "event: report" or "event: end") break;
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<long> SubmitAsync(HttpClient http, string source)
    {
        using var body = new StringContent(JsonSerializer.Serialize(new { exercise = "marked", source }), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/v1/submissions", body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException(text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static byte[] Zip(string folder)
    {
        using var buffer = new MemoryStream();
        ZipFile.CreateFromDirectory(folder, buffer, CompressionLevel.Fastest, includeBaseDirectory: true);
        return buffer.ToArray();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CodeGrader.sln"))) return dir.FullName;
        throw new InvalidOperationException("CodeGrader.sln not found");
    }

    [GeneratedRegex(@"; ([0-9.]+) s\s*$", RegexOptions.Multiline)]
    private static partial Regex Elapsed();

    /// <summary>A redis-server of the bench's own on a free loopback port (append-only, as in production).</summary>
    private sealed class RedisProcess(Process process, int port) : IDisposable
    {
        public string Address => $"127.0.0.1:{port}";

        public static async Task<RedisProcess> StartAsync(string directory)
        {
            Directory.CreateDirectory(directory);
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var process = Process.Start(new ProcessStartInfo("redis-server",
                ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", directory, "--appendonly", "yes", "--save", ""])
            { RedirectStandardOutput = true })!;
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            for (var i = 0; i < 100; i++)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return new RedisProcess(process, port);
                }
                catch (SocketException)
                {
                    await Task.Delay(100);
                }
            }
            throw new InvalidOperationException("redis-server did not start (scripts/setup.sh --tests installs it)");
        }

        public void Dispose()
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }
    }
}
