using System.Data.Common;
using CodeGrader.Service.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CodeGrader.Service.Tests;

/// <summary>
/// The database a test's servers use: SQLite (a file in the server's data directory) or a fresh PostgreSQL database
/// of its own on the test server (<c>CODEGRADER_TEST_POSTGRES</c>, started by ./run-tests), dropped at the end.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private TestDatabase(string provider, string? connectionString, string? name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Name = name;
    }

    /// <summary>"sqlite" or "postgres".</summary>
    public string Provider { get; }

    /// <summary>The PostgreSQL database's connection string; null for SQLite.</summary>
    public string? ConnectionString { get; }

    private string? Name { get; }

    public static TheoryData<string> Both => new() { Sqlite, Postgres };

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        if (provider == Sqlite) return new TestDatabase(Sqlite, null, null);
        var server = ServerConnectionString();
        var name = "cg_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(Postgres, builder.ConnectionString, name);
    }

    /// <summary>The test PostgreSQL server (superuser), from <c>CODEGRADER_TEST_POSTGRES</c>.</summary>
    public static string ServerConnectionString() =>
        Environment.GetEnvironmentVariable("CODEGRADER_TEST_POSTGRES") is { Length: > 0 } value ? value
            : throw new InvalidOperationException(
                "CODEGRADER_TEST_POSTGRES is not set: these tests need a real PostgreSQL. Run them through ./run-tests, or start one with " +
                "`eval \"$(scripts/test-servers.sh start)\"` first.");

    /// <summary>The service's options with this database.</summary>
    public ServiceOptions Apply(ServiceOptions options) => Provider == Postgres
        ? options with { Database = new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = ConnectionString } }
        : options;

    /// <summary>A connection of the test's own to the database a server with <paramref name="dataDirectory"/> uses.</summary>
    public async Task<DbConnection> OpenAsync(string dataDirectory)
    {
        DbConnection connection = Provider == Postgres
            ? new NpgsqlConnection(ConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "codegrader.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The first column of every row <paramref name="sql"/> returns, as invariant text.</summary>
    public async Task<List<string>> RowsAsync(string dataDirectory, string sql)
    {
        await using var connection = await OpenAsync(dataDirectory);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return rows;
    }

    public async Task ExecuteAsync(string dataDirectory, string sql)
    {
        await using var connection = await OpenAsync(dataDirectory);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Name is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
