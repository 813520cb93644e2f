namespace CodeGrader.Service.Storage;

/// <summary>Webhook deliveries and each attempt at one. A delivery is a row before anything is sent, so a restart
/// finds every one still pending.</summary>
public interface IDeliveryStore
{
    /// <summary>Records that the submission's final result is to be sent (once per submission; a second call does nothing).</summary>
    Task EnqueueAsync(long submissionId, string url, CancellationToken cancellationToken);

    /// <summary>Records a delivery for every finished submission with a callback URL that has none yet (the server
    /// stopped between storing the result and recording its delivery); returns how many.</summary>
    Task<int> EnqueueMissingAsync(CancellationToken cancellationToken);

    /// <summary>Pending deliveries whose next attempt is due, oldest first.</summary>
    Task<IReadOnlyList<long>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Takes a due delivery for one attempt: moves its next attempt to <paramref name="leaseUntil"/> (so a server
    /// that dies mid-attempt leaves it to be tried again then); null when it is not due or not pending any more.</summary>
    Task<StoredDelivery?> TryClaimAsync(long id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Records an attempt and what follows: delivered, failed, or pending again at <paramref name="nextAttemptAt"/>.</summary>
    Task RecordAttemptAsync(long id, StoredDeliveryAttempt attempt, string status, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredDelivery>> ForSubmissionAsync(long submissionId, CancellationToken cancellationToken);
}
