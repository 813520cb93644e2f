namespace CodeGrader.Service.Storage;

/// <summary>Candidate invitations, by token hash. Their attempts are used by <see cref="ISubmissionStore.AddAsync"/>.</summary>
public interface IInvitationStore
{
    Task<StoredInvitation> AddAsync(NewInvitation invitation, CancellationToken cancellationToken);
    Task<StoredInvitation?> FindByHashAsync(string hash, CancellationToken cancellationToken);
    Task<StoredInvitation?> GetAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<StoredInvitation>> ListAsync(string? exercise, CancellationToken cancellationToken);

    /// <summary>Revokes it now; false when it was already revoked (or does not exist).</summary>
    Task<bool> RevokeAsync(long id, CancellationToken cancellationToken);
}
