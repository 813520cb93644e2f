using Dapper;

namespace CodeGrader.Service.Storage.Sql;

public sealed class SqlInvitationStore(SqlDatabase database) : IInvitationStore
{
    private sealed class Row
    {
        public long Id { get; set; }
        public string Exercise { get; set; } = "";
        public string? Label { get; set; }
        public string Hash { get; set; } = "";
        public long CreatedBy { get; set; }
        public long CreatedAt { get; set; }
        public long ExpiresAt { get; set; }
        public long MaxAttempts { get; set; }
        public long AttemptsUsed { get; set; }
        public long? RevokedAt { get; set; }
        public string? CallbackUrl { get; set; }
        public string? WebhookSecret { get; set; }

        public StoredInvitation ToInvitation() => new(Id, Exercise, Label, Hash, CreatedBy, SqlDatabase.Time(CreatedAt), SqlDatabase.Time(ExpiresAt),
            (int)MaxAttempts, (int)AttemptsUsed, RevokedAt is { } r ? SqlDatabase.Time(r) : null, CallbackUrl, WebhookSecret);
    }

    public async Task<StoredInvitation> AddAsync(NewInvitation invitation, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<Row>("""
            INSERT INTO invitations (exercise, label, hash, created_by, created_at, expires_at, max_attempts, attempts_used, callback_url, webhook_secret)
            VALUES (@Exercise, @Label, @Hash, @CreatedBy, @now, @expires, @MaxAttempts, 0, @CallbackUrl, @WebhookSecret) RETURNING *
            """, new
        {
            invitation.Exercise, invitation.Label, invitation.Hash, invitation.CreatedBy, now = SqlDatabase.Now(),
            expires = invitation.ExpiresAt.ToUnixTimeMilliseconds(), invitation.MaxAttempts, invitation.CallbackUrl, invitation.WebhookSecret,
        }).ConfigureAwait(false);
        return row.ToInvitation();
    }

    public async Task<StoredInvitation?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>("SELECT * FROM invitations WHERE hash = @hash", new { hash }).ConfigureAwait(false);
        return row?.ToInvitation();
    }

    public async Task<StoredInvitation?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>("SELECT * FROM invitations WHERE id = @id", new { id }).ConfigureAwait(false);
        return row?.ToInvitation();
    }

    public async Task<IReadOnlyList<StoredInvitation>> ListAsync(string? exercise, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(
            "SELECT * FROM invitations WHERE (@exercise IS NULL OR exercise = @exercise) ORDER BY id DESC", new { exercise }).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToInvitation())];
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync("UPDATE invitations SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL",
            new { id, now = SqlDatabase.Now() }).ConfigureAwait(false) == 1;
    }
}
