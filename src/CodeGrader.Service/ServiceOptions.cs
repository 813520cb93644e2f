using CodeGrader.Service.Access;
using CodeGrader.Service.Configuration;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Webhooks;

namespace CodeGrader.Service;

/// <summary>How <c>codegrader serve</c> runs: where it listens, where it keeps its data, and its limits. Every settable
/// property is a configuration key (<see cref="ServiceConfiguration"/>); a record-typed one is a section of its own.
/// A new setting is a new property here (or a new section record): the key check and the binder pick it up.</summary>
public sealed record ServiceOptions
{
    /// <summary>Where to listen (Kestrel URLs, separated by ';'); port 0 picks a free one.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    /// <summary>The SQLite file (when SQLite is the database) and this node's cache of exercise versions live here.</summary>
    public string DataDirectory { get; init; } = "codegrader-data";

    /// <summary>Where the service keeps its state: SQLite in the data directory, or PostgreSQL.</summary>
    public DatabaseOptions Database { get; init; } = new();

    /// <summary>Prometheus metrics at <c>/metrics</c>: who may read them.</summary>
    public MetricsOptions Metrics { get; init; } = new();

    /// <summary>The reverse proxies whose forwarded headers are believed.</summary>
    public ReverseProxyOptions ForwardedHeaders { get; init; } = new();

    public LoggingOptions Logging { get; init; } = new();

    /// <summary>Requests and submissions per key (or invitation) per window, by role.</summary>
    public RateLimitOptions RateLimits { get; init; } = new();

    /// <summary>Where callbacks may go and how deliveries are retried.</summary>
    public WebhookOptions Webhooks { get; init; } = new();

    /// <summary>The engine's own settings (<c>GradingEngineOptions</c>: Sandbox, MaxParallelism, ...), given at the top
    /// level of the configuration as for every other command; not a key itself.</summary>
    public IReadOnlyDictionary<string, string?> EngineSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Submissions waiting to be graded at most; beyond it a submission gets 503 with Retry-After.</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>Submissions graded at once by this process (each in its own fresh sandboxed worker); with Redis, serve
    /// may run none and leave grading to <c>codegrader worker</c> processes.</summary>
    public int GradingLoops { get; init; } = 2;

    /// <summary>Runs this process answers at once, each in a fresh sandboxed worker: candidates' Runs (the sample tests,
    /// or a program on their own input) and Judge0 submissions (that many background loops). Unset: as many as
    /// <see cref="GradingLoops"/>, or 2 on a node that grades nothing (<c>--loops 0</c>), which still answers Runs.</summary>
    public int? RunSlots { get; init; }

    /// <summary><see cref="RunSlots"/> as set, or its default.</summary>
    public int RunSlotsOrDefault => RunSlots ?? (GradingLoops > 0 ? GradingLoops : 2);

    /// <summary>Redis (a StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>): when set, submissions go to a
    /// Redis Stream read by a consumer group instead of the in-process queue (configuration key <c>Redis</c>).</summary>
    public string? Redis { get; init; }

    /// <summary>The prefix of every Redis key and channel this service uses (several services can share one Redis).</summary>
    public string RedisPrefix { get; init; } = "codegrader";

    /// <summary>How long a job taken from the stream stays with its worker without a sign of life before another worker
    /// claims it (a live worker renews it every third of this).</summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Workers a job may end (killed or lost mid-job) before its submission ends as internal_error.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>A JSON request body at most.</summary>
    public long MaxJsonBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>An exercise archive (zip or tar.gz) at most, as uploaded.</summary>
    public long MaxArchiveBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>An exercise archive's files, unpacked, at most (and their number).</summary>
    public long MaxUnpackedBytes { get; init; } = 32 * 1024 * 1024;

    public int MaxArchiveEntries { get; init; } = 2000;

    /// <summary>A source at most, when its exercise sets no <c>max_source_bytes</c>.</summary>
    public int MaxSourceBytes { get; init; } = 256 * 1024;

    /// <summary>Submissions in one batch at most.</summary>
    public int MaxBatch { get; init; } = 100;

    /// <summary>How long a stop waits for gradings under way before it leaves them queued for the next start (or, with
    /// Redis, for another worker to claim after the lease).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The Judge0-compatible endpoint: its prefix and its limits.</summary>
    public Judge0.Judge0Options Judge0 { get; init; } = new();

    public string DatabasePath => Path.Combine(DataDirectory, "codegrader.db");

    /// <summary>This node's copy of exercise versions (the database holds their archives).</summary>
    public string ExercisesDirectory => Path.Combine(DataDirectory, "exercises");
}
