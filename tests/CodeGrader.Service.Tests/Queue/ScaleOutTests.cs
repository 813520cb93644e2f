using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests.Queue;

/// <summary>Many submissions through Redis and two worker processes: none lost, none graded twice, even when Redis restarts.</summary>
public sealed class ScaleOutTests
{
    [Fact]
    public async Task Five_hundred_submissions_from_twenty_concurrent_clients_with_two_workers_are_each_graded_exactly_once()
    {
        await using var deployment = await RedisDeployment.StartAsync(TestRedis.Address, o => o with { ClaimLease = TimeSpan.FromSeconds(30) });
        await deployment.StartWorkerAsync();
        await deployment.StartWorkerAsync();
        var ids = new ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var client = deployment.Running.Client(deployment.AuthorKey);
            for (var i = 0; i < 25; i++) ids.Add(await RunningServer.SubmitAsync(client, "spin", RedisDeployment.SpinAtOnce));
        }));
        ids.Distinct().Count().ShouldBe(500);

        using var author = deployment.Running.Client(deployment.AuthorKey);
        await Wait.UntilAsync(async () => (await ListAsync(author, "graded")).Count == 500, TimeSpan.FromMinutes(10), "500 submissions to be graded");
        var all = await ListAsync(author, null);
        all.Count.ShouldBe(500, "nothing more was stored than was accepted");
        all.Select(s => s.GetProperty("id").GetInt64()).Order().ShouldBe(ids.Order());
        all.ShouldAllBe(s => s.GetProperty("verdict").GetString() == "accepted");
        all.ShouldAllBe(s => s.GetProperty("attempts").GetInt32() == 1, "each was started once: no job was taken twice");
        await deployment.WaitForEmptyStreamAsync();
    }

    [Fact]
    public async Task Redis_restarted_while_workers_grade_loses_no_submission_and_grades_each_once()
    {
        using var redis = await OwnRedisServer.StartAsync();
        await using var deployment = await RedisDeployment.StartAsync(redis.Address);
        await deployment.StartWorkerAsync();
        await deployment.StartWorkerAsync();
        using var author = deployment.Running.Client(deployment.AuthorKey);
        var batch = new { submissions = Enumerable.Range(0, 24).Select(_ => new { exercise = "spin", source = RedisDeployment.SpinFor(20_000_000) }).ToArray() };
        using (var accepted = await author.PostAsync("/api/v1/submissions", RunningServer.Json(batch)))
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        await Wait.UntilAsync(async () => (await ListAsync(author, "graded")).Count >= 2, TimeSpan.FromMinutes(3), "the first gradings");

        await redis.StopAsync();
        using (var refused = await author.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "spin", source = RedisDeployment.SpinAtOnce })))
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, "with Redis down nothing can be queued");
        await redis.StartAgainAsync();

        long late = 0;
        await Wait.UntilAsync(async () =>
        {
            using var response = await author.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "spin", source = RedisDeployment.SpinAtOnce }));
            if (response.StatusCode != HttpStatusCode.Accepted) return false;
            late = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
            return true;
        }, TimeSpan.FromMinutes(2), "the server to queue again after Redis came back");

        await Wait.UntilAsync(async () => (await ListAsync(author, "graded")).Count == 25, TimeSpan.FromMinutes(5), "all 25 submissions to be graded");
        var all = await ListAsync(author, null);
        all.Count.ShouldBe(25, "the submission refused while Redis was down was not stored");
        all.ShouldAllBe(s => s.GetProperty("verdict").GetString() == "accepted");
        all.ShouldContain(s => s.GetProperty("id").GetInt64() == late);
        await deployment.WaitForEmptyStreamAsync();
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string? status)
    {
        var query = status is null ? "" : $"&status={status}";
        var body = await client.GetStringAsync($"/api/v1/submissions?limit=1000{query}");
        return [.. JsonDocument.Parse(body).RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
