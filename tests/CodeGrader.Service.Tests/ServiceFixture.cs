namespace CodeGrader.Service.Tests;

/// <summary>One server for the tests that share it, with palindrome and the marked exercise published (each upload is
/// verified, which takes seconds) and a key of every role.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public RunningServer Running { get; private set; } = null!;
    public Dictionary<string, string> Keys { get; } = [];

    public async Task InitializeAsync()
    {
        Running = await RunningServer.StartAsync();
        Keys["admin"] = Running.AdminKey;
        foreach (var role in new[] { "author", "ci", "candidate" }) Keys[role] = await Running.CreateKeyAsync(role);
        Keys["other candidate"] = await Running.CreateKeyAsync("candidate", "another candidate");
        using var author = Running.Client(Keys["author"]);
        (await RunningServer.UploadAsync(author, "palindrome", Repository.Palindrome)).EnsureSuccessStatusCode();
        (await RunningServer.UploadAsync(author, "marked", Repository.Marked)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await Running.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
