using System.Security.Cryptography;
using Dapper;

namespace CodeGrader.Service.Storage.Sql;

public sealed class SqlExerciseStore(SqlDatabase database) : IExerciseStore
{
    private sealed class Row
    {
        public string Id { get; set; } = "";
        public long Version { get; set; }
        public string Title { get; set; } = "";
        public long CreatedBy { get; set; }
        public long CreatedAt { get; set; }
        public StoredExercise ToExercise() => new(Id, (int)Version, Title, CreatedBy, SqlDatabase.Time(CreatedAt));
    }

    private const string Columns = "id, version, title, created_by, created_at";

    public async Task<StoredExercise> PublishAsync(string id, string title, long createdBy, byte[] archive, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await database.Dialect.LockAsync(connection, transaction, LockSpace.ExerciseVersions, id, cancellationToken).ConfigureAwait(false);
        var version = await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(max(version), 0) + 1 FROM exercise_versions WHERE id = @id", new { id }, transaction).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<Row>(
            $"INSERT INTO exercise_versions (id, version, title, created_by, created_at) VALUES (@id, @version, @title, @createdBy, @now) RETURNING {Columns}",
            new { id, version, title, createdBy, now = SqlDatabase.Now() }, transaction).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "INSERT INTO exercise_archives (exercise, version, archive, sha256) VALUES (@id, @version, @archive, @sha256)",
            new { id, version, archive, sha256 = Convert.ToHexStringLower(SHA256.HashData(archive)) }, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return row.ToExercise();
    }

    public async Task<byte[]?> ArchiveAsync(string id, int version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(
            "SELECT archive FROM exercise_archives WHERE exercise = @id AND version = @version", new { id, version = (long)version }).ConfigureAwait(false);
    }

    public async Task<StoredExercise?> LatestAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM exercise_versions WHERE id = @id ORDER BY version DESC LIMIT 1", new { id }).ConfigureAwait(false);
        return row?.ToExercise();
    }

    public async Task<StoredExercise?> VersionAsync(string id, int version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM exercise_versions WHERE id = @id AND version = @version", new { id, version = (long)version }).ConfigureAwait(false);
        return row?.ToExercise();
    }

    public async Task<IReadOnlyList<StoredExercise>> ListLatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>($"""
            SELECT {Columns} FROM exercise_versions e
            WHERE e.version = (SELECT max(version) FROM exercise_versions WHERE id = e.id)
            ORDER BY e.id
            """).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToExercise())];
    }

    public async Task<IReadOnlyList<StoredExercise>> VersionsAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>($"SELECT {Columns} FROM exercise_versions WHERE id = @id ORDER BY version", new { id }).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToExercise())];
    }
}
