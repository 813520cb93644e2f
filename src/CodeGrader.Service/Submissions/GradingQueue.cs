using System.Threading.Channels;

namespace CodeGrader.Service.Submissions;

/// <summary>
/// The in-process queue: submission ids in a bounded channel read by a fixed number of grading loops. A request
/// reserves room for all its submissions before anything is stored, so a full queue refuses a whole batch (503) and
/// never half of one; ids recovered at start wait for room instead. A job taken here dies with the process; the next
/// start queues it again from the database (<see cref="Storage.ISubmissionStore.RequeueUnfinishedAsync"/>).
/// </summary>
public sealed class GradingQueue(ServiceOptions options) : IGradingQueue
{
    private readonly Channel<long> _channel = Channel.CreateBounded<long>(new BoundedChannelOptions(options.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Lock _gate = new();
    private int _reserved;

    public string Kind => "in-process";

    public int Capacity => options.QueueCapacity;

    /// <summary>Submissions waiting (reserved or in the channel), not counting those being graded.</summary>
    public int Depth => Volatile.Read(ref _reserved);

    public bool IsFull => Depth >= Capacity;

    public bool TryReserve(int count)
    {
        lock (_gate)
        {
            if (_reserved + count > Capacity) return false;
            _reserved += count;
            return true;
        }
    }

    public void Release(int count)
    {
        lock (_gate) _reserved -= count;
    }

    /// <summary>Queues a submission whose room was reserved.</summary>
    public void Enqueue(long id)
    {
        if (!_channel.Writer.TryWrite(id)) throw new InvalidOperationException("the queue had no room for a reserved submission");
    }

    /// <summary>Queues a submission recovered at start, waiting for room.</summary>
    public async ValueTask EnqueueRecoveredAsync(long id, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryReserve(1))
            {
                Enqueue(id);
                return;
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<bool> TryEnqueueAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        if (!TryReserve(ids.Count)) return Task.FromResult(false);
        foreach (var id in ids) Enqueue(id);
        return Task.FromResult(true);
    }

    public async Task<GradingJob> TakeAsync(CancellationToken cancellationToken)
    {
        var id = await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        Release(1);
        return new GradingJob(id, 1, "");
    }

    public Task CompleteAsync(GradingJob job, CancellationToken cancellationToken) => Task.CompletedTask;

    public void Abandon(GradingJob job)
    {
    }

    public Task<QueueDepth> DepthAsync(CancellationToken cancellationToken) => Task.FromResult(new QueueDepth(Depth, Capacity, true));
}
