using Dapper;

namespace CodeGrader.Service.Storage.Sqlite;

public sealed class SqliteExerciseStore(SqliteDatabase database) : IExerciseStore
{
    private sealed class Row
    {
        public string Id { get; set; } = "";
        public long Version { get; set; }
        public string Title { get; set; } = "";
        public string Directory { get; set; } = "";
        public long CreatedBy { get; set; }
        public long CreatedAt { get; set; }
        public StoredExercise ToExercise() => new(Id, (int)Version, Title, Directory, CreatedBy, SqliteDatabase.Time(CreatedAt));
    }

    public async Task<StoredExercise> PublishAsync(string id, string title, long createdBy, Func<int, string> place, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var version = (int)await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(max(version), 0) + 1 FROM exercise_versions WHERE id = @id", new { id }, transaction).ConfigureAwait(false);
        var directory = place(version);
        var row = await connection.QuerySingleAsync<Row>(
            "INSERT INTO exercise_versions (id, version, title, directory, created_by, created_at) VALUES (@id, @version, @title, @directory, @createdBy, @now) RETURNING *",
            new { id, version, title, directory, createdBy, now = SqliteDatabase.Now() }, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return row.ToExercise();
    }

    public async Task<StoredExercise?> LatestAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            "SELECT * FROM exercise_versions WHERE id = @id ORDER BY version DESC LIMIT 1", new { id }).ConfigureAwait(false);
        return row?.ToExercise();
    }

    public async Task<StoredExercise?> VersionAsync(string id, int version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            "SELECT * FROM exercise_versions WHERE id = @id AND version = @version", new { id, version }).ConfigureAwait(false);
        return row?.ToExercise();
    }

    public async Task<IReadOnlyList<StoredExercise>> ListLatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>("""
            SELECT e.* FROM exercise_versions e
            WHERE e.version = (SELECT max(version) FROM exercise_versions WHERE id = e.id)
            ORDER BY e.id
            """).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToExercise())];
    }

    public async Task<IReadOnlyList<StoredExercise>> VersionsAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>("SELECT * FROM exercise_versions WHERE id = @id ORDER BY version", new { id }).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToExercise())];
    }
}
