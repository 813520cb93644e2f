using System.Globalization;
using System.Text.Json;
using CodeGrader.Service.Access;
using CodeGrader.Service.Exercises;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Submissions;
using CodeGrader.Service.Webhooks;
using Microsoft.Extensions.Options;

namespace CodeGrader.Service.Endpoints;

/// <summary>
/// Candidate invitations. Authors and admins: <c>POST /api/v1/invitations</c> (the token and its <c>/invite/{token}</c>
/// link in this response only), list, get, revoke, and the submissions sent with one. The invitation itself:
/// <c>GET /api/v1/invitation</c> (its exercise, expiry and attempts used and left).
/// </summary>
public static class InvitationEndpoints
{
    public const int MaxAttemptsCap = 1000;
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);

    public sealed record InvitationView(
        long Id, string Exercise, string? Label, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, int MaxAttempts, int AttemptsUsed,
        int AttemptsLeft, string State, DateTimeOffset? RevokedAt, string? CallbackUrl)
    {
        public static InvitationView Of(StoredInvitation i, DateTimeOffset now) => new(i.Id, i.Exercise, i.Label, i.CreatedAt, i.ExpiresAt,
            i.MaxAttempts, i.AttemptsUsed, i.AttemptsLeft, i.RevokedAt is not null ? "revoked" : i.IsExpired(now) ? "expired" : i.AttemptsLeft == 0 ? "used" : "active",
            i.RevokedAt, i.CallbackUrl);
    }

    public sealed record IssuedInvitation(InvitationView Invitation, string Token, string Link, string? WebhookSecret);

    /// <summary>What the invitation's holder sees of it: no label, no callback.</summary>
    public sealed record OwnInvitation(string Exercise, DateTimeOffset ExpiresAt, int MaxAttempts, int AttemptsUsed, int AttemptsLeft, double SecondsLeft);

    public static void Map(RouteGroupBuilder api, ServiceOptions options)
    {
        var invitations = api.MapGroup("/invitations").WithTags("invitations");

        invitations.MapPost("/", async (HttpContext context, IInvitationStore store, IExerciseStore exercises, TimeProvider clock, IOptions<WebhookOptions> webhooks) =>
        {
            var (document, problem) = await JsonBody.ReadAsync(context, options.MaxJsonBodyBytes).ConfigureAwait(false);
            if (problem is not null) return problem;
            using (document)
            {
                var root = document!.RootElement;
                var now = clock.GetUtcNow();
                var exercise = JsonBody.String(root, "exercise");
                if (string.IsNullOrEmpty(exercise)) return Problems.BadRequest("'exercise' is required: the id of the published exercise the candidate is invited to.", "/exercise");
                if (!ExerciseIds.IsValid(exercise) || await exercises.LatestAsync(exercise, context.RequestAborted).ConfigureAwait(false) is null)
                    return Problems.NotFound($"There is no published exercise '{exercise}'.", "/exercise");
                if (!root.TryGetProperty("max_attempts", out var attemptsElement) || !attemptsElement.TryGetInt32(out var maxAttempts) || maxAttempts is < 1 or > MaxAttemptsCap)
                    return Problems.BadRequest($"'max_attempts' is required: how many submissions the candidate may make (an integer from 1 to {MaxAttemptsCap}).", "/max_attempts");
                var expiresAt = now + DefaultLifetime;
                if (root.TryGetProperty("expires_at", out var expiresElement) && expiresElement.ValueKind != JsonValueKind.Null)
                {
                    if (expiresElement.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(expiresElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out expiresAt))
                        return Problems.BadRequest("'expires_at' must be a date and time (ISO 8601, e.g. 2026-12-01T17:00:00Z).", "/expires_at");
                    if (expiresAt <= now) return Problems.BadRequest($"'expires_at' ({expiresAt:O}) is not in the future.", "/expires_at");
                    if (expiresAt > now + MaxLifetime) return Problems.BadRequest($"'expires_at' is more than {MaxLifetime.TotalDays:0} days away.", "/expires_at");
                }
                var label = JsonBody.String(root, "label");
                if (label is { Length: > 200 }) return Problems.BadRequest("'label' (the candidate's name or email) is at most 200 characters.", "/label");
                var callback = JsonBody.String(root, "callback_url");
                if (callback is not null && CallbackUrls.Problem(callback, webhooks.Value.AllowPrivateNetworks) is { } bad) return Problems.BadRequest(bad, "/callback_url");
                var token = ApiKeys.GenerateInvitation();
                var secret = callback is null ? null : ApiKeys.GenerateWebhookSecret();
                var caller = Caller.Of(context);
                var stored = await store.AddAsync(new NewInvitation(exercise, label, ApiKeys.Hash(token), caller.KeyId, expiresAt, maxAttempts, callback, secret),
                    context.RequestAborted).ConfigureAwait(false);
                return Results.Created($"/api/v1/invitations/{stored.Id}", new IssuedInvitation(InvitationView.Of(stored, now), token, $"/invite/{token}", secret));
            }
        }).Allow(Roles.Authors).WithSummary("Invite a candidate to one exercise (authors): the token and its link, in this response only");

        invitations.MapGet("/", async (string? exercise, IInvitationStore store, TimeProvider clock, CancellationToken cancellationToken) =>
            Results.Ok((await store.ListAsync(exercise, cancellationToken).ConfigureAwait(false)).Select(i => InvitationView.Of(i, clock.GetUtcNow()))))
            .Allow(Roles.Authors).WithSummary("List invitations, newest first (?exercise=) (authors)");

        invitations.MapGet("/{id:long}", async (long id, IInvitationStore store, TimeProvider clock, CancellationToken cancellationToken) =>
            await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } i ? Results.Ok(InvitationView.Of(i, clock.GetUtcNow())) : NotFound(id))
            .Allow(Roles.Authors).WithSummary("Get an invitation (authors)");

        invitations.MapPost("/{id:long}/revoke", async (long id, IInvitationStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var invitation = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (invitation is null) return NotFound(id);
            if (!await store.RevokeAsync(id, CancellationToken.None).ConfigureAwait(false))
                return Problems.Conflict($"Invitation {id} was already revoked.");
            return Results.Ok(InvitationView.Of((await store.GetAsync(id, CancellationToken.None).ConfigureAwait(false))!, clock.GetUtcNow()));
        }).Allow(Roles.Authors).WithSummary("Revoke an invitation: its token stops working at once (authors)");

        invitations.MapGet("/{id:long}/submissions", async (long id, HttpContext context, IInvitationStore store, ISubmissionStore submissions) =>
        {
            if (await store.GetAsync(id, context.RequestAborted).ConfigureAwait(false) is null) return NotFound(id);
            var found = await submissions.ListAsync(new SubmissionFilter(null, null, null, null, 1000, id), context.RequestAborted).ConfigureAwait(false);
            var caller = Caller.Of(context);
            return Results.Ok(found.Select(s => SubmissionView.For(s, caller, withReport: false)));
        }).Allow(Roles.Authors).WithSummary("The submissions sent with an invitation, newest first (authors)");

        api.MapGet("/invitation", async (HttpContext context, IInvitationStore store, TimeProvider clock) =>
        {
            var caller = Caller.Of(context);
            if (caller.InvitationId is not { } id)
                return Problems.Forbidden($"A key with role '{caller.Role}' has no invitation: this endpoint answers an invitation's token.");
            var i = (await store.GetAsync(id, context.RequestAborted).ConfigureAwait(false))!;
            var now = clock.GetUtcNow();
            return Results.Ok(new OwnInvitation(i.Exercise, i.ExpiresAt, i.MaxAttempts, i.AttemptsUsed, i.AttemptsLeft, Math.Max(0, (i.ExpiresAt - now).TotalSeconds)));
        }).AllowInvitees().WithTags("invitations").WithSummary("The caller's own invitation: its exercise, when it expires, attempts used and left");
    }

    private static IResult NotFound(long id) => Problems.NotFound($"There is no invitation {id}.");
}
