namespace CodeGrader.Service.Storage;

/// <summary>The database as a whole: its schema (migrations) and whether it answers. SQLite now; PostgreSQL next.</summary>
public interface IServiceDatabase
{
    /// <summary>Applies the migrations not yet recorded, in order; returns the numbers applied.</summary>
    Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken);
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
