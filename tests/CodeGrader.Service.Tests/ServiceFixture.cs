namespace CodeGrader.Service.Tests;

/// <summary>One server for the tests that share it, with palindrome and the marked exercise published (each upload is
/// verified, which takes seconds) and a key of every role; on SQLite, or on PostgreSQL (<see cref="PostgresServiceFixture"/>).</summary>
public class ServiceFixture : IAsyncLifetime
{
    public RunningServer Running { get; private set; } = null!;
    public TestDatabase Database { get; private set; } = null!;
    public Dictionary<string, string> Keys { get; } = [];

    protected virtual string Provider => TestDatabase.Sqlite;

    /// <summary>Callbacks may reach the tests' receivers on loopback, and are retried quickly.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:FirstDelay"] = "00:00:00.200",
        ["Webhooks:MaxAttempts"] = "4",
        ["Webhooks:PollInterval"] = "00:00:00.100",
        ["Webhooks:Timeout"] = "00:00:05",
    };

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Provider);
        Running = await RunningServer.StartAsync(database: Database, settings: Settings);
        Keys["admin"] = Running.AdminKey;
        foreach (var role in new[] { "author", "ci", "candidate" }) Keys[role] = await Running.CreateKeyAsync(role);
        Keys["other candidate"] = await Running.CreateKeyAsync("candidate", "another candidate");
        using var author = Running.Client(Keys["author"]);
        foreach (var (id, folder) in new[] { ("palindrome", Repository.Palindrome), ("marked", Repository.Marked) })
        {
            using var response = await RunningServer.UploadAsync(author, id, folder);
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
    }

    public async Task DisposeAsync()
    {
        await Running.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>The shared server on a PostgreSQL database of its own.</summary>
public sealed class PostgresServiceFixture : ServiceFixture
{
    protected override string Provider => TestDatabase.Postgres;
}

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}

[CollectionDefinition(Name)]
public sealed class PostgresServiceCollection : ICollectionFixture<PostgresServiceFixture>
{
    public const string Name = "service on postgresql";
}

/// <summary>Tests that start servers of their own run one after another, so they do not all verify uploads at once on a
/// busy machine.</summary>
[CollectionDefinition(Name)]
public sealed class OwnServers
{
    public const string Name = "own servers";
}
