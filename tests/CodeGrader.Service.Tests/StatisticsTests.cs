using System.Net;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>What the web page's interviewer views ask of the API: an exercise's statistics, and submissions by the key
/// that sent them (authors only).</summary>
[Collection(ServiceCollection.Name)]
public sealed class StatisticsTests(ServiceFixture fixture)
{
    [Fact]
    public async Task A_wrong_submission_adds_one_to_its_verdict_its_score_band_and_each_test_that_caught_it()
    {
        using var author = fixture.Running.Client(fixture.Keys["author"]);
        using var candidate = fixture.Running.Client(fixture.Keys["candidate"]);
        var before = await StatsAsync(author);
        var id = await RunningServer.SubmitAsync(candidate, "marked", "def shout(s):\n    return s.upper() + '!' if s == 'hi' else s\n");
        var graded = await RunningServer.WaitForEndAsync(candidate, id);
        graded.GetProperty("verdict").GetString().ShouldBe("wrong_answer");
        var score = graded.GetProperty("score").GetDouble();
        var after = await StatsAsync(author);

        after.GetProperty("submissions").GetInt32().ShouldBe(before.GetProperty("submissions").GetInt32() + 1);
        Count(after.GetProperty("verdicts"), "wrong_answer").ShouldBe(Count(before.GetProperty("verdicts"), "wrong_answer") + 1);
        var band = (int)Math.Min(9, Math.Floor(score / 10));
        after.GetProperty("scores")[band].GetProperty("count").GetInt32().ShouldBe(before.GetProperty("scores")[band].GetProperty("count").GetInt32() + 1);
        Caught(after, "hidden marked").ShouldBe(Caught(before, "hidden marked") + 1);
        Caught(after, "shouts a word").ShouldBe(Caught(before, "shouts a word")); // it passed the sample
    }

    [Fact]
    public async Task Statistics_and_the_key_filter_are_for_authors_and_admins_only()
    {
        using var candidate = fixture.Running.Client(fixture.Keys["candidate"]);
        using (var refused = await candidate.GetAsync("/api/v1/exercises/marked/stats")) refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var refused = await candidate.GetAsync("/api/v1/submissions?key=1")) refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var ci = fixture.Running.Client(fixture.Keys["ci"]);
        using (var refused = await ci.GetAsync("/api/v1/exercises/marked/stats")) refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var author = fixture.Running.Client(fixture.Keys["author"]);
        using (var missing = await author.GetAsync("/api/v1/exercises/nope/stats")) missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Authors_see_who_sent_each_submission_and_filter_by_that_key_while_candidates_see_no_sender()
    {
        using var candidate = fixture.Running.Client(fixture.Keys["other candidate"]);
        var id = await RunningServer.SubmitAsync(candidate, "palindrome", Repository.PalindromeReference);
        using var admin = fixture.Running.Client(fixture.Keys["admin"]);
        var keyId = JsonDocument.Parse(await admin.GetStringAsync("/api/v1/keys")).RootElement.EnumerateArray()
            .Single(k => k.GetProperty("name").GetString() == "another candidate").GetProperty("id").GetInt64();

        using var author = fixture.Running.Client(fixture.Keys["author"]);
        var theirs = JsonDocument.Parse(await author.GetStringAsync($"/api/v1/submissions?key={keyId}")).RootElement.EnumerateArray().ToList();
        theirs.ShouldContain(s => s.GetProperty("id").GetInt64() == id);
        theirs.ShouldAllBe(s => s.GetProperty("submitted_by").GetProperty("key").GetInt64() == keyId
            && s.GetProperty("submitted_by").GetProperty("name").GetString() == "another candidate");

        var own = JsonDocument.Parse(await candidate.GetStringAsync($"/api/v1/submissions/{id}")).RootElement;
        own.TryGetProperty("submitted_by", out _).ShouldBeFalse();
    }

    private async Task<JsonElement> StatsAsync(HttpClient author) =>
        JsonDocument.Parse(await author.GetStringAsync("/api/v1/exercises/marked/stats")).RootElement;

    private static int Count(JsonElement counts, string name) => counts.TryGetProperty(name, out var n) ? n.GetInt32() : 0;

    private static int Caught(JsonElement stats, string test) =>
        stats.GetProperty("tests").EnumerateArray().Where(t => t.GetProperty("name").GetString() == test).Select(t => t.GetProperty("caught").GetInt32()).SingleOrDefault();
}
