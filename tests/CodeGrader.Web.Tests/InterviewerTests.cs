using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using CodeGrader.Service.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CodeGrader.Web.Tests;

/// <summary>The interviewer's pages in chromium: upload a broken exercise and see its diagnostics at their lines, then
/// a good one; invite; filter the submissions; review one in the author view; the exercise's statistics as charts.</summary>
[Collection(WebCollection.Name)]
public sealed class InterviewerTests(WebFixture fixture)
{
    [Fact]
    public async Task The_interviewer_uploads_a_broken_exercise_sees_its_diagnostics_at_their_lines_then_publishes_a_good_one_and_invites()
    {
        var folder = CopyOf(Repository.Palindrome, "upload_demo");
        var yaml = Path.Combine(folder, "exercise.yaml");
        var good = await File.ReadAllTextAsync(yaml);
        var lines = good.Split('\n').ToList();
        var line = lines.FindIndex(l => l.Contains("expect: false", StringComparison.Ordinal)) + 1; // the 'not a palindrome' sample
        lines[line - 1] = lines[line - 1].Replace("expect: false", "expect: true", StringComparison.Ordinal); // disagrees with the reference
        await File.WriteAllTextAsync(yaml, string.Join('\n', lines));

        var page = await fixture.NewPageAsync();
        await Pages.SignInAsync(page, "/author", fixture.Keys["author"]);
        await Expect(page.Locator("table.exercises tr[data-exercise='palindrome']")).ToContainTextAsync("verified");

        await UploadAsync(page, folder);
        await Expect(page.Locator(".upload-outcome .message.error")).ToContainTextAsync("was not published");
        var row = page.Locator($".upload-outcome .diagnostic-files tr[data-line='{line}']");
        await Expect(row.First).ToContainTextAsync("error");
        await Expect(page.Locator(".upload-outcome h3").First).ToHaveTextAsync("exercise.yaml");
        await Pages.ScreenshotAsync(page, "interviewer-1-broken-upload");
        await Expect(page.Locator("table.exercises tr[data-exercise='upload_demo']")).ToHaveCountAsync(0);

        await File.WriteAllTextAsync(yaml, good);
        await UploadAsync(page, folder);
        await Expect(page.Locator(".upload-outcome .message.success")).ToContainTextAsync("Published upload_demo version 1");
        await Expect(page.Locator("table.exercises tr[data-exercise='upload_demo']")).ToContainTextAsync("verified");
        await Pages.ScreenshotAsync(page, "interviewer-2-published");

        // Invitations: a link when the server has them; a clear message while it does not.
        await page.Locator("table.exercises tr[data-exercise='upload_demo'] a", new() { HasText = "upload_demo" }).ClickAsync();
        await page.GetByLabel("Candidate (name or email)").FillAsync("Ivy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create invitation link" }).ClickAsync();
        var outcome = page.Locator(".invitations .message").First;
        await Expect(outcome).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Invitation created|Invitations are not available"));
        if ((await outcome.InnerTextAsync()).StartsWith("Invitation created", StringComparison.Ordinal))
            (await page.Locator(".invite-link").InputValueAsync()).ShouldContain("/invite/");
        await Pages.ScreenshotAsync(page, "interviewer-3-invite");
        await page.Context.CloseAsync();
        Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
    }

    [Fact]
    public async Task The_interviewer_filters_the_submissions_and_reviews_one_with_calls_expected_actual_diff_and_charts()
    {
        using var candidate = fixture.Running.Client(fixture.Keys["candidate"]);
        var wrong = await RunningServer.SubmitAsync(candidate, "palindrome", "def is_palindrome(s):\n    print('checking', s[:5])\n    return s == s[::-1]\n");
        var right = await RunningServer.SubmitAsync(candidate, "palindrome", Pages.Solution);
        (await RunningServer.WaitForEndAsync(candidate, wrong)).GetProperty("verdict").GetString().ShouldBe("wrong_answer");
        await RunningServer.WaitForEndAsync(candidate, right);

        var page = await fixture.NewPageAsync();
        await Pages.SignInAsync(page, "/author/submissions", fixture.Keys["author"]);
        await page.GetByLabel("Exercise").SelectOptionAsync("palindrome");
        await page.GetByLabel("Candidate").SelectOptionAsync(new SelectOptionValue { Label = "Cal the candidate" });
        await page.GetByLabel("Verdict").SelectOptionAsync("wrong_answer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("verdict=wrong_answer"));
        var rows = page.Locator("table.submissions tbody tr");
        await Expect(rows.First).ToContainTextAsync("wrong answer");
        await Expect(page.Locator($"table.submissions tr[data-submission='{right}']")).ToHaveCountAsync(0);
        foreach (var text in await rows.AllInnerTextsAsync())
        {
            text.ShouldContain("Cal the candidate");
            text.ShouldContain("palindrome");
        }
        await Pages.ScreenshotAsync(page, "interviewer-4-submissions");

        await page.Locator($"table.submissions tr[data-submission='{wrong}'] a").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Submission {wrong}" })).ToBeVisibleAsync();
        await Expect(page.Locator(".cm-content")).ToContainTextAsync("print('checking', s[:5])");
        var failed = page.Locator("tr[data-test='sentence with punctuation']");
        await Expect(failed).ToContainTextAsync("expected");
        await Expect(failed).ToContainTextAsync("True");
        await Expect(failed).ToContainTextAsync("False");
        await Expect(failed).ToContainTextAsync("checking A man"); // its output
        var hidden = page.Locator("tr[data-test='mixed case']");
        await Expect(hidden).ToContainTextAsync("is_palindrome("); // a hidden test's call, for the author
        await Expect(page.Locator("main")).ToContainTextAsync("peak memory");
        await Pages.ScreenshotAsync(page, "interviewer-5-review");

        await page.GotoAsync("/author/exercises/palindrome");
        await Expect(page.Locator("svg.chart").First).ToBeVisibleAsync();
        (await page.Locator("svg.chart").CountAsync()).ShouldBe(3);
        await Expect(page.Locator("svg.chart[aria-label='Verdict counts']")).ToContainTextAsync("wrong answer");
        using var author = fixture.Running.Client(fixture.Keys["author"]);
        using var stats = System.Text.Json.JsonDocument.Parse(await author.GetStringAsync("/api/v1/exercises/palindrome/stats"));
        var top = stats.RootElement.GetProperty("tests")[0];
        var caughtChart = page.Locator("svg.chart[aria-label='Tests that caught the most submissions'] g.bar").First;
        await Expect(caughtChart).ToContainTextAsync(top.GetProperty("name").GetString()!);
        await Expect(caughtChart).ToContainTextAsync(top.GetProperty("caught").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Pages.ScreenshotAsync(page, "interviewer-6-statistics");
        await page.Context.CloseAsync();
    }

    private static async Task UploadAsync(IPage page, string folder)
    {
        var zip = Path.Combine(Path.GetDirectoryName(folder)!, $"upload_demo-{Guid.NewGuid():N}.zip");
        await File.WriteAllBytesAsync(zip, RunningServer.Zip(folder));
        await page.GetByLabel("Exercise id").FillAsync("upload_demo");
        await page.GetByLabel("Archive").SetInputFilesAsync(zip);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and verify" }).ClickAsync();
        await Expect(page.Locator(".upload-outcome .message").Filter(new() { HasNotText = "Uploading" })).ToHaveCountAsync(1);
    }

    private static string CopyOf(string source, string name)
    {
        var target = Path.Combine(Path.GetTempPath(), "codegrader-web-tests", Guid.NewGuid().ToString("N"), name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }
}
