namespace CodeGrader.Service.Storage;

/// <summary>API keys, by hash.</summary>
public interface IKeyStore
{
    Task<bool> AnyAsync(CancellationToken cancellationToken);
    Task<StoredKey> AddAsync(string name, string role, string hash, DateTimeOffset? expiresAt, CancellationToken cancellationToken);
    Task<StoredKey?> FindByHashAsync(string hash, CancellationToken cancellationToken);
    Task<StoredKey?> GetAsync(long id, CancellationToken cancellationToken);
    Task<IReadOnlyList<StoredKey>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Sets (or, with nulls, clears) the key's default callback URL and its webhook signing secret.</summary>
    Task SetWebhookAsync(long id, string? callbackUrl, string? secret, CancellationToken cancellationToken);
}
