using System.Data.Common;
using Dapper;

namespace CodeGrader.Service.Storage.Sql;

/// <summary>
/// The database as a whole, whichever it is: connections through its <see cref="SqlDialect"/>, the schema through
/// <see cref="Migrations"/>. Migrating runs in one transaction under the migrations lock, so nodes that start at once
/// apply each step once: the first applies, the others wait, then find the steps recorded and apply nothing.
/// </summary>
public sealed class SqlDatabase(SqlDialect dialect) : IServiceDatabase, IAsyncDisposable
{
    static SqlDatabase() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public SqlDialect Dialect => dialect;

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => dialect.OpenAsync(cancellationToken);

    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await dialect.PrepareAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await dialect.LockAsync(connection, transaction, LockSpace.Migrations, "", cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (number BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            transaction: transaction).ConfigureAwait(false);
        var applied = (await connection.QueryAsync<long>("SELECT number FROM schema_migrations", transaction: transaction).ConfigureAwait(false)).ToHashSet();
        var done = new List<int>();
        foreach (var migration in Migrations.All.Where(m => !applied.Contains(m.Number)).OrderBy(m => m.Number))
        {
            await connection.ExecuteAsync(dialect.Translate(migration.Sql), transaction: transaction).ConfigureAwait(false);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (number, name, applied_at) VALUES (@Number, @Name, @now)",
                new { migration.Number, migration.Name, now = Now() }, transaction).ConfigureAwait(false);
            done.Add(migration.Number);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return done;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations").ConfigureAwait(false) > 0;
        }
        catch (DbException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    internal static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    internal static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);
}
