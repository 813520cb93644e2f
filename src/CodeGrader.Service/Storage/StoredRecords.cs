namespace CodeGrader.Service.Storage;

/// <summary>An API key as stored: never the key itself, only its SHA-256 hash; its webhook default (URL and signing
/// secret) when its owner set one.</summary>
public sealed record StoredKey(
    long Id, string Name, string Role, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    string? CallbackUrl, string? WebhookSecret);

/// <summary>One published version of an exercise (its archive is fetched apart: <see cref="IExerciseStore.ArchiveAsync"/>).</summary>
public sealed record StoredExercise(string Id, int Version, string Title, long CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A submission as stored: its source, the exercise version that grades it, and (once graded) its author-view
/// report; the invitation it came through and the callback URL its final result goes to, when it has them;
/// <paramref name="Attempts"/> counts the gradings started (more than 1 when a worker was lost mid-job).</summary>
public sealed record StoredSubmission(
    long Id, long KeyId, string Exercise, int ExerciseVersion, string Source, string Status,
    string? Verdict, double? Score, string? ReportJson, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt,
    long? InvitationId = null, string? CallbackUrl = null, int Attempts = 0);

/// <summary>A submission to store, before it has an id. With <paramref name="InvitationId"/>, storing it uses one of the
/// invitation's attempts.</summary>
public sealed record NewSubmission(long KeyId, string Exercise, int ExerciseVersion, string Source, long? InvitationId = null, string? CallbackUrl = null);

/// <summary>Which submissions a list returns; null means any.</summary>
public sealed record SubmissionFilter(long? KeyId, string? Exercise, string? Verdict, string? Status, int Limit, long? InvitationId = null, bool KeysOnly = false);

/// <summary>The states a submission goes through.</summary>
public static class SubmissionStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Graded = "graded";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";

    public static bool IsFinal(string status) => status is Graded or Cancelled or Failed;
}
