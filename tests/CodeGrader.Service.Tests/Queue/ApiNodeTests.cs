using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests.Queue;

/// <summary>A node that grades no submission itself (<c>--loops 0</c> with Redis) still answers what a client waits on.</summary>
public sealed class ApiNodeTests
{
    [Fact]
    public async Task A_node_that_grades_nothing_itself_answers_a_candidates_run_and_a_judge0_submission_with_no_worker_running()
    {
        await using var deployment = await RedisDeployment.StartAsync(TestRedis.Address);
        var key = await deployment.Running.CreateKeyAsync("candidate");
        using var candidate = deployment.Running.Client(key);

        using (var run = await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "spin", source = RedisDeployment.SpinAtOnce })))
        {
            var body = await run.Content.ReadAsStringAsync();
            run.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            var report = JsonDocument.Parse(body).RootElement.GetProperty("report");
            report.GetProperty("verdict").GetString().ShouldBe("accepted");
            report.GetProperty("tests")[0].GetProperty("status").GetString().ShouldBe("passed");
        }

        using var judge0 = new HttpClient { BaseAddress = new Uri(deployment.Running.BaseAddress, "/judge0/"), Timeout = TimeSpan.FromMinutes(2) };
        judge0.DefaultRequestHeaders.Add("X-Auth-Token", key);
        using (var submission = await judge0.PostAsync("submissions?wait=true", Judge0Fixture.Json(new { source_code = "print('hello from the API node')", language_id = 71 })))
        {
            var body = await submission.Content.ReadAsStringAsync();
            submission.StatusCode.ShouldBe(HttpStatusCode.Created, body);
            var root = JsonDocument.Parse(body).RootElement;
            root.GetProperty("status").GetProperty("description").GetString().ShouldBe("Accepted", body);
            root.GetProperty("stdout").GetString().ShouldBe("hello from the API node\n");
        }
    }
}
