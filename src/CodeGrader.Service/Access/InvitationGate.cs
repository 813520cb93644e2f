using System.Globalization;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Access;

/// <summary>Says why an invitation may not submit: no attempt left (403, with the counts), or it expired or was revoked
/// since the request began (401). The count itself is kept by the store, atomically with the insert.</summary>
public sealed class InvitationGate(IInvitationStore invitations, TimeProvider clock)
{
    /// <summary>A 403 when the caller's invitation has no attempt left; null when it has one (or the caller is a key).</summary>
    public async Task<IResult?> ExhaustedAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (caller.InvitationId is not { } id) return null;
        var invitation = await invitations.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return invitation is { AttemptsLeft: 0 } ? Exhausted(invitation) : null;
    }

    /// <summary>Why the store refused the caller's submission (it stored nothing).</summary>
    public async Task<IResult> RefusedAsync(Caller caller, HttpContext context)
    {
        var invitation = caller.InvitationId is { } id ? await invitations.GetAsync(id, CancellationToken.None).ConfigureAwait(false) : null;
        if (invitation is null) return Problems.Unauthorized("The invitation is not known to this server.");
        if (invitation.RevokedAt is { } revoked) return Unauthorized(context, $"The invitation was revoked at {Time(revoked)}; nothing was stored.");
        if (invitation.IsExpired(clock.GetUtcNow())) return Unauthorized(context, $"The invitation expired at {Time(invitation.ExpiresAt)}; nothing was stored.");
        return Exhausted(invitation);
    }

    private static IResult Exhausted(StoredInvitation invitation) =>
        Problems.Problem(403, "No attempts left",
            $"This invitation allows {invitation.MaxAttempts} submission{(invitation.MaxAttempts == 1 ? "" : "s")} and all are used; nothing was stored.",
            extensions: new Dictionary<string, object?> { ["max_attempts"] = invitation.MaxAttempts, ["attempts_used"] = invitation.AttemptsUsed, ["attempts_left"] = 0 });

    private static IResult Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Unauthorized(detail);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
