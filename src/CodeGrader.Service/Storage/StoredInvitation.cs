namespace CodeGrader.Service.Storage;

/// <summary>A candidate invitation as stored: bound to one exercise, with an expiry and a number of submissions allowed;
/// the token only as its SHA-256 hash.</summary>
public sealed record StoredInvitation(
    long Id, string Exercise, string? Label, string Hash, long CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    int MaxAttempts, int AttemptsUsed, DateTimeOffset? RevokedAt, string? CallbackUrl, string? WebhookSecret)
{
    public int AttemptsLeft => Math.Max(0, MaxAttempts - AttemptsUsed);

    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;
}

/// <summary>An invitation to store, before it has an id.</summary>
public sealed record NewInvitation(
    string Exercise, string? Label, string Hash, long CreatedBy, DateTimeOffset ExpiresAt, int MaxAttempts, string? CallbackUrl, string? WebhookSecret);
