using CodeGrader.Core.Grading;

namespace CodeGrader.Core.Engine;

/// <summary>
/// The exercises of a batch, prepared ahead of their grading but at most <c>ahead</c> of them held at once: preparations
/// start in the batch's order while there is room, and an exercise frees its room when its last submission is graded
/// (<see cref="LetGo"/>). An exercise a submission asks for (<see cref="For"/>) is started at once whatever the room, so
/// grading never waits on the window: a batch of 164 exercises holds the expected values of a few, not of all 164.
/// </summary>
internal sealed class PreparationWindow(IReadOnlyList<string> directories, int ahead, Func<string, Task<ExercisePreparation>> prepare) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<ExercisePreparation>> _live = new(StringComparer.Ordinal);
    private readonly HashSet<string> _holdingRoom = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _room = new(ahead, ahead);

    /// <summary>The exercise's preparation, started now if it was not yet.</summary>
    public Task<ExercisePreparation> For(string directory)
    {
        lock (_gate) return Start(directory, holdsRoom: false);
    }

    /// <summary>The exercise's preparation if it has finished and is not let go; else null (nothing is started).</summary>
    public ExercisePreparation? Finished(string directory)
    {
        lock (_gate) return _live.TryGetValue(directory, out var preparation) && preparation.IsCompletedSuccessfully ? preparation.Result : null;
    }

    /// <summary>Starts the preparations in the batch's order, each once there is room; ends when all are started, or at cancellation.</summary>
    public async Task FillAsync(CancellationToken cancellationToken)
    {
        foreach (var directory in directories)
        {
            await _room.WaitAsync(cancellationToken).ConfigureAwait(false);
            bool started;
            lock (_gate)
            {
                started = !_live.ContainsKey(directory) && !_finished.Contains(directory);
                if (started) Start(directory, holdsRoom: true);
            }
            if (!started) _room.Release();
        }
    }

    /// <summary>The exercise's last submission is graded: its preparation is let go, and its room freed.</summary>
    public void LetGo(string directory)
    {
        bool freed;
        lock (_gate)
        {
            _live.Remove(directory);
            _finished.Add(directory);
            freed = _holdingRoom.Remove(directory);
        }
        if (freed) _room.Release();
    }

    /// <summary>
    /// Every preparation not let go yet, to wait for at the end. One let go was awaited by its submissions already, and is
    /// no longer referenced here: holding it would hold its expected values to the batch's end.
    /// </summary>
    public Task[] Held()
    {
        lock (_gate) return [.. _live.Values];
    }

    public void Dispose() => _room.Dispose();

    private Task<ExercisePreparation> Start(string directory, bool holdsRoom)
    {
        if (_live.TryGetValue(directory, out var running)) return running;
        var preparation = prepare(directory);
        _live[directory] = preparation;
        if (holdsRoom) _holdingRoom.Add(directory);
        return preparation;
    }
}
