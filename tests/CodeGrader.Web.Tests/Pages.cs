using CodeGrader.Service.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CodeGrader.Web.Tests;

/// <summary>What a person does on the page, as steps the tests share: sign in through the form, replace the code in
/// the editor, take a screenshot into TestResults/screenshots.</summary>
public static class Pages
{
    public static string Screenshots { get; } = Path.Combine(Repository.Root, "TestResults", "screenshots");

    /// <summary>Opens <paramref name="path"/>, which shows the sign-in form to a browser without the cookie, and signs in.</summary>
    public static async Task SignInAsync(IPage page, string path, string key)
    {
        await page.GotoAsync(path);
        await page.GetByLabel("API key or invitation token").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>Replaces everything in the editor with <paramref name="code"/> (inserted as text, as a paste would).</summary>
    public static async Task ReplaceCodeAsync(IPage page, string code)
    {
        var content = page.Locator(".cm-content");
        await content.ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        await page.Keyboard.InsertTextAsync(code);
        (await EditorTextAsync(page)).ShouldBe(code);
    }

    public static Task<string> EditorTextAsync(IPage page) =>
        page.Locator(".cm-content").EvaluateAsync<string>("e => [...e.querySelectorAll('.cm-line')].map(l => l.textContent).join('\\n')");

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    public static string Solution => Repository.PalindromeReference;
}
