using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CodeGrader.Service.Storage.Sql;

/// <summary>One SQLite file (WAL, foreign keys on). A transaction begins <c>IMMEDIATE</c> (the writer's lock on the whole
/// file), so the locks every node must respect are already held once a transaction has begun.</summary>
public sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;

    public SqliteDialect(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string Path { get; }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override string IdColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    protected override string BlobColumn => "BLOB";

    public override string Describe() => $"SQLite {Path}";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;").ConfigureAwait(false);
        return connection;
    }

    public override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;").ConfigureAwait(false);

    public override Task LockAsync(DbConnection connection, DbTransaction transaction, LockSpace space, string name, CancellationToken cancellationToken) =>
        Task.CompletedTask; // BEGIN IMMEDIATE took the file's write lock
}
