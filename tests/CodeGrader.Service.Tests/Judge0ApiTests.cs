using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CodeGrader.Service.Tests;

/// <summary>
/// The Judge0-compatible endpoint over HTTP against a real server, one contract test per endpoint from Judge0 CE 1.13's
/// documented examples (docs/api in judge0/judge0), Python programs run in the real sandbox.
/// </summary>
public sealed partial class Judge0ApiTests(Judge0Fixture fixture) : IClassFixture<Judge0Fixture>
{
    private const string Hello = "name = input()\nprint(f'hello, {name}')\n";

    /// <summary>Every field of Judge0 1.13.1's config_info (app/helpers/config.rb), which the SDK's Config model requires.</summary>
    private static readonly string[] ConfigFields =
    [
        "maintenance_mode", "enable_wait_result", "enable_compiler_options", "allowed_languages_for_compile_options", "enable_command_line_arguments",
        "enable_submission_delete", "enable_callbacks", "callbacks_max_tries", "callbacks_timeout", "enable_additional_files", "max_queue_size",
        "cpu_time_limit", "max_cpu_time_limit", "cpu_extra_time", "max_cpu_extra_time", "wall_time_limit", "max_wall_time_limit", "memory_limit",
        "max_memory_limit", "stack_limit", "max_stack_limit", "max_processes_and_or_threads", "max_max_processes_and_or_threads",
        "enable_per_process_and_thread_time_limit", "allow_enable_per_process_and_thread_time_limit", "enable_per_process_and_thread_memory_limit",
        "allow_enable_per_process_and_thread_memory_limit", "max_file_size", "max_max_file_size", "number_of_runs", "max_number_of_runs",
        "redirect_stderr_to_stdout", "max_extract_size", "enable_batched_submissions", "max_submission_batch_size", "submission_cache_duration",
        "use_docs_as_homepage", "allow_enable_network", "enable_network",
    ];

