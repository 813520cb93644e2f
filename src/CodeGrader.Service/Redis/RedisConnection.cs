using StackExchange.Redis;

namespace CodeGrader.Service.Redis;

/// <summary>
/// The one Redis connection of a process (StackExchange.Redis multiplexes every command and subscription over it) and
/// the names this service uses there, all under <see cref="ServiceOptions.RedisPrefix"/>. It connects lazily and, once
/// connected, reconnects by itself when Redis restarts; commands in between fail and their callers retry.
/// </summary>
public sealed class RedisConnection(ServiceOptions options, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectAsync(options, logger));

    /// <summary>The stream of jobs: one entry per queued submission (field <c>submission</c>), deleted once completed.</summary>
    public RedisKey Stream { get; } = $"{options.RedisPrefix}:jobs";

    /// <summary>The consumer group every grading loop reads the stream through.</summary>
    public RedisValue Group { get; } = "graders";

    /// <summary>Published after jobs are added, so idle loops look at once instead of at their next poll.</summary>
    public RedisChannel Wake { get; } = RedisChannel.Literal($"{options.RedisPrefix}:wake");

    /// <summary>Live grading events of every submission, for the servers' Server-Sent Events.</summary>
    public RedisChannel Events { get; } = RedisChannel.Literal($"{options.RedisPrefix}:events");

    /// <summary>Submission ids whose grading is to stop, wherever it runs.</summary>
    public RedisChannel Cancel { get; } = RedisChannel.Literal($"{options.RedisPrefix}:cancel");

    public async Task<IDatabase> DatabaseAsync() => (await _connection.Value.ConfigureAwait(false)).GetDatabase();

    public async Task<ISubscriber> SubscriberAsync() => (await _connection.Value.ConfigureAwait(false)).GetSubscriber();

    private static async Task<ConnectionMultiplexer> ConnectAsync(ServiceOptions options, ILogger logger)
    {
        var configuration = ConfigurationOptions.Parse(options.Redis ?? throw new InvalidOperationException("Redis is not configured"));
        configuration.AbortOnConnectFail = false; // keep trying in the background: Redis may start after us, or restart
        configuration.BacklogPolicy = BacklogPolicy.FailFast; // while it is away, fail at once (a 503), never run later
        configuration.ClientName ??= $"codegrader-{Environment.MachineName}-{Environment.ProcessId}";
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        connection.ConnectionFailed += (_, e) => logger.LogWarning("Redis connection lost ({Failure}); reconnecting", e.FailureType);
        connection.ConnectionRestored += (_, _) => logger.LogInformation("Redis connection restored");
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated) await (await _connection.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
    }
}
