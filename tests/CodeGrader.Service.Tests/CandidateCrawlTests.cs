using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>
/// Every response a candidate key can get, searched for markers planted in a hidden test's argument and expected value
/// (the marked exercise) and in the submission's actual value and output for that test: none may appear.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class CandidateCrawlTests(ServiceFixture fixture)
{
    [Fact]
    public async Task No_response_a_candidate_can_get_holds_a_hidden_tests_arguments_expected_or_actual_value_or_output()
    {
        using var candidate = fixture.Running.Client(fixture.Keys["candidate"]);
        using var author = fixture.Running.Client(fixture.Keys["author"]);
        var crawl = new Crawl();

        var submitted = await crawl.KeepAsync("POST submissions", await candidate.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "marked", source = LeakyShout.Source })));
        var id = JsonDocument.Parse(submitted).RootElement.GetProperty("id").GetInt64();
        var events = await ServerSentEvents.ReadAllAsync(candidate, id); // live, while it is graded
        crawl.Add(events.Select(e => ($"live event {e.Name}", e.Data)));
        var graded = await RunningServer.WaitForEndAsync(candidate, id);
        graded.GetProperty("verdict").GetString().ShouldBe("wrong_answer");
        var replayed = await ServerSentEvents.ReadAllAsync(candidate, id); // replayed from the stored report
        crawl.Add(replayed.Select(e => ($"replayed event {e.Name}", e.Data)));

        foreach (var path in new[]
        {
            "/api/v1/exercises", "/api/v1/exercises/marked", "/api/v1/exercises/marked?version=1", "/api/v1/exercises/marked/versions",
            "/api/v1/submissions", $"/api/v1/submissions/{id}", "/api/v1/submissions?exercise=marked", "/api/v1/submissions?status=graded",
            "/api/v1/keys", "/api/v1/exercises/nope", "/api/v1/submissions/999999", "/healthz", "/readyz", "/openapi/v1.json",
            $"/api/v1/submissions/{id}/deliveries", "/api/v1/invitation", "/api/v1/invitations",
        })
            await crawl.KeepAsync($"GET {path}", await candidate.GetAsync(path));
        await crawl.KeepAsync("POST cancel", await candidate.PostAsync($"/api/v1/submissions/{id}/cancel", null));
        await crawl.KeepAsync("POST runs", await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "marked", source = LeakyShout.Source })));
        await crawl.KeepAsync("POST runs (bad)", await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "marked" })));
        await crawl.KeepAsync("PUT exercise", await RunningServer.UploadAsync(candidate, "marked", Repository.Marked));

        crawl.ShouldHoldNoMarker("a candidate");

        // The markers are really there: the author's view of the same submission has every one.
        var authorView = await author.GetStringAsync($"/api/v1/submissions/{id}");
        foreach (var marker in LeakyShout.Markers) authorView.ShouldContain(marker);
    }

    [Fact]
    public async Task A_candidate_is_told_which_hidden_test_failed_by_name_and_status_only()
    {
        using var candidate = fixture.Running.Client(fixture.Keys["candidate"]);
        var id = await RunningServer.SubmitAsync(candidate, "marked", LeakyShout.Source);
        var report = (await RunningServer.WaitForEndAsync(candidate, id)).GetProperty("report");
        report.GetProperty("message").GetString().ShouldBe("wrong answer on test 'hidden marked'");
        var hidden = report.GetProperty("tests").EnumerateArray().Single(t => !t.GetProperty("sample").GetBoolean());
        hidden.EnumerateObject().Select(p => p.Name).ShouldBe(["name", "sample", "weight", "status", "time_ms", "message", "redacted"], ignoreOrder: true);
        using var forbidden = await candidate.GetAsync("/api/v1/exercises/marked/versions");
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task No_response_an_invitation_can_get_nor_its_callback_holds_a_hidden_tests_arguments_expected_or_actual_value_or_output()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var issued = await fixture.Running.InviteAsync(fixture.Keys["author"], "marked", 3, label: "crawled candidate", callbackUrl: receiver.Url);
        using var invitee = fixture.Running.Client(issued.GetProperty("token").GetString()!);
        using var author = fixture.Running.Client(fixture.Keys["author"]);
        var crawl = new Crawl();

        var submitted = await crawl.KeepAsync("POST submissions", await invitee.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "marked", source = LeakyShout.Source })));
        var id = JsonDocument.Parse(submitted).RootElement.GetProperty("id").GetInt64();
        crawl.Add((await ServerSentEvents.ReadAllAsync(invitee, id)).Select(e => ($"live event {e.Name}", e.Data)));
        (await RunningServer.WaitForEndAsync(invitee, id)).GetProperty("verdict").GetString().ShouldBe("wrong_answer");
        crawl.Add((await ServerSentEvents.ReadAllAsync(invitee, id)).Select(e => ($"replayed event {e.Name}", e.Data)));
        await receiver.WaitForAsync(1);
        crawl.Add([("callback", receiver.Requests.Single().Body)]);
        await WebhookTests.DeliveredAsync(invitee, id);

        foreach (var path in new[]
        {
            "/api/v1/invitation", "/api/v1/exercises", "/api/v1/exercises/marked", "/api/v1/exercises/marked?version=1", "/api/v1/exercises/marked/versions",
            "/api/v1/exercises/palindrome", "/api/v1/submissions", $"/api/v1/submissions/{id}", $"/api/v1/submissions/{id}/deliveries",
            "/api/v1/submissions?exercise=marked", "/api/v1/invitations", $"/api/v1/invitations/{issued.GetProperty("invitation").GetProperty("id").GetInt64()}/submissions",
            "/api/v1/keys", "/api/v1/submissions/999999", "/healthz", "/readyz", "/openapi/v1.json",
        })
            await crawl.KeepAsync($"GET {path}", await invitee.GetAsync(path));
        await crawl.KeepAsync("POST cancel", await invitee.PostAsync($"/api/v1/submissions/{id}/cancel", null));
        await crawl.KeepAsync("POST runs", await invitee.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "marked", source = LeakyShout.Source })));
        await crawl.KeepAsync("PUT webhook", await invitee.PutAsync("/api/v1/webhook", RunningServer.Json(new { callback_url = receiver.Url })));
        await crawl.KeepAsync("PUT exercise", await RunningServer.UploadAsync(invitee, "marked", Repository.Marked));

        crawl.ShouldHoldNoMarker("an invitation");
        crawl.Bodies.ShouldAllBe(b => !b.Body.Contains("crawled candidate", StringComparison.OrdinalIgnoreCase)); // the author's label is not the candidate's to read
        var authorView = await author.GetStringAsync($"/api/v1/submissions/{id}");
        foreach (var marker in LeakyShout.Markers) authorView.ShouldContain(marker);
    }

    /// <summary>Every body a crawl received, with where it came from.</summary>
    private sealed class Crawl
    {
        private readonly List<(string Where, string Body)> _bodies = [];

        public IReadOnlyList<(string Where, string Body)> Bodies => _bodies;

        public async Task<string> KeepAsync(string where, HttpResponseMessage response)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync();
                _bodies.Add((where, body));
                return body;
            }
        }

        public void Add(IEnumerable<(string Where, string Body)> bodies) => _bodies.AddRange(bodies);

        /// <summary>More than twenty bodies were crawled, and none holds a marker of the hidden test.</summary>
        public void ShouldHoldNoMarker(string who)
        {
            _bodies.Count.ShouldBeGreaterThan(20);
            foreach (var (where, body) in _bodies)
                foreach (var marker in LeakyShout.Markers)
                    body.Contains(marker, StringComparison.OrdinalIgnoreCase).ShouldBeFalse($"{where} shows '{marker}' to {who}: {body}");
        }
    }
}
