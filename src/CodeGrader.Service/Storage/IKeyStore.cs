namespace CodeGrader.Service.Storage;

/// <summary>API keys, by hash.</summary>
public interface IKeyStore
{
    Task<bool> AnyAsync(CancellationToken cancellationToken);
    Task<StoredKey> AddAsync(string name, string role, string hash, CancellationToken cancellationToken);
    Task<StoredKey?> FindByHashAsync(string hash, CancellationToken cancellationToken);
    Task<IReadOnlyList<StoredKey>> ListAsync(CancellationToken cancellationToken);
}
