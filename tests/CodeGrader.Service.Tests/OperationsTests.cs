using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>Health, readiness, the OpenAPI document, request ids and CORS, as an operator or a browser sees them.</summary>
[Collection(ServiceCollection.Name)]
public sealed class OperationsTests(ServiceFixture fixture)
{
    [Fact]
    public async Task Healthz_and_readyz_answer_without_a_key_and_readyz_names_the_database_queue_and_sandbox()
    {
        using var client = fixture.Running.Client();
        (await client.GetStringAsync("/healthz")).ShouldContain("\"ok\"");
        var ready = JsonDocument.Parse(await client.GetStringAsync("/readyz")).RootElement;
        ready.GetProperty("status").GetString().ShouldBe("ready");
        ready.GetProperty("database").GetString().ShouldBe("ok");
        ready.GetProperty("queue").GetString()!.ShouldContain("waiting");
        ready.GetProperty("sandbox").GetString()!.ShouldContain("bubblewrap");
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint()
    {
        using var client = fixture.Running.Client();
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.ShouldContain("/api/v1/keys");
        paths.ShouldContain("/api/v1/exercises/{id}");
        paths.ShouldContain("/api/v1/exercises/{id}/versions");
        paths.ShouldContain("/api/v1/submissions");
        paths.ShouldContain("/api/v1/submissions/{id}/events");
        paths.ShouldContain("/api/v1/submissions/{id}/cancel");
        paths.ShouldContain("/api/v1/runs");
        paths.ShouldContain("/api/v1/exercises/{id}/stats");
        paths.ShouldContain("/api/v1/session");
        paths.ShouldContain("/readyz");
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_and_a_problem_repeats_it()
    {
        using var client = fixture.Running.Client();
        client.DefaultRequestHeaders.Add("X-Request-Id", "trace-me-42");
        using var response = await client.GetAsync("/api/v1/exercises");
        response.Headers.GetValues("X-Request-Id").ShouldBe(["trace-me-42"]);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("request_id").GetString().ShouldBe("trace-me-42");
    }

    [Fact]
    public async Task A_browser_on_another_origin_gets_no_cors_permission()
    {
        using var client = fixture.Running.Client(fixture.Keys["candidate"]);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/exercises");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var response = await client.SendAsync(preflight);
        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/exercises");
        get.Headers.Add("Origin", "https://evil.example");
        using var answer = await client.SendAsync(get);
        answer.StatusCode.ShouldBe(HttpStatusCode.OK);
        answer.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task A_queued_submission_can_be_cancelled_and_is_then_never_graded()
    {
        await using var running = await RunningServer.StartAsync(configure: o => o with { GradingLoops = 1 });
        using var author = running.Client(await running.CreateKeyAsync("author"));
        await RunningServer.UploadCreatedAsync(author, "palindrome", Repository.Palindrome);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++) ids.Add(await RunningServer.SubmitAsync(author, "palindrome", Repository.PalindromeReference));
        using var cancel = await author.PostAsync($"/api/v1/submissions/{ids[^1]}/cancel", null);
        cancel.StatusCode.ShouldBe(HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());
        var cancelled = await RunningServer.WaitForEndAsync(author, ids[^1]);
        cancelled.GetProperty("status").GetString().ShouldBe("cancelled");
        cancelled.TryGetProperty("report", out _).ShouldBeFalse();
        var events = await ServerSentEvents.ReadAllAsync(author, ids[^1]);
        events.Single().Name.ShouldBe("end");
        (await RunningServer.WaitForEndAsync(author, ids[0])).GetProperty("status").GetString().ShouldBe("graded");
        using var again = await author.PostAsync($"/api/v1/submissions/{ids[0]}/cancel", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
