using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>Per-key rate limits on a server configured with small ones: the limit is hit, answered 429 with
/// Retry-After, nothing is stored, and other keys are unaffected.</summary>
[Collection(OwnServers.Name)]
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_key_over_its_roles_limits_gets_429_problems_with_retry_after_and_nothing_is_stored_while_other_keys_go_on()
    {
        await using var running = await RunningServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["RateLimits:Window"] = "00:01:00",
            ["RateLimits:Submissions:candidate"] = "2",
            ["RateLimits:Requests:ci"] = "3",
        });
        using var author = running.Client(await running.CreateKeyAsync("author"));
        await RunningServer.UploadCreatedAsync(author, "marked", Repository.Marked);
        using var candidate = running.Client(await running.CreateKeyAsync("candidate"));
        using var other = running.Client(await running.CreateKeyAsync("candidate", "another candidate"));
        const string source = "def shout(s):\n    return s.upper() + '!'\n";

        await RunningServer.SubmitAsync(candidate, "marked", source);
        await RunningServer.SubmitAsync(candidate, "marked", source);
        using (var third = await candidate.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "marked", source })))
        {
            third.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);
            var problem = await InvitationTests.ProblemAsync(third, HttpStatusCode.TooManyRequests);
            problem.GetProperty("detail").GetString()!.ShouldContain("rate limit (role 'candidate'");
        }
        using (var run = await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "marked", source })))
            run.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        JsonDocument.Parse(await candidate.GetStringAsync("/api/v1/submissions")).RootElement.GetArrayLength().ShouldBe(2);
        await RunningServer.SubmitAsync(other, "marked", source); // its own window

        using var ci = running.Client(await running.CreateKeyAsync("ci"));
        for (var i = 0; i < 3; i++) (await ci.GetAsync("/api/v1/exercises")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var fourth = await ci.GetAsync("/api/v1/exercises");
        fourth.Headers.RetryAfter.ShouldNotBeNull();
        (await InvitationTests.ProblemAsync(fourth, HttpStatusCode.TooManyRequests)).GetProperty("retry_after_seconds").GetInt32().ShouldBeGreaterThan(0);
    }
}
