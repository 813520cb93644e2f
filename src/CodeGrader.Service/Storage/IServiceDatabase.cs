namespace CodeGrader.Service.Storage;

/// <summary>The database as a whole: its schema (migrations) and whether it answers.</summary>
public interface IServiceDatabase
{
    /// <summary>Applies the migrations not yet recorded, in order; returns the numbers applied (none when up to date).</summary>
    Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken);
    Task<bool> PingAsync(CancellationToken cancellationToken);
}
