using System.Threading.Channels;

namespace CodeGrader.Service.Judge0;

/// <summary>
/// The Judge0 submissions waiting to run, in process: ids in a bounded channel. A request reserves room for all its
/// submissions before anything is stored, so a full queue refuses a whole batch (Judge0's 503 "queue is full").
/// </summary>
public sealed class Judge0Queue(Judge0Options options)
{
    private readonly Channel<long> _channel = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Lock _gate = new();
    private int _reserved;

    public int Depth => Volatile.Read(ref _reserved);

    public bool TryReserve(int count)
    {
        lock (_gate)
        {
            if (_reserved + count > options.MaxQueueSize) return false;
            _reserved += count;
            return true;
        }
    }

    public void Release(int count)
    {
        lock (_gate) _reserved -= count;
    }

    /// <summary>Queues an id whose room was reserved.</summary>
    public void Enqueue(long id) => _channel.Writer.TryWrite(id);

    /// <summary>Queues an id recovered at start (room or not: it was accepted before the restart).</summary>
    public void EnqueueRecovered(long id)
    {
        lock (_gate) _reserved++;
        _channel.Writer.TryWrite(id);
    }

    public async ValueTask<long> TakeAsync(CancellationToken cancellationToken)
    {
        var id = await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        Release(1);
        return id;
    }
}
