using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CodeGrader.Service;
using CodeGrader.Service.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CodeGrader.Service.Tests;

/// <summary>
/// The real service: <see cref="GraderServer"/> on Kestrel at 127.0.0.1 with a free port, a data directory of its own,
/// the real sandbox and engine. Tests talk to it with <see cref="HttpClient"/> only.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly bool _ownsData;

    private RunningServer(GraderServer server, string dataDirectory, bool ownsData, string adminKey)
    {
        Server = server;
        DataDirectory = dataDirectory;
        _ownsData = ownsData;
        AdminKey = adminKey;
        BaseAddress = new Uri(server.Urls[0]);
    }

    public GraderServer Server { get; }
    public string DataDirectory { get; }
    public string AdminKey { get; }
    public Uri BaseAddress { get; }

    /// <summary>Starts a server; on an existing data directory or database pass its admin key (the server prints one only
    /// on the first start). Without <paramref name="database"/>, SQLite in the data directory.</summary>
    /// <param name="settings">Configuration keys (e.g. <c>Webhooks:AllowPrivateNetworks</c>), read as a configuration file
    /// or the environment would give them (<see cref="ServiceConfiguration.Bind"/>).</param>
    public static async Task<RunningServer> StartAsync(string? dataDirectory = null, string? adminKey = null,
        Func<ServiceOptions, ServiceOptions>? configure = null, TestDatabase? database = null, Action<WebApplicationBuilder>? builder = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= NewDataDirectory();
        var configuration = new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0", ["DataDirectory"] = dataDirectory, ["GradingLoops"] = "2" };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>()) configuration[name] = value;
        var options = ServiceConfiguration.Bind(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        options = database?.Apply(options) ?? options;
        options = configure?.Invoke(options) ?? options;
        var server = await GraderServer.StartAsync(options, configure: b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            builder?.Invoke(b);
        });
        var key = server.FirstAdminKey ?? adminKey ?? throw new InvalidOperationException("no admin key for an existing data directory");
        return new RunningServer(server, dataDirectory, owns, key);
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "codegrader-service-tests", Guid.NewGuid().ToString("N"));

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task<string> CreateKeyAsync(string role, string? name = null, DateTimeOffset? expiresAt = null)
    {
        using var admin = Client(AdminKey);
        using var response = await admin.PostAsJsonAsync("/api/v1/keys", new { name = name ?? role, role, expires_at = expiresAt });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("key").GetString()!;
    }

    /// <summary>An invitation created by <paramref name="authorKey"/>: the whole 201 body (invitation, token, link, webhook_secret).</summary>
    public async Task<JsonElement> InviteAsync(string authorKey, string exercise, int maxAttempts, DateTimeOffset? expiresAt = null, string? label = null, string? callbackUrl = null)
    {
        using var author = Client(authorKey);
        using var response = await author.PostAsync("/api/v1/invitations", Json(new { exercise, max_attempts = maxAttempts, expires_at = expiresAt, label, callback_url = callbackUrl }));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string id, string folder)
    {
        using var content = new ByteArrayContent(Zip(folder));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return await client.PutAsync($"/api/v1/exercises/{id}", content);
    }

    /// <summary>Uploads an exercise that must be accepted: a refusal fails the test with the server's reasons.</summary>
    public static async Task UploadCreatedAsync(HttpClient client, string id, string folder)
    {
        using var response = await UploadAsync(client, id, folder);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static byte[] Zip(string folder)
    {
        using var buffer = new MemoryStream();
        ZipFile.CreateFromDirectory(folder, buffer, CompressionLevel.Fastest, includeBaseDirectory: true);
        return buffer.ToArray();
    }

    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public static StringContent RawJson(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>Polls the submission until it is no longer queued or running.</summary>
    public static async Task<JsonElement> WaitForEndAsync(HttpClient client, long id)
    {
        for (var i = 0; i < 600; i++)
        {
            var body = await client.GetStringAsync($"/api/v1/submissions/{id}");
            var root = JsonDocument.Parse(body).RootElement;
            if (root.GetProperty("status").GetString() is not ("queued" or "running")) return root;
            await Task.Delay(200);
        }
        throw new TimeoutException($"submission {id} did not end");
    }

    public static async Task<long> SubmitAsync(HttpClient client, string exercise, string source)
    {
        using var response = await client.PostAsync("/api/v1/submissions", Json(new { exercise, source }));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (_ownsData) DeleteData();
    }

    public void DeleteData()
    {
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
