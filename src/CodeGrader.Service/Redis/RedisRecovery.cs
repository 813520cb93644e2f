using CodeGrader.Service.Storage;
using CodeGrader.Service.Submissions;

namespace CodeGrader.Service.Redis;

/// <summary>
/// At serve's start with Redis: a submission the database holds as unfinished but the stream does not (Redis lost data
/// it had not yet written, or the server stopped between storing and queueing) is queued again. Only submissions older
/// than a minute count, so one being accepted right now is not queued twice. Jobs in the stream need nothing: the
/// consumer group keeps them, and those of dead workers are claimed after the lease.
/// </summary>
public sealed class RedisRecovery(RedisGradingQueue queue, ISubmissionStore submissions, ILogger<RedisRecovery> logger) : IQueueRecovery
{
    private static readonly TimeSpan Settled = TimeSpan.FromMinutes(1);

    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var inStream = await queue.IdsAsync().ConfigureAwait(false);
        var before = DateTimeOffset.UtcNow - Settled;
        var missing = new List<long>();
        foreach (var status in new[] { SubmissionStatus.Queued, SubmissionStatus.Running })
        {
            var unfinished = await submissions.ListAsync(new SubmissionFilter(null, null, null, status, int.MaxValue), cancellationToken).ConfigureAwait(false);
            missing.AddRange(unfinished.Where(s => s.CreatedAt < before && !inStream.Contains(s.Id)).Select(s => s.Id));
        }
        if (missing.Count == 0) return;
        missing.Sort();
        logger.LogWarning("{Count} unfinished submissions were not in the Redis stream; queued again", missing.Count);
        await queue.AddRecoveredAsync(missing).ConfigureAwait(false);
    }
}
