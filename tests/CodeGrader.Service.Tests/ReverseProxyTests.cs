using System.Net;
using CodeGrader.Service.Configuration;
using Microsoft.Extensions.Logging;

namespace CodeGrader.Service.Tests;

/// <summary>Behind a reverse proxy: forwarded headers believed from the proxies configured, and only from them; every
/// log line of a request carries its request id.</summary>
public sealed class ReverseProxyTests
{
    [Fact]
    public async Task Forwarded_headers_from_a_known_proxy_give_the_client_address_and_scheme_in_the_log_and_every_line_carries_the_request_id()
    {
        var logs = new CapturedLogs();
        await using var running = await RunningServer.StartAsync(
            configure: o => o with { ForwardedHeaders = new ReverseProxyOptions { KnownProxies = ["127.0.0.1"] } },
            builder: b => Capture(b, logs));
        var line = await RequestLineAsync(running, logs, "behind-proxy-1");
        line.Message.ShouldContain("GET https://grader.example/healthz from 203.0.113.9");
        line.Scope["RequestId"].ShouldBe("behind-proxy-1");
    }

    [Fact]
    public async Task Forwarded_headers_are_ignored_when_no_proxy_is_configured()
    {
        var logs = new CapturedLogs();
        await using var running = await RunningServer.StartAsync(builder: b => Capture(b, logs));
        var line = await RequestLineAsync(running, logs, "no-proxy-1");
        line.Message.ShouldContain("from 127.0.0.1");
        line.Message.ShouldContain("GET http://127.0.0.1:");
        line.Message.ShouldNotContain("203.0.113.9");
    }

    private static async Task<CapturedLogs.Line> RequestLineAsync(RunningServer running, CapturedLogs logs, string requestId)
    {
        using var client = running.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("X-Request-Id", requestId);
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "grader.example");
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        for (var i = 0; i < 50 && !logs.Lines.Any(l => l.Message.Contains(requestId, StringComparison.Ordinal)); i++) await Task.Delay(20);
        return logs.Lines.Single(l => l.Message.Contains($"(request {requestId})", StringComparison.Ordinal));
    }

    private static void Capture(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder, CapturedLogs logs)
    {
        builder.Logging.AddProvider(logs);
        builder.Logging.AddFilter<CapturedLogs>("CodeGrader", LogLevel.Information);
    }
}
