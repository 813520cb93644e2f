using Dapper;

namespace CodeGrader.Service.Storage.Sql;

public sealed class SqlKeyStore(SqlDatabase database) : IKeyStore
{
    private sealed class Row
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Role { get; set; } = "";
        public string Hash { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? ExpiresAt { get; set; }
        public string? CallbackUrl { get; set; }
        public string? WebhookSecret { get; set; }
        public StoredKey ToKey() => new(Id, Name, Role, Hash, SqlDatabase.Time(CreatedAt),
            ExpiresAt is { } e ? SqlDatabase.Time(e) : null, CallbackUrl, WebhookSecret);
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM api_keys").ConfigureAwait(false) > 0;
    }

    public async Task<StoredKey> AddAsync(string name, string role, string hash, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<Row>(
            "INSERT INTO api_keys (name, role, hash, created_at, expires_at) VALUES (@name, @role, @hash, @now, @expires) RETURNING *",
            new { name, role, hash, now = SqlDatabase.Now(), expires = expiresAt?.ToUnixTimeMilliseconds() }).ConfigureAwait(false);
        return row.ToKey();
    }

    public async Task<StoredKey?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>("SELECT * FROM api_keys WHERE hash = @hash", new { hash }).ConfigureAwait(false);
        return row?.ToKey();
    }

    public async Task<StoredKey?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>("SELECT * FROM api_keys WHERE id = @id", new { id }).ConfigureAwait(false);
        return row?.ToKey();
    }

    public async Task<IReadOnlyList<StoredKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>("SELECT * FROM api_keys ORDER BY id").ConfigureAwait(false);
        return [.. rows.Select(r => r.ToKey())];
    }

    public async Task SetWebhookAsync(long id, string? callbackUrl, string? secret, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("UPDATE api_keys SET callback_url = @callbackUrl, webhook_secret = @secret WHERE id = @id",
            new { id, callbackUrl, secret }).ConfigureAwait(false);
    }
}
