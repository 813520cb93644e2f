using CodeGrader.Service.Http;

namespace CodeGrader.Service.Web;

/// <summary>
/// Lets the sign-in cookie stand for the key under /api: when a request sends no key header but has the cookie, the
/// cookie's key is handed on as <c>Authorization: Bearer</c>, so the key middleware and every role check treat it
/// exactly as a key sent by hand (an invitation token too). A state-changing request (anything but GET, HEAD, OPTIONS)
/// authenticated this way must come from this origin: its <c>X-CSRF-Token</c> must match the key, its <c>Origin</c>
/// (when sent) must be this server, and <c>Sec-Fetch-Site</c> (when sent) must be same-origin; otherwise 403.
/// </summary>
public sealed class CookieAuthentication(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api") || request.Headers.ContainsKey("Authorization") || request.Headers.ContainsKey("X-Api-Key"))
            return next(context);
        var key = SessionCookie.Read(request);
        if (key is null) return next(context);
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method))
        {
            var refusal = CrossSiteRefusal(request, key);
            if (refusal is not null) return Problems.Forbidden(refusal).ExecuteAsync(context);
        }
        request.Headers.Authorization = "Bearer " + key;
        return next(context);
    }

    private static string? CrossSiteRefusal(HttpRequest request, string key)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
            return $"This request, signed in by cookie, comes from another origin ({origin}); it is refused.";
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site != "same-origin")
            return $"This request, signed in by cookie, was sent {site}; only this server's own pages may send it.";
        if (!SessionCookie.CsrfMatches(key, request.Headers[SessionCookie.CsrfHeader].ToString()))
            return $"This request is signed in by cookie but has no valid {SessionCookie.CsrfHeader} header (the page gets it from GET /api/v1/session).";
        return null;
    }
}
