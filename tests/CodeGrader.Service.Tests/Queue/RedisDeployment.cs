using System.Globalization;
using System.Net;
using System.Text.Json;
using StackExchange.Redis;

namespace CodeGrader.Service.Tests.Queue;

/// <summary>
/// The many-machine shape on one machine: a server with Redis (grading nothing itself unless asked), the spin exercise
/// published, an author key, and <c>codegrader worker</c> processes the test starts, kills or stops.
/// The test's own Redis connection looks at the stream as an operator would.
/// </summary>
public sealed class RedisDeployment : IAsyncDisposable
{
    private readonly List<WorkerProcess> _workers = [];

    private RedisDeployment(RunningServer running, string redis, string prefix, string authorKey, ConnectionMultiplexer inspector)
    {
        Running = running;
        Redis = redis;
        Prefix = prefix;
        AuthorKey = authorKey;
        Inspector = inspector;
    }

    public RunningServer Running { get; }
    public string Redis { get; }
    public string Prefix { get; }
    public string AuthorKey { get; }
    public ConnectionMultiplexer Inspector { get; }
    public RedisKey Stream => $"{Prefix}:jobs";

    public static async Task<RedisDeployment> StartAsync(string redis, Func<ServiceOptions, ServiceOptions>? configure = null)
    {
        var prefix = TestRedis.NewPrefix();
        var running = await RunningServer.StartAsync(configure: o =>
        {
            var options = o with { Redis = redis, RedisPrefix = prefix, GradingLoops = 0, ClaimLease = TimeSpan.FromSeconds(4) };
            return configure?.Invoke(options) ?? options;
        });
        var author = await running.CreateKeyAsync("author");
        using (var client = running.Client(author))
        {
            using var response = await RunningServer.UploadAsync(client, "spin", Spin);
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
        var inspector = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { redis }, AbortOnConnectFail = false });
        return new RedisDeployment(running, redis, prefix, author, inspector);
    }

    public static string Spin => Path.Combine(Repository.Root, "tests", "CodeGrader.Service.Tests", "TestExercises", "spin");

    /// <summary>A spin solution that loops <paramref name="steps"/> times before answering (a hundred million: seconds).</summary>
    public static string SpinFor(long steps) => $"def spin(n):\n    i = 0\n    while i < {steps}:\n        i += 1\n    return n\n";

    public const string SpinForever = "def spin(n):\n    while True:\n        pass\n";

    public const string SpinAtOnce = "def spin(n):\n    return n\n";

    public async Task<WorkerProcess> StartWorkerAsync(int jobs = 1, int maxAttempts = 3, double shutdownTimeout = 60)
    {
        var worker = await WorkerProcess.StartAsync(Redis, Prefix, Running.DataDirectory, jobs, 4, maxAttempts, shutdownTimeout);
        _workers.Add(worker);
        return worker;
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, long id) =>
        JsonDocument.Parse(await client.GetStringAsync($"/api/v1/submissions/{id}")).RootElement;

    /// <summary>Waits until the submission is being graded for the <paramref name="attempt"/>-th time.</summary>
    public static Task WaitForRunningAsync(HttpClient client, long id, int attempt) => Wait.UntilAsync(async () =>
    {
        var s = await GetAsync(client, id);
        return s.GetProperty("status").GetString() == "running" && s.GetProperty("attempts").GetInt32() == attempt;
    }, TimeSpan.FromMinutes(3), $"submission {id} to be running (attempt {attempt})");

    /// <summary>The process id of the worker holding the submission's job (its consumer name is machine:pid:random).</summary>
    public async Task<int> HolderAsync(long id)
    {
        var database = Inspector.GetDatabase();
        var entry = (await database.StreamRangeAsync(Stream)).Single(e => e["submission"] == id);
        var pending = await database.StreamPendingMessagesAsync(Stream, "graders", 1, RedisValue.Null, entry.Id, entry.Id);
        return int.Parse(pending.Single().ConsumerName.ToString().Split(':')[1], CultureInfo.InvariantCulture);
    }

    public WorkerProcess Worker(int pid) => _workers.Single(w => w.Id == pid);

    /// <summary>Jobs left in the stream (queued or held): none once everything is graded and acknowledged.</summary>
    public async Task<long> StreamLengthAsync() => await Inspector.GetDatabase().StreamLengthAsync(Stream);

    /// <summary>Waits until no job is left in the stream (each is acknowledged and removed just after its result is stored).</summary>
    public async Task WaitForEmptyStreamAsync()
    {
        try
        {
            await Wait.UntilAsync(async () => await StreamLengthAsync() == 0, TimeSpan.FromMinutes(2), "every job to be acknowledged and removed from the stream");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{WorkerOutput}", e);
        }
    }

    public string WorkerOutput => string.Join("\n---\n", _workers.Select(w => $"worker {w.Id}:\n{w.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers) await worker.DisposeAsync();
        await Running.DisposeAsync();
        try
        {
            await Inspector.GetDatabase().KeyDeleteAsync(Stream);
        }
        catch (RedisException)
        {
        }
        await Inspector.DisposeAsync();
    }
}
