namespace CodeGrader.Service.Storage;

/// <summary>A submission's final result on its way to a callback URL: pending until an attempt succeeds (delivered) or
/// the attempts run out (failed).</summary>
public sealed record StoredDelivery(
    long Id, long SubmissionId, string Url, string Status, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt, IReadOnlyList<StoredDeliveryAttempt> History);

/// <summary>One POST of a delivery: when, how long, and the status code it got or the error that stopped it.</summary>
public sealed record StoredDeliveryAttempt(int Number, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, double DurationMs);

/// <summary>The states a delivery goes through.</summary>
public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
