namespace CodeGrader.Core.Engine;

/// <summary>
/// The order a batch's jobs are graded in: of the next <c>lookahead</c> exercises in the batch's order that still have
/// jobs, the prepared one whose reference took longest on its tests goes first (the batch's order among equals);
/// when none of them is prepared yet, the batch's first. A long exercise is then started as soon as it is prepared,
/// not when the batch's order comes to it, so it does not end the batch alone on one core while the others idle
/// (issue 14: HumanEval/139, 3 s of a 12 s HumanEval+ batch, was graded fourth from last). Exercises are prepared in
/// the batch's order (<see cref="PreparationWindow"/>), so the prepared ones are among the first few that have jobs:
/// a pick looks at those only. Not thread-safe: one caller at a time (Parallel.ForEachAsync takes its source's items
/// under a lock).
/// </summary>
internal sealed class CostliestFirst
{
    private readonly LinkedList<(string Directory, Queue<GradeJob> Jobs)> _exercises = new();
    private readonly Dictionary<string, TimeSpan> _costs = new(StringComparer.Ordinal);
    private readonly Func<string, TimeSpan?> _cost;
    private readonly int _lookahead;

    /// <param name="cost">The exercise's cost once it is prepared (<see cref="Grading.PreparedExercise.ReferenceTime"/>); null until then.</param>
    public CostliestFirst(IEnumerable<GradeJob> jobs, int lookahead, Func<string, TimeSpan?> cost)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lookahead, 1);
        _lookahead = lookahead;
        _cost = cost;
        var queues = new Dictionary<string, Queue<GradeJob>>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (!queues.TryGetValue(job.ExerciseDirectory, out var queue))
            {
                queues[job.ExerciseDirectory] = queue = new Queue<GradeJob>();
                _exercises.AddLast((job.ExerciseDirectory, queue));
            }
            queue.Enqueue(job);
        }
    }

    /// <summary>Every job, each taken when it is asked for (so that the preparations finished by then count).</summary>
    public IEnumerable<GradeJob> Jobs()
    {
        while (Next() is { } job) yield return job;
    }

    /// <summary>The next job to grade; null when none is left.</summary>
    public GradeJob? Next()
    {
        if (_exercises.First is not { } first) return null;
        var pick = first;
        TimeSpan? most = null;
        var seen = 0;
        for (var node = first; node is not null && seen < _lookahead; node = node.Next, seen++)
        {
            if (Cost(node.Value.Directory) is not { } cost || cost <= most) continue;
            (pick, most) = (node, cost);
        }
        var job = pick.Value.Jobs.Dequeue();
        if (pick.Value.Jobs.Count == 0)
        {
            _exercises.Remove(pick);
            _costs.Remove(pick.Value.Directory);
        }
        return job;
    }

    /// <summary>The exercise's cost once it is prepared, asked for once.</summary>
    private TimeSpan? Cost(string directory)
    {
        if (_costs.TryGetValue(directory, out var known)) return known;
        if (_cost(directory) is not { } cost) return null;
        _costs[directory] = cost;
        return cost;
    }
}
