using CodeGrader.Service.Access;
using CodeGrader.Service.Http;

namespace CodeGrader.Service.Web;

/// <summary>
/// <c>/api/v1/session</c>, the web page's sign-in. <c>POST</c> with a key (or an invitation token) in
/// <c>Authorization: Bearer</c>: the key middleware has already resolved it, so a wrong key is the usual 401; the
/// answer sets the HttpOnly cookie. <c>GET</c>: who is signed in and the CSRF token the page sends on changes.
/// <c>DELETE</c>: signs out (clears the cookie).
/// </summary>
public static class SessionEndpoints
{
    public sealed record SessionView(string Name, string Role, string CsrfToken);

    public static void Map(RouteGroupBuilder api)
    {
        var session = api.MapGroup("/session").WithTags("web page");

        session.MapPost("/", (HttpContext context) =>
        {
            var key = BearerKey(context.Request);
            if (key is null) return Problems.BadRequest("Sign in by sending the key (or invitation token) as 'Authorization: Bearer <key>'.");
            SessionCookie.Write(context, key);
            return Results.Ok(View(context, key));
        }).AllowInvitees().WithSummary("Sign the web page in: the key in Authorization becomes an HttpOnly, SameSite=Strict cookie");

        session.MapGet("/", (HttpContext context) =>
        {
            var key = BearerKey(context.Request)!;
            return Results.Ok(View(context, key));
        }).AllowInvitees().WithSummary("Who is signed in, and the CSRF token for state-changing requests");

        session.MapDelete("/", (HttpContext context) =>
        {
            SessionCookie.Clear(context);
            return Results.NoContent();
        }).AllowInvitees().WithSummary("Sign the web page out");
    }

    private static SessionView View(HttpContext context, string key)
    {
        var caller = Caller.Of(context);
        return new SessionView(caller.Name, caller.Role, SessionCookie.CsrfToken(key));
    }

    private static string? BearerKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return authorization["Bearer ".Length..].Trim() is { Length: > 0 } k ? k : null;
        var header = request.Headers["X-Api-Key"].ToString().Trim();
        return header.Length > 0 ? header : null;
    }
}
