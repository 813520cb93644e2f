using System.Text.Json.Nodes;
using CodeGrader.Core.Grading;
using CodeGrader.Service.Reports;
using CodeGrader.Service.Submissions;

namespace CodeGrader.Service.Redis;

/// <summary>On a server with Redis: the events every grading loop publishes (<see cref="RedisGradingEvents"/>), fed in
/// order to this server's <see cref="SubmissionEvents"/> for its Server-Sent Events.</summary>
public sealed class RedisEventRelay(RedisConnection redis, SubmissionEvents events, ILogger<RedisEventRelay> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var subscriber = await redis.SubscriberAsync().ConfigureAwait(false);
        var queue = await subscriber.SubscribeAsync(redis.Events).ConfigureAwait(false);
        queue.OnMessage(message =>
        {
            try
            {
                var node = JsonNode.Parse(message.Message.ToString())!;
                var id = node["id"]!.GetValue<long>();
                if (node["end"] is not null) events.End(id);
                else events.Publish(id, new TestFinished(node["index"]!.GetValue<int>(), ReportJson.ReadTest(node["test"]!)) { Submission = GradingService.FileName });
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException)
            {
                logger.LogWarning("An unreadable live event was dropped ({Message})", e.Message);
            }
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
