using System.Globalization;
using CodeGrader.Service.Submissions;
using StackExchange.Redis;

namespace CodeGrader.Service.Redis;

/// <summary>
/// The queue for many machines: a Redis Stream read through one consumer group by every grading loop of every process
/// (this process is one consumer). A request's ids go in with one script that first checks the stream's length against
/// the capacity, so a batch is queued whole or not at all. A loop takes a job another consumer held without renewing its
/// lease (XAUTOCLAIM; its delivery count is the attempt), else a new one (XREADGROUP); the jobs it holds are renewed by
/// <see cref="RedisLeases"/> until completed (XACK and XDEL, after the result is stored).
/// </summary>
public sealed class RedisGradingQueue(RedisConnection redis, ServiceOptions options, ILogger<RedisGradingQueue> logger) : IGradingQueue, IAsyncDisposable
{
    private const string Field = "submission";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>A consumer holding nothing and silent this long is a process gone (killed, or its machine lost): its
    /// name is removed from the group. A live one that is removed is made again by its next read.</summary>
    private static readonly TimeSpan StaleConsumer = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _setup = new(1, 1);
    private readonly RedisLeases _leases = new(redis, options.ClaimLease, logger);
    private volatile TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _ready;

    /// <summary>This process's name in the consumer group: machine, process id, and a random part.</summary>
    public string Consumer { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    public string Kind => "redis";

    public int Capacity => options.QueueCapacity;

    public async Task<bool> TryEnqueueAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var database = await redis.DatabaseAsync().ConfigureAwait(false);
        var arguments = new RedisValue[ids.Count + 1];
        arguments[0] = options.QueueCapacity;
        for (var i = 0; i < ids.Count; i++) arguments[i + 1] = ids[i];
        var result = await database.ScriptEvaluateAsync(EnqueueSource, [redis.Stream, (RedisKey)redis.Wake.ToString()], arguments).ConfigureAwait(false);
        return (long)result == 1;
    }

    // KEYS[1] the stream, KEYS[2] the wake channel; ARGV[1] the capacity, ARGV[2..] the ids. Atomic: all or none.
    private const string EnqueueSource = """
        local stream = KEYS[1]
        if redis.call('XLEN', stream) + #ARGV - 1 > tonumber(ARGV[1]) then return 0 end
        for i = 2, #ARGV do redis.call('XADD', stream, '*', 'submission', ARGV[i]) end
        redis.call('PUBLISH', KEYS[2], #ARGV - 1)
        return 1
        """;

