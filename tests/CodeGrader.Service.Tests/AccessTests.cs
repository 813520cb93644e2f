using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>Every endpoint with every role: what each is refused, and that refusals are problem details.</summary>
[Collection(ServiceCollection.Name)]
public sealed class AccessTests(ServiceFixture fixture)
{
    private RunningServer Running => fixture.Running;

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/v1/keys" },
        { "POST", "/api/v1/keys" },
        { "GET", "/api/v1/exercises" },
        { "GET", "/api/v1/exercises/palindrome" },
        { "GET", "/api/v1/exercises/palindrome/versions" },
        { "PUT", "/api/v1/exercises/palindrome" },
        { "GET", "/api/v1/submissions" },
        { "POST", "/api/v1/submissions" },
        { "GET", "/api/v1/submissions/1" },
        { "POST", "/api/v1/submissions/1/cancel" },
        { "GET", "/api/v1/submissions/1/events" },
        { "POST", "/api/v1/runs" },
        { "POST", "/api/v1/invitations" },
        { "GET", "/api/v1/invitations" },
        { "GET", "/api/v1/invitations/1" },
        { "POST", "/api/v1/invitations/1/revoke" },
        { "GET", "/api/v1/invitations/1/submissions" },
        { "GET", "/api/v1/invitation" },
        { "PUT", "/api/v1/webhook" },
        { "DELETE", "/api/v1/webhook" },
        { "GET", "/api/v1/submissions/1/deliveries" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_api_endpoint_refuses_a_request_without_a_key_or_with_an_unknown_key_with_a_401_problem(string method, string path)
    {
        foreach (var key in new[] { null, "cg_not-a-key-this-server-issued", "cgi_not-an-invitation-this-server-issued" })
        {
            using var client = Running.Client(key);
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = RunningServer.RawJson("{}") });
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
            (await response.Content.ReadAsStringAsync()).ShouldContain(key is null ? "needs an API key" : "not known");
        }
    }

    /// <summary>What an invitation is refused: everything but its exercise, runs, submissions, deliveries and its own invitation.</summary>
    public static TheoryData<string, string> RefusedToInvitees => new()
    {
        { "GET", "/api/v1/keys" },
        { "POST", "/api/v1/keys" },
        { "GET", "/api/v1/exercises/marked/versions" },
        { "PUT", "/api/v1/exercises/marked" },
        { "POST", "/api/v1/invitations" },
        { "GET", "/api/v1/invitations" },
        { "GET", "/api/v1/invitations/1" },
        { "POST", "/api/v1/invitations/1/revoke" },
        { "GET", "/api/v1/invitations/1/submissions" },
        { "PUT", "/api/v1/webhook" },
        { "DELETE", "/api/v1/webhook" },
    };

    [Theory]
    [MemberData(nameof(RefusedToInvitees))]
    public async Task An_invitation_is_refused_every_endpoint_but_its_own_with_a_403_problem(string method, string path)
    {
        var token = (await Running.InviteAsync(fixture.Keys["author"], "marked", 1)).GetProperty("token").GetString()!;
        using var invitee = Running.Client(token);
        using var response = await invitee.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = RunningServer.Json(new { exercise = "marked", max_attempts = 1 }) });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("candidate")]
    [InlineData("ci")]
    public async Task Only_authors_and_admins_may_invite_list_revoke_or_read_invitations(string role)
    {
        var id = (await Running.InviteAsync(fixture.Keys["author"], "marked", 1)).GetProperty("invitation").GetProperty("id").GetInt64();
        using var client = Running.Client(fixture.Keys[role]);
        await ShouldBeForbiddenAsync(await client.PostAsync("/api/v1/invitations", RunningServer.Json(new { exercise = "marked", max_attempts = 1 })), role);
        await ShouldBeForbiddenAsync(await client.GetAsync("/api/v1/invitations"), role);
        await ShouldBeForbiddenAsync(await client.GetAsync($"/api/v1/invitations/{id}"), role);
        await ShouldBeForbiddenAsync(await client.PostAsync($"/api/v1/invitations/{id}/revoke", null), role);
        await ShouldBeForbiddenAsync(await client.GetAsync($"/api/v1/invitations/{id}/submissions"), role);
        await ShouldBeForbiddenAsync(await client.GetAsync("/api/v1/invitation"), role);
    }

    [Theory]
    [InlineData("author")]
    [InlineData("admin")]
    public async Task Authors_and_admins_invite_list_and_revoke_but_have_no_invitation_of_their_own(string role)
    {
        using var client = Running.Client(fixture.Keys[role]);
        using var created = await client.PostAsync("/api/v1/invitations", RunningServer.Json(new { exercise = "marked", max_attempts = 1 }));
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("invitation").GetProperty("id").GetInt64();
        (await client.GetAsync("/api/v1/invitations")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"/api/v1/invitations/{id}/submissions")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsync($"/api/v1/invitations/{id}/revoke", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldBeForbiddenAsync(await client.GetAsync("/api/v1/invitation"), role);
    }

    [Theory]
    [InlineData("candidate")]
    [InlineData("ci")]
    [InlineData("author")]
    [InlineData("admin")]
    public async Task Every_key_may_set_its_own_webhook_and_gets_a_new_secret_each_time(string role)
    {
        var key = await Running.CreateKeyAsync(role, $"webhook {role}");
        using var client = Running.Client(key);
        using var first = await client.PutAsync("/api/v1/webhook", RunningServer.Json(new { callback_url = "https://example.com/hook" }));
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var second = await client.PutAsync("/api/v1/webhook", RunningServer.Json(new { }));
        var a = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString();
        var b = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString();
        a.ShouldStartWith("whsec_");
        b.ShouldNotBe(a);
        (await client.DeleteAsync("/api/v1/webhook")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("candidate")]
    [InlineData("ci")]
    [InlineData("author")]
    public async Task Only_an_admin_may_issue_or_list_keys(string role)
    {
        using var client = Running.Client(fixture.Keys[role]);
        using var create = await client.PostAsync("/api/v1/keys", RunningServer.Json(new { name = "sneaky", role = "admin" }));
        await ShouldBeForbiddenAsync(create, role);
        using var list = await client.GetAsync("/api/v1/keys");
        await ShouldBeForbiddenAsync(list, role);
    }

    [Theory]
    [InlineData("candidate")]
    [InlineData("ci")]
    public async Task Candidates_and_ci_may_not_upload_exercises_or_list_versions(string role)
    {
        using var client = Running.Client(fixture.Keys[role]);
        using var upload = await RunningServer.UploadAsync(client, "palindrome", Repository.Palindrome);
        await ShouldBeForbiddenAsync(upload, role);
        using var versions = await client.GetAsync("/api/v1/exercises/palindrome/versions");
        await ShouldBeForbiddenAsync(versions, role);
    }

    [Fact]
    public async Task The_x_api_key_header_works_like_a_bearer_token()
    {
        using var client = Running.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", fixture.Keys["candidate"]);
        using var response = await client.GetAsync("/api/v1/exercises");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("candidate", false)]
    [InlineData("ci", false)]
    [InlineData("author", true)]
    [InlineData("admin", true)]
    public async Task An_exercise_shows_hidden_tests_and_the_reference_only_to_authors_and_admins(string role, bool seesEverything)
    {
        using var client = Running.Client(fixture.Keys[role]);
        var exercise = JsonDocument.Parse(await client.GetStringAsync("/api/v1/exercises/palindrome")).RootElement;
        exercise.TryGetProperty("tests", out _).ShouldBe(seesEverything);
        exercise.TryGetProperty("reference", out _).ShouldBe(seesEverything);
        exercise.GetRawText().Contains("Madam, I'm Adam", StringComparison.Ordinal).ShouldBe(seesEverything);
        exercise.GetProperty("samples").GetArrayLength().ShouldBe(3);
    }

    [Fact]
    public async Task A_candidate_sees_only_its_own_submissions_and_cannot_cancel_anothers_while_an_author_sees_them_all()
    {
        using var mine = Running.Client(fixture.Keys["candidate"]);
        using var other = Running.Client(fixture.Keys["other candidate"]);
        using var author = Running.Client(fixture.Keys["author"]);
        var id = await RunningServer.SubmitAsync(mine, "marked", "def shout(s):\n    return s.upper() + '!'\n");

        foreach (var path in new[] { $"/api/v1/submissions/{id}", $"/api/v1/submissions/{id}/events" })
        {
            using var response = await other.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        using (var cancel = await other.PostAsync($"/api/v1/submissions/{id}/cancel", null))
            cancel.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Ids(await other.GetStringAsync("/api/v1/submissions")).ShouldNotContain(id);
        Ids(await mine.GetStringAsync("/api/v1/submissions")).ShouldContain(id);
        Ids(await author.GetStringAsync("/api/v1/submissions?exercise=marked")).ShouldContain(id);

        (await RunningServer.WaitForEndAsync(mine, id)).GetProperty("verdict").GetString().ShouldBe("accepted");
        Ids(await author.GetStringAsync("/api/v1/submissions?exercise=marked&verdict=accepted")).ShouldContain(id);
        Ids(await author.GetStringAsync("/api/v1/submissions?exercise=marked&verdict=wrong_answer")).ShouldNotContain(id);
        using var filter = await mine.GetAsync("/api/v1/submissions?verdict=accepted");
        await ShouldBeForbiddenAsync(filter, "candidate");
    }

    [Fact]
    public async Task A_ci_key_reads_its_own_submissions_in_the_author_view()
    {
        using var ci = Running.Client(fixture.Keys["ci"]);
        using var response = await ci.PostAsync("/api/v1/submissions", RunningServer.Json(new
        {
            submissions = new[]
            {
                new { exercise = "marked", source = "def shout(s):\n    return s.upper() + '!'\n" },
                new { exercise = "marked", source = "def shout(s):\n    return s + '!'\n" },
            },
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var ids = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("submissions").EnumerateArray().Select(s => s.GetProperty("id").GetInt64()).ToList();
        ids.Count.ShouldBe(2);
        var verdicts = new List<string>();
        foreach (var id in ids)
        {
            var graded = await RunningServer.WaitForEndAsync(ci, id);
            graded.GetProperty("report").GetProperty("view").GetString().ShouldBe("author");
            verdicts.Add(graded.GetProperty("verdict").GetString()!);
        }
        verdicts.ShouldBe(["accepted", "wrong_answer"]);
    }

    private static List<long> Ids(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(s => s.GetProperty("id").GetInt64())];

    private static async Task ShouldBeForbiddenAsync(HttpResponseMessage response, string role)
    {
        using var _ = response;
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain($"role '{role}'");
    }
}
