using Dapper;
using Microsoft.Data.Sqlite;

namespace CodeGrader.Service.Storage.Sqlite;

/// <summary>One SQLite file under the data directory (WAL, foreign keys on), migrated by <see cref="SqliteMigrations"/>.</summary>
public sealed class SqliteDatabase : IServiceDatabase
{
    static SqliteDatabase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public SqliteDatabase(string path)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    private string ConnectionString { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;").ConfigureAwait(false);
        return connection;
    }

    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;").ConfigureAwait(false);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)").ConfigureAwait(false);
        var applied = (await connection.QueryAsync<long>("SELECT number FROM schema_migrations").ConfigureAwait(false)).ToHashSet();
        var done = new List<int>();
        foreach (var migration in SqliteMigrations.All.Where(m => !applied.Contains(m.Number)).OrderBy(m => m.Number))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(migration.Sql, transaction: transaction).ConfigureAwait(false);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (number, name, applied_at) VALUES (@Number, @Name, @Now)",
                new { migration.Number, migration.Name, Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            done.Add(migration.Number);
        }
        return done;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations").ConfigureAwait(false) > 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    internal static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    internal static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
