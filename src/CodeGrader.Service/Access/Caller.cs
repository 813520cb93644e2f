using CodeGrader.Core.Results;
using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Access;

/// <summary>Who made the request, resolved by <see cref="ApiKeyMiddleware"/>: a key (its id, name and role), or an
/// invitation (role <see cref="Roles.Invitee"/>, bound to <see cref="Exercise"/>; its submissions are stored under the
/// key that created it, with <see cref="InvitationId"/>).</summary>
public sealed record Caller(long KeyId, string Name, string Role, long? InvitationId = null, string? Exercise = null)
{
    private const string ItemKey = "CodeGrader.Caller";

    public static Caller From(StoredKey key) => new(key.Id, key.Name, key.Role);

    public static Caller From(StoredInvitation invitation) =>
        new(invitation.CreatedBy, invitation.Label ?? $"invitation {invitation.Id}", Roles.Invitee, invitation.Id, invitation.Exercise);

    /// <summary>Who sent a stored submission, as that sender is shown things (its webhook gets this view).</summary>
    public static Caller Sender(StoredSubmission submission, StoredKey key) =>
        submission.InvitationId is { } invitation ? new(key.Id, $"invitation {invitation}", Roles.Invitee, invitation) : From(key);

    public bool IsAuthor => Role is Roles.Admin or Roles.Author;

    public bool IsInvitee => InvitationId is not null;

    /// <summary>Sees every submission, not only its own.</summary>
    public bool SeesAllSubmissions => IsAuthor;

    /// <summary>What the rate limiter counts this caller's requests under: one key, or one invitation.</summary>
    public string Partition => InvitationId is { } invitation ? $"invitation:{invitation}" : $"key:{KeyId}";

    /// <summary>How reports are shown to this caller: candidates and invitees get the candidate view.</summary>
    public ReportView ReportView => Role is Roles.Candidate or Roles.Invitee ? ReportView.Candidate : ReportView.Author;

    /// <summary>Whether the caller may read, run or submit to this exercise: an invitee only its own.</summary>
    public bool MayUse(string exercise) => Exercise is null || Exercise == exercise;

    /// <summary>Whether the submission is the caller's own: sent by this invitation, or by this key (not through an invitation).</summary>
    public bool Owns(StoredSubmission submission) =>
        InvitationId is { } invitation ? submission.InvitationId == invitation : submission.KeyId == KeyId && submission.InvitationId is null;

    public static Caller Of(HttpContext context) =>
        context.Items[ItemKey] as Caller ?? throw new InvalidOperationException("no caller: the endpoint is outside /api or the key middleware did not run");

    public static Caller? Find(HttpContext context) => context.Items[ItemKey] as Caller;

    public static void Set(HttpContext context, Caller caller) => context.Items[ItemKey] = caller;
}
