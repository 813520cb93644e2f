using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CodeGrader.Service.Configuration;

namespace CodeGrader.Service.Tests;

/// <summary>/metrics as Prometheus and an attacker see it.</summary>
public sealed partial class MetricsTests
{
    [Fact]
    public async Task Metrics_are_refused_without_a_key_and_to_a_candidate_and_served_to_an_admin_with_a_graded_submissions_verdict_and_time()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using var running = await RunningServer.StartAsync(database: database);
        var candidateKey = await running.CreateKeyAsync("candidate");
        using (var anonymous = running.Client())
            (await anonymous.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var candidate = running.Client(candidateKey))
        {
            using var refused = await candidate.GetAsync("/metrics");
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await refused.Content.ReadAsStringAsync()).ShouldNotContain("codegrader_");
        }
        using var admin = running.Client(running.AdminKey);
        await RunningServer.UploadCreatedAsync(admin, "marked", Repository.Marked);
        var id = await RunningServer.SubmitAsync(admin, "marked", "def shout(s):\n    return s.upper() + '!'\n");
        (await RunningServer.WaitForEndAsync(admin, id)).GetProperty("verdict").GetString().ShouldBe("accepted");

        var text = await admin.GetStringAsync("/metrics");
        Value(text, "codegrader_verdicts_total{verdict=\"accepted\"}").ShouldBe(1);
        Value(text, "codegrader_submit_to_result_seconds_count").ShouldBe(1);
        Value(text, "codegrader_submit_to_result_seconds_sum").ShouldBeGreaterThan(0);
        Value(text, "codegrader_queue_depth").ShouldBe(0);
        Value(text, "codegrader_grading_busy").ShouldBe(0);
        Value(text, "codegrader_grading_workers").ShouldBe(2);
        text.ShouldContain("http_requests_received_total{code=\"201\",method=\"PUT\"");
    }

    [Fact]
    public async Task The_queue_depth_counts_submissions_queued_in_the_database_by_any_node()
    {
        await using var database = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        await using var running = await RunningServer.StartAsync(database: database);
        using var admin = running.Client(running.AdminKey);
        await RunningServer.UploadCreatedAsync(admin, "marked", Repository.Marked);
        // Another node's queue took these: this server's in-process queue never hears of them.
        await database.ExecuteAsync(running.DataDirectory, """
            INSERT INTO submissions (key_id, exercise, exercise_version, source, status, created_at)
            SELECT 1, 'marked', 1, 'pass', 'queued', 0 FROM api_keys WHERE id = 1;
            INSERT INTO submissions (key_id, exercise, exercise_version, source, status, created_at)
            SELECT 1, 'marked', 1, 'pass', 'queued', 0 FROM api_keys WHERE id = 1;
            """);
        Value(await admin.GetStringAsync("/metrics"), "codegrader_queue_depth").ShouldBe(2);
    }

    [Fact]
    public async Task On_a_loopback_port_of_their_own_metrics_need_no_key_and_the_service_addresses_do_not_serve_them()
    {
        var port = FreePort();
        await using var running = await RunningServer.StartAsync(configure: o => o with { Metrics = new MetricsOptions { Access = MetricsAccess.Loopback, Port = port } });
        running.Server.Urls.ShouldNotContain($"http://127.0.0.1:{port}");
        using var loopback = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        (await loopback.GetStringAsync("/metrics")).ShouldContain("codegrader_queue_depth");
        (await loopback.GetAsync("/api/v1/exercises")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var admin = running.Client(running.AdminKey);
        (await admin.GetAsync("/metrics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static double Value(string text, string series)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
            ?? throw new ShouldAssertException($"no series {series} in:\n{string.Join("\n", text.Split('\n').Where(l => l.StartsWith("codegrader_", StringComparison.Ordinal)))}");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
