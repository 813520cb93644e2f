using CodeGrader.Service.Tests;
using Microsoft.Playwright;

namespace CodeGrader.Web.Tests;

/// <summary>
/// One real server (palindrome, the marked exercise and the number_stats program published; a key of each role) and
/// Debian's chromium (/usr/bin/chromium, installed by scripts/setup.sh --tests) driven by Playwright, for the tests
/// that share them. Each test opens its own browser context, so cookies never carry over between tests.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    public RunningServer Running { get; private set; } = null!;
    public Dictionary<string, string> Keys { get; } = [];
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.Exists(Chromium).ShouldBeTrue($"{Chromium} is missing: run scripts/setup.sh --tests as root (it installs Debian's chromium), or ./run-tests.");
        Running = await RunningServer.StartAsync();
        Keys["admin"] = Running.AdminKey;
        Keys["author"] = await Running.CreateKeyAsync("author", "Ada the interviewer");
        Keys["candidate"] = await Running.CreateKeyAsync("candidate", "Cal the candidate");
        Keys["other candidate"] = await Running.CreateKeyAsync("candidate", "Dee the candidate");
        using var author = Running.Client(Keys["author"]);
        foreach (var (id, folder) in new[] { ("palindrome", Repository.Palindrome), ("marked", Repository.Marked), ("number_stats", Path.Combine(Repository.Root, "exercises", "number_stats")) })
        {
            using var response = await RunningServer.UploadAsync(author, id, folder);
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        Assertions.SetDefaultExpectTimeout(90_000);
    }

    /// <summary>A fresh browser context (no cookies, no storage) on the server, desktop size unless told.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Running.BaseAddress.ToString().TrimEnd('/'), ViewportSize = new() { Width = width, Height = height } });
        context.SetDefaultTimeout(90_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Running.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
