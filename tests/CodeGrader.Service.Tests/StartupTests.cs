using CodeGrader.Service;
using Microsoft.Extensions.Logging;

namespace CodeGrader.Service.Tests;

/// <summary>What <c>codegrader serve</c> prints when it starts.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task The_first_start_prints_where_it_listens_and_an_admin_key_that_works_and_a_restart_prints_no_key()
    {
        var data = Path.Combine(Path.GetTempPath(), "codegrader-service-tests", Guid.NewGuid().ToString("N"));
        var options = new ServiceOptions { Urls = "http://127.0.0.1:0", DataDirectory = data };
        try
        {
            var first = new StringWriter();
            string key;
            await using (var server = await GraderServer.StartAsync(options, first, b => b.Logging.SetMinimumLevel(LogLevel.Warning)))
            {
                var printed = first.ToString();
                printed.ShouldContain($"listening on {server.Urls[0]}");
                key = printed.Split(['\n', ' '], StringSplitOptions.RemoveEmptyEntries).Single(w => w.StartsWith("cg_", StringComparison.Ordinal));
                using var client = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
                (await client.GetStringAsync("/api/v1/keys")).ShouldContain("\"role\":\"admin\"");
            }

            var second = new StringWriter();
            await using (var server = await GraderServer.StartAsync(options, second, b => b.Logging.SetMinimumLevel(LogLevel.Warning)))
            {
                second.ToString().ShouldContain("listening on");
                second.ToString().ShouldNotContain("cg_");
                server.FirstAdminKey.ShouldBeNull();
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
