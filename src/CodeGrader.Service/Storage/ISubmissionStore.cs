namespace CodeGrader.Service.Storage;

/// <summary>Submissions and their results. A submission is stored as queued before anyone is told it was accepted.</summary>
public interface ISubmissionStore
{
    /// <summary>Stores every submission or none. A submission through an invitation uses one of its attempts in the same
    /// transaction; when the invitation has none left (or expired or was revoked meanwhile) nothing is stored and the
    /// list is empty.</summary>
    Task<IReadOnlyList<StoredSubmission>> AddAsync(IReadOnlyList<NewSubmission> submissions, CancellationToken cancellationToken);
    Task DeleteAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken);
    Task<StoredSubmission?> GetAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<StoredSubmission>> ListAsync(SubmissionFilter filter, CancellationToken cancellationToken);

    /// <summary>Queued (or running, when the worker that started it was lost) -> running, recording the attempt (1 the
    /// first time); false when it has ended meanwhile (cancelled, or graded by an earlier attempt).</summary>
    Task<bool> TryStartAsync(long id, int attempt, CancellationToken cancellationToken);

    /// <summary>Records the end: graded (with verdict, score, report), cancelled or failed (with the error), only over a
    /// submission still queued or running, so a late duplicate never overwrites or doubles a result; false when it had
    /// already ended.</summary>
    Task<bool> FinishAsync(long id, string status, string? verdict, double? score, string? reportJson, string? error, CancellationToken cancellationToken);

    /// <summary>Queued -> cancelled; false when it had already started or ended.</summary>
    Task<bool> CancelQueuedAsync(long id, CancellationToken cancellationToken);

    /// <summary>Submissions waiting to be graded (status queued), whichever node or queue will grade them.</summary>
    Task<long> CountQueuedAsync(CancellationToken cancellationToken);

    /// <summary>Submissions not yet graded (queued, or running when the server stopped), oldest first; running ones become queued again.</summary>
    Task<IReadOnlyList<long>> RequeueUnfinishedAsync(CancellationToken cancellationToken);
}
