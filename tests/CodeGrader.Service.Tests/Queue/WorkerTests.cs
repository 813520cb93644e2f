using System.Net;

namespace CodeGrader.Service.Tests.Queue;

/// <summary>
/// <c>codegrader worker</c> processes on the server's Redis stream (the test run's real Redis): a worker SIGKILLed
/// mid-job loses nothing, a job that kills every worker ends as internal_error, SIGTERM lets a grading finish.
/// </summary>
public sealed class WorkerTests
{
    private const long Seconds = 100_000_000; // loop steps of a slow solution: a few seconds of CPython

    [Fact]
    public async Task A_worker_killed_mid_job_loses_nothing_and_each_submission_is_graded_exactly_once()
    {
        await using var deployment = await RedisDeployment.StartAsync(TestRedis.Address);
        var first = await deployment.StartWorkerAsync();
        var second = await deployment.StartWorkerAsync();
        using var client = deployment.Running.Client(deployment.AuthorKey);
        var slow = await RunningServer.SubmitAsync(client, "spin", RedisDeployment.SpinFor(Seconds));
        var events = ServerSentEvents.ReadAllAsync(client, slow);
        var quick = new List<long>();
        for (var i = 0; i < 6; i++) quick.Add(await RunningServer.SubmitAsync(client, "spin", RedisDeployment.SpinAtOnce));

        await RedisDeployment.WaitForRunningAsync(client, slow, attempt: 1);
        var holder = await deployment.HolderAsync(slow);
        await deployment.Worker(holder).KillAsync();

        var graded = await RunningServer.WaitForEndAsync(client, slow);
        graded.GetProperty("status").GetString().ShouldBe("graded", deployment.WorkerOutput);
        graded.GetProperty("verdict").GetString().ShouldBe("accepted");
        graded.GetProperty("attempts").GetInt32().ShouldBe(2, "the job was claimed by the other worker after the lease");
        foreach (var id in quick)
        {
            var end = await RunningServer.WaitForEndAsync(client, id);
            end.GetProperty("status").GetString().ShouldBe("graded");
            end.GetProperty("verdict").GetString().ShouldBe("accepted");
        }
        var stream = await events.WaitAsync(TimeSpan.FromMinutes(3));
        stream.Count(e => e.Name == "report").ShouldBe(1);
        stream.Last().Json.GetProperty("verdict").GetString().ShouldBe("accepted");
        await deployment.WaitForEmptyStreamAsync();
        (first.HasExited ^ second.HasExited).ShouldBeTrue("only the killed worker is gone");
    }

    [Fact]
    public async Task A_submission_whose_grading_kills_every_worker_ends_as_internal_error_after_the_attempt_limit()
    {
        await using var deployment = await RedisDeployment.StartAsync(TestRedis.Address, o => o with { MaxAttempts = 2 });
        using var client = deployment.Running.Client(deployment.AuthorKey);
        var id = await RunningServer.SubmitAsync(client, "spin", RedisDeployment.SpinForever);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var worker = await deployment.StartWorkerAsync(maxAttempts: 2);
            await RedisDeployment.WaitForRunningAsync(client, id, attempt);
            await worker.KillAsync();
        }
        await deployment.StartWorkerAsync(maxAttempts: 2);

        var end = await RunningServer.WaitForEndAsync(client, id);
        end.GetProperty("status").GetString().ShouldBe("failed", deployment.WorkerOutput);
        end.GetProperty("verdict").GetString().ShouldBe("internal_error");
        end.GetProperty("attempts").GetInt32().ShouldBe(2);
        end.GetProperty("error").GetString()!.ShouldContain("attempted 2 times");
        await deployment.WaitForEmptyStreamAsync();

        using var candidate = deployment.Running.Client(await deployment.Running.CreateKeyAsync("candidate"));
        var theirs = await RunningServer.SubmitAsync(candidate, "spin", RedisDeployment.SpinAtOnce);
        (await RunningServer.WaitForEndAsync(candidate, theirs)).GetProperty("verdict").GetString().ShouldBe("accepted", "the next worker grades on");
    }

    [Fact]
    public async Task A_worker_stopped_with_SIGTERM_mid_job_finishes_the_grading_and_stores_it_before_it_exits()
    {
        await using var deployment = await RedisDeployment.StartAsync(TestRedis.Address);
        var worker = await deployment.StartWorkerAsync();
        using var client = deployment.Running.Client(deployment.AuthorKey);
        var id = await RunningServer.SubmitAsync(client, "spin", RedisDeployment.SpinFor(Seconds / 2));
        await RedisDeployment.WaitForRunningAsync(client, id, attempt: 1);

        await worker.TerminateAsync();

        worker.ExitCode.ShouldBe(0, worker.Output);
        var end = await RedisDeployment.GetAsync(client, id);
        end.GetProperty("status").GetString().ShouldBe("graded", worker.Output);
        end.GetProperty("attempts").GetInt32().ShouldBe(1);
        await deployment.WaitForEmptyStreamAsync();
        // It left the consumer group on its way out: the group names only consumers there are.
        (await deployment.Inspector.GetDatabase().StreamConsumerInfoAsync(deployment.Stream, "graders")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_full_Redis_queue_answers_503_with_Retry_After_refuses_the_whole_batch_and_stores_nothing()
    {
        await using var deployment = await RedisDeployment.StartAsync(TestRedis.Address, o => o with { QueueCapacity = 3 });
        using var client = deployment.Running.Client(deployment.AuthorKey);
        object Batch(int n) => new { submissions = Enumerable.Range(0, n).Select(_ => new { exercise = "spin", source = RedisDeployment.SpinAtOnce }).ToArray() };

        using (var accepted = await client.PostAsync("/api/v1/submissions", RunningServer.Json(Batch(2))))
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using (var refused = await client.PostAsync("/api/v1/submissions", RunningServer.Json(Batch(2))))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            refused.Headers.RetryAfter.ShouldNotBeNull();
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await refused.Content.ReadAsStringAsync()).ShouldContain("nothing was stored");
        }
        await RunningServer.SubmitAsync(client, "spin", RedisDeployment.SpinAtOnce);
        using (var full = await client.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "spin", source = RedisDeployment.SpinAtOnce })))
            full.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);

        var stored = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/v1/submissions")).RootElement;
        stored.GetArrayLength().ShouldBe(3);
        (await deployment.StreamLengthAsync()).ShouldBe(3);
        using var ready = await client.GetAsync("/readyz");
        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).ShouldContain("the queue is full");
    }
}
