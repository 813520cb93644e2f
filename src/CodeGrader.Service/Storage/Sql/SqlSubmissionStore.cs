using Dapper;

namespace CodeGrader.Service.Storage.Sql;

public sealed class SqlSubmissionStore(SqlDatabase database) : ISubmissionStore
{
    private sealed class Row
    {
        public long Id { get; set; }
        public long KeyId { get; set; }
        public string Exercise { get; set; } = "";
        public long ExerciseVersion { get; set; }
        public string Source { get; set; } = "";
        public string Status { get; set; } = "";
        public string? Verdict { get; set; }
        public double? Score { get; set; }
        public string? ReportJson { get; set; }
        public string? Error { get; set; }
        public long CreatedAt { get; set; }
        public long? FinishedAt { get; set; }
        public long? InvitationId { get; set; }
        public string? CallbackUrl { get; set; }
        public long Attempts { get; set; }

        public StoredSubmission ToSubmission() => new(Id, KeyId, Exercise, (int)ExerciseVersion, Source, Status, Verdict, Score, ReportJson, Error,
            SqlDatabase.Time(CreatedAt), FinishedAt is { } f ? SqlDatabase.Time(f) : null, InvitationId, CallbackUrl, (int)Attempts);
    }

    public async Task<IReadOnlyList<StoredSubmission>> AddAsync(IReadOnlyList<NewSubmission> submissions, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var stored = new List<StoredSubmission>(submissions.Count);
        var now = SqlDatabase.Now();
        foreach (var s in submissions)
        {
            if (s.InvitationId is { } invitation)
            {
                // The row lock of this UPDATE (PostgreSQL) or the write lock (SQLite) makes the count exact under concurrency.
                var charged = await connection.ExecuteAsync("""
                    UPDATE invitations SET attempts_used = attempts_used + 1
                    WHERE id = @invitation AND attempts_used < max_attempts AND revoked_at IS NULL AND expires_at > @now
                    """, new { invitation, now }, transaction).ConfigureAwait(false);
                if (charged != 1) return []; // the transaction is rolled back on dispose: nothing stored
            }
            var row = await connection.QuerySingleAsync<Row>("""
                INSERT INTO submissions (key_id, exercise, exercise_version, source, status, created_at, invitation_id, callback_url)
                VALUES (@KeyId, @Exercise, @ExerciseVersion, @Source, 'queued', @now, @InvitationId, @CallbackUrl) RETURNING *
                """, new { s.KeyId, s.Exercise, s.ExerciseVersion, s.Source, now, s.InvitationId, s.CallbackUrl }, transaction).ConfigureAwait(false);
            stored.Add(row.ToSubmission());
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task DeleteAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // An invitation gets back the attempts of submissions that were never queued.
        var invitations = await connection.QueryAsync<long>(
            "SELECT invitation_id FROM submissions WHERE id IN @ids AND invitation_id IS NOT NULL", new { ids }, transaction).ConfigureAwait(false);
        foreach (var invitation in invitations)
            await connection.ExecuteAsync("UPDATE invitations SET attempts_used = attempts_used - 1 WHERE id = @invitation AND attempts_used > 0",
                new { invitation }, transaction).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM submissions WHERE id IN @ids", new { ids }, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StoredSubmission?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>("SELECT * FROM submissions WHERE id = @id", new { id }).ConfigureAwait(false);
        return row?.ToSubmission();
    }

    public async Task<IReadOnlyList<StoredSubmission>> ListAsync(SubmissionFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>("""
            SELECT * FROM submissions
            WHERE (@KeyId IS NULL OR key_id = @KeyId) AND (@Exercise IS NULL OR exercise = @Exercise)
              AND (@InvitationId IS NULL OR invitation_id = @InvitationId) AND (NOT @KeysOnly OR invitation_id IS NULL)
              AND (@Verdict IS NULL OR verdict = @Verdict) AND (@Status IS NULL OR status = @Status)
            ORDER BY id DESC LIMIT @Limit
            """, filter).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToSubmission())];
    }

    public async Task<bool> TryStartAsync(long id, int attempt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE submissions SET status = 'running', attempts = @attempt WHERE id = @id AND status IN ('queued', 'running')",
            new { id, attempt }).ConfigureAwait(false) == 1;
    }

    public async Task<bool> FinishAsync(long id, string status, string? verdict, double? score, string? reportJson, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("""
            UPDATE submissions SET status = @status, verdict = @verdict, score = @score, report_json = @reportJson, error = @error, finished_at = @now
            WHERE id = @id AND status IN ('queued', 'running')
            """, new { id, status, verdict, score, reportJson, error, now = SqlDatabase.Now() }).ConfigureAwait(false) == 1;
    }

    public async Task<bool> CancelQueuedAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(
            "UPDATE submissions SET status = 'cancelled', finished_at = @now WHERE id = @id AND status = 'queued'",
            new { id, now = SqlDatabase.Now() }).ConfigureAwait(false) == 1;
    }

    public async Task<long> CountQueuedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM submissions WHERE status = 'queued'").ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<long>> RequeueUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE submissions SET status = 'queued' WHERE status = 'running'").ConfigureAwait(false);
        return [.. await connection.QueryAsync<long>("SELECT id FROM submissions WHERE status = 'queued' ORDER BY id").ConfigureAwait(false)];
    }
}
