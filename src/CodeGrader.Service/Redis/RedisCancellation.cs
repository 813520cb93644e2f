using System.Globalization;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Submissions;

namespace CodeGrader.Service.Redis;

/// <summary>
/// With Redis, a submission may be graded in any process: a cancel is published on the cancel channel, and every
/// process (serve and each worker) that subscribes stops it if it grades it there. True when the submission is running.
/// </summary>
public sealed class RedisCancellation(RedisConnection redis, GradingService grading, ISubmissionStore submissions) : IGradingCancellation, IHostedService
{
    public async Task<bool> CancelRunningAsync(long id, CancellationToken cancellationToken)
    {
        if (grading.CancelRunning(id)) return true;
        var subscriber = await redis.SubscriberAsync().ConfigureAwait(false);
        await subscriber.PublishAsync(redis.Cancel, id).ConfigureAwait(false);
        return (await submissions.GetAsync(id, cancellationToken).ConfigureAwait(false))?.Status == SubmissionStatus.Running;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = await redis.SubscriberAsync().ConfigureAwait(false);
        await subscriber.SubscribeAsync(redis.Cancel, (_, message) =>
        {
            if (long.TryParse(message.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)) grading.CancelRunning(id);
        }).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
