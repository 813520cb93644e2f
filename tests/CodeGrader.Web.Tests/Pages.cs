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

    /// <summary>Replaces everything in the editor with <paramref name="code"/>: select all, then paste (a paste event
    /// carrying the text, as the clipboard would give it).</summary>
    public static async Task ReplaceCodeAsync(IPage page, string code)
    {
        var content = page.Locator(".cm-content");
        await content.ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await content.EvaluateAsync("""
            (e, text) => {
              const data = new DataTransfer();
              data.setData('text/plain', text);
              e.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """, code);
        (await EditorTextAsync(page)).ShouldBe(code);
    }

    /// <summary>The editor's text as it shows it, line by line.</summary>
    public static Task<string> EditorTextAsync(IPage page) =>
        page.Locator(".cm-content").EvaluateAsync<string>("e => [...e.querySelectorAll('.cm-line')].map(l => l.textContent).join('\\n')");

    /// <summary>Whether the keyboard focus is in the editor (inside its shadow root).</summary>
    public static Task<bool> EditorHasFocusAsync(IPage page) =>
        page.EvaluateAsync<bool>("document.activeElement?.shadowRoot?.activeElement?.classList.contains('cm-content') ?? false");

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    public static string Solution => Repository.PalindromeReference;
}
