using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>Callbacks on servers of their own: the SSRF guard as shipped (private networks refused), and deliveries
/// that outlive a restart.</summary>
[Collection(OwnServers.Name)]
public sealed class WebhookServerTests
{
    private const string Good = "def shout(s):\n    return s.upper() + '!'\n";

    [Fact]
    public async Task Callbacks_to_loopback_or_private_addresses_are_refused_when_given_and_at_delivery_on_the_resolved_address()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // A key's callback to loopback, set while this server allowed private networks...
        var first = await RunningServer.StartAsync(settings: new Dictionary<string, string?> { ["Webhooks:AllowPrivateNetworks"] = "true" });
        string ciKey;
        try
        {
            using (var author = first.Client(await first.CreateKeyAsync("author")))
                await RunningServer.UploadCreatedAsync(author, "marked", Repository.Marked);
            ciKey = await first.CreateKeyAsync("ci");
            using var hooked = first.Client(ciKey);
            await WebhookTests.SetWebhookAsync(hooked, receiver.Url);
            await first.Server.DisposeAsync();

            // ...is refused at delivery once it no longer does (the default), as is any private address when given.
            await using var running = await RunningServer.StartAsync(first.DataDirectory, first.AdminKey, settings: new Dictionary<string, string?>
            {
                ["Webhooks:MaxAttempts"] = "1",
                ["Webhooks:PollInterval"] = "00:00:00.100",
            });
            using var ci = running.Client(ciKey);
            using var author2 = running.Client(await running.CreateKeyAsync("author"));
            foreach (var url in new[] { receiver.Url, "http://localhost:8080/", "http://LOCALHOST./", "http://[::1]/hook", "http://169.254.169.254/latest/meta-data", "http://10.1.2.3/", "http://192.168.0.1/", "http://[::ffff:127.0.0.1]/" })
            {
                using var response = await ci.PostAsync("/api/v1/submissions", RunningServer.Json(new { exercise = "marked", source = Good, callback_url = url }));
                var problem = await InvitationTests.ProblemAsync(response, HttpStatusCode.BadRequest);
                problem.GetProperty("pointer").GetString().ShouldBe("/callback_url");
                problem.GetProperty("detail").GetString()!.ShouldContain("Webhooks:AllowPrivateNetworks");
            }
            using (var set = await ci.PutAsync("/api/v1/webhook", RunningServer.Json(new { callback_url = receiver.Url })))
                (await InvitationTests.ProblemAsync(set, HttpStatusCode.BadRequest)).GetProperty("pointer").GetString().ShouldBe("/callback_url");
            using (var invite = await author2.PostAsync("/api/v1/invitations", RunningServer.Json(new { exercise = "marked", max_attempts = 1, callback_url = receiver.Url })))
                (await InvitationTests.ProblemAsync(invite, HttpStatusCode.BadRequest)).GetProperty("pointer").GetString().ShouldBe("/callback_url");
            JsonDocument.Parse(await ci.GetStringAsync("/api/v1/submissions")).RootElement.GetArrayLength().ShouldBe(0);

            var id = await RunningServer.SubmitAsync(ci, "marked", Good); // the key's default callback, stored before
            var delivery = await WebhookTests.DeliveredAsync(ci, id, "failed");
            delivery.GetProperty("history")[0].GetProperty("error").GetString()!.ShouldContain("resolves to a loopback or private address");
            receiver.Requests.ShouldBeEmpty();
        }
        finally
        {
            first.DeleteData();
        }
    }

    [Fact]
    public async Task A_delivery_still_pending_when_the_server_stops_is_sent_after_it_starts_again()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:FirstDelay"] = "00:00:01",
            ["Webhooks:BackoffFactor"] = "1",
            ["Webhooks:MaxAttempts"] = "100",
            ["Webhooks:PollInterval"] = "00:00:00.100",
            ["Webhooks:Timeout"] = "00:00:02",
        };
        // A port with nothing listening yet: the receiver comes up only after the restart.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var url = $"http://127.0.0.1:{port}/hook";
        var first = await RunningServer.StartAsync(settings: settings);
        try
        {
            var ciKey = await first.CreateKeyAsync("ci");
            string secret;
            long id;
            using (var author = first.Client(await first.CreateKeyAsync("author")))
                await RunningServer.UploadCreatedAsync(author, "marked", Repository.Marked);
            using (var ci = first.Client(ciKey))
            {
                secret = await WebhookTests.SetWebhookAsync(ci, url);
                id = await RunningServer.SubmitAsync(ci, "marked", Good);
                await RunningServer.WaitForEndAsync(ci, id);
                for (var i = 0; ; i++)
                {
                    var deliveries = JsonDocument.Parse(await ci.GetStringAsync($"/api/v1/submissions/{id}/deliveries")).RootElement;
                    if (deliveries.GetArrayLength() == 1 && deliveries[0].GetProperty("attempts").GetInt32() >= 1)
                    {
                        deliveries[0].GetProperty("status").GetString().ShouldBe("pending");
                        break;
                    }
                    i.ShouldBeLessThan(300, "no attempt was recorded");
                    await Task.Delay(100);
                }
            }
            await first.Server.DisposeAsync();

            await using var receiver = await WebhookReceiver.StartAsync(port);
            await using var second = await RunningServer.StartAsync(first.DataDirectory, first.AdminKey, settings: settings);
            await receiver.WaitForAsync(1);
            var callback = receiver.Requests.First();
            WebhookReceiver.Verify(secret, callback.Signature, callback.Body).ShouldBeTrue();
            JsonDocument.Parse(callback.Body).RootElement.GetProperty("id").GetInt64().ShouldBe(id);
            using var ciAgain = second.Client(ciKey);
            var delivered = await WebhookTests.DeliveredAsync(ciAgain, id);
            var history = delivered.GetProperty("history").EnumerateArray().ToList();
            history.Count.ShouldBeGreaterThanOrEqualTo(2);
            history[0].TryGetProperty("status_code", out _).ShouldBeFalse(); // nothing answered before the restart
            history[^1].GetProperty("status_code").GetInt32().ShouldBe(200);
        }
        finally
        {
            first.DeleteData();
        }
    }
}
