using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>The whole flow over HTTP, on a server of its own, grading in the real sandbox, on SQLite and on PostgreSQL.</summary>
public sealed class EndToEndTests
{
    private const string KeepsCase = """
        def is_palindrome(s):
            if not isinstance(s, str):
                raise TypeError("not a str")
            kept = "".join(c for c in s if c.isalnum())
            return kept == kept[::-1]
        """;

    [Theory]
    [MemberData(nameof(TestDatabase.Both), MemberType = typeof(TestDatabase))]
    public async Task An_author_publishes_palindrome_and_a_candidate_reads_it_runs_the_samples_submits_follows_the_events_and_reads_the_report(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var running = await RunningServer.StartAsync(database: database);
        var authorKey = await running.CreateKeyAsync("author");
        var candidateKey = await running.CreateKeyAsync("candidate");
        using var author = running.Client(authorKey);
        using var candidate = running.Client(candidateKey);

        using (var upload = await RunningServer.UploadAsync(author, "palindrome", Repository.Palindrome))
        {
            upload.StatusCode.ShouldBe(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
            var published = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement;
            published.GetProperty("version").GetInt32().ShouldBe(1);
            published.GetProperty("published").GetBoolean().ShouldBeTrue();
        }

        var exercise = JsonDocument.Parse(await candidate.GetStringAsync("/api/v1/exercises/palindrome")).RootElement;
        exercise.GetProperty("title").GetString().ShouldBe("Palindrome check");
        exercise.GetProperty("statement").GetString()!.ShouldContain("is_palindrome");
        exercise.GetProperty("starter").GetString()!.ShouldContain("def is_palindrome");
        exercise.GetProperty("limits").GetProperty("max_source_bytes").GetInt64().ShouldBe(20000);
        var samples = exercise.GetProperty("samples").EnumerateArray().ToList();
        samples.Select(s => s.GetProperty("call").GetString()).ShouldContain("is_palindrome(\"racecar\")");
        samples.Select(s => s.GetProperty("expected").GetString()).ShouldContain("True");
        exercise.TryGetProperty("tests", out _).ShouldBeFalse();

        using (var run = await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "palindrome", source = KeepsCase })))
        {
            run.StatusCode.ShouldBe(HttpStatusCode.OK, await run.Content.ReadAsStringAsync());
            var report = JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("report");
            report.GetProperty("schema").GetString().ShouldBe("codegrader/report@1");
            var tests = report.GetProperty("tests").EnumerateArray().ToList();
            tests.Count.ShouldBe(samples.Count);
            tests.ShouldAllBe(t => t.GetProperty("sample").GetBoolean());
            var failed = tests.Single(t => t.GetProperty("status").GetString() == "failed");
            failed.GetProperty("expected").GetString().ShouldBe("True");
            failed.GetProperty("actual").GetString().ShouldBe("False");
        }

        var id = await RunningServer.SubmitAsync(candidate, "palindrome", KeepsCase);
        var events = await ServerSentEvents.ReadAllAsync(candidate, id);
        events[^1].Name.ShouldBe("report");
        var streamed = events.Where(e => e.Name == "test").Select(e => e.Json).ToList();
        streamed.Count.ShouldBe(26);
        foreach (var hidden in streamed.Where(t => !t.GetProperty("sample").GetBoolean()))
        {
            hidden.GetProperty("redacted").GetBoolean().ShouldBeTrue();
            hidden.TryGetProperty("call", out _).ShouldBeFalse();
        }
        events[^1].Json.GetProperty("view").GetString().ShouldBe("candidate");

        var submission = await RunningServer.WaitForEndAsync(candidate, id);
        submission.GetProperty("status").GetString().ShouldBe("graded");
        submission.GetProperty("verdict").GetString().ShouldBe("wrong_answer");
        submission.GetProperty("exercise_version").GetInt32().ShouldBe(1);
        var candidateReport = submission.GetProperty("report");
        candidateReport.GetProperty("view").GetString().ShouldBe("candidate");
        candidateReport.GetProperty("message").GetString()!.ShouldContain("sentence with punctuation");

        var authorView = JsonDocument.Parse(await author.GetStringAsync($"/api/v1/submissions/{id}")).RootElement.GetProperty("report");
        authorView.GetProperty("view").GetString().ShouldBe("author");
        foreach (var test in authorView.GetProperty("tests").EnumerateArray()) test.TryGetProperty("call", out _).ShouldBeTrue();

        var accepted = await RunningServer.SubmitAsync(candidate, "palindrome", Repository.PalindromeReference);
        var graded = await RunningServer.WaitForEndAsync(candidate, accepted);
        graded.GetProperty("verdict").GetString().ShouldBe("accepted");
        graded.GetProperty("score").GetDouble().ShouldBe(100);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Both), MemberType = typeof(TestDatabase))]
    public async Task A_new_upload_is_a_new_version_and_each_submission_records_the_version_that_graded_it(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var running = await RunningServer.StartAsync(database: database);
        using var author = running.Client(await running.CreateKeyAsync("author"));
        using var candidate = running.Client(await running.CreateKeyAsync("candidate"));
        await RunningServer.UploadCreatedAsync(author, "shout", Repository.Marked);
        var first = await RunningServer.SubmitAsync(candidate, "shout", "def shout(s):\n    return s.upper() + '!'\n");
        await RunningServer.UploadCreatedAsync(author, "shout", Repository.Marked);
        var second = await RunningServer.SubmitAsync(candidate, "shout", "def shout(s):\n    return s.upper() + '!'\n");

        (await RunningServer.WaitForEndAsync(candidate, first)).GetProperty("exercise_version").GetInt32().ShouldBe(1);
        (await RunningServer.WaitForEndAsync(candidate, second)).GetProperty("exercise_version").GetInt32().ShouldBe(2);
        var versions = JsonDocument.Parse(await author.GetStringAsync("/api/v1/exercises/shout/versions")).RootElement;
        versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ShouldBe([1, 2]);
    }
}
