using System.Data.Common;

namespace CodeGrader.Service.Storage.Sql;

/// <summary>
/// Where SQLite and PostgreSQL differ, and nothing else: how a connection is opened, the two column types that are
/// spelled differently (<c>{id}</c> and <c>{blob}</c> in <see cref="Migrations"/>), and how a writer takes a lock
/// that every node respects. Everything else (the stores' queries, the rest of the schema) is portable SQL.
/// </summary>
public abstract class SqlDialect : IAsyncDisposable
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Where the data lives, for logs and messages (never a password).</summary>
    public abstract string Describe();

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A table's own id: an auto-incrementing 64-bit primary key.</summary>
    protected abstract string IdColumn { get; }

    /// <summary>A column of bytes.</summary>
    protected abstract string BlobColumn { get; }

    /// <summary>A migration's portable SQL with this database's spelling of <c>{id}</c> and <c>{blob}</c>.</summary>
    public string Translate(string sql) => sql.Replace("{id}", IdColumn, StringComparison.Ordinal).Replace("{blob}", BlobColumn, StringComparison.Ordinal);

    /// <summary>Runs once before migrating, outside any transaction.</summary>
    public virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Inside <paramref name="transaction"/>, waits for the lock named by (<paramref name="space"/>,
    /// <paramref name="name"/>) until the transaction ends, on every node that shares the database.</summary>
    public abstract Task LockAsync(DbConnection connection, DbTransaction transaction, LockSpace space, string name, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

/// <summary>What a lock is about; the name narrows it (an exercise id), or is empty.</summary>
public enum LockSpace
{
    Migrations = 1,
    ExerciseVersions = 2,
}
