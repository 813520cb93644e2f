using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>Callbacks over HTTP to a real receiver on loopback: signed, in the sender's view, retried with every attempt
/// recorded, visible to whoever may see the submission.</summary>
[Collection(ServiceCollection.Name)]
public sealed class WebhookTests(ServiceFixture fixture)
{
    private const string Good = "def shout(s):\n    return s.upper() + '!'\n";

    private static readonly string[] Markers = ["zqxhiddenarg", "zqxprinted", "zqxactual"];

    private const string Leaky = """
        def shout(s):
            if s.startswith("zq"):
                print("zq" + "xprinted " + s)
                return "zq" + "xactual"
            return s.upper() + "!"
        """;

    private RunningServer Running => fixture.Running;

    [Fact]
    public async Task A_ci_keys_callback_is_signed_over_timestamp_and_body_and_carries_the_submission_as_the_key_reads_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var ci = Running.Client(await Running.CreateKeyAsync("ci", "hooked ci"));
        var secret = await SetWebhookAsync(ci, null);
        using var response = await ci.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "marked", source = Good, callback_url = receiver.Url }));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        await receiver.WaitForAsync(1);
        var callback = receiver.Requests.Single();
        callback.Method.ShouldBe("POST");
        callback.Event.ShouldBe("submission.finished");
        WebhookReceiver.Verify(secret, callback.Signature, callback.Body).ShouldBeTrue($"signature {callback.Signature}");
        WebhookReceiver.Verify(secret + "x", callback.Signature, callback.Body).ShouldBeFalse();
        WebhookReceiver.Verify(secret, callback.Signature, callback.Body.Replace("accepted", "rejected", StringComparison.Ordinal)).ShouldBeFalse();

        callback.Body.ShouldBe(await ci.GetStringAsync($"/api/v1/submissions/{id}"));
        var body = JsonDocument.Parse(callback.Body).RootElement;
        body.GetProperty("verdict").GetString().ShouldBe("accepted");
        body.GetProperty("report").GetProperty("view").GetString().ShouldBe("author");
    }

    [Fact]
    public async Task A_candidates_default_callback_gets_the_candidate_view_with_no_hidden_value()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var candidate = Running.Client(await Running.CreateKeyAsync("candidate", "hooked candidate"));
        var secret = await SetWebhookAsync(candidate, receiver.Url);
        var id = await RunningServer.SubmitAsync(candidate, "marked", Leaky);

        await receiver.WaitForAsync(1);
        var callback = receiver.Requests.Single();
        WebhookReceiver.Verify(secret, callback.Signature, callback.Body).ShouldBeTrue();
        callback.Body.ShouldBe(await candidate.GetStringAsync($"/api/v1/submissions/{id}"));
        var body = JsonDocument.Parse(callback.Body).RootElement;
        body.GetProperty("verdict").GetString().ShouldBe("wrong_answer");
        body.GetProperty("report").GetProperty("view").GetString().ShouldBe("candidate");
        foreach (var marker in Markers) callback.Body.ShouldNotContain(marker, Case.Insensitive);
        using var author = Running.Client(fixture.Keys["author"]);
        (await author.GetStringAsync($"/api/v1/submissions/{id}")).ShouldContain("zqxactual"); // the markers are really in the report
    }

    [Fact]
    public async Task An_invitations_callback_set_by_its_author_is_signed_with_the_invitations_secret_and_gets_the_candidate_view()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var issued = await Running.InviteAsync(fixture.Keys["author"], "marked", 2, callbackUrl: receiver.Url);
        var secret = issued.GetProperty("webhook_secret").GetString()!;
        using var invitee = Running.Client(issued.GetProperty("token").GetString()!);
        var id = await RunningServer.SubmitAsync(invitee, "marked", Leaky);

        await receiver.WaitForAsync(1);
        var callback = receiver.Requests.Single();
        WebhookReceiver.Verify(secret, callback.Signature, callback.Body).ShouldBeTrue();
        callback.Body.ShouldBe(await invitee.GetStringAsync($"/api/v1/submissions/{id}"));
        JsonDocument.Parse(callback.Body).RootElement.GetProperty("report").GetProperty("view").GetString().ShouldBe("candidate");
        foreach (var marker in Markers) callback.Body.ShouldNotContain(marker, Case.Insensitive);

        // The invitee sees that it was delivered, not where to.
        var delivery = await DeliveredAsync(invitee, id); // the attempt is recorded once the receiver has answered
        delivery.GetRawText().ShouldNotContain(receiver.Url);
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_result_on_the_third_attempt_and_every_attempt_is_recorded()
    {
        await using var receiver = await WebhookReceiver.StartAsync(0, 500, 503);
        using var ci = Running.Client(await Running.CreateKeyAsync("ci", "flaky receiver"));
        var secret = await SetWebhookAsync(ci, receiver.Url);
        var id = await RunningServer.SubmitAsync(ci, "marked", Good);

        await receiver.WaitForAsync(3);
        var requests = receiver.Requests.ToList();
        requests.ShouldAllBe(r => WebhookReceiver.Verify(secret, r.Signature, r.Body));
        requests.Select(r => r.Body).Distinct().Count().ShouldBe(1);

        var delivery = await DeliveredAsync(ci, id);
        delivery.GetProperty("attempts").GetInt32().ShouldBe(3);
        delivery.GetProperty("url").GetString().ShouldBe(receiver.Url);
        var history = delivery.GetProperty("history").EnumerateArray().ToList();
        history.Select(a => a.GetProperty("number").GetInt32()).ShouldBe([1, 2, 3]);
        history.Select(a => a.GetProperty("status_code").GetInt32()).ShouldBe([500, 503, 200]);
        history[0].GetProperty("error").GetString()!.ShouldContain("500");
        history[2].TryGetProperty("error", out _).ShouldBeFalse();
        foreach (var attempt in history)
        {
            attempt.GetProperty("duration_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
            attempt.GetProperty("attempted_at").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
        }

        using var author = Running.Client(fixture.Keys["author"]);
        (await author.GetStringAsync($"/api/v1/submissions/{id}/deliveries")).ShouldContain("\"attempts\":3");
        using var other = Running.Client(fixture.Keys["other candidate"]);
        (await other.GetAsync($"/api/v1/submissions/{id}/deliveries")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_callback_url_without_a_webhook_secret_or_not_http_is_a_problem_pointing_at_it_and_nothing_is_stored()
    {
        using var ci = Running.Client(await Running.CreateKeyAsync("ci", "no secret"));
        using (var noSecret = await ci.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "marked", source = Good, callback_url = "https://example.com/hook" })))
        {
            var problem = await InvitationTests.ProblemAsync(noSecret, HttpStatusCode.UnprocessableEntity);
            problem.GetProperty("pointer").GetString().ShouldBe("/callback_url");
            problem.GetProperty("detail").GetString()!.ShouldContain("PUT /api/v1/webhook");
        }
        await SetWebhookAsync(ci, null);
        using (var bad = await ci.PostAsync("/api/v1/submissions", RunningServer.Json(new { submissions = new[] { new { exercise = "marked", source = Good, callback_url = "file:///etc/passwd" } } })))
            (await InvitationTests.ProblemAsync(bad, HttpStatusCode.BadRequest)).GetProperty("pointer").GetString().ShouldBe("/submissions/0/callback_url");
        JsonDocument.Parse(await ci.GetStringAsync("/api/v1/submissions")).RootElement.GetArrayLength().ShouldBe(0);
    }

    internal static async Task<string> SetWebhookAsync(HttpClient client, string? url)
    {
        using var response = await client.PutAsync("/api/v1/webhook", RunningServer.Json(new { callback_url = url }));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("secret").GetString()!;
    }

    /// <summary>Polls the submission's deliveries until the one delivery is no longer pending.</summary>
    internal static async Task<JsonElement> DeliveredAsync(HttpClient client, long id, string status = "delivered")
    {
        for (var i = 0; i < 600; i++)
        {
            var deliveries = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/submissions/{id}/deliveries")).RootElement;
            if (deliveries.GetArrayLength() == 1 && deliveries[0].GetProperty("status").GetString() != "pending")
            {
                deliveries[0].GetProperty("status").GetString().ShouldBe(status, deliveries.GetRawText());
                return deliveries[0].Clone();
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the callback of submission {id} stayed pending");
    }
}
