using CodeGrader.Core.Results;
namespace CodeGrader.Core.Grading;

/// <summary>
/// Prepared exercises by content (exercise.yaml, reference and checker bytes, the Python used), so the reference runs
/// once per exercise while it stays in the cache. Bounded: past <see cref="Capacity"/> the least recently used entry
/// goes. A preparation is shared by everyone who asks for it while it runs and is never cancelled by one of them: it
/// runs under the cache's own lifetime, and each caller stops waiting when its own token says so. A preparation
/// that threw is not kept.
/// </summary>
internal sealed class ExpectedValueCache : IDisposable
{
    /// <summary>Entries kept by default: enough for a course's exercises, small beside one exercise's expected values.</summary>
    public const int DefaultCapacity = 256;

    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _lifetime = new();

    public ExpectedValueCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>
    /// The preparation for <paramref name="key"/>: the cached one, the one running, or a new one started with the
    /// cache's lifetime token. <paramref name="cancellationToken"/> only stops this caller's wait.
    /// </summary>
    public async Task<ExercisePreparation> GetOrAddAsync(string key, Func<CancellationToken, Task<ExercisePreparation>> prepare, CancellationToken cancellationToken = default)
    {
        Entry entry;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
            if (_entries.TryGetValue(key, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                entry = node.Value;
            }
            else
            {
                entry = new Entry(key, Task.Run(() => prepare(_lifetime.Token), CancellationToken.None));
                _entries[key] = _recent.AddFirst(entry);
                while (_entries.Count > Capacity && _recent.Last is { } oldest)
                {
                    _recent.RemoveLast();
                    _entries.Remove(oldest.Value.Key);
                }
            }
        }
        try
        {
            return await entry.Preparation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (entry.Preparation.IsFaulted || entry.Preparation.IsCanceled)
        {
            Forget(entry);
            throw;
        }
    }

    private void Forget(Entry entry)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(entry.Key, out var node) && ReferenceEquals(node.Value, entry))
            {
                _entries.Remove(entry.Key);
                _recent.Remove(node);
            }
        }
    }

    /// <summary>Lets go of the finished preparation for <paramref name="key"/>, if it is cached (one still running stays).</summary>
    public void Remove(string key)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node) && node.Value.Preparation.IsCompleted)
            {
                _entries.Remove(key);
                _recent.Remove(node);
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _recent.Clear();
        }
    }

    /// <summary>Cancels every preparation still running and empties the cache.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_lifetime.IsCancellationRequested) return;
            _lifetime.Cancel();
        }
        Clear();
        _lifetime.Dispose();
    }

    private sealed record Entry(string Key, Task<ExercisePreparation> Preparation);
}
