using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CodeGrader.Service.Tests;

/// <summary>One server for the Judge0 contract tests, with a callback key the tests know and a candidate key of each side.</summary>
public sealed class Judge0Fixture : IAsyncLifetime
{
    public const string CallbackSecret = "judge0-test-callback-secret";

    public RunningServer Running { get; private set; } = null!;
    public string Key { get; private set; } = "";
    public string OtherKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Running = await RunningServer.StartAsync(settings: ServiceFixture.Settings, configure: o => o with { Judge0 = o.Judge0 with { CallbackSecret = CallbackSecret } });
        Key = await Running.CreateKeyAsync("candidate", "judge0 client");
        OtherKey = await Running.CreateKeyAsync("candidate", "another judge0 client");
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(Running.BaseAddress, "/judge0/"), Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null) client.DefaultRequestHeaders.Add("X-Auth-Token", key);
        return client;
    }

    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static byte[] Unb64(string text) => Convert.FromBase64String(text.Replace("\n", "", StringComparison.Ordinal));

    /// <summary>Polls GET /submissions/{token} until the status is neither In Queue nor Processing.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, string token, string query = "base64_encoded=true&fields=*")
    {
        for (var i = 0; i < 600; i++)
        {
            var body = JsonDocument.Parse(await client.GetStringAsync($"submissions/{token}?{query}")).RootElement;
            if (body.GetProperty("status").GetProperty("id").GetInt32() > 2) return body;
            await Task.Delay(100);
        }
        throw new TimeoutException($"submission {token} did not finish");
    }

    public async Task DisposeAsync() => await Running.DisposeAsync();
}
