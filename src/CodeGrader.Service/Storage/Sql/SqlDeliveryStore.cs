using Dapper;

namespace CodeGrader.Service.Storage.Sql;

public sealed class SqlDeliveryStore(SqlDatabase database) : IDeliveryStore
{
    private sealed class Row
    {
        public long Id { get; set; }
        public long SubmissionId { get; set; }
        public string Url { get; set; } = "";
        public string Status { get; set; } = "";
        public long Attempts { get; set; }
        public long NextAttemptAt { get; set; }
        public long CreatedAt { get; set; }
        public long? FinishedAt { get; set; }

        public StoredDelivery ToDelivery(IReadOnlyList<StoredDeliveryAttempt> history) => new(Id, SubmissionId, Url, Status, (int)Attempts,
            SqlDatabase.Time(NextAttemptAt), SqlDatabase.Time(CreatedAt), FinishedAt is { } f ? SqlDatabase.Time(f) : null, history);
    }

    private sealed class AttemptRow
    {
        public long DeliveryId { get; set; }
        public long Number { get; set; }
        public long AttemptedAt { get; set; }
        public long? StatusCode { get; set; }
        public string? Error { get; set; }
        public double DurationMs { get; set; }

        public StoredDeliveryAttempt ToAttempt() => new((int)Number, SqlDatabase.Time(AttemptedAt), StatusCode is { } c ? (int)c : null, Error, DurationMs);
    }

    public async Task EnqueueAsync(long submissionId, string url, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("""
            INSERT INTO webhook_deliveries (submission_id, url, status, attempts, next_attempt_at, created_at)
            VALUES (@submissionId, @url, 'pending', 0, @now, @now)
            ON CONFLICT (submission_id) DO NOTHING
            """, new { submissionId, url, now = SqlDatabase.Now() }).ConfigureAwait(false);
    }

    public async Task<int> EnqueueMissingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("""
            INSERT INTO webhook_deliveries (submission_id, url, status, attempts, next_attempt_at, created_at)
            SELECT s.id, s.callback_url, 'pending', 0, @now, @now FROM submissions s
            WHERE s.callback_url IS NOT NULL AND s.status IN ('graded', 'cancelled', 'failed')
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.submission_id = s.id)
            ON CONFLICT (submission_id) DO NOTHING
            """, new { now = SqlDatabase.Now() }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<long>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return [.. await connection.QueryAsync<long>(
            "SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit",
            new { now = now.ToUnixTimeMilliseconds(), limit }).ConfigureAwait(false)];
    }

    public async Task<StoredDelivery?> TryClaimAsync(long id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>("""
            UPDATE webhook_deliveries SET next_attempt_at = @lease
            WHERE id = @id AND status = 'pending' AND next_attempt_at <= @now
            RETURNING *
            """, new { id, now = now.ToUnixTimeMilliseconds(), lease = leaseUntil.ToUnixTimeMilliseconds() }).ConfigureAwait(false);
        return row?.ToDelivery([]);
    }

    public async Task RecordAttemptAsync(long id, StoredDeliveryAttempt attempt, string status, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("""
            INSERT INTO webhook_attempts (delivery_id, number, attempted_at, status_code, error, duration_ms)
            VALUES (@id, @Number, @at, @StatusCode, @Error, @DurationMs)
            """, new { id, attempt.Number, at = attempt.AttemptedAt.ToUnixTimeMilliseconds(), attempt.StatusCode, attempt.Error, attempt.DurationMs },
            transaction).ConfigureAwait(false);
        var now = SqlDatabase.Now();
        await connection.ExecuteAsync("""
            UPDATE webhook_deliveries SET attempts = @Number, status = @status, next_attempt_at = @next,
                finished_at = CASE WHEN @status = 'pending' THEN NULL ELSE @now END
            WHERE id = @id
            """, new { id, attempt.Number, status, next = nextAttemptAt?.ToUnixTimeMilliseconds() ?? now, now }, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredDelivery>> ForSubmissionAsync(long submissionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync<Row>("SELECT * FROM webhook_deliveries WHERE submission_id = @submissionId ORDER BY id",
            new { submissionId }).ConfigureAwait(false)).ToList();
        if (rows.Count == 0) return [];
        var attempts = (await connection.QueryAsync<AttemptRow>(
            "SELECT * FROM webhook_attempts WHERE delivery_id IN @ids ORDER BY delivery_id, number", new { ids = rows.Select(r => r.Id).ToList() })
            .ConfigureAwait(false)).ToLookup(a => a.DeliveryId);
        return [.. rows.Select(r => r.ToDelivery([.. attempts[r.Id].Select(a => a.ToAttempt())]))];
    }
}
