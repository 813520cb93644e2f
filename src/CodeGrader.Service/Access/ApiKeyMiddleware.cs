using System.Globalization;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Access;

/// <summary>Every request under /api needs a key or an invitation token, sent the same way (<c>Authorization: Bearer</c>
/// or <c>X-Api-Key</c>); an absent, unknown, expired or revoked one is a 401 problem saying which. Both are looked up
/// by their SHA-256 hash.</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IKeyStore keys, IInvitationStore invitations, TimeProvider clock)
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
        var now = clock.GetUtcNow();
        var hash = ApiKeys.Hash(presented);
        if (ApiKeys.IsInvitation(presented))
        {
            var invitation = await invitations.FindByHashAsync(hash, context.RequestAborted).ConfigureAwait(false);
            var refusal = invitation is null ? "The invitation is not known to this server."
                : invitation.RevokedAt is { } revoked ? $"The invitation was revoked at {Time(revoked)}; ask whoever sent it for a new one."
                : invitation.IsExpired(now) ? $"The invitation expired at {Time(invitation.ExpiresAt)}; ask whoever sent it for a new one."
                : null;
            if (refusal is not null)
            {
                await Unauthorized(context, refusal).ConfigureAwait(false);
                return;
            }
            Caller.Set(context, Caller.From(invitation!));
        }
        else
        {
            var key = await keys.FindByHashAsync(hash, context.RequestAborted).ConfigureAwait(false);
            if (key is null)
            {
                await Unauthorized(context, "The API key is not known to this server.").ConfigureAwait(false);
                return;
            }
            if (key.ExpiresAt is { } expires && expires <= now)
            {
                await Unauthorized(context, $"The API key '{key.Name}' expired at {Time(expires)}.").ConfigureAwait(false);
                return;
            }
            Caller.Set(context, Caller.From(key));
        }
        await next(context).ConfigureAwait(false);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

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
