using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Access;

/// <summary>Every request under /api needs a key (<c>Authorization: Bearer</c> or <c>X-Api-Key</c>); an absent or
/// unknown key is a 401 problem. The key is looked up by its SHA-256 hash.</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IKeyStore keys)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var presented = Presented(context.Request);
        if (presented is null)
        {
            await Unauthorized(context, "This endpoint needs an API key: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.").ConfigureAwait(false);
            return;
        }
        var key = await keys.FindByHashAsync(ApiKeys.Hash(presented), context.RequestAborted).ConfigureAwait(false);
        if (key is null)
        {
            await Unauthorized(context, "The API key is not known to this server.").ConfigureAwait(false);
            return;
        }
        Caller.Set(context, Caller.From(key));
        await next(context).ConfigureAwait(false);
    }

    /// <summary>The key a request presents, if any (<c>Authorization: Bearer</c> first, then <c>X-Api-Key</c>).</summary>
    internal static string? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return NonEmpty(authorization["Bearer ".Length..]);
        return NonEmpty(request.Headers["X-Api-Key"].ToString());
    }

    private static string? NonEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Task Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Unauthorized(detail).ExecuteAsync(context);
    }
}
