using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>Candidate invitations over HTTP: a token used like a key, bound to one exercise, with an expiry and a number
/// of submissions; what it may and may not do; what authors see of it.</summary>
[Collection(ServiceCollection.Name)]
public sealed class InvitationTests(ServiceFixture fixture)
{
    private const string Good = "def shout(s):\n    return s.upper() + '!'\n";

    private RunningServer Running => fixture.Running;

    [Fact]
    public async Task An_invitation_is_created_once_with_its_token_and_link_and_reads_its_own_time_and_attempts()
    {
        var issued = await Running.InviteAsync(fixture.Keys["author"], "marked", 3, DateTimeOffset.UtcNow.AddHours(2), "Ada <ada@example.com>");
        var token = issued.GetProperty("token").GetString()!;
        token.ShouldStartWith("cgi_");
        issued.GetProperty("link").GetString().ShouldBe($"/invite/{token}");
        issued.GetProperty("invitation").GetProperty("state").GetString().ShouldBe("active");

        using var invitee = Running.Client(token);
        var own = JsonDocument.Parse(await invitee.GetStringAsync("/api/v1/invitation")).RootElement;
        own.GetProperty("exercise").GetString().ShouldBe("marked");
        own.GetProperty("attempts_left").GetInt32().ShouldBe(3);
        own.GetProperty("seconds_left").GetDouble().ShouldBeInRange(7000, 7200);
        own.TryGetProperty("label", out _).ShouldBeFalse();

        // The token is presented exactly like a key, with either header.
        using var byHeader = Running.Client();
        byHeader.DefaultRequestHeaders.Add("X-Api-Key", token);
        (await byHeader.GetAsync("/api/v1/invitation")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Authors list it, never its token.
        using var author = Running.Client(fixture.Keys["author"]);
        var listed = await author.GetStringAsync("/api/v1/invitations?exercise=marked");
        listed.ShouldContain("Ada <ada@example.com>");
        listed.ShouldNotContain(token);
    }

    [Fact]
    public async Task An_author_sees_which_invitation_sent_a_submission_and_lists_that_candidates_submissions_alone()
    {
        var ada = await Running.InviteAsync(fixture.Keys["author"], "marked", 3, DateTimeOffset.UtcNow.AddHours(2), "Ada Lovelace");
        var grace = await Running.InviteAsync(fixture.Keys["author"], "marked", 3, DateTimeOffset.UtcNow.AddHours(2), "Grace Hopper");
        var adaId = ada.GetProperty("invitation").GetProperty("id").GetInt64();
        using var adaClient = Running.Client(ada.GetProperty("token").GetString()!);
        using var graceClient = Running.Client(grace.GetProperty("token").GetString()!);
        var adas = await RunningServer.SubmitAsync(adaClient, "marked", Good);
        var graces = await RunningServer.SubmitAsync(graceClient, "marked", Good);

        using var author = Running.Client(fixture.Keys["author"]);
        var by = JsonDocument.Parse(await author.GetStringAsync($"/api/v1/submissions/{adas}")).RootElement.GetProperty("submitted_by");
        by.GetProperty("name").GetString().ShouldBe($"Ada Lovelace (invitation {adaId})");
        by.GetProperty("invitation").GetInt64().ShouldBe(adaId);
        Ids(await author.GetStringAsync($"/api/v1/submissions?invitation={adaId}")).ShouldBe([adas]);
        Ids(await author.GetStringAsync("/api/v1/submissions?exercise=marked")).ShouldContain(graces);

        // The candidate's own view names no one, and a candidate may not filter by invitation.
        JsonDocument.Parse(await adaClient.GetStringAsync($"/api/v1/submissions/{adas}")).RootElement.TryGetProperty("submitted_by", out _).ShouldBeFalse();
        using var candidate = Running.Client(fixture.Keys["candidate"]);
        await ProblemAsync(await candidate.GetAsync($"/api/v1/submissions?invitation={adaId}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_invitation_reads_runs_and_submits_only_its_exercise_and_sees_only_its_own_submissions_in_the_candidate_view()
    {
        var token = (await Running.InviteAsync(fixture.Keys["author"], "marked", 5)).GetProperty("token").GetString()!;
        using var invitee = Running.Client(token);
        using var candidate = Running.Client(fixture.Keys["candidate"]);

        var exercises = JsonDocument.Parse(await invitee.GetStringAsync("/api/v1/exercises")).RootElement;
        exercises.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ShouldBe(["marked"]);
        var exercise = JsonDocument.Parse(await invitee.GetStringAsync("/api/v1/exercises/marked")).RootElement;
        exercise.TryGetProperty("tests", out _).ShouldBeFalse();
        exercise.TryGetProperty("reference", out _).ShouldBeFalse();

        foreach (var response in new[]
        {
            await invitee.GetAsync("/api/v1/exercises/palindrome"),
            await invitee.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "palindrome", source = "def is_palindrome(s):\n    return True\n" })),
            await invitee.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "palindrome", source = "def is_palindrome(s):\n    return True\n" })),
        })
        {
            var problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
            problem.GetProperty("detail").GetString()!.ShouldContain("for exercise 'marked' only");
        }

        using (var run = await invitee.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "marked", source = Good })))
            run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());

        var mine = await RunningServer.SubmitAsync(invitee, "marked", Good);
        var theirs = await RunningServer.SubmitAsync(candidate, "marked", Good);
        var graded = await RunningServer.WaitForEndAsync(invitee, mine);
        graded.GetProperty("verdict").GetString().ShouldBe("accepted");
        graded.GetProperty("report").GetProperty("view").GetString().ShouldBe("candidate");
        Ids(await invitee.GetStringAsync("/api/v1/submissions")).ShouldBe([mine]);
        (await invitee.GetAsync($"/api/v1/submissions/{theirs}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await candidate.GetAsync($"/api/v1/submissions/{mine}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Ids(await candidate.GetStringAsync("/api/v1/submissions")).ShouldNotContain(mine);
        (await ServerSentEvents.ReadAllAsync(invitee, mine)).Last().Name.ShouldBe("report");

        var own = JsonDocument.Parse(await invitee.GetStringAsync("/api/v1/invitation")).RootElement;
        own.GetProperty("attempts_used").GetInt32().ShouldBe(1);
        own.GetProperty("attempts_left").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task Concurrent_submissions_past_the_attempt_limit_are_refused_with_a_403_problem_and_only_the_allowed_ones_are_stored()
    {
        var issued = await Running.InviteAsync(fixture.Keys["author"], "marked", 2);
        var id = issued.GetProperty("invitation").GetProperty("id").GetInt64();
        using var invitee = Running.Client(issued.GetProperty("token").GetString()!);
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            invitee.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "marked", source = Good }))));
        responses.Count(r => r.StatusCode == HttpStatusCode.Accepted).ShouldBe(2);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Accepted))
        {
            var problem = await ProblemAsync(refused, HttpStatusCode.Forbidden);
            problem.GetProperty("detail").GetString()!.ShouldContain("allows 2 submissions and all are used; nothing was stored");
            problem.GetProperty("attempts_left").GetInt32().ShouldBe(0);
        }
        using var author = Running.Client(fixture.Keys["author"]);
        JsonDocument.Parse(await author.GetStringAsync($"/api/v1/invitations/{id}/submissions")).RootElement.GetArrayLength().ShouldBe(2);
        var state = JsonDocument.Parse(await author.GetStringAsync($"/api/v1/invitations/{id}")).RootElement;
        state.GetProperty("attempts_used").GetInt32().ShouldBe(2);
        state.GetProperty("state").GetString().ShouldBe("used");
    }

    [Fact]
    public async Task An_expired_invitation_is_a_401_problem_saying_it_expired_and_nothing_is_stored()
    {
        var issued = await Running.InviteAsync(fixture.Keys["author"], "marked", 3, DateTimeOffset.UtcNow.AddSeconds(2));
        var id = issued.GetProperty("invitation").GetProperty("id").GetInt64();
        using var invitee = Running.Client(issued.GetProperty("token").GetString()!);
        (await invitee.GetAsync("/api/v1/invitation")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        foreach (var response in new[]
        {
            await invitee.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "marked", source = Good })),
            await invitee.GetAsync("/api/v1/invitation"),
        })
        {
            var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
            problem.GetProperty("detail").GetString()!.ShouldContain("invitation expired at");
        }
        await NothingStoredAsync(id);
    }

    [Fact]
    public async Task A_revoked_invitation_is_a_401_problem_saying_it_was_revoked_and_nothing_is_stored()
    {
        var issued = await Running.InviteAsync(fixture.Keys["admin"], "marked", 3);
        var id = issued.GetProperty("invitation").GetProperty("id").GetInt64();
        using var invitee = Running.Client(issued.GetProperty("token").GetString()!);
        using var author = Running.Client(fixture.Keys["author"]);
        using (var revoke = await author.PostAsync($"/api/v1/invitations/{id}/revoke", null))
        {
            revoke.StatusCode.ShouldBe(HttpStatusCode.OK);
            JsonDocument.Parse(await revoke.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString().ShouldBe("revoked");
        }
        (await author.PostAsync($"/api/v1/invitations/{id}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await ProblemAsync(await invitee.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "marked", source = Good })), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("invitation was revoked at");
        await NothingStoredAsync(id);
    }

    [Fact]
    public async Task An_invitation_may_not_send_a_batch_or_name_a_callback_and_nothing_is_stored()
    {
        var issued = await Running.InviteAsync(fixture.Keys["author"], "marked", 3);
        var id = issued.GetProperty("invitation").GetProperty("id").GetInt64();
        using var invitee = Running.Client(issued.GetProperty("token").GetString()!);
        var batch = await ProblemAsync(await invitee.PostAsync("/api/v1/submissions",
            RunningServer.Json(new { submissions = new[] { new { exercise = "marked", source = Good } } })), HttpStatusCode.Forbidden);
        batch.GetProperty("detail").GetString()!.ShouldContain("not a batch");
        var callback = await ProblemAsync(await invitee.PostAsync("/api/v1/submissions",
            RunningServer.Json(new { exercise = "marked", source = Good, callback_url = "http://127.0.0.1:9/hook" })), HttpStatusCode.Forbidden);
        callback.GetProperty("detail").GetString()!.ShouldContain("may not name a callback URL");
        await NothingStoredAsync(id);
    }

    [Fact]
    public async Task An_expired_key_is_a_401_problem_saying_it_expired_and_nothing_is_stored()
    {
        var key = await Running.CreateKeyAsync("ci", "short-lived", DateTimeOffset.UtcNow.AddSeconds(2));
        using var ci = Running.Client(key);
        (await ci.GetAsync("/api/v1/exercises")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var author = Running.Client(fixture.Keys["author"]);
        var before = JsonDocument.Parse(await author.GetStringAsync("/api/v1/submissions?limit=1000")).RootElement.GetArrayLength();
        var problem = await ProblemAsync(await ci.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "marked", source = Good })), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString()!.ShouldContain("'short-lived' expired at");
        JsonDocument.Parse(await author.GetStringAsync("/api/v1/submissions?limit=1000")).RootElement.GetArrayLength().ShouldBe(before);
    }

    [Fact]
    public async Task A_bad_invitation_request_is_a_400_or_404_problem_pointing_at_the_field()
    {
        using var author = Running.Client(fixture.Keys["author"]);
        (await ProblemAsync(await author.PostAsync("/api/v1/invitations", RunningServer.Json(new { exercise = "nope", max_attempts = 1 })), HttpStatusCode.NotFound))
            .GetProperty("pointer").GetString().ShouldBe("/exercise");
        (await ProblemAsync(await author.PostAsync("/api/v1/invitations", RunningServer.Json(new { exercise = "marked", max_attempts = 0 })), HttpStatusCode.BadRequest))
            .GetProperty("pointer").GetString().ShouldBe("/max_attempts");
        (await ProblemAsync(await author.PostAsync("/api/v1/invitations", RunningServer.Json(new { exercise = "marked", max_attempts = 1, expires_at = DateTimeOffset.UtcNow.AddMinutes(-1) })), HttpStatusCode.BadRequest))
            .GetProperty("detail").GetString()!.ShouldContain("not in the future");
        (await ProblemAsync(await author.PostAsync("/api/v1/invitations", RunningServer.Json(new { exercise = "marked", max_attempts = 1, callback_url = "ftp://example.com/" })), HttpStatusCode.BadRequest))
            .GetProperty("pointer").GetString().ShouldBe("/callback_url");
    }

    private async Task NothingStoredAsync(long invitation)
    {
        using var author = Running.Client(fixture.Keys["author"]);
        JsonDocument.Parse(await author.GetStringAsync($"/api/v1/invitations/{invitation}/submissions")).RootElement.GetArrayLength().ShouldBe(0);
        JsonDocument.Parse(await author.GetStringAsync($"/api/v1/invitations/{invitation}")).RootElement.GetProperty("attempts_used").GetInt32().ShouldBe(0);
    }

    private static List<long> Ids(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetInt64())];

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(status, body);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}