    public async Task<GradingJob> TakeAsync(CancellationToken cancellationToken)
    {
        await EnsureReadyAsync().ConfigureAwait(false);
        var database = await redis.DatabaseAsync().ConfigureAwait(false);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var woken = _pulse.Task;
            GradingJob? job;
            try
            {
                job = await TryClaimAsync(database).ConfigureAwait(false) ?? await TryReadAsync(database).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // Redis lost the group (restarted without its data): make it again and read on.
                await CreateGroupAsync(database).ConfigureAwait(false);
                continue;
            }
            if (job is not null)
            {
                _leases.Hold(job.Token);
                return job;
            }
            try
            {
                await woken.WaitAsync(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>A job whose holder has not renewed its lease for <see cref="ServiceOptions.ClaimLease"/>: its worker died.</summary>
    private async Task<GradingJob?> TryClaimAsync(IDatabase database)
    {
        var claimed = await database.StreamAutoClaimAsync(redis.Stream, redis.Group, Consumer, (long)options.ClaimLease.TotalMilliseconds, "0-0", 1).ConfigureAwait(false);
        foreach (var entry in claimed.ClaimedEntries)
        {
            if (entry.IsNull) continue;
            var pending = await database.StreamPendingMessagesAsync(redis.Stream, redis.Group, 1, Consumer, entry.Id, entry.Id).ConfigureAwait(false);
            var attempt = pending.Length > 0 ? pending[0].DeliveryCount : 2;
            var job = ToJob(entry, attempt);
            logger.LogWarning("Submission {Id} claimed after its worker was lost (attempt {Attempt})", job.SubmissionId, attempt);
            return job;
        }
        return null;
    }

    private async Task<GradingJob?> TryReadAsync(IDatabase database)
    {
        var entries = await database.StreamReadGroupAsync(redis.Stream, redis.Group, Consumer, ">", 1).ConfigureAwait(false);
        return entries.Length == 0 ? null : ToJob(entries[0], 1);
    }

    private static GradingJob ToJob(StreamEntry entry, int attempt) =>
        new(long.Parse(entry[Field].ToString(), CultureInfo.InvariantCulture), attempt, entry.Id.ToString());

    public async Task CompleteAsync(GradingJob job, CancellationToken cancellationToken)
    {
        try
        {
            var database = await redis.DatabaseAsync().ConfigureAwait(false);
            await database.ScriptEvaluateAsync("""
                redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
                return redis.call('XDEL', KEYS[1], ARGV[2])
                """, [redis.Stream], [redis.Group, job.Token]).ConfigureAwait(false);
        }
        finally
        {
            // Acknowledged, or not (Redis away): either way no longer renewed, so an unacknowledged job is claimed after
            // the lease, finds its submission ended, and is acknowledged then.
            _leases.Release(job.Token);
        }
    }

    public void Abandon(GradingJob job) => _leases.Release(job.Token);

    public async Task<QueueDepth> DepthAsync(CancellationToken cancellationToken)
    {
        try
        {
            var database = await redis.DatabaseAsync().ConfigureAwait(false);
            return new QueueDepth(await database.StreamLengthAsync(redis.Stream).ConfigureAwait(false), Capacity, true);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return new QueueDepth(0, Capacity, false);
        }
    }

    /// <summary>The ids in the stream now (queued or being graded), for recovery.</summary>
    public async Task<HashSet<long>> IdsAsync()
    {
        var database = await redis.DatabaseAsync().ConfigureAwait(false);
        var entries = await database.StreamRangeAsync(redis.Stream).ConfigureAwait(false);
        return [.. entries.Select(e => ToJob(e, 1).SubmissionId)];
    }

    /// <summary>Adds ids already accepted (recovered), whatever the capacity.</summary>
    public async Task AddRecoveredAsync(IEnumerable<long> ids)
    {
        var database = await redis.DatabaseAsync().ConfigureAwait(false);
        foreach (var id in ids) await database.StreamAddAsync(redis.Stream, Field, id).ConfigureAwait(false);
        await database.PublishAsync(redis.Wake, 1).ConfigureAwait(false);
    }

    private async Task EnsureReadyAsync()
    {
        if (_ready) return;
        await _setup.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_ready) return;
            var database = await redis.DatabaseAsync().ConfigureAwait(false);
            await CreateGroupAsync(database).ConfigureAwait(false);
            await RemoveStaleConsumersAsync(database).ConfigureAwait(false);
            var subscriber = await redis.SubscriberAsync().ConfigureAwait(false);
            await subscriber.SubscribeAsync(redis.Wake, (_, _) => Interlocked.Exchange(ref _pulse, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult()).ConfigureAwait(false);
            _leases.Consumer = Consumer;
            _leases.Start();
            _ready = true;
        }
        finally
        {
            _setup.Release();
        }
    }

    private async Task CreateGroupAsync(IDatabase database)
    {
        try
        {
            await database.StreamCreateConsumerGroupAsync(redis.Stream, redis.Group, "0-0", createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    /// <summary>Names left in the group by processes that ended without leaving (holding no job), so the group lists only
    /// the consumers there are.</summary>
    private async Task RemoveStaleConsumersAsync(IDatabase database)
    {
        foreach (var consumer in await database.StreamConsumerInfoAsync(redis.Stream, redis.Group).ConfigureAwait(false))
        {
            if (consumer.PendingMessageCount > 0 || consumer.IdleTimeInMilliseconds < StaleConsumer.TotalMilliseconds) continue;
            await database.StreamDeleteConsumerAsync(redis.Stream, redis.Group, consumer.Name).ConfigureAwait(false);
            logger.LogInformation("Removed consumer {Consumer} from the group: silent for {Hours:0} h, holding no job", consumer.Name, consumer.IdleTimeInMilliseconds / 3_600_000.0);
        }
    }

    /// <summary>On a graceful stop (the grading loops have ended): this process leaves the group when it holds no job. One it
    /// still holds (not acknowledged) keeps the name, so the job is claimed by another after the lease.</summary>
    public async ValueTask DisposeAsync()
    {
        await _leases.DisposeAsync().ConfigureAwait(false); // _setup holds no handle until waited on with a timeout
        if (!_ready) return;
        try
        {
            var database = await redis.DatabaseAsync().ConfigureAwait(false);
            var held = await database.StreamPendingMessagesAsync(redis.Stream, redis.Group, 1, Consumer).ConfigureAwait(false);
            if (held.Length == 0) await database.StreamDeleteConsumerAsync(redis.Stream, redis.Group, Consumer).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogInformation("Could not leave the consumer group ({Message}); its name is removed later", e.Message);
        }
    }
}
