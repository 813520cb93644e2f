using System.Collections.Concurrent;
using CodeGrader.Service.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CodeGrader.Web.Tests;

/// <summary>
/// A candidate's whole session on the page, with every response's body recorded as chromium received it (the page, its
/// script and style, every API answer and the live events), searched for markers planted in the marked exercise's hidden
/// test (argument, expected value) and in what the submission returns and prints for it: none may appear anywhere.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class HiddenValueTests(WebFixture fixture)
{
    // The hidden argument upper-cased too (the leaky submission shouts it), matched exactly here.
    private static readonly string[] Markers = [.. LeakyShout.Markers, "ZQXHIDDENARG"];

    [Fact]
    public async Task No_page_and_no_response_the_candidates_browser_receives_holds_a_hidden_value()
    {
        var page = await fixture.NewPageAsync();
        var bodies = new ConcurrentQueue<(string Url, string Body)>();
        // Every request goes through the test, which fetches it from the server, records the body and hands it on.
        await page.RouteAsync("**/*", async route =>
        {
            var response = await route.FetchAsync();
            var body = await response.TextAsync();
            bodies.Enqueue((route.Request.Url, body));
            await route.FulfillAsync(new() { Response = response, Body = body });
        });

        await Pages.SignInAsync(page, "/exercises/marked", fixture.Keys["other candidate"]);
        await Pages.ReplaceCodeAsync(page, LeakyShout.Source);
        await page.GetByRole(AriaRole.Button, new() { Name = "Run samples" }).ClickAsync();
        await Expect(page.Locator(".results .verdict")).ToHaveAttributeAsync("data-verdict", "accepted");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(page.Locator(".results .verdict")).ToHaveAttributeAsync("data-verdict", "wrong_answer");
        await Expect(page.Locator(".results tr[data-test='hidden marked']")).ToHaveAttributeAsync("data-status", "failed");
        await Pages.ScreenshotAsync(page, "candidate-hidden-test-failed");
        var id = await page.Locator(".results h2").InnerTextAsync();
        await page.GotoAsync("/");
        await page.GotoAsync("/exercises/marked");
        await Expect(page.Locator(".cm-content")).ToContainTextAsync("zq");

        var texts = bodies.ToList();
        texts.Count.ShouldBeGreaterThan(8);
        texts.ShouldContain(b => b.Url.Contains("/events", StringComparison.Ordinal) && b.Body.Contains("event: report", StringComparison.Ordinal));
        texts.ShouldContain(b => b.Url.EndsWith("/app.js", StringComparison.Ordinal));
        texts.Add(("page text", await page.Locator("body").InnerTextAsync()));
        texts.Add(("page html", await page.ContentAsync()));
        texts.Add(("local storage", await page.EvaluateAsync<string>("JSON.stringify(localStorage)")));
        foreach (var (url, body) in texts)
            foreach (var marker in Markers)
                body.Contains(marker, StringComparison.Ordinal).ShouldBeFalse($"{url} shows '{marker}' to the candidate");

        // The markers are real: the author's view of that submission holds every one.
        using var author = fixture.Running.Client(fixture.Keys["author"]);
        var authorView = await author.GetStringAsync($"/api/v1/submissions/{id.Replace("Submission ", "", StringComparison.Ordinal)}");
        foreach (var marker in Markers) authorView.ShouldContain(marker);
        await page.Context.CloseAsync();
    }
}
