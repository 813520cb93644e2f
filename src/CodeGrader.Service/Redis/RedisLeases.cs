using System.Collections.Concurrent;
using StackExchange.Redis;

namespace CodeGrader.Service.Redis;

/// <summary>
/// Keeps the jobs this process holds its own: every third of the lease it claims them again for itself (XCLAIM with
/// JUSTID, which resets their idle time without counting a delivery), so only a job whose process died or stopped
/// answering goes idle long enough for another consumer to claim it.
/// </summary>
internal sealed class RedisLeases(RedisConnection redis, TimeSpan lease, ILogger logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _renewing;
    private int _disposed;

    /// <summary>The consumer renewing (set by the queue before <see cref="Start"/>).</summary>
    public string Consumer { get; set; } = "";

    public void Hold(string token) => _held[token] = 0;

    public void Release(string token) => _held.TryRemove(token, out _);

    public void Start() => _renewing ??= Task.Run(RenewAsync);

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                if (_held.IsEmpty) continue;
                try
                {
                    var database = await redis.DatabaseAsync().ConfigureAwait(false);
                    RedisValue[] ids = [.. _held.Keys.Select(k => (RedisValue)k)];
                    await database.StreamClaimIdsOnlyAsync(redis.Stream, redis.Group, Consumer, 0, ids).ConfigureAwait(false);
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    logger.LogWarning("Could not renew the lease of {Count} jobs ({Message})", _held.Count, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return; // registered under two service types: disposed twice
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_renewing is not null) await _renewing.ConfigureAwait(false);
        _stop.Dispose();
    }
}
