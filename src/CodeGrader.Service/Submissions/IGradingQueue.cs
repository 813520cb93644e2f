namespace CodeGrader.Service.Submissions;

/// <summary>
/// Where submission ids wait to be graded: the in-process <see cref="GradingQueue"/> (one machine) or a Redis Stream read
/// by a consumer group (many machines). Bounded: a request's submissions all go in, or none (the caller then deletes
/// what it stored and answers 503). A job taken stays the taker's until <see cref="CompleteAsync"/>, which comes only
/// after its result is stored; a job whose taker died is taken again, with its attempt counted.
/// </summary>
public interface IGradingQueue
{
    /// <summary>"in-process" or "redis", for /readyz and logs.</summary>
    string Kind { get; }

    int Capacity { get; }

    /// <summary>Queues every id, or none when they would not all fit (false); throws when the queue cannot be reached.</summary>
    Task<bool> TryEnqueueAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>Waits for the next job.</summary>
    Task<GradingJob> TakeAsync(CancellationToken cancellationToken);

    /// <summary>The job's result is stored (or it needs none): it leaves the queue for good.</summary>
    Task CompleteAsync(GradingJob job, CancellationToken cancellationToken);

    /// <summary>The job could not be completed (its result or its acknowledgement failed to be stored): this process lets
    /// go of it, and it is taken again (with Redis, by any worker after the lease; in process, at the next start).</summary>
    void Abandon(GradingJob job);

    Task<QueueDepth> DepthAsync(CancellationToken cancellationToken);
}

/// <summary>One submission to grade, taken from the queue; <paramref name="Attempt"/> is 1 the first time, and one more
/// each time a worker that took it died or was lost before completing it.</summary>
public sealed record GradingJob(long SubmissionId, int Attempt, string Token);

/// <summary>How full the queue is: <paramref name="Waiting"/> counts what is queued and not yet completed (being graded
/// included); <paramref name="Reachable"/> is false when the queue does not answer.</summary>
public sealed record QueueDepth(long Waiting, int Capacity, bool Reachable)
{
    public bool IsFull => Waiting >= Capacity;

    public string Describe() => !Reachable ? "unreachable" : $"{Waiting} of {Capacity} waiting{(IsFull ? " (full)" : "")}";
}
