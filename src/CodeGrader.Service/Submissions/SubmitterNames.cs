using CodeGrader.Service.Storage;

namespace CodeGrader.Service.Submissions;

/// <summary>The names authors see for who sent submissions: keys' names by id, invitations' labels by id.</summary>
public sealed class SubmitterNames(IReadOnlyDictionary<long, string> keys, IReadOnlyDictionary<long, string?> invitations)
{
    public static async Task<SubmitterNames> LoadAsync(IKeyStore keys, IInvitationStore invitations, CancellationToken cancellationToken)
    {
        var keyNames = (await keys.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(k => k.Id, k => k.Name);
        var labels = (await invitations.ListAsync(null, cancellationToken).ConfigureAwait(false)).ToDictionary(i => i.Id, i => i.Label);
        return new SubmitterNames(keyNames, labels);
    }

    public Submitter Of(StoredSubmission submission)
    {
        if (submission.InvitationId is { } invitation)
        {
            var label = invitations.GetValueOrDefault(invitation);
            return new Submitter(submission.KeyId, string.IsNullOrWhiteSpace(label) ? $"invitation {invitation}" : $"{label} (invitation {invitation})", invitation);
        }
        return new Submitter(submission.KeyId, keys.GetValueOrDefault(submission.KeyId, $"key {submission.KeyId}"));
    }
}
