namespace CodeGrader.Service.Storage;

/// <summary>Which database the service keeps its state in.</summary>
public enum DatabaseProvider
{
    /// <summary>One file under the data directory (the default: nothing to install or run).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, shared by every node of a cluster.</summary>
    Postgres,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed record DatabaseOptions
{
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>For PostgreSQL: an Npgsql connection string (<c>Host=...;Database=...;Username=...;Password=...</c>).
    /// Unused for SQLite, whose file is <c>codegrader.db</c> in the data directory.</summary>
    public string? ConnectionString { get; init; }
}
