using System.Buffers;
using System.Text;

namespace CodeGrader.Core.Execution;

/// <summary>
/// Reads a worker's stdout or stderr to the end so it can never block on a full pipe, keeping the first
/// <c>limit</c> bytes. Crossing the limit calls <c>onOverflow</c> once (the host kills the worker).
/// </summary>
internal sealed class BoundedDrain
{
    private const int ReadSize = 16 * 1024;
    private readonly Lock _gate = new();
    private byte[] _kept = []; // grown as output comes, up to the limit: most workers print nothing
    private int _keptLength;
    private readonly int _limit;
    private readonly Action _onOverflow;
    private long _total;

    public BoundedDrain(Stream source, int limit, Action onOverflow)
    {
        _limit = limit;
        _onOverflow = onOverflow;
        // Started here: it runs to its first read of the empty pipe and returns; each read completes where the
        // pipe's readiness is handled (no thread-pool hop per drain).
        Completion = PumpAsync(source);
    }

    public Task Completion { get; }
    public long TotalBytes => Interlocked.Read(ref _total);
    public bool Overflowed => TotalBytes > _limit;

    public string Text()
    {
        lock (_gate) return Encoding.UTF8.GetString(_kept, 0, _keptLength);
    }

    private async Task PumpAsync(Stream source)
    {
        // Rented, and returned only once no read is pending on it (the loop has ended).
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            while (true)
            {
                var n = await source.ReadAsync(buffer.AsMemory(0, ReadSize)).ConfigureAwait(false);
                if (n == 0) return;
                lock (_gate)
                {
                    var take = Math.Min(_limit - _keptLength, n);
                    if (take > 0)
                    {
                        if (_keptLength + take > _kept.Length)
                            Array.Resize(ref _kept, Math.Min(_limit, Math.Max(_keptLength + take, Math.Max(4096, 2 * _kept.Length))));
                        Array.Copy(buffer, 0, _kept, _keptLength, take);
                        _keptLength += take;
                    }
                }
                var before = Interlocked.Add(ref _total, n) - n;
                if (before <= _limit && before + n > _limit) _onOverflow();
            }
        }
        catch (IOException)
        {
            // The pipe broke because the worker was killed: what was read is kept.
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
