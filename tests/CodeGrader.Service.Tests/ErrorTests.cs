using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>Bad requests: each a problem+json that says where and what, and nothing stored.</summary>
[Collection(ServiceCollection.Name)]
public sealed class ErrorTests(ServiceFixture fixture)
{
    private RunningServer Running => fixture.Running;

    [Fact]
    public async Task Malformed_json_is_a_400_problem_naming_the_position_and_nothing_is_stored()
    {
        using var candidate = Running.Client(fixture.Keys["candidate"]);
        var before = await CountAsync();
        using var response = await candidate.PostAsync("/api/v1/submissions", RunningServer.RawJson("{\"exercise\": \"palindrome\", \"source\": "));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString()!.ShouldContain("not valid JSON");
        problem.GetProperty("detail").GetString()!.ShouldContain("BytePositionInLine");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_json_body_over_the_limit_is_a_413_problem_and_nothing_is_stored()
    {
        using var candidate = Running.Client(fixture.Keys["candidate"]);
        var before = await CountAsync();
        using var response = await candidate.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "palindrome", source = new string('#', 2 * 1024 * 1024) }));
        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("detail").GetString()!.ShouldContain("at most");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_source_over_the_exercises_max_source_bytes_is_a_413_problem_pointing_at_the_source()
    {
        using var candidate = Running.Client(fixture.Keys["candidate"]);
        var before = await CountAsync();
        using var response = await candidate.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "palindrome", source = "# " + new string('x', 20_000) }));
        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        problem.GetProperty("detail").GetString()!.ShouldContain("at most 20000");
        problem.GetProperty("pointer").GetString().ShouldBe("/source");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_source_that_is_not_utf8_is_a_422_problem_naming_the_byte()
    {
        using var candidate = Running.Client(fixture.Keys["candidate"]);
        var before = await CountAsync();
        var bytes = Encoding.UTF8.GetBytes("def is_palindrome(s):\n    return True  # caf").Concat(new byte[] { 0xE9, 0x0A }).ToArray();
        using var response = await candidate.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "palindrome", source_base64 = Convert.ToBase64String(bytes) }));
        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        problem.GetProperty("detail").GetString()!.ShouldContain("not valid UTF-8");
        problem.GetProperty("pointer").GetString().ShouldBe("/source_base64");
        using var surrogate = await candidate.PostAsync("/api/v1/submissions", RunningServer.RawJson("{\"exercise\": \"palindrome\", \"source\": \"x = '\\ud800'\"}"));
        (await ProblemAsync(surrogate, HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString()!.ShouldContain("lone surrogate");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_unknown_exercise_is_a_404_problem_for_submissions_runs_and_reads()
    {
        using var candidate = Running.Client(fixture.Keys["candidate"]);
        var before = await CountAsync();
        using var submit = await candidate.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "no-such-exercise", source = "x = 1" }));
        (await ProblemAsync(submit, HttpStatusCode.NotFound)).GetProperty("detail").GetString()!.ShouldContain("no-such-exercise");
        using var run = await candidate.PostAsync("/api/v1/runs", RunningServer.Json(new { exercise = "no-such-exercise", source = "x = 1" }));
        await ProblemAsync(run, HttpStatusCode.NotFound);
        using var get = await candidate.GetAsync("/api/v1/exercises/no-such-exercise");
        await ProblemAsync(get, HttpStatusCode.NotFound);
        using var version = await candidate.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "palindrome", version = 99, source = "x = 1" }));
        (await ProblemAsync(version, HttpStatusCode.NotFound)).GetProperty("pointer").GetString().ShouldBe("/version");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_batch_with_one_bad_submission_stores_none_and_names_the_bad_one()
    {
        using var ci = Running.Client(fixture.Keys["ci"]);
        var before = await CountAsync();
        using var response = await ci.PostAsync("/api/v1/submissions", RunningServer.Json(new
        {
            submissions = new object[] { new { exercise = "marked", source = "def shout(s):\n    return s\n" }, new { exercise = "marked" } },
        }));
        (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("pointer").GetString().ShouldBe("/submissions/1/source");
        (await CountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_archive_with_a_path_that_climbs_out_is_refused_and_nothing_is_published()
    {
        using var author = Running.Client(fixture.Keys["author"]);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(Repository.Marked)) zip.CreateEntryFromFile(file, Path.GetFileName(file));
            using var evil = new StreamWriter(zip.CreateEntry("../../escaped.txt").Open());
            evil.Write("outside");
        }
        using var content = new ByteArrayContent(buffer.ToArray());
        using var response = await author.PutAsync("/api/v1/exercises/climber", content);
        (await ProblemAsync(response, HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString()!.ShouldContain("'..'");
        await ShouldNotBePublishedAsync(author, "climber");
        File.Exists(Path.Combine(Running.DataDirectory, "escaped.txt")).ShouldBeFalse();
        File.Exists(Path.Combine(Running.DataDirectory, "exercises", "escaped.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_tar_gz_made_from_inside_the_folder_with_its_dot_slash_entry_is_published()
    {
        // `tar -C folder -czf exercise.tgz .` starts with the entry "./" (the folder itself), then "./exercise.yaml"...
        using var author = Running.Client(fixture.Keys["author"]);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Gnu, leaveOpen: false))
        {
            tar.WriteEntry(new GnuTarEntry(TarEntryType.Directory, "./"));
            foreach (var file in Directory.GetFiles(Repository.Marked)) tar.WriteEntry(file, "./" + Path.GetFileName(file));
        }
        using var content = new ByteArrayContent(buffer.ToArray());
        using var response = await author.PutAsync("/api/v1/exercises/dotted", content);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tar_gz_archive_with_a_symbolic_link_is_refused_and_nothing_is_published()
    {
        using var author = Running.Client(fixture.Keys["author"]);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
        {
            foreach (var file in Directory.GetFiles(Repository.Marked)) tar.WriteEntry(file, "linked/" + Path.GetFileName(file));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "linked/secrets") { LinkName = "/etc/passwd" });
        }
        using var content = new ByteArrayContent(buffer.ToArray());
        using var response = await author.PutAsync("/api/v1/exercises/linked", content);
        (await ProblemAsync(response, HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString()!.ShouldContain("symbolic link");
        await ShouldNotBePublishedAsync(author, "linked");
    }

    [Fact]
    public async Task An_exercise_that_fails_verification_is_not_published_and_its_diagnostics_say_why()
    {
        using var author = Running.Client(fixture.Keys["author"]);
        var folder = Path.Combine(Path.GetTempPath(), "codegrader-service-tests", Guid.NewGuid().ToString("N"), "broken");
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(Repository.Marked)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(folder, "reference.py"), "def shout(s):\n    return s.lower()\n");
        try
        {
            using var response = await RunningServer.UploadAsync(author, "broken", folder);
            var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
            problem.GetProperty("detail").GetString()!.ShouldContain("not published");
            var diagnostics = problem.GetProperty("diagnostics").EnumerateArray().ToList();
            diagnostics.ShouldContain(d => d.GetProperty("severity").GetString() == "error" && d.GetProperty("file").GetString() == "exercise.yaml");
            await ShouldNotBePublishedAsync(author, "broken");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public async Task An_archive_over_the_upload_limit_is_a_413_problem()
    {
        using var author = Running.Client(fixture.Keys["author"]);
        // Expect: 100-continue, as curl sends a large body: the server answers before the 9 MiB are sent.
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/exercises/huge") { Content = new ByteArrayContent(new byte[9 * 1024 * 1024]) };
        request.Headers.ExpectContinue = true;
        using var response = await author.SendAsync(request);
        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await ShouldNotBePublishedAsync(author, "huge");
    }

    [Fact]
    public async Task A_full_queue_refuses_a_batch_with_503_and_retry_after_and_stores_none_of_it()
    {
        await using var small = await RunningServer.StartAsync(configure: o => o with { QueueCapacity = 1, GradingLoops = 1 });
        using var author = small.Client(await small.CreateKeyAsync("author"));
        await RunningServer.UploadCreatedAsync(author, "marked", Repository.Marked);
        var source = new { exercise = "marked", source = "def shout(s):\n    return s\n" };
        using var response = await author.PostAsync("/api/v1/submissions", RunningServer.Json(new { submissions = new[] { source, source } }));
        var problem = await ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.ShouldNotBeNull();
        problem.GetProperty("detail").GetString()!.ShouldContain("queue is full");
        JsonDocument.Parse(await author.GetStringAsync("/api/v1/submissions")).RootElement.GetArrayLength().ShouldBe(0);
    }

    private async Task<int> CountAsync()
    {
        using var admin = Running.Client(fixture.Keys["admin"]);
        return JsonDocument.Parse(await admin.GetStringAsync("/api/v1/submissions?limit=1000")).RootElement.GetArrayLength();
    }

    private async Task ShouldNotBePublishedAsync(HttpClient author, string id)
    {
        Directory.Exists(Path.Combine(Running.DataDirectory, "exercises", id)).ShouldBeFalse($"an upload of '{id}' that failed left files behind");
        using var response = await author.GetAsync($"/api/v1/exercises/{id}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var list = await author.GetStringAsync("/api/v1/exercises");
        list.ShouldNotContain($"\"{id}\"");
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().ShouldBe((int)status);
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }
}
