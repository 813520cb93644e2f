using System.Text.Json;
using CodeGrader.Service.Access;
using CodeGrader.Service.Http;
using CodeGrader.Service.Storage;
using Microsoft.Extensions.Options;

namespace CodeGrader.Service.Webhooks;

/// <summary>
/// Where a new submission's final result goes: its own <c>callback_url</c> (or, in a batch, the batch's), else the
/// sender's default (the key's, set with <c>PUT /api/v1/webhook</c>; an invitation's, set by its author). A URL of the
/// submission's own needs the key to have a webhook secret; an invitee may not name one.
/// </summary>
public sealed class CallbackTargets(IKeyStore keys, IInvitationStore invitations, IOptions<WebhookOptions> options)
{
    public async Task<(string? Url, IResult? Problem)> ForNewSubmissionAsync(Caller caller, JsonElement item, JsonElement batch, string at, CancellationToken cancellationToken)
    {
        var (own, pointer, invalid) = Own(item, at);
        if (invalid is not null) return (null, invalid);
        if (own is null && batch.ValueKind == JsonValueKind.Object)
        {
            (own, pointer, invalid) = Own(batch, "");
            if (invalid is not null) return (null, invalid);
        }
        if (caller.InvitationId is { } invitationId)
        {
            if (own is not null) return (null, Problems.Forbidden("An invitation may not name a callback URL; its author sets one when inviting."));
            return ((await invitations.GetAsync(invitationId, cancellationToken).ConfigureAwait(false))?.CallbackUrl, null);
        }
        var key = await keys.GetAsync(caller.KeyId, cancellationToken).ConfigureAwait(false);
        if (own is null) return (key?.CallbackUrl, null);
        if (CallbackUrls.Problem(own, options.Value.AllowPrivateNetworks) is { } problem) return (null, Problems.BadRequest(problem, pointer));
        if (key?.WebhookSecret is null)
            return (null, Problems.Unprocessable("This key has no webhook secret to sign callbacks with: set one first with 'PUT /api/v1/webhook' (it answers the secret once).", pointer));
        return (own, null);
    }

    private static (string? Url, string Pointer, IResult? Problem) Own(JsonElement item, string at)
    {
        var pointer = $"{at}/callback_url";
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("callback_url", out var value) || value.ValueKind == JsonValueKind.Null)
            return (null, pointer, null);
        return value.ValueKind == JsonValueKind.String
            ? (value.GetString(), pointer, null)
            : (null, pointer, Problems.BadRequest("'callback_url' must be a string (an http or https URL).", pointer));
    }
}
