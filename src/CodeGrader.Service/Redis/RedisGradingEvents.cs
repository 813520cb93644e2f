using System.Text.Json.Nodes;
using CodeGrader.Core.Grading;
using CodeGrader.Service.Reports;
using CodeGrader.Service.Submissions;
using StackExchange.Redis;

namespace CodeGrader.Service.Redis;

/// <summary>
/// A grading loop's live events, published on the events channel for every server (<see cref="RedisEventRelay"/>)
/// wherever the loop runs: <c>{"id": 7, "index": 0, "test": {report@1 tests[] entry, author view}}</c> per finished
/// test, then <c>{"id": 7, "end": true}</c> once the result is stored. Fire and forget: a lost event costs a live
/// stream only its test lines; the stream still ends with the stored report (it checks the store while it waits).
/// </summary>
public sealed class RedisGradingEvents(RedisConnection redis, ILogger<RedisGradingEvents> logger) : IGradingEvents
{
    public void Publish(long id, GradingEvent e)
    {
        if (e is TestFinished finished)
            Send(new JsonObject { ["id"] = id, ["index"] = finished.Index, ["test"] = ReportJson.Test(finished.Result) });
    }

    public void End(long id) => Send(new JsonObject { ["id"] = id, ["end"] = true });

    private void Send(JsonObject message) => _ = SendAsync(message.ToJsonString());

    private async Task SendAsync(string message)
    {
        try
        {
            var subscriber = await redis.SubscriberAsync().ConfigureAwait(false);
            await subscriber.PublishAsync(redis.Events, message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning("A live event was not published ({Message})", e.Message);
        }
    }
}
