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
        public StoredKey ToKey() => new(Id, Name, Role, Hash, SqlDatabase.Time(CreatedAt));
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM api_keys").ConfigureAwait(false) > 0;
    }

    public async Task<StoredKey> AddAsync(string name, string role, string hash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<Row>(
            "INSERT INTO api_keys (name, role, hash, created_at) VALUES (@name, @role, @hash, @now) RETURNING *",
            new { name, role, hash, now = SqlDatabase.Now() }).ConfigureAwait(false);
        return row.ToKey();
    }

    public async Task<StoredKey?> FindByHashAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>("SELECT * FROM api_keys WHERE hash = @hash", new { hash }).ConfigureAwait(false);
        return row?.ToKey();
    }

    public async Task<IReadOnlyList<StoredKey>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>("SELECT * FROM api_keys ORDER BY id").ConfigureAwait(false);
        return [.. rows.Select(r => r.ToKey())];
    }
}