    private static JsonElement Parse(string body) => JsonDocument.Parse(body).RootElement;

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsync(path, Judge0Fixture.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : Parse(text));
    }

    [Fact]
    public async Task Languages_list_python_3_under_judge0s_id_71_and_an_unknown_language_is_not_found()
    {
        using var client = fixture.Client(fixture.Key);

        var languages = Parse(await client.GetStringAsync("languages"));
        var python = languages.EnumerateArray().ShouldHaveSingleItem();
        python.GetProperty("id").GetInt32().ShouldBe(71);
        python.GetProperty("name").GetString()!.ShouldMatch(@"^Python \(3\.\d+\.\d+\)$");
        python.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "name"]);

        var one = Parse(await client.GetStringAsync("languages/71"));
        one.GetProperty("name").GetString().ShouldBe(python.GetProperty("name").GetString());
        one.GetProperty("is_archived").GetBoolean().ShouldBeFalse();
        one.GetProperty("source_file").GetString().ShouldBe("script.py");
        one.GetProperty("compile_cmd").ValueKind.ShouldBe(JsonValueKind.Null);

        using var missing = await client.GetAsync("languages/4");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task About_config_info_and_statuses_answer_with_every_field_judge0_documents()
    {
        using var client = fixture.Client(fixture.Key);

        Parse(await client.GetStringAsync("about")).GetProperty("version").GetString().ShouldBe("1.13.1");

        var config = Parse(await client.GetStringAsync("config_info"));
        config.EnumerateObject().Select(p => p.Name).ShouldBe(ConfigFields, ignoreOrder: true);
        config.GetProperty("enable_wait_result").GetBoolean().ShouldBeTrue();
        config.GetProperty("max_submission_batch_size").GetInt32().ShouldBe(20);
        config.GetProperty("allow_enable_network").GetBoolean().ShouldBeFalse();

        var statuses = Parse(await client.GetStringAsync("statuses")).EnumerateArray()
            .Select(s => (s.GetProperty("id").GetInt32(), s.GetProperty("description").GetString())).ToList();
        statuses.Select(s => s.Item1).ShouldBe(Enumerable.Range(1, 14));
        statuses.ShouldContain((3, "Accepted"));
        statuses.ShouldContain((6, "Compilation Error"));
        statuses.ShouldContain((11, "Runtime Error (NZEC)"));
        statuses.ShouldContain((14, "Exec Format Error"));
    }

    [Theory]
    [InlineData("GET", "languages")]
    [InlineData("GET", "config_info")]
    [InlineData("POST", "submissions")]
    [InlineData("GET", "submissions/d85cd024-1548-4165-96c7-7bc88673f194")]
    [InlineData("GET", "submissions/batch?tokens=x")]
    public async Task A_missing_or_wrong_token_gets_judge0s_401_with_an_empty_body(string method, string path)
    {
        foreach (var key in new[] { null, "cg_not-a-key" })
        {
            using var client = fixture.Client(key);
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Judge0Fixture.Json(new { source_code = "print(1)", language_id = 71 }) : null };
            using var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task A_submission_with_stdin_and_wait_true_comes_back_accepted_with_judge0s_default_fields()
    {
        using var client = fixture.Client(fixture.Key);

        var (status, body) = await PostAsync(client, "submissions?wait=true", new { source_code = Hello, language_id = "71", stdin = "Judge0", expected_output = "hello, Judge0" });

        status.ShouldBe(HttpStatusCode.Created);
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status"]);
        body.GetProperty("stdout").GetString().ShouldBe("hello, Judge0\n");
        body.GetProperty("stderr").ValueKind.ShouldBe(JsonValueKind.Null);
        body.GetProperty("status").GetProperty("id").GetInt32().ShouldBe(3);
        body.GetProperty("status").GetProperty("description").GetString().ShouldBe("Accepted");
        double.Parse(body.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(0);
        body.GetProperty("memory").GetInt64().ShouldBeGreaterThan(0);
        Guid.TryParse(body.GetProperty("token").GetString(), out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Wait_false_returns_only_a_token_at_once_and_the_result_is_read_by_token_with_fields_and_judge0s_dates()
    {
        using var client = fixture.Client(fixture.Key);

        var (status, created) = await PostAsync(client, "submissions?base64_encoded=true&wait=false",
            new { source_code = Judge0Fixture.B64(Hello), language_id = 71, stdin = Judge0Fixture.B64("world") });
        status.ShouldBe(HttpStatusCode.Created);
        created.EnumerateObject().Select(p => p.Name).ShouldBe(["token"]);
        var token = created.GetProperty("token").GetString()!;

        var all = await Judge0Fixture.WaitAsync(client, token);
        Encoding.UTF8.GetString(Judge0Fixture.Unb64(all.GetProperty("stdout").GetString()!)).ShouldBe("hello, world\n");
        Encoding.UTF8.GetString(Judge0Fixture.Unb64(all.GetProperty("source_code").GetString()!)).ShouldBe(Hello);
        all.GetProperty("language").GetProperty("id").GetInt32().ShouldBe(71);
        all.GetProperty("exit_code").GetInt32().ShouldBe(0);
        all.GetProperty("cpu_time_limit").GetString().ShouldBe("5.0");
        all.GetProperty("memory_limit").GetInt32().ShouldBe(128000);
        all.GetProperty("created_at").GetString()!.ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$");
        all.GetProperty("finished_at").GetString()!.ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$");
        foreach (var unknownToTheSdk in new[] { "started_at", "queued_at", "updated_at", "queue_host", "execution_host" })
            all.TryGetProperty(unknownToTheSdk, out _).ShouldBeFalse(unknownToTheSdk);

        var some = Parse(await client.GetStringAsync($"submissions/{token}?fields=stdout,status_id,language_id,stderr"));
        some.EnumerateObject().Select(p => p.Name).ShouldBe(["stdout", "status_id", "language_id", "stderr"]);
        some.GetProperty("stdout").GetString().ShouldBe("hello, world\n");
        some.GetProperty("status_id").GetInt32().ShouldBe(3);

        using var invalid = await client.GetAsync($"submissions/{token}?fields=stdout,foo,bar");
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Parse(await invalid.Content.ReadAsStringAsync()).GetProperty("error").GetString().ShouldBe("invalid fields: [foo, bar]");
    }

    [Fact]
    public async Task Expected_output_is_compared_judge0s_way_trailing_whitespace_of_lines_and_of_the_text_ignored()
    {
        using var client = fixture.Client(fixture.Key);
        const string source = "print('a  ')\nprint('b')\nprint()\n";

        var (_, trailing) = await PostAsync(client, "submissions?wait=true", new { source_code = source, language_id = 71, expected_output = "a\nb" });
        trailing.GetProperty("status").GetProperty("id").GetInt32().ShouldBe(3);

        var (_, leading) = await PostAsync(client, "submissions?wait=true", new { source_code = source, language_id = 71, expected_output = " a\nb" });
        leading.GetProperty("status").GetProperty("id").GetInt32().ShouldBe(4);
        leading.GetProperty("status").GetProperty("description").GetString().ShouldBe("Wrong Answer");

        var (_, inner) = await PostAsync(client, "submissions?wait=true", new { source_code = source, language_id = 71, expected_output = "a\n\nb" });
        inner.GetProperty("status").GetProperty("id").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task Non_ascii_and_binary_output_round_trip_through_base64_and_plain_text_gets_judge0s_utf8_error()
    {
        using var client = fixture.Client(fixture.Key);
        const string source = "import sys\ntext = sys.stdin.read()\nprint(text.upper() + ' ✓')\nsys.stdout.flush()\nsys.stdout.buffer.write(bytes(range(256)))\n";

        var (status, body) = await PostAsync(client, "submissions?base64_encoded=true&wait=true",
            new { source_code = Judge0Fixture.B64(source), language_id = 71, stdin = Judge0Fixture.B64("grüße") });

        status.ShouldBe(HttpStatusCode.Created);
        body.GetProperty("status").GetProperty("id").GetInt32().ShouldBe(3);
        var encoded = body.GetProperty("stdout").GetString()!;
        encoded.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldAllBe(line => line.Length <= 60);
        byte[] expected = [.. Encoding.UTF8.GetBytes("GRÜSSE ✓\n"), .. Enumerable.Range(0, 256).Select(b => (byte)b)];
        Judge0Fixture.Unb64(encoded).ShouldBe(expected);
        var token = body.GetProperty("token").GetString()!;

        using var plain = await client.GetAsync($"submissions/{token}");
        plain.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Parse(await plain.Content.ReadAsStringAsync()).GetProperty("error").GetString()
            .ShouldBe("some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter");

        var (waited, unencoded) = await PostAsync(client, "submissions?wait=true", new { source_code = "import sys\nsys.stdout.buffer.write(b'\\xfe')\n", language_id = 71 });
        waited.ShouldBe(HttpStatusCode.Created);
        unencoded.GetProperty("error").GetString()!.ShouldStartWith("some attributes for this submission cannot be converted to UTF-8");
        unencoded.GetProperty("token").GetString().ShouldNotBeNullOrEmpty();

        var (_, text) = await PostAsync(client, "submissions?wait=true", new { source_code = "print('naïve ✓ 日本')", language_id = 71 });
        text.GetProperty("stdout").GetString().ShouldBe("naïve ✓ 日本\n");
    }

    [Fact]
    public async Task A_syntax_error_is_a_compilation_error_with_compile_output_naming_the_line()
    {
        using var client = fixture.Client(fixture.Key);

        var (_, body) = await PostAsync(client, "submissions?wait=true", new { source_code = "print('a')\nprint('b'\n", language_id = 71 });

        body.GetProperty("status").GetProperty("id").GetInt32().ShouldBe(6);
        body.GetProperty("status").GetProperty("description").GetString().ShouldBe("Compilation Error");
        body.GetProperty("compile_output").GetString()!.ShouldContain("line 2");
        body.GetProperty("stdout").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_runtime_error_is_nzec_with_pythons_traceback_on_stderr_and_the_exit_code()
    {
        using var client = fixture.Client(fixture.Key);

        var (_, body) = await PostAsync(client, "submissions?wait=true&fields=status,stderr,exit_code,message", new { source_code = "print('x')\nraise ValueError('bad input')\n", language_id = 71 });

        body.GetProperty("status").GetProperty("id").GetInt32().ShouldBe(11);
        body.GetProperty("exit_code").GetInt32().ShouldBe(1);
        body.GetProperty("stderr").GetString()!.ShouldContain("Traceback (most recent call last):");
        body.GetProperty("stderr").GetString()!.ShouldEndWith("ValueError: bad input\n");
    }

    [Fact]
    public async Task A_program_past_its_cpu_time_limit_is_time_limit_exceeded()
    {
        using var client = fixture.Client(fixture.Key);

        var (_, body) = await PostAsync(client, "submissions?wait=true", new { source_code = "while True:\n    pass\n", language_id = 71, cpu_time_limit = 0.5, wall_time_limit = 3 });

        body.GetProperty("status").GetProperty("id").GetInt32().ShouldBe(5);
        body.GetProperty("status").GetProperty("description").GetString().ShouldBe("Time Limit Exceeded");
    }

    [Fact]
    public async Task A_program_over_its_memory_limit_gets_judge0s_closest_status_with_ours_in_message()
    {
        using var client = fixture.Client(fixture.Key);

        var (_, body) = await PostAsync(client, "submissions?wait=true&fields=status,message,exit_signal,exit_code",
            new { source_code = "block = bytearray(300 * 1024 * 1024)\nprint(len(block))\n", language_id = 71, memory_limit = 65536 });

        body.GetProperty("status").GetProperty("id").GetInt32().ShouldBeOneOf(11, 12);
        body.GetProperty("message").GetString()!.ShouldContain("memory limit exceeded");
    }

    [Fact]
    public async Task Output_past_max_file_size_is_judge0s_sigxfsz_with_ours_in_message()
    {
        using var client = fixture.Client(fixture.Key);

        var (_, body) = await PostAsync(client, "submissions?wait=true&fields=status,message,stdout", new { source_code = "print('x' * 5000)", language_id = 71, max_file_size = 1 });

        body.GetProperty("status").GetProperty("id").GetInt32().ShouldBe(8);
        body.GetProperty("status").GetProperty("description").GetString().ShouldBe("Runtime Error (SIGXFSZ)");
        body.GetProperty("message").GetString()!.ShouldContain("output limit exceeded");
    }

    [Fact]
    public async Task A_full_queue_gets_judge0s_503_and_stores_nothing()
    {
        await using var running = await RunningServer.StartAsync(configure: o => o with { GradingLoops = 1, Judge0 = o.Judge0 with { MaxQueueSize = 1 } });
        var key = await running.CreateKeyAsync("ci");
        using var client = new HttpClient { BaseAddress = new Uri(running.BaseAddress, "/judge0/") };
        client.DefaultRequestHeaders.Add("X-Auth-Token", key);
        var slow = new { source_code = "import time\ntime.sleep(3)\n", language_id = 71 };

        var answers = new List<(HttpStatusCode Status, JsonElement Body)>();
        for (var i = 0; i < 3; i++) answers.Add(await PostAsync(client, "submissions", slow));

        var full = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        full.ShouldNotBeEmpty();
        full.ShouldAllBe(a => a.Body.GetProperty("error").GetString() == "queue is full");
        foreach (var created in answers.Where(a => a.Status == HttpStatusCode.Created)) created.Body.GetProperty("token").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_bad_language_a_missing_source_and_a_limit_over_the_maximum_get_judge0s_422_shape()
    {
        using var client = fixture.Client(fixture.Key);

        var (status, unknown) = await PostAsync(client, "submissions", new { source_code = Hello, language_id = 150000, stdin = "world", expected_output = "hello, world" });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        unknown.GetProperty("language_id").EnumerateArray().Select(e => e.GetString()).ShouldBe(["language with id 150000 doesn't exist"]);

        var (_, blank) = await PostAsync(client, "submissions", new { source_code = Hello });
        blank.GetProperty("language_id").EnumerateArray().Select(e => e.GetString()).ShouldBe(["can't be blank"]);

        var (_, noSource) = await PostAsync(client, "submissions", new { language_id = 71 });
        noSource.GetProperty("source_code").EnumerateArray().Select(e => e.GetString()).ShouldBe(["can't be blank"]);

        var (overStatus, over) = await PostAsync(client, "submissions", new { source_code = Hello, language_id = 71, wall_time_limit = 100000, memory_limit = 10_000_000 });
        overStatus.ShouldBe(HttpStatusCode.UnprocessableEntity);
        over.GetProperty("wall_time_limit").EnumerateArray().Select(e => e.GetString()).ShouldBe(["must be less than or equal to 20.0"]);
        over.GetProperty("memory_limit").EnumerateArray().Select(e => e.GetString()).ShouldBe(["must be less than or equal to 512000"]);

        var (_, network) = await PostAsync(client, "submissions", new { source_code = Hello, language_id = 71, enable_network = true });
        network.GetProperty("enable_network").EnumerateArray().Select(e => e.GetString()).ShouldBe(["enabling network is not allowed"]);
    }

    [Fact]
    public async Task An_unknown_token_and_another_keys_token_are_not_found()
    {
        using var client = fixture.Client(fixture.Key);
        using var other = fixture.Client(fixture.OtherKey);
        var (_, created) = await PostAsync(client, "submissions", new { source_code = "print(1)", language_id = 71 });
        var token = created.GetProperty("token").GetString()!;

        using var unknown = await client.GetAsync("submissions/d85cd024-1548-4165-96c7-7bc88673f194");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var foreign = await other.GetAsync($"submissions/{token}");
        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var batch = Parse(await other.GetStringAsync($"submissions/batch?tokens={token}"));
        batch.GetProperty("submissions")[0].ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task A_batch_of_20_runs_each_on_its_own_stdin_and_is_read_back_by_tokens_and_21_are_refused()
    {
        using var client = fixture.Client(fixture.Key);
        var submissions = Enumerable.Range(0, 20).Select(i => new
        {
            source_code = Judge0Fixture.B64("print(int(input()) * 2)"),
            language_id = 71,
            stdin = Judge0Fixture.B64(i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            expected_output = Judge0Fixture.B64((i * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }).ToList();

        var (status, created) = await PostAsync(client, "submissions/batch?base64_encoded=true", new { submissions });
        status.ShouldBe(HttpStatusCode.Created);
        var tokens = created.EnumerateArray().Select(t => t.GetProperty("token").GetString()!).ToList();
        tokens.Count.ShouldBe(20);
        tokens.Distinct().Count().ShouldBe(20);

        JsonElement[] results = [];
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var batch = Parse(await client.GetStringAsync($"submissions/batch?tokens={string.Join(",", tokens)}&base64_encoded=true&fields=token,stdout,status_id"));
            results = [.. batch.GetProperty("submissions").EnumerateArray()];
            if (results.All(r => r.GetProperty("status_id").GetInt32() > 2)) break;
            await Task.Delay(200);
        }
        results.Length.ShouldBe(20);
        for (var i = 0; i < 20; i++)
        {
            results[i].GetProperty("token").GetString().ShouldBe(tokens[i]);
            results[i].GetProperty("status_id").GetInt32().ShouldBe(3);
            Encoding.UTF8.GetString(Judge0Fixture.Unb64(results[i].GetProperty("stdout").GetString()!)).ShouldBe($"{i * 2}\n");
        }

        var withUnknown = Parse(await client.GetStringAsync($"submissions/batch?tokens={tokens[0]},d85cd024-1548-4165-96c7-7bc88673f194"));
        withUnknown.GetProperty("submissions")[0].GetProperty("token").GetString().ShouldBe(tokens[0]);
        withUnknown.GetProperty("submissions")[1].ValueKind.ShouldBe(JsonValueKind.Null);
        using (var tooManyTokens = await client.GetAsync($"submissions/batch?tokens={string.Join(",", tokens)},{tokens[0]}"))
            tooManyTokens.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var (tooMany, refused) = await PostAsync(client, "submissions/batch", new { submissions = Enumerable.Repeat(new { source_code = "print(1)", language_id = 71 }, 21) });
        tooMany.ShouldBe(HttpStatusCode.BadRequest);
        refused.GetProperty("error").GetString().ShouldBe("number of submissions in a batch should be less than or equal to 20");

        var (mixed, mixedBody) = await PostAsync(client, "submissions/batch", new { submissions = new object[] { new { source_code = "print(1)", language_id = 71 }, new { source_code = "print(1)", language_id = 4 } } });
        mixed.ShouldBe(HttpStatusCode.Created);
        mixedBody[0].TryGetProperty("token", out _).ShouldBeTrue();
        mixedBody[1].GetProperty("language_id")[0].GetString().ShouldBe("language with id 4 doesn't exist");
    }

    [Fact]
    public async Task The_callback_url_gets_judge0s_put_of_the_submission_signed_with_the_servers_key()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/done/");
        listener.Start();
        var received = listener.GetContextAsync();
        using var client = fixture.Client(fixture.Key);

        var (_, created) = await PostAsync(client, "submissions", new { source_code = "print('called back')", language_id = 71, callback_url = $"http://127.0.0.1:{port}/done/" });

        var context = await received.WaitAsync(TimeSpan.FromMinutes(1));
        context.Request.HttpMethod.ShouldBe("PUT");
        using var reader = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(reader);
        var body = reader.ToArray();
        context.Response.StatusCode = 200;
        context.Response.Close();

        var signature = context.Request.Headers["X-CodeGrader-Signature"].ShouldNotBeNull();
        var match = SignatureFormat().Match(signature);
        match.Success.ShouldBeTrue(signature);
        var signed = Encoding.UTF8.GetBytes(match.Groups["t"].Value + ".").Concat(body).ToArray();
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Judge0Fixture.CallbackSecret), signed)).ShouldBe(match.Groups["mac"].Value);
        var json = Parse(Encoding.UTF8.GetString(body));
        json.GetProperty("token").GetString().ShouldBe(created.GetProperty("token").GetString());
        json.GetProperty("status").GetProperty("id").GetInt32().ShouldBe(3);
        Encoding.UTF8.GetString(Judge0Fixture.Unb64(json.GetProperty("stdout").GetString()!)).ShouldBe("called back\n");
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    [GeneratedRegex("^t=(?<t>[0-9]+),v1=(?<mac>[0-9a-f]{64})$")]
    private static partial Regex SignatureFormat();
}
