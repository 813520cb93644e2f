using System.Net;
using System.Net.Http.Headers;
using CodeGrader.Service.Exercises;
using CodeGrader.Service.Tests;
using CodeGrader.Service.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CodeGrader.Web.Tests;

/// <summary>The page's defences: the CSP on every response (and chromium enforcing it), the HttpOnly SameSite cookie,
/// CSRF and Origin checks on state-changing requests signed in by cookie, per-role endpoints, the statement's HTML.</summary>
[Collection(WebCollection.Name)]
public sealed class SecurityTests(WebFixture fixture)
{
    [Fact]
    public async Task Every_page_carries_the_content_security_policy_and_chromium_blocks_an_inline_script()
    {
        var page = await fixture.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) violations.Add(m.Text); };
        var response = (await page.GotoAsync("/"))!;
        var headers = await response.AllHeadersAsync();
        headers["content-security-policy"].ShouldBe(SecurityHeaders.ContentSecurityPolicy);
        headers["content-security-policy"].ShouldContain("script-src 'self';");
        headers["content-security-policy"].ShouldContain("frame-ancestors 'none'");
        headers["content-security-policy"].ShouldNotContain("unsafe"); // no 'unsafe-inline', no 'unsafe-eval'
        headers["x-content-type-options"].ShouldBe("nosniff");
        headers["referrer-policy"].ShouldBe("no-referrer");
        await Expect(page.GetByLabel("API key or invitation token")).ToBeVisibleAsync(); // the page's own script runs

        var ran = await page.EvaluateAsync<bool>("""
            () => new Promise(resolve => {
              document.addEventListener('securitypolicyviolation', () => resolve(window.__inlineRan === true), { once: true });
              const s = document.createElement('script');
              s.textContent = 'window.__inlineRan = true';
              document.body.append(s);
              setTimeout(() => resolve(window.__inlineRan === true), 3000);
            })
            """);
        ran.ShouldBeFalse("an inline script must not run");
        violations.ShouldNotBeEmpty();

        using var client = fixture.Running.Client();
        foreach (var path in new[] { "/exercises/palindrome", "/author/submissions", "/invite/whatever", "/app.js", "/api/v1/exercises", "/healthz" })
        {
            using var each = await client.GetAsync(path);
            each.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(SecurityHeaders.ContentSecurityPolicy, path);
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signing_in_sets_an_HttpOnly_SameSite_Strict_cookie_that_no_script_can_read()
    {
        var page = await fixture.NewPageAsync();
        await Pages.SignInAsync(page, "/", fixture.Keys["candidate"]);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == SessionCookie.Name);
        cookie.HttpOnly.ShouldBeTrue();
        cookie.SameSite.ShouldBe(SameSiteAttribute.Strict);
        cookie.Value.ShouldBe(fixture.Keys["candidate"]);
        (await page.EvaluateAsync<string>("document.cookie")).ShouldNotContain(SessionCookie.Name);
        (await page.EvaluateAsync<string>("JSON.stringify(localStorage)")).ShouldNotContain(fixture.Keys["candidate"]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("API key or invitation token")).ToBeVisibleAsync();
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == SessionCookie.Name);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_state_changing_request_signed_in_by_cookie_is_refused_without_the_CSRF_token_or_from_another_origin()
    {
        var page = await fixture.NewPageAsync();
        await Pages.SignInAsync(page, "/", fixture.Keys["candidate"]);
        const string submit = """
            async (headers) => {
              const r = await fetch('/api/v1/submissions', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers },
                body: JSON.stringify({ exercise: 'palindrome', source: 'def is_palindrome(s):\n    return True\n' }) });
              return r.status;
            }
            """;
        (await page.EvaluateAsync<int>(submit, new Dictionary<string, string>())).ShouldBe(403);
        (await page.EvaluateAsync<int>(submit, new Dictionary<string, string> { ["X-CSRF-Token"] = "forged" })).ShouldBe(403);
        var token = await page.EvaluateAsync<string>("async () => (await (await fetch('/api/v1/session')).json()).csrf_token");
        (await page.EvaluateAsync<int>(submit, new Dictionary<string, string> { ["X-CSRF-Token"] = token })).ShouldBe(202);
        await page.Context.CloseAsync();

        // Outside a browser: the cookie alone, the right token from another origin, and a GET (allowed).
        var key = fixture.Keys["candidate"];
        using var client = fixture.Running.Client();
        using var noToken = Request(HttpMethod.Post, "/api/v1/runs", key);
        using (var refused = await client.SendAsync(noToken))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("X-CSRF-Token");
        }
        using var foreign = Request(HttpMethod.Post, "/api/v1/runs", key);
        foreign.Headers.Add("X-CSRF-Token", SessionCookie.CsrfToken(key));
        foreign.Headers.Add("Origin", "http://evil.example");
        using (var refused = await client.SendAsync(foreign)) refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var read = Request(HttpMethod.Get, "/api/v1/exercises", key);
        using (var allowed = await client.SendAsync(read)) allowed.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Statistics_are_for_authors_only_and_a_candidates_page_never_asks_for_them()
    {
        using var candidate = fixture.Running.Client(fixture.Keys["candidate"]);
        using var refused = await candidate.GetAsync("/api/v1/exercises/palindrome/stats");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var author = fixture.Running.Client(fixture.Keys["author"]);
        using var allowed = await author.GetAsync("/api/v1/exercises/palindrome/stats");
        allowed.StatusCode.ShouldBe(HttpStatusCode.OK);

        // A candidate who types an author's address gets a refusal, and the page fetches nothing the API would refuse.
        var page = await fixture.NewPageAsync();
        var refusedRequests = new List<string>();
        page.Response += (_, r) => { if (r.Status is 401 or 403 && !r.Url.EndsWith("/api/v1/session", StringComparison.Ordinal)) refusedRequests.Add($"{r.Status} {r.Url}"); };
        await Pages.SignInAsync(page, "/exercises/palindrome", fixture.Keys["candidate"]);
        await page.GotoAsync("/author/exercises/palindrome");
        await Expect(page.Locator("main")).ToContainTextAsync("This page is for authors");
        await page.GotoAsync("/");
        await Expect(page.Locator("main a[href='/exercises/palindrome']")).ToBeVisibleAsync();
        refusedRequests.ShouldBeEmpty();
        await page.Context.CloseAsync();
    }

    [Fact]
    public void The_statement_is_rendered_without_raw_HTML_or_script_links()
    {
        var html = StatementHtml.Render("""
            # Title
            <script>alert(1)</script> <img src=x onerror=alert(1)>
            [click](javascript:alert(1)) [also](JaVaScRiPt&#58;alert(1)) [data](data:text/html,<b>x</b>) [ok](https://example.org/a:b) [rel](notes.md)
            <javascript:alert(1)>
            `code` and **bold**
            """);
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<img");
        html.ShouldContain("&lt;script&gt;");
        html.ShouldNotContain("javascript:", Case.Insensitive);
        html.ShouldNotContain("href=\"data:", Case.Insensitive);
        html.ShouldContain("href=\"https://example.org/a:b\"");
        html.ShouldContain("href=\"notes.md\"");
        html.ShouldContain("<code>code</code>");
        html.ShouldContain("<h1");
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", $"{SessionCookie.Name}={key}");
        if (method != HttpMethod.Get)
            request.Content = new StringContent("""{"exercise":"palindrome","source":"def is_palindrome(s):\n    return True\n"}""", System.Text.Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        return request;
    }
}
