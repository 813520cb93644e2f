using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>POST /api/v1/runs with stdin: a program exercise run on the candidate's own input, over HTTP, in the real sandbox.</summary>
public sealed class StdinRunTests
{
    private const string Stats = "import sys\nnums = [int(t) for t in sys.stdin.read().split()]\nprint(f'count: {len(nums)}')\nprint('sum:', sum(nums))\n";

    [Fact]
    public async Task A_candidate_runs_a_program_exercise_on_their_own_input_and_sees_its_output_and_the_samples_run_stays_without_stdin()
    {
        await using var running = await RunningServer.StartAsync();
        using var author = running.Client(await running.CreateKeyAsync("author"));
        using var candidate = running.Client(await running.CreateKeyAsync("candidate"));
        using (var upload = await RunningServer.UploadAsync(author, "number_stats", Path.Combine(Repository.Root, "exercises", "number_stats")))
            upload.StatusCode.ShouldBe(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        using (var upload = await RunningServer.UploadAsync(author, "marked", Repository.Marked))
            upload.StatusCode.ShouldBe(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());

        using (var run = await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "number_stats", source = Stats, stdin = "3 4\n5\n" })))
        {
            var body = await run.Content.ReadAsStringAsync();
            run.StatusCode.ShouldBe(HttpStatusCode.OK, body);
            var root = JsonDocument.Parse(body).RootElement;
            root.GetProperty("outcome").GetString().ShouldBe("ok");
            root.GetProperty("stdout").GetString().ShouldBe("count: 3\nsum: 12\n");
            root.GetProperty("exit_code").GetInt32().ShouldBe(0);
            root.GetProperty("time_ms").GetDouble().ShouldBeGreaterThan(0);
            root.TryGetProperty("report", out _).ShouldBeFalse();
        }

        using (var crash = await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "number_stats", source = Stats, stdin = "x" })))
        {
            var root = JsonDocument.Parse(await crash.Content.ReadAsStringAsync()).RootElement;
            root.GetProperty("outcome").GetString().ShouldBe("runtime_error");
            root.GetProperty("stderr").GetString()!.ShouldContain("ValueError: invalid literal for int()");
        }

        using (var slow = await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "number_stats", source = "while True:\n    pass\n", stdin = "" })))
            JsonDocument.Parse(await slow.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString().ShouldBe("time_limit");

        using (var broken = await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "number_stats", source = "print(\n", stdin = "" })))
        {
            var root = JsonDocument.Parse(await broken.Content.ReadAsStringAsync()).RootElement;
            root.GetProperty("outcome").GetString().ShouldBe("compile_error");
            root.GetProperty("line").GetInt32().ShouldBe(1);
        }

        using (var samples = await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "number_stats", source = Stats })))
        {
            samples.StatusCode.ShouldBe(HttpStatusCode.OK);
            JsonDocument.Parse(await samples.Content.ReadAsStringAsync()).RootElement.GetProperty("report").GetProperty("tests").GetArrayLength().ShouldBe(2);
        }

        using (var function = await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "marked", source = "print(1)\n", stdin = "x" })))
        {
            function.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var problem = JsonDocument.Parse(await function.Content.ReadAsStringAsync()).RootElement;
            problem.GetProperty("pointer").GetString().ShouldBe("/stdin");
            problem.GetProperty("detail").GetString()!.ShouldContain("not a program exercise");
        }

        using (var wrongType = await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "number_stats", source = Stats, stdin = 42 })))
            wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
