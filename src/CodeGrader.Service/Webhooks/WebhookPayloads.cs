using System.Text.Json;
using CodeGrader.Service.Access;
using CodeGrader.Service.Storage;
using CodeGrader.Service.Submissions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CodeGrader.Service.Webhooks;

/// <summary>What a submission's callback carries and how it is signed: the submission exactly as its sender reads it
/// with <c>GET /api/v1/submissions/{id}</c> (a candidate's or an invitation's: the candidate view), signed with the
/// sender's webhook secret (the key's, or the invitation's).</summary>
public sealed class WebhookPayloads(ISubmissionStore submissions, IKeyStore keys, IInvitationStore invitations, IOptions<JsonOptions> json)
{
    public sealed record Payload(byte[] Body, string? Secret);

    public async Task<Payload?> ForAsync(long submissionId, CancellationToken cancellationToken)
    {
        var submission = await submissions.GetAsync(submissionId, cancellationToken).ConfigureAwait(false);
        if (submission is null) return null;
        var key = await keys.GetAsync(submission.KeyId, cancellationToken).ConfigureAwait(false);
        if (key is null) return null;
        var secret = key.WebhookSecret;
        if (submission.InvitationId is { } id) secret = (await invitations.GetAsync(id, cancellationToken).ConfigureAwait(false))?.WebhookSecret;
        var view = SubmissionView.For(submission, Caller.Sender(submission, key));
        return new Payload(JsonSerializer.SerializeToUtf8Bytes(view, json.Value.SerializerOptions), secret);
    }
}
